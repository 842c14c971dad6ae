// (b) Dense square matmul C = A·B, float32, GFLOP/s = 2N³ / time. The result is materialised (and
// for the lazy jax-js read back, as in the anchors). Sampled entries are checked against a float64
// reference for N ≤ 512.
import { randn } from "../harness.js";
import * as Wg from "../peers/wengert.js";
import { fmt, measureGroup, timedTable, timing, unavailable, torchRow, type BenchCase, type Ctx, type Entry, type Row } from "./common.js";

function checker(A: Float32Array, B: Float32Array, N: number): (C: ArrayLike<number>) => void {
  return (C) => {
    if (N > 512) return;
    let err = 0;
    for (let i = 0; i < N; i += 7)
      for (let j = 0; j < N; j += 5) {
        let ref = 0;
        for (let k = 0; k < N; k++) ref += A[i * N + k]! * B[k * N + j]!;
        err = Math.max(err, Math.abs(C[i * N + j]! - ref));
      }
    if (!(err < 1e-3 * Math.sqrt(N))) throw new Error(`max abs error ${err}`);
  };
}

/** js-pytorch holds nested arrays; its matmul at N=1024 takes seconds per call. */
const JSPT_MAX_N = 512;

async function group(ctx: Ctx, N: number): Promise<Row[]> {
  const A = randn(N * N, 1, 1);
  const B = randn(N * N, 1, 2);
  const ok = checker(A, B, N);
  const es: Entry[] = [];
  const skipped: Row[] = [];
  const g = `${N}`;

  const a = Wg.fromArray(A, [N, N]);
  const b = Wg.fromArray(B, [N, N]);
  // The first row is the ratio baseline: one thread, like tfjs-wasm in Node.
  const one = (): void => Wg.setThreads(1);
  const two = (): void => Wg.setThreads(2);
  es.push({ library: "wengert", variant: "matmul float32, 1 thread", role: "wengert", before: one, run: () => Wg.matmul(a, b), check: () => ok(Wg.dataOf(Wg.matmul(a, b))) });
  es.push({ library: "wengert", variant: "matmul float32, 2 threads", role: "wengert", threads: 2, before: two, run: () => Wg.matmul(a, b), check: () => (two(), ok(Wg.dataOf(Wg.matmul(a, b)))) });
  const a64 = Wg.fromArray(Float64Array.from(A), [N, N]);
  const b64 = Wg.fromArray(Float64Array.from(B), [N, N]);
  es.push({ library: "wengert", variant: "matmul float64, 1 thread", role: "wengert", before: one, run: () => Wg.matmul(a64, b64), check: () => ok(Wg.dataOf(Wg.matmul(a64, b64))) });

  for (const id of ["tfjs-cpu", "tfjs-wasm"] as const) {
    const p = ctx.peers[id];
    if (!p.ok) {
      skipped.push(unavailable(g, id, p.reason));
      continue;
    }
    const { tf, use } = p.api;
    await use();
    const ta = tf.tensor2d(A, [N, N]);
    const tb = tf.tensor2d(B, [N, N]);
    es.push({
      library: id,
      variant: "tf.matMul + dataSync",
      role: "peer",
      threads: Number(p.api.info.threads ?? 1),
      before: use,
      run: () => {
        const c = tf.matMul(ta, tb);
        c.dataSync();
        c.dispose();
      },
      check: async () => {
        await use();
        const c = tf.matMul(ta, tb);
        ok(c.dataSync());
        c.dispose();
      },
    });
  }

  const jx = ctx.peers["jax-js"];
  if (!jx.ok) skipped.push(unavailable(g, "jax-js", jx.reason));
  else {
    const { jax, np } = jx.api;
    const ja = np.array(A).reshape([N, N]);
    const jb = np.array(B).reshape([N, N]);
    type A = typeof ja;
    const mmJit = jax.jit((x: A, y: A) => np.matmul(x, y));
    for (const [variant, mm] of [
      ["np.matmul (eager) + dataSync", (x: A, y: A) => np.matmul(x, y)],
      ["jit(matmul) + dataSync", mmJit],
    ] as const) {
      es.push({ library: "jax-js", variant, role: "peer", run: () => mm(ja.ref, jb.ref).dataSync(), check: () => ok(mm(ja.ref, jb.ref).dataSync()) });
    }
  }

  const jp = ctx.peers["js-pytorch"];
  if (!jp.ok) skipped.push(unavailable(g, "js-pytorch", jp.reason));
  else if (N > JSPT_MAX_N) skipped.push(unavailable(g, "js-pytorch", `skipped above N=${JSPT_MAX_N} (seconds per call; anchors: 0.48 GFLOP/s at 1024)`));
  else {
    const { torch } = jp.api;
    const to2d = (X: Float32Array): number[][] => Array.from({ length: N }, (_, i) => Array.from(X.subarray(i * N, (i + 1) * N)));
    const ta = torch.tensor(to2d(A));
    const tb = torch.tensor(to2d(B));
    es.push({ library: "js-pytorch", variant: "matmul (float64 arrays)", role: "peer", run: () => ta.matmul(tb), check: () => ok((ta.matmul(tb)._data as number[][]).flat()) });
  }

  // NOTE: N = 1024 takes at least 21 samples per row: at 7 (tfjs-cpu's 4 s calls use up the budget)
  // the 2-thread row's quartiles spread 40–56 GFLOP/s and its median rested on a few slowed samples.
  const opts = timing(ctx, N >= 1024 ? 12000 : 6000);
  const rows = await measureGroup(ctx, g, es, metric(N), 0, N >= 1024 && !ctx.quick ? { ...opts, minSamples: 21 } : opts);
  return [...rows, ...skipped];
}

/**
 * The products a backward pass needs: Aᵀ·B and A·Bᵀ at one size. wengert's matmul rule calls the
 * backend with transpose flags (the wasm kernel reads the operand in place; first row); the public
 * matmul(transpose(a), b) materialises the transpose first (second row); tfjs passes transpose flags
 * (tfjs-wasm falls off XNNPACK there, per the anchors); jax-js folds the transpose into the kernel.
 */
async function transposedGroups(ctx: Ctx, N: number): Promise<Row[]> {
  const A = randn(N * N, 1, 1);
  const B = randn(N * N, 1, 2);
  const rows: Row[] = [];
  for (const [label, ta, tb] of [
    ["Aᵀ·B", true, false],
    ["A·Bᵀ", false, true],
  ] as const) {
    // float64 reference of a few entries of op(A)·op(B)
    const at = (i: number, k: number): number => (ta ? A[k * N + i]! : A[i * N + k]!);
    const bt = (k: number, j: number): number => (tb ? B[j * N + k]! : B[k * N + j]!);
    const ok = (C: ArrayLike<number>): void => {
      let err = 0;
      for (let i = 0; i < N; i += 37)
        for (let j = 0; j < N; j += 41) {
          let ref = 0;
          for (let k = 0; k < N; k++) ref += at(i, k) * bt(k, j);
          err = Math.max(err, Math.abs(C[i * N + j]! - ref));
        }
      if (!(err < 1e-3 * Math.sqrt(N))) throw new Error(`max abs error ${err}`);
    };
    const g = `${N} ${label}`;
    const es: Entry[] = [];
    const skipped: Row[] = [];
    const a = Wg.fromArray(A, [N, N]);
    const b = Wg.fromArray(B, [N, N]);
    const wf = (): Wg.Tensor => Wg.matmul(ta ? Wg.transpose(a) : a, tb ? Wg.transpose(b) : b);
    const one = (): void => Wg.setThreads(1);
    const shapeA = ta ? [N, N] : [N, N];
    const kf = (): ArrayLike<number> => Wg.kernelMatmul(A, shapeA, B, [N, N], [N, N], ta, tb);
    es.push({ library: "wengert", variant: `backend.matmul(transA=${ta}, transB=${tb}), 1 thread (the matmul vjp's kernel)`, role: "wengert", before: one, run: kf, check: () => (one(), ok(kf())) });
    es.push({ library: "wengert", variant: `matmul(${ta ? "transpose(a)" : "a"}, ${tb ? "transpose(b)" : "b"}), 1 thread`, role: "wengert", before: one, run: wf, check: () => (one(), ok(Wg.dataOf(wf()))) });
    for (const id of ["tfjs-cpu", "tfjs-wasm"] as const) {
      const p = ctx.peers[id];
      if (!p.ok) {
        skipped.push(unavailable(g, id, p.reason));
        continue;
      }
      const { tf, use } = p.api;
      await use();
      const xa = tf.tensor2d(A, [N, N]);
      const xb = tf.tensor2d(B, [N, N]);
      const run = (): Float32Array => {
        const c = tf.matMul(xa, xb, ta, tb);
        const v = c.dataSync() as Float32Array;
        c.dispose();
        return v;
      };
      es.push({ library: id, variant: `tf.matMul(a, b, ${ta}, ${tb})`, role: "peer", before: use, run, check: async () => (await use(), ok(run())) });
    }
    const jx = ctx.peers["jax-js"];
    if (!jx.ok) skipped.push(unavailable(g, "jax-js", jx.reason));
    else {
      const { jax, np } = jx.api;
      const ja = np.array(A).reshape([N, N]);
      const jb = np.array(B).reshape([N, N]);
      type J = typeof ja;
      const f = (x: J, y: J): J => np.matmul(ta ? x.transpose() : x, tb ? y.transpose() : y);
      const fj = jax.jit(f);
      for (const [variant, mm] of [
        ["eager + dataSync", f],
        ["jit + dataSync", fj],
      ] as const)
        es.push({ library: "jax-js", variant, role: "peer", run: () => mm(ja.ref, jb.ref).dataSync(), check: () => ok(mm(ja.ref, jb.ref).dataSync()) });
    }
    rows.push(...(await measureGroup(ctx, g, es, metric(N), 0, timing(ctx, 5000))), ...skipped);
  }
  return rows;
}

const metric = (N: number): { name: string; of: (ms: number) => number } => ({ name: "GFLOP/s", of: (ms: number) => (2 * N ** 3) / (ms * 1e6) });

export const matmulCase: BenchCase = {
  id: "matmul",
  title: "(b) Matmul, square N×N float32",
  async run(ctx) {
    const sizes = ctx.quick ? [64, 128] : [128, 512, 1024];
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const N of sizes) {
      const r = await group(ctx, N);
      const t = torchRow(ctx, String(N), "torch.mm float32", { case: "matmul", n: N }, metric(N), r[0], notes);
      if (t) r.push(t);
      // The 2-thread row of wengert against torch on 2 threads (the ratio column pairs equal thread counts).
      const t2 = t ? torchRow(ctx, String(N), "torch.mm float32", { case: "matmul", n: N }, metric(N), r[0], notes, undefined, 2, r) : null;
      if (t2) r.push(t2);
      rows.push(...r);
      const w = r[0]?.median;
      const cpu = r.find((x) => x.library === "tfjs-cpu")?.median;
      if (w && cpu) notes.push(`N=${N}: wengert float32 reaches ${fmt(w / cpu)}× the GFLOP/s of tfjs-cpu (issue 2 target: ≥ 1).`);
    }
    const NT = ctx.quick ? 128 : 512;
    const tr = await transposedGroups(ctx, NT);
    rows.push(...tr);
    const plain = rows.find((r) => r.group === String(NT) && r.role === "wengert")?.median;
    for (const r of tr)
      if (r.role === "wengert" && r.median && plain) notes.push(`N=${NT} ${r.group.split(" ")[1]}, ${r.variant.replace(/, 1 thread.*$/, "")}: ${fmt(r.median / plain)}× the GFLOP/s of wengert's plain product (issue 8 target: as fast as the plain one).`);
    return {
      id: "matmul",
      title: this.title,
      what:
        "GFLOP/s = 2N³ / median time per product (higher is better); ratios compare times (wengert float32 ÷ peer, on the same thread count: a 2-thread peer against wengert on 2 threads), so > 1 means wengert is slower. The float64 row is wengert's own, for reference. " +
        "The Aᵀ·B and A·Bᵀ groups are the products of a backward pass (float32).",
      table: timedTable("N", { name: "GFLOP/s", of: (x) => x }, rows),
      notes,
      raw: rows,
    };
  },
};
