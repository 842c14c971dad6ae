import "../../src/index.js";
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/core/errors.js";
import * as ops from "../../src/ops/index.js";
import { arange, tensor, zeros } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { expectClose, f64, values } from "./helpers.js";

const a23 = tensor([[1, 2, 3], [4, 5, 6]]);

describe("reshape, flatten, squeeze, unsqueeze", () => {
  it("reshape infers one -1 and names both shapes on failure", () => {
    expect(ops.reshape(arange(6), [2, -1]).shape).toEqual([2, 3]);
    expectClose(ops.reshape(a23, [3, 2]), [[1, 2], [3, 4], [5, 6]]);
    expect(() => ops.reshape(arange(6), [4, -1])).toThrow(/reshape: cannot reshape \[6\] \(6 elements\) into \[4, -1\]/);
    expect(() => ops.reshape(arange(6), [-1, -1])).toThrow(/only one -1/);
  });
  it("flatten all or a range of axes", () => {
    expect(ops.flatten(zeros([2, 3, 4])).shape).toEqual([24]);
    expect(ops.flatten(zeros([2, 3, 4]), 1).shape).toEqual([2, 12]);
    expect(ops.flatten(zeros([2, 3, 4]), 0, -2).shape).toEqual([6, 4]);
    expect(ops.flatten(tensor(5)).shape).toEqual([1]);
    expect(() => ops.flatten(zeros([2, 3]), 1, 0)).toThrow(/flatten: startAxis 1 comes after endAxis 0/);
  });
  it("squeeze all size-1 axes or the given ones", () => {
    expect(ops.squeeze(zeros([1, 3, 1])).shape).toEqual([3]);
    expect(ops.squeeze(zeros([1, 3, 1]), 0).shape).toEqual([3, 1]);
    expect(ops.squeeze(zeros([1, 3, 1]), [-1, 0]).shape).toEqual([3]);
    expect(() => ops.squeeze(zeros([1, 3]), 1)).toThrow(/squeeze: axis 1 of shape \[1, 3\] has size 3, expected 1/);
    expect(() => ops.squeeze(zeros([1, 3]), 2)).toThrow(/squeeze: axis 2 is out of range/);
  });
  it("unsqueeze at positions of the result", () => {
    expect(ops.unsqueeze(zeros([3]), 0).shape).toEqual([1, 3]);
    expect(ops.unsqueeze(zeros([3]), -1).shape).toEqual([3, 1]);
    expect(ops.unsqueeze(zeros([2, 3]), 1).shape).toEqual([2, 1, 3]);
    expect(ops.unsqueeze(zeros([3]), [0, -1]).shape).toEqual([1, 3, 1]);
    expect(() => ops.unsqueeze(zeros([3]), 2)).toThrow(/unsqueeze: axis 2 is out of range/);
  });
});

describe("broadcastTo, transpose, flip", () => {
  it("broadcastTo and its errors", () => {
    expectClose(ops.broadcastTo(tensor([1, 2]), [3, 2]), [[1, 2], [1, 2], [1, 2]]);
    expect(ops.broadcastTo(5, [2, 2]).shape).toEqual([2, 2]);
    expect(() => ops.broadcastTo(tensor([1, 2]), [3])).toThrow(/broadcastTo.*\[2\].*\[3\]/);
    expect(() => ops.broadcastTo(zeros([2, 2]), [2])).toThrow(/broadcastTo: cannot broadcast \[2, 2\] to the lower-rank shape \[2\]/);
    expectClose(grad((x: Tensor) => ops.sum(ops.broadcastTo(x, [3, 2])))(f64([1, 2])), [3, 3]);
  });
  it("transpose reverses axes by default and accepts negative perms", () => {
    expectClose(ops.transpose(a23), [[1, 4], [2, 5], [3, 6]]);
    expect(ops.transpose(zeros([2, 3, 4])).shape).toEqual([4, 3, 2]);
    expect(ops.transpose(zeros([2, 3, 4]), [0, -1, 1]).shape).toEqual([2, 4, 3]);
    expect(() => ops.transpose(zeros([2, 3]), [0])).toThrow(/transpose: perm \[0\] must list each of the 2 axes of \[2, 3\]/);
    expect(() => ops.transpose(zeros([2, 3]), [0, 0])).toThrow(/transpose: perm \[0, 0\] repeats an axis/);
  });
  it("flip along axes or all", () => {
    expectClose(ops.flip(tensor([1, 2, 3])), [3, 2, 1]);
    expectClose(ops.flip(a23, 1), [[3, 2, 1], [6, 5, 4]]);
    expectClose(ops.flip(a23), [[6, 5, 4], [3, 2, 1]]);
    expectClose(ops.flip(a23, -2), [[4, 5, 6], [1, 2, 3]]);
  });
});

describe("concat, stack, split", () => {
  it("concat along an axis, promoting dtypes", () => {
    expectClose(ops.concat([a23, tensor([[7], [8]])], 1), [[1, 2, 3, 7], [4, 5, 6, 8]]);
    expectClose(ops.concat([tensor([1]), tensor([2, 3])]), [1, 2, 3]);
    expect(ops.concat([tensor([1]), f64([2])]).dtype).toBe("float64");
    expect(ops.concat([a23, a23], -2).shape).toEqual([4, 3]);
  });
  it("concat errors name the shapes", () => {
    expect(() => ops.concat([a23, zeros([3, 3])], 1)).toThrow(/concat: tensor 1 has shape \[3, 3\], incompatible with \[2, 3\] along axis 1/);
    expect(() => ops.concat([a23, zeros([3])])).toThrow(/concat: tensor 1 has shape \[3\], tensor 0 has \[2, 3\]/);
    expect(() => ops.concat([])).toThrow(ShapeError);
    expect(() => ops.concat([tensor(1), tensor(2)])).toThrow(/rank-0/);
  });
  it("stack along a new axis", () => {
    expectClose(ops.stack([tensor([1, 2]), tensor([3, 4])]), [[1, 2], [3, 4]]);
    expectClose(ops.stack([tensor([1, 2]), tensor([3, 4])], 1), [[1, 3], [2, 4]]);
    expectClose(ops.stack([1, 2, 3]), [1, 2, 3]);
    expect(ops.stack([a23, a23], -1).shape).toEqual([2, 3, 2]);
    expect(() => ops.stack([tensor([1, 2]), tensor([1])])).toThrow(/stack: tensor 1 has shape \[1\], tensor 0 has \[2\]/);
  });
  it("split into n parts or sizes", () => {
    expect(ops.split(arange(6), 3).map(values)).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(ops.split(arange(6), [1, 5]).map(values)).toEqual([[0], [1, 2, 3, 4, 5]]);
    expect(ops.split(a23, [2, 1], -1).map((t) => t.shape)).toEqual([[2, 2], [2, 1]]);
    expect(() => ops.split(arange(6), 4)).toThrow(/split: cannot split axis 0 of size 6 \(shape \[6\]\) into 4 equal parts/);
    expect(() => ops.split(arange(6), [2, 2])).toThrow(/split: sizes \[2, 2\] must be non-negative integers summing to 6/);
  });
});

describe("slice, pad", () => {
  it("slice with -1 sizes, negative begins and short argument lists", () => {
    expectClose(ops.slice(arange(10), [2], [3]), [2, 3, 4]);
    expectClose(ops.slice(arange(10), [7], [-1]), [7, 8, 9]);
    expectClose(ops.slice(arange(10), [-2]), [8, 9]);
    expectClose(ops.slice(a23, [0, 1], [-1, 2]), [[2, 3], [5, 6]]);
    expectClose(ops.slice(a23, [1]), [[4, 5, 6]]);
    expect(() => ops.slice(a23, [0, 2], [1, 2])).toThrow(/slice: begin \[0, 2\] and size \[1, 2\] do not fit in a tensor of shape \[2, 3\]/);
  });
  it("pad with a value; its gradient slices", () => {
    expectClose(ops.pad(tensor([1, 2]), [[1, 2]]), [0, 1, 2, 0, 0]);
    expectClose(ops.pad(tensor([[1]]), [[0, 1], [1, 0]], 9), [[9, 1], [9, 9]]);
    expect(() => ops.pad(a23, [[1, 1]])).toThrow(/pad: expected 2 \[before, after\] pairs for shape \[2, 3\], got 1/);
    expectClose(grad((x: Tensor) => ops.sum(ops.mul(ops.pad(x, [[1, 1]], 3), f64([1, 2, 3, 4]))))(f64([0, 0])), [2, 3]);
  });
});

describe("gather and oneHot", () => {
  it("gather along an axis with negative and repeated indices", () => {
    expectClose(ops.gather(tensor([10, 20, 30]), [2, -3]), [30, 10]);
    expectClose(ops.gather(a23, [1], 1), [[2], [5]]);
    expectClose(ops.gather(a23, tensor([[0, 0], [1, 0]], { dtype: "int32" })), [[[1, 2, 3], [1, 2, 3]], [[4, 5, 6], [1, 2, 3]]]);
    expectClose(ops.gather(a23, 1, 0), [4, 5, 6]);
    expectClose(ops.gather(a23, tensor([-1], { dtype: "int32" }), -1), [[3], [6]]);
  });
  it("gather accumulates the gradient of repeated indices", () => {
    expectClose(grad((x: Tensor) => ops.sum(ops.gather(x, [0, 2, 0, -1])))(f64([1, 2, 3])), [2, 0, 2]);
  });
  it("gather errors name the index, axis and shape", () => {
    expect(() => ops.gather(a23, [3], 1)).toThrow(/gather: index 3 is out of range for axis 1 of size 3 \(shape \[2, 3\]\)/);
    expect(() => ops.gather(a23, [-3])).toThrow(/gather: index -3 is out of range for axis 0 of size 2/);
    expect(() => ops.gather(a23, tensor([0.5]))).toThrow(/gather: indices must be int32, got float32/);
    expect(() => ops.gather(a23, [0.5] as number[])).toThrow(/gather: indices must be integers/);
  });
  it("oneHot rows, dtype, out-of-range rows are zero", () => {
    expectClose(ops.oneHot([0, 2], 3), [[1, 0, 0], [0, 0, 1]]);
    expect(ops.oneHot([0], 2).dtype).toBe("float32");
    expect(ops.oneHot([0], 2, { dtype: "int32" }).dtype).toBe("int32");
    expect(ops.oneHot(tensor([[1], [0]], { dtype: "int32" }), 2).shape).toEqual([2, 1, 2]);
    expectClose(ops.oneHot([3, -1], 3), [[0, 0, 0], [0, 0, 0]]);
  });
});
