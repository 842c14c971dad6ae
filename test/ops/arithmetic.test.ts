import "../../src/index.js";
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/core/errors.js";
import { add, div, mul, neg, pow, reciprocal, square, sub, toTensor } from "../../src/ops/index.js";
import { scalar, tensor } from "../../src/tensor/creation.js";
import { expectClose, f64 } from "./helpers.js";

const i32 = (d: number[]) => tensor(d, { dtype: "int32" });

describe("arithmetic values", () => {
  it("broadcasts like numpy", () => {
    const col = tensor([[1], [2], [3]]);
    const row = tensor([10, 20]);
    expectClose(add(col, row), [[11, 21], [12, 22], [13, 23]]);
    expectClose(sub(row, col), [[9, 19], [8, 18], [7, 17]]);
    expectClose(mul(col, row), [[10, 20], [20, 40], [30, 60]]);
    expectClose(div(row, col), [[10, 20], [5, 10], [10 / 3, 20 / 3]], 1e-6);
  });
  it("neg, pow, square, reciprocal", () => {
    expectClose(neg(tensor([1, -2, 0])), [-1, 2, -0]);
    expectClose(pow(tensor([2, 3, 4]), 2), [4, 9, 16]);
    expectClose(pow(2, tensor([0, 1, 3])), [1, 2, 8]);
    expectClose(pow(tensor([4]), 0.5), [2]);
    expectClose(square(tensor([-3, 0.5])), [9, 0.25]);
    expectClose(reciprocal(tensor([2, -4])), [0.5, -0.25]);
    expect(reciprocal(tensor([0])).item()).toBe(Infinity);
  });
  it("accepts numbers on either side", () => {
    expectClose(add(1, tensor([1, 2])), [2, 3]);
    expectClose(sub(1, tensor([1, 2])), [0, -1]);
    expectClose(div(1, tensor([2, 4])), [0.5, 0.25]);
    expect(add(2, 3).item()).toBe(5);
  });
});

describe("dtype rules", () => {
  it("a number takes the tensor's dtype", () => {
    expect(mul(tensor([1, 2]), 2).dtype).toBe("float32");
    expect(mul(f64([1, 2]), 2).dtype).toBe("float64");
    expect(add(2, f64([1])).dtype).toBe("float64");
    expect(add(i32([1, 2]), 3).dtype).toBe("int32");
  });
  it("a fractional number next to an int32 tensor gives float32", () => {
    const y = add(i32([1, 2]), 0.5);
    expect(y.dtype).toBe("float32");
    expectClose(y, [1.5, 2.5]);
  });
  it("float32 with float64 promotes to float64", () => {
    expect(add(tensor([1]), f64([1])).dtype).toBe("float64");
    expect(mul(f64([1]), tensor([1])).dtype).toBe("float64");
    expect(add(i32([1]), f64([1])).dtype).toBe("float64");
    expect(add(i32([1]), tensor([1])).dtype).toBe("float32");
  });
  it("two numbers give float32", () => {
    expect(add(1, 2).dtype).toBe("float32");
    expect(toTensor(3).dtype).toBe("float32");
  });
  it("integer arithmetic stays int32; division is true division", () => {
    const a = i32([7, -7]);
    const b = i32([2, 2]);
    expect(add(a, b).dtype).toBe("int32");
    expect(mul(a, b).dtype).toBe("int32");
    expect(neg(a).dtype).toBe("int32");
    expect(square(a).dtype).toBe("int32");
    const q = div(a, b);
    expect(q.dtype).toBe("float32");
    expectClose(q, [3.5, -3.5]);
    expect(reciprocal(i32([4])).dtype).toBe("float32");
    const p = pow(i32([2, 3]), i32([10, 2]));
    expect(p.dtype).toBe("int32");
    expect(Array.from(p.data())).toEqual([1024, 9]);
  });
  it("bool operands of arithmetic count as int32", () => {
    const t = tensor([true, false, true]);
    const s = add(t, t);
    expect(s.dtype).toBe("int32");
    expect(Array.from(s.data())).toEqual([2, 0, 2]);
    expect(Array.from(neg(t).data())).toEqual([-1, 0, -1]);
  });
  it("keeps rank-0 results rank-0", () => {
    expect(add(scalar(1), scalar(2)).shape).toEqual([]);
  });
});

describe("arithmetic errors", () => {
  it("mismatched shapes name the op and both shapes", () => {
    expect(() => add(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => add(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 2]))).toThrow(/add.*\[2, 3\].*\[2\]/);
    expect(() => mul(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(/mul.*\[3\].*\[2\]/);
    expect(() => div(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(/div.*\[3\].*\[2\]/);
  });
  it("a non-tensor argument names the op and what it got", () => {
    expect(() => add([1, 2] as never, 1)).toThrow(/add: argument 1 \(x\) must be a tensor or a number \(wrap an array in tensor\(\.\.\.\)\), got an array of length 2/);
    expect(() => neg("x" as never)).toThrow(/neg: x must be a tensor or a number, got the string "x"/);
  });
});
