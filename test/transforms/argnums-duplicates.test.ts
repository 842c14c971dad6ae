import { describe, expect, it } from "vitest";
import { grad, hessian, jacfwd, jacrev, mul, sum, tensor, valueAndGrad, type Tensor } from "../../src/index.js";

const f64 = (x: number[]) => tensor(x, { dtype: "float64" });
const f = (a: Tensor, b: Tensor) => mul(mul(a, a), b); // ∂/∂a = 2ab, ∂/∂b = a²

describe("a repeated argnums gives the gradient in every position that names it", () => {
  it("grad and valueAndGrad", () => {
    const [g0, g1] = grad(f, { argnums: [0, 0] })(3, 2);
    expect([g0.item(), g1.item()]).toEqual([12, 12]);
    const [v, [h0, h1, h2]] = valueAndGrad(f, { argnums: [1, 0, -2] })(3, 2);
    expect([v.item(), h0.item(), h1.item(), h2.item()]).toEqual([18, 9, 12, 12]);
  });

  it("tree arguments", () => {
    const loss = (p: { w: Tensor }) => sum(mul(p.w, p.w));
    const [a, b] = grad(loss, { argnums: [0, 0] })({ w: f64([1, 2]) });
    expect(a.w.toArray()).toEqual([2, 4]);
    expect(b.w.toArray()).toEqual([2, 4]);
  });

  it("jacfwd, jacrev and hessian", () => {
    const [j0, j1] = jacfwd(f, { argnums: [0, 0] })(3, 2);
    expect([j0.item(), j1.item()]).toEqual([12, 12]);
    const [r0, r1] = jacrev(f, { argnums: [0, 0] })(3, 2);
    expect([r0.item(), r1.item()]).toEqual([12, 12]);
    const H = hessian(f, { argnums: [0, 0] })(3, 2);
    expect(H.map((row) => row.map((h) => h.item()))).toEqual([[4, 4], [4, 4]]); // ∂²/∂a² = 2b
  });
});
