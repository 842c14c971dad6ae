import { describe, expect, it } from "vitest";
import {
  argmax, argmin, binaryCrossEntropyWithLogits, compile, logsumexp, max, min, mseLoss, nn, ones, ShapeError, tensor, zeros, type Tensor,
} from "../../src/index.js";

describe("elementwise losses refuse mismatched shapes instead of broadcasting", () => {
  it("mseLoss([4, 1], [4]) raises a ShapeError naming both shapes (it broadcast to 16 pairs before)", () => {
    const pred = tensor([[1], [2], [3], [4]]);
    const target = tensor([1, 2, 3, 4]);
    expect(() => mseLoss(pred, target)).toThrow(ShapeError);
    expect(() => mseLoss(pred, target)).toThrow("mseLoss: target of shape [4] must have the input's shape [4, 1]");
    expect(() => new nn.MSELoss().forward(pred, target)).toThrow(ShapeError);
    expect(mseLoss(pred, target.reshape([4, 1])).item()).toBe(0);
    expect(mseLoss(tensor([1, 3]), 1).item()).toBe(2); // a number is a constant target
  });

  it("binaryCrossEntropyWithLogits and BCEWithLogitsLoss too", () => {
    expect(() => binaryCrossEntropyWithLogits(zeros([3, 1]), ones([3]))).toThrow(/binaryCrossEntropyWithLogits: targets of shape \[3\] must have the input's shape \[3, 1\]/);
    expect(() => new nn.BCEWithLogitsLoss().forward(zeros([2]), ones([1]))).toThrow(ShapeError);
    expect(binaryCrossEntropyWithLogits(zeros([2]), ones([2])).item()).toBeCloseTo(Math.LN2, 6);
  });
});

describe("max, min, argmax and argmin of nothing raise", () => {
  it("an empty tensor", () => {
    expect(() => argmax(zeros([0]))).toThrow(ShapeError);
    expect(() => argmax(zeros([0]))).toThrow(/argmax: cannot take the argmax of an empty axis/);
    expect(() => argmin(zeros([2, 0]))).toThrow(/argmin/);
    expect(() => max(zeros([0]))).toThrow("max: cannot reduce over no elements (axes [0] of shape [0])");
    expect(() => min(zeros([0, 3]))).toThrow(/min: cannot reduce over no elements/);
    expect(() => max(tensor([], { dtype: "bool" }))).toThrow(/max/);
  });

  it("an axis of length 0; reducing a non-empty axis of an empty tensor is fine", () => {
    expect(() => argmax(zeros([3, 0]), 1)).toThrow(/axis 1 of shape \[3, 0\]/);
    expect(() => max(zeros([3, 0]), 1)).toThrow(/axes \[1\] of shape \[3, 0\]/);
    expect(max(zeros([0, 3]), 1).shape).toEqual([0]);
    expect(argmax(zeros([0, 3]), 1).shape).toEqual([0]);
    expect(logsumexp(zeros([0])).item()).toBe(-Infinity);
  });

  it("under compile, too", () => {
    expect(() => compile((x: Tensor) => argmax(x))(zeros([0]))).toThrow(/argmax/);
  });
});
