// Dense linear algebra (issue 17, "Fast at real sizes"): svd, eigh, cholesky, lu, qr, solve (n
// right-hand sides) and inv of n×n float64 matrices at n = 64, 256 and 1024, wengert on one thread
// against PyTorch (LAPACK, one thread, its own process), jax-js (wasm, one thread, float64) and
// tfjs (qr only: the one decomposition it has). Time per call in ms; the ratio column is wengert's
// time ÷ the peer's; after the 256 group, svd of a tall 784×256 matrix. The matmul row of each size gives the rate the factorisations are measured
// against (Cholesky n³/3 and LU 2n³/3 flops).
import { randn } from "../harness.js";
import * as Wg from "../peers/wengert.js";
import { fmt, measureGroup, timedTable, timing, torchRow, unavailable, type BenchCase, type Ctx, type Entry, type Row } from "./common.js";

type W = typeof import("../../src/index.js");
type Op = "matmul" | "svd" | "eigh" | "cholesky" | "lu" | "qr" | "solve" | "inv";
const OPS: readonly Op[] = ["matmul", "svd", "eigh", "cholesky", "lu", "qr", "solve", "inv"];
/** Nominal flops (LAPACK's counts with vectors) for the GFLOP/s notes. */
const FLOPS: Record<Op, (n: number) => number> = {
  matmul: (n) => 2 * n ** 3,
  svd: (n) => 22 * n ** 3,
  eigh: (n) => 9 * n ** 3,
  cholesky: (n) => n ** 3 / 3,
  lu: (n) => (2 * n ** 3) / 3,
  qr: (n) => (8 * n ** 3) / 3,
  solve: (n) => (8 * n ** 3) / 3,
  inv: (n) => 2 * n ** 3,
};
/** jax-js runs Jacobi-type svd/eigh in its own kernels: above this n a call takes minutes. */
const JAX_SPECTRAL_MAX_N = 256;
/** jax-js's solve and inv at 1024 did not finish within 3 minutes here. */
const JAX_SOLVE_MAX_N = 256;
/** tfjs's qr is Householder on tensors, op by op: minutes per call at 256. */
const TFJS_QR_MAX_N = 64;

const metric = { name: "ms", of: (ms: number) => ms };

/** The matrices of one size, float64 data made from the harness's seeded float32 normals (torch_bench.py makes the same). */
function matrices(n: number): { a: Float64Array; sym: Float64Array; spd: Float64Array } {
  const a = Float64Array.from(randn(n * n, 1 / Math.sqrt(n), 1));
  const sym = new Float64Array(n * n);
  const spd = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      sym[i * n + j] = (a[i * n + j]! + a[j * n + i]!) / 2;
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * a[j * n + k]!;
      spd[i * n + j] = s + (i === j ? 1 : 0);
    }
  return { a, sym, spd };
}

async function group(ctx: Ctx, W: W, n: number, op: Op, data: ReturnType<typeof matrices>): Promise<Row[]> {
  const g = `${op} ${n}`;
  const es: Entry[] = [];
  const skipped: Row[] = [];
  const one = (): void => Wg.setThreads(1);
  const t = (x: Float64Array): Wg.Tensor => W.tensor(x, { shape: [n, n], dtype: "float64" });
  const [a, sym, spd] = [t(data.a), t(data.sym), t(data.spd)];
  const L = W.linalg;
  const wengert: Record<Op, () => unknown> = {
    matmul: () => W.matmul(a, a),
    svd: () => L.svd(a),
    eigh: () => L.eigh(sym),
    cholesky: () => L.cholesky(spd),
    lu: () => L.lu(a),
    qr: () => L.qr(a),
    solve: () => L.solve(a, a),
    inv: () => L.inv(a),
  };
  es.push({ library: "wengert", variant: `${op === "matmul" ? "" : "linalg."}${op} float64, 1 thread`, role: "wengert", before: one, run: wengert[op] });

  const jx = ctx.peers["jax-js"];
  if (!jx.ok) skipped.push(unavailable(g, "jax-js", jx.reason));
  else if ((op === "svd" || op === "eigh") && n > JAX_SPECTRAL_MAX_N) skipped.push(unavailable(g, "jax-js", `skipped above n = ${JAX_SPECTRAL_MAX_N} (minutes per call)`));
  else if ((op === "solve" || op === "inv") && n > JAX_SOLVE_MAX_N) skipped.push(unavailable(g, "jax-js", `skipped above n = ${JAX_SOLVE_MAX_N} (no result within 3 minutes at 1024)`));
  else if (op === "qr") skipped.push(unavailable(g, "jax-js", "no qr in jax-js 0.1"));
  else {
    const { jax, np } = jx.api;
    const arr = (x: Float64Array): ReturnType<typeof np.array> => np.array(Float32Array.from(x)).reshape([n, n]).astype(np.float64);
    const ja = arr(data.a);
    const js = arr(op === "eigh" ? data.sym : data.spd);
    type A = typeof ja;
    const read = (r: A | A[]): void => void (Array.isArray(r) ? r : [r]).forEach((x) => x.dataSync());
    const calls: Record<Exclude<Op, "qr">, () => A | A[]> = {
      matmul: () => np.matmul(ja.ref, ja.ref),
      svd: () => np.linalg.svd(ja.ref),
      eigh: () => np.linalg.eigh(js.ref),
      cholesky: () => np.linalg.cholesky(js.ref),
      lu: () => jax.lax.linalg.lu(ja.ref),
      solve: () => np.linalg.solve(ja.ref, ja.ref),
      inv: () => np.linalg.inv(ja.ref),
    };
    es.push({ library: "jax-js", variant: `${op === "matmul" ? "numpy.matmul" : op === "lu" ? "lax.linalg.lu" : `numpy.linalg.${op}`} float64 + dataSync`, role: "peer", run: () => read(calls[op]()) });
  }

  if (op === "qr")
    for (const id of ["tfjs-cpu", "tfjs-wasm"] as const) {
      const p = ctx.peers[id];
      if (n > TFJS_QR_MAX_N) {
        skipped.push(unavailable(g, id, `skipped above n = ${TFJS_QR_MAX_N} (tf.linalg.qr: minutes per call at 256)`));
        continue;
      }
      if (!p.ok) {
        skipped.push(unavailable(g, id, p.reason));
        continue;
      }
      const { tf, use } = p.api;
      await use();
      const ta = tf.tensor2d(Float32Array.from(data.a), [n, n]); // float32: tfjs has no float64
      es.push({
        library: id,
        variant: "tf.linalg.qr float32 + dataSync",
        role: "peer",
        before: use,
        run: () => {
          const [q, r] = tf.linalg.qr(ta);
          q.dataSync();
          r.dataSync();
          q.dispose();
          r.dispose();
        },
      });
    }

  // NOTE: at 1024 the slow peers use up the budget in a few rounds; wengert's rows get 15 samples
  // (cholesky 1024 had 9, p25–p75 46–55 ms, and its median decided a goal).
  const opts = timing(ctx, n >= 1024 ? 8000 : 4000);
  const rows = await measureGroup(ctx, g, es, metric, 0, n >= 1024 && !ctx.quick ? { ...opts, minSamples: 15 } : opts);
  const notes: string[] = [];
  const torch = torchRow(ctx, g, `torch${op === "matmul" ? "" : ".linalg"}.${op === "matmul" ? "mm" : op} float64, 1 thread`, { case: "linalg", op, n }, metric, rows[0], notes);
  for (const note of notes) ctx.log(`  ${note}`);
  return [...rows, ...(torch ? [torch] : []), ...skipped];
}

/** Tall svd (issue 17's 784×256 goal): m×n float64 with N(0, 1/n) entries, reduced U, S, Vh, against torch. */
async function tallSvdGroup(ctx: Ctx, W: W, m: number, n: number): Promise<Row[]> {
  const g = `svd ${m}×${n}`;
  const a = W.tensor(Float64Array.from(randn(m * n, 1 / Math.sqrt(n), 1)), { shape: [m, n], dtype: "float64" });
  const es: Entry[] = [{ library: "wengert", variant: "linalg.svd float64, 1 thread", role: "wengert", before: () => Wg.setThreads(1), run: () => W.linalg.svd(a) }];
  const rows = await measureGroup(ctx, g, es, metric, 0, timing(ctx, 4000));
  const notes: string[] = [];
  const torch = torchRow(ctx, g, "torch.linalg.svd float64, 1 thread", { case: "linalg", op: "svd", n, m }, metric, rows[0], notes);
  for (const note of notes) ctx.log(`  ${note}`);
  return [...rows, ...(torch ? [torch] : [])];
}

/** Case `linalg`: svd, eigh, cholesky, lu, qr, solve, inv at 64, 256, 1024 against torch, jax-js and tfjs. */
export const linalgCase: BenchCase = {
  id: "linalg",
  title: "Dense linear algebra: svd, eigh, cholesky, lu, qr, solve, inv of n×n float64 matrices (n = 64, 256, 1024)",
  async run(ctx: Ctx) {
    const W = await Wg.importModule<W>("index");
    const sizes = ctx.quick ? [64, 256] : [64, 256, 1024];
    const rows: Row[] = [];
    const notes: string[] = [];
    await Wg.oneThread(async () => {
      for (const n of sizes) {
        const data = matrices(n);
        const perSize: Row[] = [];
        for (const op of OPS) perSize.push(...(await group(ctx, W, n, op, data)));
        const mm = perSize.find((r) => r.group === `matmul ${n}` && r.role === "wengert")?.stats?.median;
        for (const op of ["cholesky", "lu", "inv"] as const) {
          const ms = perSize.find((r) => r.group === `${op} ${n}` && r.role === "wengert")?.stats?.median;
          if (mm && ms) notes.push(`n = ${n}: wengert ${op} runs at ${fmt(FLOPS[op](n) / ms / 1e6)} GFLOP/s, ${fmt((100 * (FLOPS[op](n) / ms)) / (FLOPS.matmul(n) / mm))}% of its matmul rate (${fmt(FLOPS.matmul(n) / mm / 1e6)} GFLOP/s)`);
        }
        const solve = perSize.find((r) => r.group === `solve ${n}` && r.role === "wengert")?.stats?.median;
        const inv = perSize.find((r) => r.group === `inv ${n}` && r.role === "wengert")?.stats?.median;
        if (solve && inv) notes.push(`n = ${n}: wengert inv ÷ solve with n right-hand sides = ${fmt(inv / solve)}`);
        rows.push(...perSize);
        if (n === 256) rows.push(...(await tallSvdGroup(ctx, W, 784, 256)));
      }
    });
    return {
      id: "linalg",
      title: this.title,
      what:
        "Median ms per call (interleaved samples; torch in its own process), every contestant on one thread. Inputs: A with N(0, 1/n) entries, " +
        "(A + Aᵀ)/2 for eigh, A·Aᵀ + I for cholesky; solve has n right-hand sides (B = A). jax-js computes in float64 (astype); tfjs has only qr, in float32. " +
        "wengert's decompositions return the vectors (svd: reduced U, S, Vh; eigh: values and vectors; lu: P, L, U).",
      table: timedTable("op n", metric, rows),
      notes,
      raw: rows,
    };
  },
};
