import { describe, expect, it } from "vitest";
import { betainc, gammainc, gammaincc, grad, parseExpression, scalar, trace, type Tensor } from "../../src/index.js";

describe("incomplete gamma and beta in traces and expressions", () => {
  it("traces write P, Q and I, and a parameter derivative as the partial it is", () => {
    expect(trace((a: Tensor, x: Tensor) => gammainc(a, x), scalar(2), scalar(1.5)).toString()).toContain("P(v−1, v0)");
    expect(trace((a: Tensor, x: Tensor) => gammaincc(a, x), scalar(2), scalar(1.5)).toString()).toContain("Q(v−1, v0)");
    expect(trace((x: Tensor) => betainc(scalar(2), scalar(3), x), scalar(0.3)).toString()).toContain("I(v0; 2, 3)");
    const g = grad((a: Tensor) => gammainc(a, scalar(1.5)));
    expect(trace((a: Tensor) => g(a), scalar(2)).toString()).toContain("∂ₐP(v0, 1.5)");
  });
  it("expressions call them by their JAX names", () => {
    const e = parseExpression("gammainc(a, x) + gammaincc(a, x) + betainc(2, 3, x)");
    const v = (e.fn as (...a: Tensor[]) => Tensor)(scalar(2, "float64"), scalar(0.3, "float64")).item();
    expect(v).toBeCloseTo(1 + betainc(scalar(2, "float64"), scalar(3, "float64"), scalar(0.3, "float64")).item(), 12);
  });
});
