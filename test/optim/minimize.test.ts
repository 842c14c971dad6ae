// Full-batch minimisation: L-BFGS on Rosenbrock to 1e-8, steepest descent under several norms with
// an Armijo line search, and the line searches themselves.
import { describe, expect, it } from "vitest";
import { add, matmul, mul, slice, square, sub, sum, type Tensor } from "../../src/index.js";
import { lineSearch, minimize, norms } from "../../src/optim/index.js";
import { f64 } from "./helpers.js";

const rosenbrock = (x: Tensor): Tensor => {
  const n = x.shape[0]!;
  const a = slice(x, [0], [n - 1]);
  const b = slice(x, [1], [n - 1]);
  return sum(add(square(sub(1, a)), mul(100, square(sub(b, square(a))))));
};

describe("L-BFGS", () => {
  it("Rosenbrock from (−1.2, 1) to within 1e-8 of (1, 1)", () => {
    const r = minimize(rosenbrock, f64([-1.2, 1]));
    expect(r.converged).toBe(true);
    for (const v of r.x.toArray() as number[]) expect(Math.abs(v - 1)).toBeLessThan(1e-8);
    expect(r.value).toBeLessThan(1e-16);
    expect(r.iterations).toBeLessThan(60);
  });
  it("10-dimensional Rosenbrock, and trees of parameters", () => {
    const r = minimize(rosenbrock, f64([-1.2, 1, -1.2, 1, -1.2, 1, 0, 0, 0, 0]));
    for (const v of r.x.toArray() as number[]) expect(Math.abs(v - 1)).toBeLessThan(1e-8);
    const q = minimize((p: { a: Tensor; b: Tensor[] }) => add(sum(square(sub(p.a, 3))), sum(square(add(p.b[0]!, 1)))), { a: f64([0, 0]), b: [f64([[5]])] });
    expect(q.x.a.toArray()).toEqual([3, 3]);
    expect(Math.abs(q.x.b[0]!.item() + 1)).toBeLessThan(1e-10);
  });
  it("with the Armijo line search it still converges (curvature pairs are skipped when sᵀy ≤ 0)", () => {
    const r = minimize(rosenbrock, f64([-1.2, 1]), { lineSearch: "armijo", maxIterations: 500 });
    for (const v of r.x.toArray() as number[]) expect(Math.abs(v - 1)).toBeLessThan(1e-6);
  });
});

describe("steepest descent with exact gradients (the notes' §3)", () => {
  const H = [[1, 0], [0, 25]];
  const quad = (x: Tensor) => mul(0.5, sum(mul(x, matmul(f64(H), x))));
  it("under the Hessian's quadratic norm it is Newton's method: one step on a quadratic", () => {
    const r = minimize(quad, f64([1, 1]), { method: "steepest", norm: norms.quadratic(H) });
    expect(r.iterations).toBe(1);
    expect(r.x.toArray()).toEqual([0, 0]);
  });
  it("ℓ2 zig-zags on the ill-conditioned quadratic; ℓ∞ and ℓ1 converge too", () => {
    const steps: Record<string, number> = {};
    for (const n of [norms.l2(), norms.linf(), norms.l1()]) {
      const r = minimize(quad, f64([1, 1]), { method: "steepest", norm: n, gradTolerance: 1e-6, maxIterations: 5000 });
      expect(r.converged).toBe(true);
      steps[n.name] = r.iterations;
    }
    expect(steps.l2!).toBeGreaterThan(10);
    expect(steps.l1!).toBeLessThan(steps.l2!); // axis-aligned valley: coordinate descent wins
  });
  it("onStep sees every iterate and can stop the run", () => {
    const xs: number[][] = [];
    const r = minimize(quad, f64([1, 1]), { method: "steepest", onStep: ({ x, iteration }) => (xs.push(x.toArray() as number[]), iteration === 3) });
    expect(xs.length).toBe(3);
    expect(r.message).toBe("stopped by onStep");
  });
});

describe("line searches on φ(α) = (α − 2)²", () => {
  const phi = (a: number) => (a - 2) ** 2;
  it("backtracking accepts the first step with sufficient decrease", () => {
    const r = lineSearch.backtracking(phi, 4, -4, { initialStep: 8 });
    expect(r.step).toBe(2); // φ(8) = 36 and φ(4) = 4 fail φ(α) ≤ 4 − 1e-4·α·4; φ(2) = 0 passes
    expect(r.evaluations).toBe(3);
    expect(() => lineSearch.backtracking(phi, 4, 1)).toThrow(/not a descent direction/);
  });
  it("strong Wolfe finds a point with |φ′| ≤ c₂|φ′(0)|", () => {
    const r = lineSearch.strongWolfe((a) => [phi(a), 2 * (a - 2), null] as const, 4, -4, { initialStep: 0.1, c2: 0.1 });
    expect(r.success).toBe(true);
    expect(Math.abs(2 * (r.step - 2))).toBeLessThanOrEqual(0.4);
    const far = lineSearch.strongWolfe((a) => [phi(a), 2 * (a - 2), null] as const, 4, -4, { initialStep: 100 });
    expect(far.success).toBe(true);
    expect(far.value).toBeLessThan(4);
  });
});

