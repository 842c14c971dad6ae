// sparseJacobian and sparseHessian evaluate all their colors as one vmap over the seed matrix
// (src/sparse/seed-batch.ts) instead of one JVP/VJP per color: f runs once per call (forward mode,
// Hessians) and the backward pass once (reverse mode), whatever the number of colors, and the values
// still equal the dense Jacobian and Hessian.
import { describe, expect, it } from "vitest";
import {
  coloring, customVjp, hessian, hessianSparsity, jacfwd, jacobianSparsity, mul, sparseHessian, sparseJacobian, type Tensor,
} from "../../src/index.js";
import { diffusionReaction, laplace2d, range, rosenbrock } from "./functions.js";

const flat = (t: Tensor): number[] => Array.from(t.data(), Number);

/** |a − b| ≤ 1e-12·(1 + max|b|) elementwise. */
function expectClose(a: readonly number[], b: readonly number[], what: string): void {
  expect(a.length, what).toBe(b.length);
  const scale = 1 + Math.max(0, ...b.map(Math.abs));
  const worst = a.reduce((w, x, i) => Math.max(w, Math.abs(x - b[i]!)), 0);
  expect(worst, what).toBeLessThanOrEqual(1e-12 * scale);
}

describe("compressed evaluation as one vmap over the colors", () => {
  it("forward mode: f runs once per call for 5 colors (2-D 5-point stencil)", () => {
    const g = laplace2d(6);
    const x = range(36);
    let calls = 0;
    const f = (u: Tensor) => {
      calls++;
      return g(u);
    };
    const J = sparseJacobian(f, { sparsity: jacobianSparsity(g, x), mode: "forward" });
    calls = 0;
    const s = J(x);
    expect(J.prepared!.coloring.count).toBeGreaterThan(1);
    expect(calls).toBe(1);
    expectClose(flat(s.toDense()), flat(jacfwd(g)(x) as Tensor), "forward");
  });

  it("reverse mode: one backward pass for all row colors", () => {
    let pullbacks = 0;
    const scale = customVjp(
      (u: Tensor) => mul(u, 2),
      (u: Tensor) => [mul(u, 2), null],
      (_r: unknown, ct: Tensor) => {
        pullbacks++;
        return [mul(ct, 2)];
      },
    );
    const f = (u: Tensor) => diffusionReaction(scale(u));
    const x = range(9);
    const p = jacobianSparsity(diffusionReaction, x);
    const J = sparseJacobian(f, { sparsity: p, coloring: coloring(p, { kind: "row", order: "natural" }) });
    pullbacks = 0;
    const s = J(x);
    expect(J.prepared!.mode).toBe("reverse");
    expect(J.prepared!.coloring.count).toBe(3);
    expect(pullbacks).toBe(1);
    expectClose(flat(s.toDense()), flat(jacfwd(f)(x) as Tensor), "reverse");
  });

  it("sparseHessian: f runs once per call (one batched Hessian-vector product for every color)", () => {
    const x = range(10);
    let calls = 0;
    const f = (u: Tensor) => {
      calls++;
      return rosenbrock(u);
    };
    const H = sparseHessian(f, { sparsity: hessianSparsity(rosenbrock, x) });
    calls = 0;
    const s = H(x);
    expect(H.prepared!.coloring.count).toBeGreaterThan(1);
    expect(calls).toBe(1);
    expectClose(flat(s.toDense()), flat(hessian(rosenbrock)(x)), "hessian");
  });
});
