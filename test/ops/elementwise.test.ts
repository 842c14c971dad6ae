import "../../src/index.js";
import { describe, expect, it } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { expectClose, f64, values } from "./helpers.js";

const xs = [-1.5, -0.5, 0, 0.25, 2];
const unit = [-0.9, -0.5, 0, 0.25, 0.75];
const positive = [0.1, 0.5, 1, 2.5, 10];

describe("unary functions match Math", () => {
  const table: [string, (x: Tensor) => Tensor, (v: number) => number, number[]][] = [
    ["exp", ops.exp, Math.exp, xs],
    ["log", ops.log, Math.log, positive],
    ["log1p", ops.log1p, Math.log1p, positive],
    ["expm1", ops.expm1, Math.expm1, xs],
    ["sin", ops.sin, Math.sin, xs],
    ["cos", ops.cos, Math.cos, xs],
    ["tan", ops.tan, Math.tan, unit],
    ["asin", ops.asin, Math.asin, unit],
    ["acos", ops.acos, Math.acos, unit],
    ["atan", ops.atan, Math.atan, xs],
    ["sinh", ops.sinh, Math.sinh, xs],
    ["cosh", ops.cosh, Math.cosh, xs],
    ["tanh", ops.tanh, Math.tanh, xs],
    ["abs", ops.abs, Math.abs, xs],
    ["sign", ops.sign, Math.sign, xs],
    ["sqrt", ops.sqrt, Math.sqrt, positive],
    ["rsqrt", ops.rsqrt, (v) => 1 / Math.sqrt(v), positive],
    ["floor", ops.floor, Math.floor, xs],
    ["ceil", ops.ceil, Math.ceil, xs],
  ];
  for (const [name, f, ref, points] of table)
    it(name, () => {
      const y = f(f64(points));
      expect(y.dtype).toBe("float64");
      expectClose(y, points.map(ref), 1e-12);
    });
  it("erf", () => expectClose(ops.erf(f64([0, 0.5, 1, -2])), [0, 0.5204998778130465, 0.8427007929497149, -0.9953222650189527], 1e-9));
  it("round: ties to even", () => expectClose(ops.round(tensor([0.5, 1.5, 2.5, -0.5, 1.4])), [0, 2, 2, -0, 1]));
});

describe("integer and bool inputs", () => {
  it("float-only functions cast int32 and bool to float32", () => {
    const i = tensor([1, 4], { dtype: "int32" });
    for (const f of [ops.exp, ops.log, ops.sin, ops.sqrt, ops.tanh, ops.erf, ops.sigmoid, ops.rsqrt]) expect(f(i).dtype).toBe("float32");
    expectClose(ops.sqrt(i), [1, 2]);
    expect(ops.exp(tensor([true, false])).dtype).toBe("float32");
    expect(ops.exp(0).dtype).toBe("float32");
  });
  it("abs, sign, floor, ceil, round keep integers", () => {
    const i = tensor([-3, 0, 2], { dtype: "int32" });
    for (const f of [ops.abs, ops.sign, ops.floor, ops.ceil, ops.round]) expect(f(i).dtype).toBe("int32");
    expect(values(ops.abs(i))).toEqual([3, 0, 2]);
    expect(values(ops.sign(i))).toEqual([-1, 0, 1]);
  });
});

describe("binary elementwise", () => {
  it("atan2 covers all quadrants and broadcasts", () => {
    expectClose(ops.atan2(f64([1, 1, -1, -1]), f64([1, -1, 1, -1])), [Math.PI / 4, (3 * Math.PI) / 4, -Math.PI / 4, (-3 * Math.PI) / 4], 1e-12);
    expect(ops.atan2(f64([[1], [2]]), f64([1, 2, 3])).shape).toEqual([2, 3]);
  });
  it("maximum and minimum broadcast and propagate NaN", () => {
    expectClose(ops.maximum(tensor([[1, 5]]), tensor([[3], [0]])), [[3, 5], [1, 5]]);
    expectClose(ops.minimum(tensor([[1, 5]]), tensor([[3], [0]])), [[1, 3], [0, 0]]);
    expectClose(ops.maximum(tensor([NaN, 1]), 0), [NaN, 1]);
    expectClose(ops.minimum(tensor([NaN, 1]), 0), [NaN, 0]);
  });
  it("maximum/minimum on integers stay integers", () => {
    const a = tensor([1, 5], { dtype: "int32" });
    expect(ops.maximum(a, 3).dtype).toBe("int32");
    expect(values(ops.maximum(a, 3))).toEqual([3, 5]);
    expect(values(ops.minimum(a, 3))).toEqual([1, 3]);
  });
  it("ties of maximum and minimum share the derivative (T2.4)", () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => ops.maximum(a, b), { argnums: [0, 1] })(1, 1) as Tensor[];
    expect([ga!.item(), gb!.item()]).toEqual([0.5, 0.5]);
    const [ha, hb] = grad((a: Tensor, b: Tensor) => ops.minimum(a, b), { argnums: [0, 1] })(2, 2) as Tensor[];
    expect([ha!.item(), hb!.item()]).toEqual([0.5, 0.5]);
    expect(grad((a: Tensor) => ops.minimum(a, 3))(1).item()).toBe(1);
    expect(grad((a: Tensor) => ops.minimum(a, 3))(4).item()).toBe(0);
  });
});

describe("clamp", () => {
  it("values, one-sided bounds, NaN", () => {
    expectClose(ops.clamp(tensor([-2, 0.5, 3]), 0, 1), [0, 0.5, 1]);
    expectClose(ops.clamp(tensor([-2, 3]), 0), [0, 3]);
    expectClose(ops.clamp(tensor([-2, 3]), null, 1), [-2, 1]);
    expectClose(ops.clamp(tensor([NaN]), 0, 1), [NaN]);
    expectClose(ops.clamp(tensor([0.5]), 1, 0), [0]); // lo > hi gives hi, as numpy
  });
  it("passes the derivative only strictly inside (NOTE in clamp)", () => {
    const g = grad((x: Tensor) => ops.sum(ops.clamp(x, 0, 1)))(f64([-1, 0, 0.5, 1, 2]));
    expectClose(g, [0, 0, 1, 0, 0]);
  });
  it("the derivative at and beyond a tensor bound goes to the bound", () => {
    const g = grad((lo: Tensor) => ops.sum(ops.clamp(f64([-1, 0, 0.5]), lo, 1)))(f64([0, 0, 0]));
    expectClose(g, [1, 1, 0]);
  });
});
