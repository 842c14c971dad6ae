import { describe, expect, it } from "vitest";
import { add, exp, grad, hessian, jacfwd, jacobian, jacrev, jvp, matmul, mul, tanh, tensor, type Tensor } from "../../src/index.js";

type Scalar = Tensor | number;
type D = (f: (x: Tensor) => Tensor) => (x: Scalar) => Tensor;
/** Derivative operators of scalar functions, forward and reverse. */
const Dfwd: D = (f) => (x) => jvp(f, [x], [1])[1];
const Drev: D = (f) => (x) => grad(f)(x);
const modes: [string, D][] = [
  ["forward", Dfwd],
  ["reverse", Drev],
];

describe("nesting without perturbation confusion", () => {
  for (const [outerName, outer] of modes)
    for (const [innerName, inner] of modes) {
      it(`${outerName} over ${innerName}: D(x ↦ x·D(y ↦ x + y)(1))(1) = 1`, () => {
        // The inner derivative is 1 whatever x is; confusing the perturbations gives 2.
        expect(outer((x) => mul(x, inner((y) => add(x, y))(1)))(1).item()).toBe(1);
      });
      it(`${outerName} over ${innerName}: D(x ↦ x·D(y ↦ x·y)(3))(5) = 10`, () => {
        // d/dx [x · x] = 2x = 10 at x = 5.
        expect(outer((x) => mul(x, inner((y) => mul(x, y))(3)))(5).item()).toBe(10);
      });
    }

  it("jacobian(x ↦ grad(y ↦ yᵀAx)(y0))(x0) = A", () => {
    const A = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64" });
    const y0 = tensor([0.3, -0.7], { dtype: "float64" });
    const x0 = tensor([1, 2, 3], { dtype: "float64" });
    const bilinear = (y: Tensor, x: Tensor) => matmul(matmul(y.reshape([1, 2]), A), x.reshape([3, 1])).reshape([]);
    for (const jac of [jacfwd, jacrev, jacobian]) {
      const J = jac((x: Tensor) => grad((y: Tensor) => bilinear(y, x))(y0))(x0);
      expect(J.toArray()).toEqual(A.toArray());
    }
  });

  it("third derivatives of tanh and exp match closed forms in every mode combination", () => {
    const t = Math.tanh(0.7);
    const s2 = 1 - t * t; // sech²
    const tanh3 = -2 * s2 * (s2 - 2 * t * t); // d³ tanh = −2 sech²(x)(sech²(x) − 2 tanh²(x))
    for (const [, a] of modes)
      for (const [, b] of modes)
        for (const [, c] of modes) {
          expect(a(b(c((x) => tanh(x))))(0.7).item()).toBeCloseTo(tanh3, 12);
          expect(a(b(c((x) => exp(x))))(1).item()).toBeCloseTo(Math.E, 12);
        }
  });

  it("hessian = jacfwd(jacrev) = jacrev(jacrev) and is symmetric", () => {
    const f = (x: Tensor) => tanh(mul(x, x).sum()).add(mul(x.slice([0], [1]).reshape([]), x.slice([1], [1]).reshape([])));
    const x = tensor([0.3, -0.5, 0.8], { dtype: "float64" });
    const H = hessian(f)(x);
    const H2 = jacrev(jacrev(f))(x);
    const h = H.toArray() as number[][];
    const h2 = H2.toArray() as number[][];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        expect(h[i]![j]).toBeCloseTo(h[j]![i]!, 12);
        expect(h[i]![j]).toBeCloseTo(h2[i]![j]!, 12);
      }
  });
});
