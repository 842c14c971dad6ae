// Newton methods of optim.minimize on the exact sparse Hessian: the chained Rosenbrock function
// (tridiagonal Hessian) from seeded random starts, a saddle that pure Newton would converge to, an
// exact quadratic, trees of parameters, and the argument checks.
import { describe, expect, it } from "vitest";
import { add, ArgumentError, hessianSparsity, mul, random, ShapeError, slice, square, sub, sum, type Tensor } from "../../src/index.js";
import { minimize } from "../../src/optim/index.js";
import { rosenbrock } from "../sparse/functions.js";
import { expectClose, f64 } from "./helpers.js";

/** A seeded start for the chained Rosenbrock function, uniform in [0, 2) (the basin of the all-ones minimum). */
const start = (seed: number, n: number): Tensor => random.uniform(random.key(seed), [n], { minval: 0, maxval: 2, dtype: "float64" });
const distanceToOnes = (x: Tensor): number => Math.max(...Array.from(x.data(), (v) => Math.abs(v - 1)));

describe("optim.minimize: Newton on the sparse Hessian", () => {
  it("chained Rosenbrock, n = 100: newton and trust-ncg reach the all-ones minimum, newton in far fewer iterations than L-BFGS", () => {
    for (const seed of [1, 2]) {
      const x0 = start(seed, 100);
      const lbfgs = minimize(rosenbrock, x0);
      const newton = minimize(rosenbrock, x0, { method: "newton" });
      const tr = minimize(rosenbrock, x0, { method: "trust-ncg" });
      for (const r of [lbfgs, newton, tr]) {
        expect(r.converged, r.message).toBe(true);
        expect(distanceToOnes(r.x)).toBeLessThan(1e-9);
      }
      // Measured: L-BFGS 83 and 103 iterations, newton 12, trust-ncg 41 and 52.
      expect(newton.iterations).toBeLessThanOrEqual(20);
      expect(newton.iterations * 4).toBeLessThan(lbfgs.iterations);
      expect(tr.iterations).toBeLessThan(lbfgs.iterations);
      expect(newton.hessianEvaluations).toBe(newton.iterations);
      expect(tr.hessianEvaluations).toBeLessThanOrEqual(tr.iterations);
      expect(lbfgs.hessianEvaluations).toBeUndefined();
    }
  });

  it("solver 'cg' (Newton–CG) converges too, and a given Hessian pattern is used", () => {
    const x0 = start(3, 40);
    const r = minimize(rosenbrock, x0, { method: "newton", solver: "cg" });
    expect(r.converged).toBe(true);
    expect(distanceToOnes(r.x)).toBeLessThan(1e-9);
    const pattern = hessianSparsity(rosenbrock, x0);
    const s = minimize(rosenbrock, x0, { method: "newton", hessianSparsity: pattern });
    expect(distanceToOnes(s.x)).toBeLessThan(1e-9);
  });

  it("a quadratic with a sparse SPD Hessian: one Newton step, exact", () => {
    // f(x) = ½ Σ (x_i − x_{i+1})² + Σ x_i² − Σ i·x_i, so H = L + 2I (L the path Laplacian) and ∇f = Hx − b.
    const n = 30;
    const b = f64(Array.from({ length: n }, (_, i) => i));
    const f = (x: Tensor) => add(mul(0.5, sum(square(sub(slice(x, [0], [n - 1]), slice(x, [1], [n - 1]))))), sub(sum(square(x)), sum(mul(b, x))));
    const r = minimize(f, f64(new Array<number>(n).fill(0)), { method: "newton" });
    expect(r.iterations).toBe(1);
    expect(r.gradNorm).toBeLessThan(1e-10);
    // trust-ncg solves each model inexactly (CG to ‖r‖ ≤ min(½, √‖g‖)·‖g‖), so it takes a few steps.
    const tr = minimize(f, f64(new Array<number>(n).fill(0)), { method: "trust-ncg", initialTrustRadius: 100 });
    expect(tr.converged).toBe(true);
    expect(tr.iterations).toBeLessThanOrEqual(8);
    expectClose(tr.x, Array.from(r.x.data()), 1e-9);
  });

  it("escapes a saddle: where H is indefinite the step still descends (pure Newton would jump to the saddle)", () => {
    // f = x² − y² + y⁴/4: a saddle at 0, minima at (0, ±√2). At (1, 0.1) the Hessian diag(2, −1.97) is indefinite.
    const f = (p: Tensor) => {
      const x = slice(p, [0], [1]);
      const y = slice(p, [1], [1]);
      return sum(add(sub(square(x), square(y)), mul(0.25, square(square(y)))));
    };
    for (const method of ["newton", "trust-ncg"] as const)
      for (const solver of ["cholesky", "cg"] as const) {
        const r = minimize(f, f64([1, 0.1]), { method, solver });
        expect(r.converged, `${method} ${solver}: ${r.message}`).toBe(true);
        expectClose(r.x, [0, Math.SQRT2], 1e-9);
      }
  });

  it("trees of parameters: the Hessian's columns follow minimize's flattening", () => {
    const f = (p: { b: Tensor; a: Tensor }) => add(sum(square(sub(p.a, mul(2, p.b)))), sum(square(sub(p.b, 1))));
    const r = minimize(f, { b: f64([0, 0]), a: f64([5, -5]) }, { method: "newton" });
    expect(r.iterations).toBe(1);
    expectClose(r.x.a, [2, 2], 1e-12);
    expectClose(r.x.b, [1, 1], 1e-12);
  });

  it("onStep sees every iterate; maxIterations and valueTolerance stop the run", () => {
    const seen: number[] = [];
    const r = minimize(rosenbrock, start(4, 10), { method: "trust-ncg", onStep: ({ iteration }) => (seen.push(iteration), iteration === 3) });
    expect(seen).toEqual([1, 2, 3]);
    expect(r.message).toBe("stopped by onStep");
    expect(minimize(rosenbrock, start(4, 10), { method: "newton", maxIterations: 2 }).iterations).toBe(2);
    const v = minimize(rosenbrock, start(4, 10), { method: "newton", valueTolerance: 1e-3 });
    expect(v.message).toBe("value change below tolerance");
  });

  it("checks its options", () => {
    const x0 = f64([1, 2]);
    const f = (x: Tensor) => sum(square(x));
    expect(() => minimize(f, x0, { method: "newtonn" as never })).toThrow(/minimize: method must be "lbfgs", "steepest", "newton" or "trust-ncg", got the string "newtonn"/);
    expect(() => minimize(f, x0, { method: "newton", solver: "lu" as never })).toThrow(/minimize: solver must be "cholesky" or "cg"/);
    expect(() => minimize(f, x0, { method: "trust-ncg", initialTrustRadius: -1 })).toThrow(ArgumentError);
    expect(() => minimize(f, x0, { method: "trust-ncg", initialTrustRadius: 10, maxTrustRadius: 5 })).toThrow(/maxTrustRadius must be a number ≥ initialTrustRadius \(10\), got the number 5/);
    expect(() => minimize(f, x0, { method: "newton", hessianSparsity: "dense" as never })).toThrow(/minimize: hessianSparsity must be a SparsityPattern/);
    const wrong = hessianSparsity(f, f64([1, 2, 3]));
    expect(() => minimize(f, x0, { method: "newton", hessianSparsity: wrong })).toThrow(ShapeError);
    expect(() => minimize(f, x0, { method: "newton", hessianSparsity: wrong })).toThrow(/^minimize: sparseHessian: the arguments have 2 elements, the sparsity pattern has 3 columns/);
  });
});
