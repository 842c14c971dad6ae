import "../../src/index.js";
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/core/errors.js";
import * as ops from "../../src/ops/index.js";
import { arange, tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { expectClose, f64, values } from "./helpers.js";

const m = tensor([[1, 5, 3], [4, 2, 6]]);
const cube = ops.reshape(arange(24), [2, 3, 4]);

describe("sum and mean", () => {
  it("over all axes, one axis, several axes, negative axes", () => {
    expectClose(ops.sum(m), 21);
    expectClose(ops.sum(m, 0), [5, 7, 9]);
    expectClose(ops.sum(m, -1), [9, 12]);
    expectClose(ops.sum(cube, [0, 2]), [60, 92, 124]);
    expectClose(ops.sum(cube, [-1, -3]), [60, 92, 124]);
    expectClose(ops.mean(m, 1), [3, 4]);
    expectClose(ops.mean(cube), 11.5);
  });
  it("keepdims keeps size-1 axes", () => {
    expect(ops.sum(m, 1, true).shape).toEqual([2, 1]);
    expect(ops.sum(cube, [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(ops.mean(m, undefined, true).shape).toEqual([1, 1]);
    expectClose(ops.mean(m, 0, true), [[2.5, 3.5, 4.5]]);
  });
  it("dtypes: int sums stay int32, bool sums count, means are float", () => {
    const i = tensor([[1, 2], [3, 4]], { dtype: "int32" });
    expect(ops.sum(i).dtype).toBe("int32");
    expect(ops.sum(tensor([true, true, false])).item()).toBe(2);
    expect(ops.sum(tensor([true, true, false])).dtype).toBe("int32");
    expect(ops.mean(i).dtype).toBe("float32");
    expect(ops.mean(i).item()).toBe(2.5);
  });
  it("bad axes name the op and the axis", () => {
    expect(() => ops.sum(m, 2)).toThrow(ShapeError);
    expect(() => ops.sum(m, 2)).toThrow(/sum: axis 2 is out of range for a tensor of rank 2/);
    expect(() => ops.mean(m, -3)).toThrow(/mean: axis -3 is out of range/);
    expect(() => ops.max(m, [0, 0])).toThrow(/max: repeated axis/);
    expect(() => ops.sum(m, 0.5)).toThrow(/sum: axis must be an integer/);
  });
});

describe("max, min, argmax, argmin", () => {
  it("values with axes and keepdims", () => {
    expectClose(ops.max(m), 6);
    expectClose(ops.max(m, 1), [5, 6]);
    expectClose(ops.min(m, 0), [1, 2, 3]);
    expectClose(ops.min(m, -1, true), [[1], [2]]);
    expect(values(ops.argmax(m, 1))).toEqual([1, 2]);
    expect(values(ops.argmin(m, 0))).toEqual([0, 1, 0]);
    expect(ops.argmax(m).item()).toBe(5);
    expect(ops.argmin(m).item()).toBe(0);
    expect(ops.argmax(m, -1, true).shape).toEqual([2, 1]);
    expect(ops.argmax(m).dtype).toBe("int32");
  });
  it("NaN propagates; integers and bools keep their dtype", () => {
    expectClose(ops.max(tensor([1, NaN, 3])), NaN);
    expectClose(ops.min(tensor([1, NaN, 3])), NaN);
    const i = tensor([3, -1, 2], { dtype: "int32" });
    expect(ops.max(i).dtype).toBe("int32");
    expect(ops.min(i).item()).toBe(-1);
    expect(ops.max(tensor([false, true])).toArray()).toBe(true);
    expect(ops.min(tensor([false, true])).toArray()).toBe(false);
  });
  it("T2.5: ties share the gradient evenly: max of [1, 1, 0] → [½, ½, 0]", () => {
    expectClose(grad((x: Tensor) => ops.max(x))(f64([1, 1, 0])), [0.5, 0.5, 0]);
    expectClose(grad((x: Tensor) => ops.min(x))(f64([0, 1, 0])), [0.5, 0, 0.5]);
    expectClose(grad((x: Tensor) => ops.sum(ops.max(x, 1)))(f64([[1, 3, 3], [2, 0, 1]])), [[0, 0.5, 0.5], [1, 0, 0]]);
  });
});

describe("prod", () => {
  it("values with axes, keepdims, empty axes", () => {
    expectClose(ops.prod(tensor([[1, 2], [3, 4]]), 1), [2, 12]);
    expectClose(ops.prod(tensor([[1, 2], [3, 4]]), 0, true), [[3, 8]]);
    expectClose(ops.prod(f64([1, 2, 3, 4, 5, 6, 7])), 5040);
    expectClose(ops.prod(cube, [0, 2]), [0 * 1 * 2 * 3 * 12 * 13 * 14 * 15, 4 * 5 * 6 * 7 * 16 * 17 * 18 * 19, 8 * 9 * 10 * 11 * 20 * 21 * 22 * 23], 1e-6);
    expectClose(ops.prod(ops.reshape(tensor([]), [0, 3]), 0), [1, 1, 1]);
    expect(ops.prod(tensor([2, 3], { dtype: "int32" })).dtype).toBe("int32");
  });
  it("gradient with zeros: ∇prod [2, 0, 3] = [0, 6, 0], and two zeros give all zeros", () => {
    expectClose(grad((x: Tensor) => ops.prod(x))(f64([2, 0, 3])), [0, 6, 0]);
    expectClose(grad((x: Tensor) => ops.prod(x))(f64([0, 2, 0, 3])), [0, 0, 0, 0]);
    expectClose(grad((x: Tensor) => ops.prod(x))(f64([2, 5, 3])), [15, 6, 10]);
  });
  it("second derivative with a zero is exact (no division by x)", () => {
    // ∂²/∂x₀∂x₁ of x₀x₁x₂ = x₂; at [2, 0, 3] the Hessian row of x₁ is [3, 0, 2].
    const g1 = (x: Tensor) => ops.gather(grad((y: Tensor) => ops.prod(y))(x) as Tensor, [1]);
    expectClose(grad((x: Tensor) => ops.sum(g1(x)))(f64([2, 0, 3])), [3, 0, 2]);
  });
});

describe("variance and std", () => {
  it("population variance by default, Bessel's correction on request", () => {
    expectClose(ops.variance(f64([1, 2, 3, 4])), 1.25);
    expectClose(ops.variance(f64([1, 2, 3, 4]), 0, false, { correction: 1 }), 5 / 3, 1e-12);
    expectClose(ops.std(f64([1, 2, 3, 4])), Math.sqrt(1.25), 1e-12);
    expectClose(ops.variance(f64([[1, 3], [2, 6]]), 1, true), [[1], [4]]);
    expectClose(ops.std(f64([[1, 3], [2, 6]]), -1), [1, 2]);
    expect(ops.variance(tensor([1, 2], { dtype: "int32" })).dtype).toBe("float32");
  });
  it("std of constant data has gradient 0, not NaN (NOTE in std)", () => {
    expectClose(grad((x: Tensor) => ops.std(x))(f64([2, 2, 2])), [0, 0, 0]);
  });
});

describe("broadcasting in backward (ad-features §4.5)", () => {
  it("T5.4: ∇ Σ(x − mean x) = 0", () => {
    expectClose(grad((x: Tensor) => ops.sum(ops.sub(x, ops.mean(x))))(f64([1, 2, 3, 4])), [0, 0, 0, 0], 1e-15);
  });
  it("mean's gradient is 1/n over the reduced axes only", () => {
    expectClose(grad((x: Tensor) => ops.sum(ops.mean(x, 1)))(f64([[1, 2], [3, 4]])), [[0.5, 0.5], [0.5, 0.5]]);
  });
});
