// Pooling: hand-computed values (stride, overlap, padding, dilation, cropping), the tie convention,
// avgPool2d's divisor options, and gradients to second order.
import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { avgPool2d, maxPool2d } from "../../src/nn/functional/pooling.js";
import { arange, ones, randn, tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGrads } from "../../src/testing/check-grads.js";

const f64 = { dtype: "float64" } as const;
// [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]]
const x = arange(0, 16, 1, f64).reshape([1, 1, 4, 4]);
const plane = (t: Tensor): unknown => (t.toArray() as unknown[][])[0]![0];

describe("maxPool2d", () => {
  it("2×2 windows, stride 2 (the default stride is the kernel size)", () => {
    expect(plane(maxPool2d(x, 2))).toEqual([[5, 7], [13, 15]]);
  });

  it("overlapping 3×3 windows with stride 1", () => {
    expect(plane(maxPool2d(x, 3, { stride: 1 }))).toEqual([[10, 11], [14, 15]]);
  });

  it("padding is −∞, so it never wins", () => {
    const y = maxPool2d(x.neg(), 2, { stride: 2, padding: 1 });
    expect(plane(y)).toEqual([[-0, -1, -3], [-4, -5, -7], [-12, -13, -15]]);
  });

  it("dilation 2", () => {
    expect(plane(maxPool2d(x, 2, { stride: 1, dilation: 2 }))).toEqual([[10, 11], [14, 15]]);
    expect(plane(maxPool2d(x.neg(), 2, { stride: 1, dilation: 2 }))).toEqual([[-0, -1], [-4, -5]]);
  });

  it("drops the rows and columns that do not fill a window (floor mode)", () => {
    const y = maxPool2d(arange(0, 25, 1, f64).reshape([1, 1, 5, 5]), 2);
    expect(plane(y)).toEqual([[6, 8], [16, 18]]);
  });

  it("rectangular windows and per-axis stride, unbatched input", () => {
    const y = maxPool2d(x.reshape([1, 4, 4]), [1, 4], { stride: [2, 1] });
    expect(y.shape).toEqual([1, 2, 1]);
    expect(y.toArray()).toEqual([[[3], [11]]]);
  });

  it("ties share the gradient evenly (documented convention)", () => {
    const t = tensor([[[[1, 1], [0, 1]]]], { dtype: "float64", requiresGrad: true });
    maxPool2d(t, 2).sum().backward();
    expect(t.grad!.data().map((v) => Math.round(v * 3))).toEqual(new Float64Array([1, 1, 0, 1]));
  });

  it("routes the gradient to the maximum of each window", () => {
    const t = tensor(x.data(), { shape: [1, 1, 4, 4], dtype: "float64", requiresGrad: true });
    maxPool2d(t, 2).sum().backward();
    expect(plane(t.grad!)).toEqual([[0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1]]);
  });

  it("explains bad options", () => {
    expect(() => maxPool2d(x, 3, { padding: 2 })).toThrow(/padding \[2,2\] must be at most half the kernel size/);
    expect(() => maxPool2d(x, 5)).toThrow(/does not fit in the input \[1, 1, 4, 4\]/);
    expect(() => maxPool2d(ones([4, 4]), 2)).toThrow(/\[N, C, H, W\] or unbatched \[C, H, W\]/);
    expect(() => maxPool2d(x, 0)).toThrow(/kernelSize must be an integer ≥ 1/);
  });
});

describe("avgPool2d", () => {
  it("2×2 windows", () => {
    expect(plane(avgPool2d(x, 2))).toEqual([[2.5, 4.5], [10.5, 12.5]]);
  });

  it("overlapping windows with stride 1", () => {
    expect(plane(avgPool2d(x, 2, { stride: 1 }))).toEqual([[2.5, 3.5, 4.5], [6.5, 7.5, 8.5], [10.5, 11.5, 12.5]]);
  });

  it("padding counts in the divisor by default (PyTorch's countIncludePad)", () => {
    const y = avgPool2d(ones([1, 1, 2, 2], f64), 2, { stride: 1, padding: 1 });
    expect(plane(y)).toEqual([[0.25, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 0.25]]);
  });

  it("countIncludePad: false divides by the real elements only", () => {
    const y = avgPool2d(ones([1, 1, 2, 2], f64), 2, { stride: 1, padding: 1, countIncludePad: false });
    expect(plane(y)).toEqual([[1, 1, 1], [1, 1, 1], [1, 1, 1]]);
  });

  it("divisorOverride", () => {
    expect(plane(avgPool2d(x, 2, { divisorOverride: 1 }))).toEqual([[10, 18], [42, 50]]);
  });
});

describe("pooling gradients", () => {
  const t = randn([2, 3, 5, 6], { seed: 3, ...f64 });
  const cases: [string, (x: Tensor) => Tensor][] = [
    ["maxPool2d 2", (x) => maxPool2d(x, 2)],
    ["maxPool2d 3, stride 2, padding 1", (x) => maxPool2d(x, 3, { stride: 2, padding: 1 })],
    ["maxPool2d [2, 3], stride 1, dilation [2, 1]", (x) => maxPool2d(x, [2, 3], { stride: 1, dilation: [2, 1] })],
    ["avgPool2d 2", (x) => avgPool2d(x, 2)],
    ["avgPool2d 3, stride 1, padding 1", (x) => avgPool2d(x, 3, { stride: 1, padding: 1 })],
    ["avgPool2d 3, stride 2, padding 1, countIncludePad false", (x) => avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false })],
  ];
  for (const [name, f] of cases)
    it(`${name}: checkGrads to order 2`, () => {
      checkGrads((x) => f(x).mul(f(x)), [t], { order: 2, name });
    });
});
