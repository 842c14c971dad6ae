// Sparse Jacobians (issue 16, "Performance"): the Jacobian of a 1-D diffusion–reaction residual
// F(u)_i = u_{i−1} − 2u_i + u_{i+1} + 0.1·e^{u_i} (Dirichlet ends), tridiagonal, by sparseJacobian
// (3 JVPs after detection and coloring) against dense jacfwd (n JVPs and an n×n result). Detection
// and coloring are timed separately. Dense jacfwd at n = 10⁴ would build a 10⁸-entry matrix (800 MB)
// and take minutes, so it runs at n = 500 and 1,000 and is extrapolated to 10⁴ with the growth
// exponent measured between them (labelled).
import { now } from "../harness.js";
import * as Wg from "../peers/wengert.js";
import { fmt, type BenchCase, type Ctx } from "./common.js";

type W = typeof import("../../src/index.js");
type T = Wg.Tensor;

/** Median of `reps` timed calls (after one untimed call). */
function median(f: () => unknown, reps: number): number {
  f();
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    f();
    xs.push(now() - t0);
  }
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

function residual(W: W): (u: T) => T {
  return (u) => {
    const n = u.shape[0]!;
    const z = W.tensor([0], { dtype: "float64" });
    const left = W.concat([z, W.slice(u, [0], [n - 1])], 0);
    const right = W.concat([W.slice(u, [1], [n - 1]), z], 0);
    return W.add(W.sub(W.add(left, right), W.mul(2, u)), W.mul(0.1, W.exp(u)));
  };
}

/** Case `sparse`: sparseJacobian of a tridiagonal residual against dense jacfwd. */
export const sparseCase: BenchCase = {
  id: "sparse",
  title: "Sparse Jacobian of a 1-D diffusion–reaction residual (tridiagonal): sparseJacobian vs dense jacfwd",
  async run(ctx: Ctx) {
    const W = await Wg.importModule<W>("index");
    const f = residual(W);
    const nBig = ctx.quick ? 2000 : 10000;
    const nDense = ctx.quick ? 200 : 1000;
    const reps = ctx.quick ? 3 : 7;
    const u = (n: number): T => W.tensor(Array.from({ length: n }, (_, i) => Math.cos(i)), { dtype: "float64" });
    const raw: Record<string, number> = {};
    await Wg.oneThread(async () => {
      for (const n of [nDense, nBig]) {
        const x = u(n);
        ctx.log(`  n = ${n}: detection, coloring, sparseJacobian`);
        raw[`detect${n}`] = median(() => W.jacobianSparsity(f, x), reps);
        const p = W.jacobianSparsity(f, x);
        raw[`color${n}`] = median(() => W.coloring(p, { kind: "column" }), reps);
        raw[`colors${n}`] = W.coloring(p, { kind: "column" }).count;
        const J = W.sparseJacobian(f, { sparsity: p });
        raw[`sparse${n}`] = median(() => J(x), reps);
      }
      for (const n of [nDense / 2, nDense]) {
        ctx.log(`  n = ${n}: dense jacfwd`);
        raw[`dense${n}`] = median(() => W.jacfwd(f)(u(n)), ctx.quick ? 1 : 3);
      }
    });
    // The growth exponent measured between n/2 and n (n JVPs of O(n) each: between 1 and 2).
    const k = Math.min(2, Math.max(1, Math.log2(raw[`dense${nDense}`]! / raw[`dense${nDense / 2}`]!)));
    raw.denseExponent = k;
    const extrapolated = raw[`dense${nDense}`]! * (nBig / nDense) ** k;
    const row = (n: number, dense: number, label: string): string[] => [
      n.toLocaleString("en-US"), String(raw[`colors${n}`]), fmt(raw[`detect${n}`]), fmt(raw[`color${n}`]), fmt(raw[`sparse${n}`]), `${fmt(dense)}${label}`, fmt(dense / raw[`sparse${n}`]!),
    ];
    return {
      id: "sparse",
      title: this.title,
      what:
        "Medians of repeated calls, one thread, float64. Detection is jacobianSparsity (trace + index-set propagation), coloring is the column coloring; " +
        "sparseJacobian is a prepared call (pattern and coloring reused): one JVP per color and the recovery of the entries. " +
        `Dense jacfwd runs at n = ${nDense / 2} and ${nDense}; at n = ${nBig} its time is extrapolated from n = ${nDense} with the growth exponent measured between those two (n JVPs of O(n) each: between 1 and 2).`,
      table: {
        columns: ["n", "colors", "detection ms", "coloring ms", "sparseJacobian ms", "dense jacfwd ms", "speed-up (dense ÷ sparse)"],
        rows: [row(nDense, raw[`dense${nDense}`]!, " (measured)"), row(nBig, extrapolated, ` (extrapolated, n^${k.toFixed(2)})`)],
      },
      notes: [],
      raw,
    };
  },
};
