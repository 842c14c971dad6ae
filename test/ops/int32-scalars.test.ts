import { describe, expect, it } from "vitest";
import {
  add, ArgumentError, div, equal, full, greater, greaterEqual, less, lessEqual, mul, notEqual, scalar, sub, tensor,
} from "../../src/index.js";

const i32 = (xs: number[]) => tensor(xs, { dtype: "int32" });
const bools = (t: { data(): ArrayLike<number> }) => Array.from(t.data(), Boolean);

describe("an int32 tensor meeting a JS number", () => {
  it("comparisons with numbers int32 does not hold are exact (float64), not wrapped", () => {
    expect(bools(less(i32([5]), 3e9))).toEqual([true]);
    expect(bools(greater(i32([5]), -3e9))).toEqual([true]);
    expect(bools(lessEqual(3e9, i32([5])))).toEqual([false]);
    expect(bools(greaterEqual(i32([5, 6]), 5.5))).toEqual([false, true]);
    expect(bools(equal(i32([2 ** 31 - 1]), 2 ** 32 - 1))).toEqual([false]);
    expect(bools(notEqual(i32([1]), 2 ** 32 + 1))).toEqual([true]);
    // float32 would round both sides to 16777216
    expect(bools(equal(i32([16777217]), 16777217.5))).toEqual([false]);
    expect(bools(less(i32([16777217]), 16777217.5))).toEqual([true]);
    expect(bools(less(i32([5]), Infinity))).toEqual([true]);
    expect(bools(less(tensor([true]), 3e9))).toEqual([true]);
  });

  it("arithmetic with an integer outside int32 raises instead of wrapping the number", () => {
    expect(() => mul(i32([3]), 1e10)).toThrow(ArgumentError);
    expect(() => mul(i32([3]), 1e10)).toThrow("mul: the number 10000000000 does not fit the int32 operand");
    expect(() => add(3e9, i32([1]))).toThrow(/add: the number 3000000000/);
    expect(() => i32([1]).sub(-3e9)).toThrow(/sub: the number -3000000000/);
    expect(() => sub(tensor([true]), 2 ** 31)).toThrow(/sub: the number 2147483648/);
  });

  it("float ops (div, atan2, matmul) meet the number as floats: no int32 range applies", () => {
    expect(div(i32([6]), 3e9).dtype).toBe("float32");
    expect(div(i32([6]), 3e9).item()).toBe(Math.fround(6 / Math.fround(3e9)));
    expect(div(3e9, i32([3])).item()).toBe(1e9);
  });

  it("a fraction promotes to float32 (weak scalars); in-range integers keep int32", () => {
    expect(add(i32([3]), 0.5).dtype).toBe("float32");
    expect(add(i32([3]), 0.5).item()).toBe(3.5);
    expect(mul(i32([3]), 2 ** 30).dtype).toBe("int32");
    expect(mul(i32([3]), -(2 ** 31)).dtype).toBe("int32");
  });

  it("int32 arithmetic wraps around (two's complement), as in NumPy and PyTorch", () => {
    expect(mul(i32([2 ** 30]), 4).item()).toBe(0);
    expect(add(i32([2 ** 31 - 1]), 1).item()).toBe(-(2 ** 31));
  });

  it("creation functions refuse values int32 cannot hold", () => {
    expect(() => tensor([3e9], { dtype: "int32" })).toThrow(/tensor: the value 3000000000 does not fit int32/);
    expect(() => tensor(new Float64Array([NaN]), { dtype: "int32" })).toThrow(/tensor: the value NaN does not fit int32/);
    expect(() => full([2], Infinity, { dtype: "int32" })).toThrow(/full: the value Infinity/);
    expect(() => scalar(-3e9, "int32")).toThrow(/scalar: the value -3000000000/);
    expect(tensor([2147483647.5, -2147483648.9], { dtype: "int32" }).toArray()).toEqual([2147483647, -2147483648]);
    const counter = tensor([1, 2], { dtype: "int32" });
    expect(() => counter.assign(tensor([1, 3e9], { dtype: "float64" }))).toThrow(/assign: the value 3000000000 does not fit int32/);
    expect(counter.toArray()).toEqual([1, 2]);
  });
});
