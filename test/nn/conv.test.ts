// Convolution: hand-computed cases (padding, stride, dilation, groups, bias, "same", unbatched),
// the transposed convolution as the adjoint of conv2d, shape errors, and gradients to second order
// of the user-facing function (the primitives themselves run in the registry-driven suite).
import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { conv2d, conv2dTranspose } from "../../src/nn/functional/conv2d.js";
import { arange, ones, randn, tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGrads } from "../../src/testing/check-grads.js";

const f64 = { dtype: "float64" } as const;
const grid = (n: number, h: number, w: number, c = 1): Tensor => arange(0, n * c * h * w, 1, f64).reshape([n, c, h, w]);

function inner(a: Tensor, b: Tensor): number {
  const x = a.data();
  const y = b.data();
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

describe("conv2d, hand-computed", () => {
  // x = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]]
  const x = grid(1, 4, 4);

  it("a 2×2 box filter sums each window", () => {
    const y = conv2d(x, ones([1, 1, 2, 2], f64));
    expect(y.shape).toEqual([1, 1, 3, 3]);
    expect(y.toArray()).toEqual([[[[10, 14, 18], [26, 30, 34], [42, 46, 50]]]]);
  });

  it("is a cross-correlation (the kernel is not flipped)", () => {
    const w = tensor([[[[1, 0], [0, 0]]]], f64); // picks the top-left pixel of each window
    expect(conv2d(x, w).toArray()).toEqual([[[[0, 1, 2], [4, 5, 6], [8, 9, 10]]]]);
  });

  it("stride 2", () => {
    expect(conv2d(x, ones([1, 1, 2, 2], f64), { stride: 2 }).toArray()).toEqual([[[[10, 18], [42, 50]]]]);
  });

  it("padding 1 adds zeros around the input", () => {
    const y = conv2d(x, ones([1, 1, 2, 2], f64), { padding: 1 });
    expect(y.shape).toEqual([1, 1, 5, 5]);
    expect((y.toArray() as number[][][][])[0]![0]![0]).toEqual([0, 1, 3, 5, 3]);
    expect((y.toArray() as number[][][][])[0]![0]![4]).toEqual([12, 25, 27, 29, 15]);
  });

  it("asymmetric padding [[top, bottom], [left, right]]", () => {
    const y = conv2d(x, tensor([[[[1]]]], f64), { padding: [[1, 0], [0, 2]] });
    expect(y.shape).toEqual([1, 1, 5, 6]);
    expect((y.toArray() as number[][][][])[0]![0]![0]).toEqual([0, 0, 0, 0, 0, 0]);
    expect((y.toArray() as number[][][][])[0]![0]![1]).toEqual([0, 1, 2, 3, 0, 0]);
  });

  it("dilation 2 spreads the taps", () => {
    // taps at (0,0), (0,2), (2,0), (2,2) of each window
    expect(conv2d(x, ones([1, 1, 2, 2], f64), { dilation: 2 }).toArray()).toEqual([[[[20, 24], [36, 40]]]]);
  });

  it("stride [2, 1] and padding [0, 1] per axis", () => {
    const y = conv2d(x, ones([1, 1, 1, 3], f64), { stride: [2, 1], padding: [0, 1] });
    expect(y.toArray()).toEqual([[[[1, 3, 6, 5], [17, 27, 30, 21]]]]);
  });

  it("groups: each group of channels has its own filters", () => {
    const x2 = grid(1, 2, 2, 2); // channel 0: [[0, 1], [2, 3]], channel 1: [[4, 5], [6, 7]]
    const w = tensor([[[[1, 1], [1, 1]]], [[[1, 0], [0, 0]]], [[[0, 0], [0, 1]]]], f64); // 3 output channels?
    expect(() => conv2d(x2, w, { groups: 2 })).toThrow(/groups = 2 must divide both the input channels \(2\) and the output channels \(3\)/);
    const w2 = tensor([[[[1, 1], [1, 1]]], [[[0, 0], [0, 1]]]], f64); // [2, 1, 2, 2]
    expect(conv2d(x2, w2, { groups: 2 }).toArray()).toEqual([[[[6]], [[7]]]]);
  });

  it("adds a bias per output channel", () => {
    const w = tensor([[[[1]]], [[[2]]]], f64);
    const y = conv2d(grid(1, 1, 2), w, { bias: tensor([10, 20], f64) });
    expect(y.toArray()).toEqual([[[[10, 11]], [[20, 22]]]]);
  });

  it('padding "same" keeps the size (extra row at the bottom for even kernels)', () => {
    expect(conv2d(x, ones([1, 1, 3, 3], f64), { padding: "same" }).shape).toEqual([1, 1, 4, 4]);
    const y = conv2d(x, tensor([[[[0, 0], [0, 1]]]], f64), { padding: "same" });
    // total padding 1 per axis: 0 before, 1 after, so output (i, j) reads x(i + 1, j + 1)
    expect((y.toArray() as number[][][][])[0]![0]![0]).toEqual([5, 6, 7, 0]);
    expect(() => conv2d(x, ones([1, 1, 3, 3], f64), { padding: "same", stride: 2 })).toThrow(/"same" needs stride 1/);
  });

  it("accepts an unbatched [C, H, W] input", () => {
    const y = conv2d(grid(1, 4, 4).reshape([1, 4, 4]), ones([2, 1, 2, 2], f64));
    expect(y.shape).toEqual([2, 3, 3]);
  });

  it("keeps float32 and promotes float32 with float64", () => {
    expect(conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2])).dtype).toBe("float32");
    expect(conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2], f64)).dtype).toBe("float64");
  });

  it("explains bad shapes", () => {
    expect(() => conv2d(ones([1, 3, 4, 4]), ones([2, 2, 3, 3]))).toThrow(/the weight \[2, 2, 3, 3\] has 2 input channels per group, the input \[1, 3, 4, 4\] has 3 channels/);
    expect(() => conv2d(ones([1, 1, 2, 2]), ones([1, 1, 3, 3]))).toThrow(/does not fit in the padded input/);
    expect(() => conv2d(ones([4, 4]), ones([1, 1, 3, 3]))).toThrow(/must be \[N, C, H, W\] or unbatched \[C, H, W\], got shape \[4, 4\]/);
    expect(() => conv2d(ones([1, 1, 4, 4]), ones([1, 1, 3, 3]), { stride: 0 })).toThrow(/stride must be an integer ≥ 1/);
    expect(() => conv2d(ones([1, 1, 4, 4]), ones([2, 1, 3, 3]), { bias: ones([3]) })).toThrow(/bias must have shape \[2\]/);
  });
});

describe("conv2dTranspose", () => {
  it("is the adjoint of conv2d: ⟨conv2d(x, w), y⟩ = ⟨x, conv2dTranspose(y, w)⟩", () => {
    const opts = { stride: 2, padding: 1, dilation: 1, groups: 2 };
    const x = randn([2, 4, 7, 7], { seed: 1, ...f64 });
    const w = randn([6, 2, 3, 3], { seed: 2, ...f64 });
    const y = randn([2, 6, 4, 4], { seed: 3, ...f64 });
    const cx = conv2d(x, w, opts);
    expect(cx.shape).toEqual([2, 6, 4, 4]);
    const ty = conv2dTranspose(y, w, opts);
    expect(ty.shape).toEqual([2, 4, 7, 7]);
    expect(inner(cx, y)).toBeCloseTo(inner(x, ty), 10);
  });

  it("output size (h − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1", () => {
    const y = randn([1, 4, 7, 7], { seed: 0 });
    const w = randn([4, 2, 3, 3], { seed: 1 });
    expect(conv2dTranspose(y, w, { stride: 2, padding: 1 }).shape).toEqual([1, 2, 13, 13]);
    expect(conv2dTranspose(y, w, { stride: 2, padding: 1, outputPadding: 1 }).shape).toEqual([1, 2, 14, 14]);
    expect(() => conv2dTranspose(y, w, { stride: 2, outputPadding: 2 })).toThrow(/outputPadding 2 must be smaller than the stride/);
  });

  it("stride 2 of a 1×1 kernel spreads the input onto every other pixel", () => {
    const y = conv2dTranspose(tensor([[[[1, 2], [3, 4]]]], f64), tensor([[[[1]]]], f64), { stride: 2 });
    expect(y.toArray()).toEqual([[[[1, 0, 2], [0, 0, 0], [3, 0, 4]]]]);
  });
});

describe("conv2d gradients", () => {
  const cases: [string, Parameters<typeof conv2d>[2], number[], number[]][] = [
    ["bias and padding", { padding: 1 }, [2, 2, 4, 4], [3, 2, 3, 3]],
    ["same, dilation 2", { padding: "same", dilation: 2 }, [1, 2, 5, 5], [2, 2, 2, 3]],
    ["stride 2, groups 2", { stride: 2, groups: 2, padding: [[0, 1], [1, 0]] }, [2, 4, 5, 6], [4, 2, 2, 2]],
  ];
  for (const [name, opts, xs, ws] of cases)
    it(`${name}: checkGrads to order 2 in x, w and bias`, () => {
      const x = randn(xs, { seed: 1, ...f64 });
      const w = randn(ws, { seed: 2, ...f64 });
      const b = randn([ws[0]!], { seed: 3, ...f64 });
      checkGrads((x, w, b) => conv2d(x, w, { ...opts, bias: b }).tanh(), [x, w, b], { order: 2, name });
    });

  it("conv2dTranspose: checkGrads to order 2", () => {
    const x = randn([1, 4, 3, 3], { seed: 4, ...f64 });
    const w = randn([4, 1, 3, 3], { seed: 5, ...f64 });
    checkGrads((x, w) => conv2dTranspose(x, w, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }).sin(), [x, w], { order: 2 });
  });

  it("eager backward gives the same gradients as the adjoint identities", () => {
    const x = randn([2, 3, 5, 5], { seed: 6, ...f64, requiresGrad: true });
    const w = randn([4, 3, 3, 3], { seed: 7, ...f64, requiresGrad: true });
    const g = randn([2, 4, 3, 3], { seed: 8, ...f64 });
    conv2d(x, w).mul(g).sum().backward();
    expect(x.grad!.shape).toEqual([2, 3, 5, 5]);
    expect(inner(x.grad!, x)).toBeCloseTo(inner(conv2d(x, w), g), 10); // bilinear: ⟨∇ₓ, x⟩ = T
    expect(inner(w.grad!, w)).toBeCloseTo(inner(conv2d(x, w), g), 10);
  });
});
