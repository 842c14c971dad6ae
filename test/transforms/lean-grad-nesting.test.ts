// Review of b55ebc9/3cc6e4b: an outer transform's compact-tape tracers used as constants inside an
// inner (lean) grad, before and after the outer tape turned into nodes, and perturbation confusion.
import { describe, expect, it } from "vitest";
import { add, exp, grad, matmul, mul, reshape, scalar, sin, sum, valueAndGrad, type Tensor } from "../../src/index.js";

const num = (t: unknown): number => (t as Tensor).item();

describe("lean grad nested in a transform whose tape is live or materialized", () => {
  it("an outer tape tracer as a constant of an inner grad: d/dx grad_z(z·sin x)(x) = cos x", () => {
    const outer = grad((x: Tensor) => {
      const y = sin(x);
      return grad((z: Tensor) => mul(z, y))(x) as Tensor;
    });
    expect(num(outer(0.3))).toBeCloseTo(Math.cos(0.3), 15);
  });

  it("the same after the outer tape materialized (a non-scalar op on its tracers in between)", () => {
    const outer = grad((x: Tensor) => {
      const y = sin(x);
      const m = sum(matmul(reshape(y, [1, 1]), reshape(exp(x), [1, 1]))); // not a scalar rule: the tape turns into nodes
      return add(grad((z: Tensor) => mul(z, y))(x) as Tensor, mul(m, scalar(0, "float64")));
    });
    expect(num(outer(0.3))).toBeCloseTo(Math.cos(0.3), 15);
  });

  it("no perturbation confusion: d/dx [x · d/dy (x + y)](1) = 1", () => {
    const g = grad((x: Tensor) => mul(x, grad((y: Tensor) => add(x, y))(1) as Tensor))(1);
    expect(num(g)).toBe(1);
  });

  it("valueAndGrad inside valueAndGrad on numbers: values and both derivatives", () => {
    const [v, g] = valueAndGrad((x: Tensor) => {
      const [iv, ig] = valueAndGrad((z: Tensor) => mul(mul(z, z), x))(x) as [Tensor, Tensor];
      return add(iv, ig); // x³ + 2x²
    })(2) as [Tensor, Tensor];
    expect(num(v)).toBe(16);
    expect(num(g)).toBe(20); // 3x² + 4x
  });
});
