// Σ logProb of a 10⁵-element Normal and Gamma (one parameter pair per element) and its gradient with
// respect to the value and both parameters, float32 (issue 13, "Performance"). Peers: tfjs and jax-js
// write the Normal density with their ops (neither has distributions); neither has lgamma/digamma,
// so only wengert, the hand-written loops and PyTorch run the Gamma.
import { errorText, randn, uniform } from "../harness.js";
import type { Peers } from "../peers/index.js";
import * as Wg from "../peers/wengert.js";
import { measureGroup, near, timedTable, timing, torchRow, unavailable, type BenchCase, type Ctx, type Entry, type Row } from "./common.js";

type W = typeof import("../../src/index.js");
type Family = "normal" | "gamma";

/** The value x and the two parameters (loc, scale or concentration, rate), float32. */
interface Data {
  x: Float32Array;
  a: Float32Array;
  b: Float32Array;
}

/** The value Σ log p and the gradients [∂x, ∂a, ∂b]. */
interface Full {
  value: number;
  grads: ArrayLike<number>[];
}

interface Impl {
  library: string;
  variant: string;
  role: "wengert" | "reference" | "peer";
  run: () => unknown;
  before?: () => unknown;
  full: () => Full;
}

// The same LCG streams as bench/peers/torch_bench.py's case_logprob.
function data(family: Family, n: number): Data {
  return family === "normal"
    ? { x: randn(n, 1, 11), a: randn(n, 0.5, 12), b: uniform(n, 0.5, 2, 13) }
    : { x: uniform(n, 0.1, 5, 14), a: uniform(n, 0.5, 5, 15), b: uniform(n, 0.5, 2, 16) };
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
function lgammaJs(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaJs(1 - x);
  const y = x - 1;
  let s = c[0]!;
  for (let i = 1; i < 9; i++) s += c[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(s);
}

/** ψ(x) for x > 0 (recurrence up to x ≥ 6, then the asymptotic series). */
function digammaJs(x: number): number {
  let r = 0;
  while (x < 6) r -= 1 / x++;
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** Float64 loops: Normal (x−μ)/σ, Gamma α log β + (α−1) log x − βx − log Γ(α), and their closed-form gradients. */
function handwritten(family: Family, d: Data): Impl {
  const n = d.x.length;
  const gx = new Float64Array(n);
  const ga = new Float64Array(n);
  const gb = new Float64Array(n);
  const half = 0.5 * Math.log(2 * Math.PI);
  const call = (): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = d.x[i]!;
      const a = d.a[i]!;
      const b = d.b[i]!;
      if (family === "normal") {
        const z = (x - a) / b;
        s += -0.5 * z * z - Math.log(b) - half;
        gx[i] = -z / b;
        ga[i] = z / b;
        gb[i] = (z * z - 1) / b;
      } else {
        const lx = Math.log(x);
        const lb = Math.log(b);
        s += a * lb + (a - 1) * lx - b * x - lgammaJs(a);
        gx[i] = (a - 1) / x - b;
        ga[i] = lb + lx - digammaJs(a);
        gb[i] = a / b - x;
      }
    }
    return s;
  };
  return { library: "JS loops", variant: "hand-written, float64 arithmetic", role: "reference", run: call, full: () => ({ value: call(), grads: [gx, ga, gb] }) };
}

function wengert(W: W, family: Family, d: Data, mode: "grad" | "eager" | "compiled"): Impl {
  const n = d.x.length;
  const make = (a: Wg.Tensor, b: Wg.Tensor): W["distributions"]["Distribution"]["prototype"] =>
    family === "normal" ? new W.distributions.Normal(a, b, { validateArgs: false }) : new W.distributions.Gamma(a, b, { validateArgs: false });
  const name = family === "normal" ? "Normal" : "Gamma";
  if (mode === "eager") {
    const ts = [d.x, d.a, d.b].map((v) => W.tensor(v, { shape: [n], requiresGrad: true }));
    const call = (): number => {
      for (const t of ts) t.grad = null;
      const lp = W.sum(make(ts[1]!, ts[2]!).logProb(ts[0]!));
      W.backward(lp);
      return lp.item();
    };
    return {
      library: "wengert", variant: `sum(${name}.logProb) + backward() (eager)`, role: "wengert", run: call,
      full: () => ({ value: call(), grads: ts.map((t) => Wg.dataOf(t.grad!)) }),
    };
  }
  const ts = [d.x, d.a, d.b].map((v) => W.tensor(v, { shape: [n] }));
  const vg0 = W.valueAndGrad((x: Wg.Tensor, a: Wg.Tensor, b: Wg.Tensor) => W.sum(make(a, b).logProb(x)), { argnums: [0, 1, 2] });
  // The compiled variant is traced once, outside the timing (its check's first call).
  const vg = mode === "compiled" ? W.compile(vg0) : vg0;
  const call = (): [Wg.Tensor, Wg.Tensor[]] => vg(ts[0]!, ts[1]!, ts[2]!) as unknown as [Wg.Tensor, Wg.Tensor[]];
  return {
    library: "wengert", variant: `${mode === "compiled" ? "compile(valueAndGrad)" : "valueAndGrad"}(sum(${name}.logProb)), argnums [0, 1, 2]`, role: "wengert",
    run: () => call()[0].item(),
    full: () => {
      const [v, g] = call();
      return { value: v.item(), grads: g.map((t) => Wg.dataOf(t)) };
    },
  };
}

async function tfjs(peers: Peers, id: "tfjs-cpu" | "tfjs-wasm", d: Data): Promise<Impl> {
  const p = peers[id];
  if (!p.ok) throw new Error(p.reason);
  const { tf, use } = p.api;
  await use();
  type T = import("@tensorflow/tfjs").Tensor;
  const args: T[] = [d.x, d.a, d.b].map((v) => tf.tensor1d(v));
  const half = 0.5 * Math.log(2 * Math.PI);
  const f = (...[x, a, b]: T[]): ReturnType<typeof tf.scalar> => {
    const z = tf.div(tf.sub(x!, a!), b!);
    return tf.sum(tf.sub(tf.sub(tf.mul(tf.square(z), -0.5), tf.log(b!)), half)) as ReturnType<typeof tf.scalar>;
  };
  const vg = tf.valueAndGrads(f);
  const call = (read: boolean): Full => {
    const { value, grads } = vg(args);
    const r = { value: value.dataSync()[0]!, grads: read ? grads.map((g) => g.dataSync()) : [] };
    value.dispose();
    for (const g of grads) g.dispose();
    return r;
  };
  return { library: id, variant: "tf.valueAndGrads of the density written with tf ops", role: "peer", before: use, run: () => call(false).value, full: () => call(true) };
}

function jaxjs(peers: Peers, jit: boolean, d: Data): Impl {
  const p = peers["jax-js"];
  if (!p.ok) throw new Error(p.reason);
  const { jax, np } = p.api;
  type A = ReturnType<typeof np.array>;
  const args = [d.x, d.a, d.b].map((v) => np.array(v));
  const c = 0.5 * Math.log(2 * Math.PI) * d.x.length;
  // jax-js ops consume their arguments: `.ref` adds a reference for a second use.
  const f = (x: A, a: A, b: A): A => {
    const z = x.sub(a).div(b.ref);
    return z.ref.mul(z).mul(-0.5).sub(np.log(b)).sum().sub(c);
  };
  const vg0 = jax.valueAndGrad(f, { argnums: [0, 1, 2] });
  const vg = jit ? jax.jit(vg0) : vg0;
  const call = (): [A, A[]] => vg(args[0]!.ref, args[1]!.ref, args[2]!.ref) as unknown as [A, A[]];
  return {
    library: "jax-js",
    variant: jit ? "jit(valueAndGrad) of the density written with np ops" : "valueAndGrad (eager) of the density written with np ops",
    role: "peer",
    run: async () => {
      const [v, g] = call();
      for (const t of g) {
        await t.blockUntilReady();
        t.dispose();
      }
      return v.dataSync()[0]!;
    },
    full: () => {
      const [v, g] = call();
      return { value: v.dataSync()[0]!, grads: g.map((t) => t.dataSync()) };
    },
  };
}

/** Σ|g| and Σ g·((i mod 7) − 3) of each gradient: a wrong or permuted gradient changes them. */
function gradSums(grads: readonly ArrayLike<number>[]): [number, number][] {
  return grads.map((g) => {
    let p = 0;
    let a = 0;
    for (let i = 0; i < g.length; i++) {
      p += g[i]! * ((i % 7) - 3);
      a += Math.abs(g[i]!);
    }
    return [p, a];
  });
}

const IMPLS = ["wengert", "wengert-eager", "wengert-compiled", "js", "tfjs-cpu", "tfjs-wasm", "jax-js", "jax-js-jit"] as const;

async function group(ctx: Ctx, W: W, family: Family, n: number, notes: string[]): Promise<Row[]> {
  const g = family === "normal" ? `Normal, n = ${n}` : `Gamma, n = ${n}`;
  const d = data(family, n);
  const ref = handwritten(family, d).full();
  const refSums = gradSums(ref.grads);
  const refL1 = refSums.reduce((s, [, a]) => s + a, 0);
  const es: Entry[] = [];
  const skipped: Row[] = [];
  for (const id of IMPLS) {
    if (family === "gamma" && !id.startsWith("wengert") && id !== "js") {
      if (id !== "jax-js-jit") skipped.push(unavailable(g, id, `${id.startsWith("tfjs") ? "tfjs" : "jax-js"} has no lgamma or digamma (the Gamma density and its concentration gradient)`));
      continue;
    }
    try {
      const impl =
        id === "wengert" ? wengert(W, family, d, "grad")
        : id === "wengert-eager" ? wengert(W, family, d, "eager")
        : id === "wengert-compiled" ? wengert(W, family, d, "compiled")
        : id === "js" ? handwritten(family, d)
        : id === "tfjs-cpu" || id === "tfjs-wasm" ? await tfjs(ctx.peers, id, d)
        : jaxjs(ctx.peers, id === "jax-js-jit", d);
      await impl.before?.();
      es.push({
        library: impl.library, variant: impl.variant, role: impl.role, run: impl.run,
        ...(impl.before ? { before: impl.before } : {}),
        check: () => {
          const r = impl.full();
          // float32 sums of 10⁵ terms: relative 1e-4.
          near(`${id} Σ log p (relative)`, r.value / Math.abs(ref.value), ref.value / Math.abs(ref.value), 1e-4);
          gradSums(r.grads).forEach(([p, a], k) => {
            near(`${id} Σ|∂${k}| (relative to all gradients)`, a / refL1, refSums[k]![1] / refL1, 1e-4);
            near(`${id} probe of ∂${k} (relative)`, p / refL1, refSums[k]![0] / refL1, 1e-4);
          });
        },
      });
    } catch (e) {
      skipped.push(unavailable(g, id, errorText(e)));
    }
  }
  const metric = { name: "ms/call", of: (ms: number) => ms };
  const rows = [...(await measureGroup(ctx, g, es, metric, 0, timing(ctx, 4000, 5))), ...skipped];
  const torch = torchRow(ctx, g, `${family === "normal" ? "Normal" : "Gamma"}(…, validate_args=False).log_prob(x).sum().backward()`, { case: "logprob", dist: family, n }, metric, rows[0], notes, (r) => {
    near("torch Σ log p (relative)", Number(r.value) / Math.abs(ref.value), ref.value / Math.abs(ref.value), 1e-4);
    near("torch Σ|∇| (relative)", Number(r.grad_l1) / refL1, 1, 1e-4);
  });
  if (torch) rows.push(torch);
  notes.push(`${g}: Σ log p = ${ref.value.toFixed(2)} (hand-written, float64 arithmetic); every row's value and gradient checksums agree with it to 1e-4.`);
  return rows;
}

/** Case `distributions`: logProb + gradient of 10⁵-element Normal and Gamma distributions. */
export const distributionsCase: BenchCase = {
  id: "distributions",
  title: "Distribution logProb + gradient (value and parameters), float32",
  async run(ctx) {
    const W = await Wg.importModule<W>("index");
    const n = 100_000;
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const family of ["normal", "gamma"] as const) rows.push(...(await Wg.oneThread(() => group(ctx, W, family, n, notes))));
    return {
      id: "distributions",
      title: this.title,
      what:
        "ms per call (lower is better) of Σ log p(x) over 10⁵ elements, each with its own parameters (Normal: loc, scale; Gamma: concentration, rate), " +
        "with its gradient with respect to x and both parameters (Gamma's concentration needs digamma). Validation off (validateArgs: false; torch validate_args=False). " +
        "tfjs and jax-js have no distributions: their rows write the Normal density with their ops, and neither has lgamma/digamma for the Gamma. " +
        "wengert runs on one thread, as the JS peers and torch. Ratios: wengert valueAndGrad time ÷ peer time.",
      table: timedTable("distribution", { name: "ms/call", of: (v) => v }, rows),
      notes,
      raw: rows,
    };
  },
};
