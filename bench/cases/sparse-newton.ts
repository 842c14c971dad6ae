// Sparse Hessians and sparse Newton (issue 16, "Performance"): the Hessian of the chained Rosenbrock
// function f(x) = Σ 100(x_{i+1} − x_i²)² + (1 − x_i)² (tridiagonal) by sparseHessian (3 Hessian-vector
// products after detection and star coloring) against dense `hessian` (n HVPs, an n×n result), and
// optim.minimize on it from a seeded start in [0, 2)ⁿ with Newton (sparse Hessian + sparse
// Cholesky), trust-region Newton–CG and L-BFGS: iterations, evaluations and time. Dense `hessian`
// at n = 10⁴ (800 MB) is extrapolated from two smaller sizes with the growth exponent between them.
import { now } from "../harness.js";
import * as Wg from "../peers/wengert.js";
import { fmt, medianMean, medianTime as median, timeStats, type BenchCase, type Ctx } from "./common.js";

type W = typeof import("../../src/index.js");
type T = Wg.Tensor;

function rosenbrock(W: W): (x: T) => T {
  return (x) => {
    const n = x.shape[0]!;
    const a = W.slice(x, [0], [n - 1]);
    const d = W.sub(W.slice(x, [1], [n - 1]), W.mul(a, a));
    return W.add(W.sum(W.mul(100, W.mul(d, d))), W.sum(W.mul(W.sub(1, a), W.sub(1, a))));
  };
}

/** Case `sparse-newton`: sparseHessian vs dense hessian, and Newton / trust-ncg vs L-BFGS, on the chained Rosenbrock function. */
export const sparseNewtonCase: BenchCase = {
  id: "sparse-newton",
  title: "Chained Rosenbrock: sparseHessian vs dense hessian, and optim.minimize with sparse Newton vs L-BFGS",
  async run(ctx: Ctx) {
    const W = await Wg.importModule<W>("index");
    const q = ctx.quick;
    const f = rosenbrock(W);
    const dense: [number, number] = q ? [100, 200] : [500, 1000];
    const big = q ? 2000 : 10000;
    const reps = q ? 3 : 5;
    const x = (n: number): T => W.tensor(Array.from({ length: n }, (_, i) => Math.cos(i)), { dtype: "float64" });
    const rows: string[][] = [];
    const raw: Record<string, number> = {};
    await Wg.oneThread(async () => {
      for (const n of [dense[1], big]) {
        ctx.log(`  n = ${n}: hessianSparsity, sparseHessian`);
        const xn = x(n);
        raw[`detect${n}`] = median(() => W.hessianSparsity(f, xn), q ? 1 : 3);
        const H = W.sparseHessian(f, { sparsity: W.hessianSparsity(f, xn) });
        const t = timeStats(() => H(xn), reps);
        raw[`sparse${n}`] = t.median;
        raw[`sparseMean${n}`] = t.mean;
        raw[`colors${n}`] = H.prepared!.coloring.count;
      }
      for (const n of dense) {
        ctx.log(`  n = ${n}: dense hessian`);
        raw[`dense${n}`] = median(() => W.hessian(f)(x(n)), 1);
      }
      const [a, b] = dense;
      // The growth exponent between the two dense sizes, kept in [1, 2]: n Hessian-vector products of O(n) each is n²
      // (a larger measured exponent is memory traffic and noise, and would flatter the sparse column).
      const k = Math.min(2, Math.max(1, Math.log(raw[`dense${b}`]! / raw[`dense${a}`]!) / Math.log(b / a)));
      raw.denseExponent = k;
      const hessRow = (n: number, d: number, label: string): string[] => [
        "Hessian", n.toLocaleString("en-US"), `sparseHessian (${raw[`colors${n}`]} HVPs; detection ${fmt(raw[`detect${n}`])} ms once)`, "", "",
        medianMean({ median: raw[`sparse${n}`]!, mean: raw[`sparseMean${n}`]! }), `dense hessian ${fmt(d)} ms${label}`, `${fmt(d / raw[`sparse${n}`]!)}×`,
      ];
      rows.push(hessRow(b, raw[`dense${b}`]!, " (measured)"), hessRow(big, raw[`dense${b}`]! * (big / b) ** k, ` (extrapolated, n^${k.toFixed(2)})`));
      const x0 = W.random.uniform(W.random.key(1), [big], { minval: 0, maxval: 2, dtype: "float64" });
      let lbfgsMs = 0;
      for (const method of ["lbfgs", "newton", "trust-ncg"] as const) {
        ctx.log(`  n = ${big}: minimize ${method}`);
        const t0 = now();
        const r = W.optim.minimize(f, x0, { method, maxIterations: 20000 });
        const ms = now() - t0;
        const err = Math.max(...Array.from(r.x.data(), (v) => Math.abs(v - 1)));
        if (!r.converged || err > 1e-6) throw new Error(`minimize ${method}: ${r.message}, max |x − 1| = ${err}`);
        if (method === "lbfgs") lbfgsMs = ms;
        raw[`${method}Ms`] = ms;
        raw[`${method}Iterations`] = r.iterations;
        rows.push([
          "minimize", big.toLocaleString("en-US"), method, String(r.iterations),
          `${r.evaluations}${r.hessianEvaluations === undefined ? "" : ` + ${r.hessianEvaluations} Hessians`}`,
          fmt(ms), method === "lbfgs" ? "(baseline)" : `L-BFGS ${fmt(lbfgsMs)} ms`, method === "lbfgs" ? "" : `${fmt(lbfgsMs / ms)}×`,
        ]);
      }
    });
    return {
      id: "sparse-newton",
      title: this.title,
      what:
        "One thread, float64, chained Rosenbrock (tridiagonal Hessian). Hessian rows: medians of prepared sparseHessian calls (pattern and star coloring reused; detection timed once " +
        "separately) against dense hessian at two sizes, extrapolated to the large size with the growth exponent measured between them. minimize rows: one run each from the " +
        "same seeded start uniform in [0, 2)ⁿ to max |∂f/∂xᵢ| ≤ 1e-10 (checked at the all-ones minimum); Newton and trust-ncg times include the Hessian's detection and coloring " +
        "and the Cholesky analysis on the first iteration.",
      table: { columns: ["task", "n", "method", "iterations", "evaluations (f and ∇f)", "ms (Hessian rows: median, mean)", "baseline", "speed-up"], rows },
      notes: [],
      raw,
    };
  },
};
