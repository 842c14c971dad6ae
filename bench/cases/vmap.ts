// vmap (issue 15, "Performance"): per-example gradients of the 784-256-256-10 MLP on a batch of 128
// (vmap(grad) against a loop of grad over single examples, jax-js vmap(grad) and PyTorch
// torch.func.vmap(grad)), and the Jacobian of a 100 → 100 function (three tanh layers) by jacrev on
// vmap against the loop of pullbacks it replaced and jax-js jacrev. One thread everywhere, float32.
import { errorText, randn } from "../harness.js";
import * as Wg from "../peers/wengert.js";
import { fmt, measureGroup, timedTable, timing, torchRow, unavailable, type BenchCase, type Ctx, type Entry, type Row } from "./common.js";

type W = typeof import("../../src/index.js");
type T = Wg.Tensor;
type Params = { W: T[]; b: T[] };

const SIZES = [784, 256, 256, 10];

/** Same data as the mlp case: inputs N(0, 1), He-scaled weights, zero biases, labels (7i mod 10). */
function mlpData(sizes: readonly number[], batch: number): { X: Float32Array; Y: Float32Array; W: Float32Array[] } {
  const classes = sizes[sizes.length - 1]!;
  const X = randn(batch * sizes[0]!, 1, 3);
  const Y = new Float32Array(batch * classes);
  for (let i = 0; i < batch; i++) Y[i * classes + ((i * 7) % classes)] = 1;
  const W = sizes.slice(0, -1).map((fanIn, l) => randn(fanIn * sizes[l + 1]!, Math.sqrt(2 / fanIn), 11 + l));
  return { X, Y, W };
}

/** Σ over examples of the squared per-example gradient of the last weight matrix (a checksum every library computes). */
const checksum = (g: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
  return s;
};

function near(what: string, got: number, want: number): void {
  if (!(Math.abs(got - want) <= 1e-3 * Math.abs(want))) throw new Error(`${what}: checksum ${got}, the loop of grad gives ${want}`);
}

async function perExampleGroup(ctx: Ctx, W: W, batch: number, notes: string[]): Promise<Row[]> {
  const g = `784-256-256-10 MLP, batch ${batch}`;
  const d = mlpData(SIZES, batch);
  const L = SIZES.length - 1;
  const params: Params = { W: d.W.map((w, l) => W.tensor(w, { shape: [SIZES[l]!, SIZES[l + 1]!] })), b: SIZES.slice(1).map((n) => W.zeros([n])) };
  const X = W.tensor(d.X, { shape: [batch, SIZES[0]!] });
  const Y = W.tensor(d.Y, { shape: [batch, SIZES[L]!] });
  // The loss of ONE example: x [784], y [10] one-hot.
  const loss = (p: Params, x: T, y: T): T => {
    let h = x;
    for (let l = 0; l < L; l++) {
      h = W.add(W.matmul(h, p.W[l]!), p.b[l]!);
      if (l < L - 1) h = W.relu(h);
    }
    return W.neg(W.sum(W.mul(W.logSoftmax(h), y)));
  };
  const gradOne = W.grad(loss);
  const perExample = W.vmap(gradOne, { inAxes: [null, 0, 0] });
  const xs = W.split(X, batch).map((r) => W.reshape(r, [SIZES[0]!]));
  const ys = W.split(Y, batch).map((r) => W.reshape(r, [SIZES[L]!]));
  const loop = (): Params[] => xs.map((x, i) => gradOne(params, x, ys[i]!));
  const ref = checksum(W.stack(loop().map((q) => q.W[L - 1]!)).data());
  const es: Entry[] = [
    {
      library: "wengert",
      variant: "vmap(grad)",
      role: "wengert",
      run: () => perExample(params, X, Y).W[L - 1]!.data()[0],
      check: () => near("wengert vmap(grad)", checksum(perExample(params, X, Y).W[L - 1]!.data()), ref),
    },
    { library: "wengert", variant: "loop of grad over examples", role: "reference", run: () => loop()[batch - 1]!.W[L - 1]!.data()[0] },
  ];
  const skipped: Row[] = [];
  const jx = ctx.peers["jax-js"];
  if (!jx.ok) skipped.push(unavailable(g, "jax-js", jx.reason));
  else {
    const { jax, np } = jx.api;
    type A = ReturnType<typeof np.array>;
    type P = { W: A[]; b: A[] };
    const jp: P = { W: d.W.map((w, l) => np.array(w).reshape([SIZES[l]!, SIZES[l + 1]!])), b: SIZES.slice(1).map((n) => np.zeros([n])) };
    const JX = np.array(d.X).reshape([batch, SIZES[0]!]);
    const JY = np.array(d.Y).reshape([batch, SIZES[L]!]);
    const jloss = (q: P, x: A, y: A): A => {
      let h = x;
      for (let l = 0; l < L; l++) {
        h = np.matmul(h, q.W[l]!).add(q.b[l]!);
        if (l < L - 1) h = jax.nn.relu(h);
      }
      return jax.nn.logSoftmax(h).mul(y).sum().mul(-1);
    };
    const jpe = jax.vmap(jax.grad(jloss), [null, 0, 0]) as unknown as (q: P, x: A, y: A) => P;
    const jjit = jax.jit(jpe) as unknown as (q: P, x: A, y: A) => P;
    // Every call consumes its arguments (jax-js's ownership rules): pass references; read the last weights' gradient, dispose the rest.
    const call = (f: (q: P, x: A, y: A) => P): Float32Array => {
      const out = f(jax.tree.ref(jp) as P, JX.ref, JY.ref);
      const last = out.W[L - 1]!.ref.dataSync() as Float32Array;
      jax.tree.dispose(out);
      return last;
    };
    for (const [variant, f] of [["vmap(grad)", jpe], ["jit(vmap(grad))", jjit]] as const) {
      try {
        const got = checksum(call(f));
        es.push({ library: "jax-js", variant, role: "peer", run: () => call(f)[0], check: () => near(`jax-js ${variant}`, got, ref) });
      } catch (e) {
        skipped.push(unavailable(g, "jax-js", `${variant}: ${errorText(e)}`));
      }
    }
  }
  const metric = { name: "ms/batch", of: (ms: number) => ms };
  const rows = [...(await measureGroup(ctx, g, es, metric, 0, timing(ctx, 20000))), ...skipped];
  const t = torchRow(ctx, g, "torch.func.vmap(grad) (functorch before torch 2)", { case: "vmap-mlp", sizes: SIZES.join(","), batch }, metric, rows[0], notes, (r) =>
    near("torch", Number(r.checksum), ref),
  );
  if (t) rows.push(t);
  else if (!ctx.peers.torch.ok) rows.push(unavailable(g, "torch", ctx.peers.torch.reason));
  const [v, lp] = [rows[0]?.median, rows[1]?.median];
  if (v && lp) notes.push(`${g}: vmap(grad) is ${fmt(lp / v)}× faster than the loop of grad (${fmt(lp)} → ${fmt(v)} ms; goal ≥ 10×).`);
  return rows;
}

/** The 100 → 100 function: three tanh layers with fixed 100×100 weights (float32). */
function layerStack(W: W, n: number): [(x: T) => T, Float32Array[]] {
  const ws = [21, 22, 23].map((s) => randn(n * n, 1 / Math.sqrt(n), s));
  const mats = ws.map((w) => W.tensor(w, { shape: [n, n] }));
  return [(x) => mats.reduce((h, m) => W.tanh(W.matmul(m, h)), x), ws];
}

async function jacobianGroup(ctx: Ctx, W: W, n: number, notes: string[]): Promise<Row[]> {
  const g = `Jacobian of ${n} → ${n} (3 tanh layers)`;
  const [f, ws] = layerStack(W, n);
  const x = W.tensor(randn(n, 1, 5), { shape: [n] });
  const jr = W.jacrev(f);
  const jf = W.jacfwd(f);
  const eye = W.split(W.eye(n), n).map((r) => W.reshape(r, [n]));
  // The loop jacrev replaced: record once, one pullback per output element, stacked.
  const loopRev = (): T => {
    const [, pullback] = W.vjp(f, x);
    return W.stack(eye.map((e) => (pullback(e) as T[])[0]!));
  };
  const ref = checksum(loopRev().data());
  const chk = (what: string, got: ArrayLike<number>) => () => {
    const c = checksum(got);
    if (!(Math.abs(c - ref) <= 1e-4 * ref)) throw new Error(`${what}: Σ J² = ${c}, the loop gives ${ref}`);
  };
  const es: Entry[] = [
    { library: "wengert", variant: "jacrev (vmap of the pullback)", role: "wengert", run: () => jr(x).data()[0], check: chk("jacrev", jr(x).data()) },
    { library: "wengert", variant: "loop of pullbacks (before vmap)", role: "reference", run: () => loopRev().data()[0] },
    { library: "wengert", variant: "jacfwd (vmap of the JVP)", role: "reference", run: () => jf(x).data()[0], check: chk("jacfwd", jf(x).data()) },
  ];
  const skipped: Row[] = [];
  const jx = ctx.peers["jax-js"];
  if (!jx.ok) skipped.push(unavailable(g, "jax-js", jx.reason));
  else {
    const { jax, np } = jx.api;
    type A = ReturnType<typeof np.array>;
    const mats = ws.map((w) => np.array(w).reshape([n, n]));
    const jfun = (v: A): A => mats.reduce((h: A, m) => np.tanh(np.matmul(m.ref, h)), v);
    const jxv = np.array(randn(n, 1, 5));
    for (const [variant, tr] of [["jacrev", jax.jacrev], ["jit(jacrev)", (h: typeof jfun) => jax.jit(jax.jacrev(h))]] as const) {
      try {
        const J = (tr as (h: typeof jfun) => (v: A) => A)(jfun);
        const call = (): Float32Array => J(jxv.ref).dataSync() as Float32Array;
        es.push({ library: "jax-js", variant, role: "peer", run: () => call()[0], check: chk(`jax-js ${variant}`, call()) });
      } catch (e) {
        skipped.push(unavailable(g, "jax-js", `${variant}: ${errorText(e)}`));
      }
    }
  }
  const metric = { name: "ms/Jacobian", of: (ms: number) => ms };
  const rows = [...(await measureGroup(ctx, g, es, metric, 0, timing(ctx, 8000))), ...skipped];
  const [v, lp] = [rows[0]?.median, rows[1]?.median];
  if (v && lp) notes.push(`${g}: jacrev on vmap is ${fmt(lp / v)}× faster than the loop of ${n} pullbacks (${fmt(lp)} → ${fmt(v)} ms).`);
  return rows;
}

/** Case `vmap`: per-example gradients and batched Jacobians. */
export const vmapCase: BenchCase = {
  id: "vmap",
  title: "vmap: per-example gradients of an MLP (vmap(grad) vs a loop of grad) and a 100 → 100 Jacobian (jacrev on vmap vs a loop of pullbacks)",
  async run(ctx) {
    const W = await Wg.importModule<W>("index");
    const notes: string[] = [];
    const rows = await Wg.oneThread(async () => [
      ...(await perExampleGroup(ctx, W, ctx.quick ? 16 : 128, notes)),
      ...(await jacobianGroup(ctx, W, 100, notes)),
    ]);
    return {
      id: "vmap",
      title: this.title,
      what:
        "ms per call (lower is better), one thread, float32. Per-example gradients: the gradient of one example's softmax cross-entropy with respect to all weights and biases, for every example of the batch " +
        "(128 × 268,800 numbers), by vmap(grad(loss), { inAxes: [null, 0, 0] }) and by a loop of grad over the examples. Jacobian: 100 × 100 by jacrev/jacfwd (one vmap over the basis), " +
        "by the loop of pullbacks they replaced, and jax-js jacrev. Ratios: wengert vmap time ÷ the row's time (< 1: vmap is faster).",
      table: timedTable("problem", { name: "ms/call", of: (v) => v }, rows),
      notes,
      raw: rows,
    };
  },
};
