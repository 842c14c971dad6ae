import { describe, expect, it } from "vitest";
import {
  ArgumentError, ShapeError, checkpoint, customJvp, customVjp, forwardTable, gather, hessian, hvp, nn, oneHot, reverseTable, tensor,
  trace, traceProgram, zeros, type Tensor,
} from "../../src/index.js";

// Cases the public-API fuzz suite found: the error named an inner function instead of the one called.
const asyncF = (async (x: Tensor) => x) as unknown as (x: Tensor) => Tensor;
const throws = (f: () => unknown, cls: new (...a: never[]) => Error, message: RegExp): void => {
  expect(f).toThrow(cls);
  expect(f).toThrow(message);
};

describe("a transform's f returning a Promise names the transform and says why", () => {
  it("checkpoint, customJvp, customVjp", () => {
    throws(() => checkpoint(asyncF)(tensor([1])), ArgumentError, /^checkpoint\(asyncF\) output: .*Promise.*synchronous/);
    throws(() => customJvp(asyncF, (p, t) => [p, t])(tensor([1])), ArgumentError, /^customJvp\(asyncF\) output: .*synchronous/);
    throws(() => customVjp(asyncF, (x: Tensor) => [x, null], (_r, g: Tensor) => [g])(tensor([1])), ArgumentError, /^customVjp\(asyncF\) output: .*synchronous/);
  });
  it("hessian, hvp", () => {
    throws(() => hessian(asyncF)(tensor([1])), ArgumentError, /^hessian: .*synchronous/);
    throws(() => hvp(asyncF, [tensor([1])], [tensor([1])]), ArgumentError, /^hvp: .*synchronous/);
  });
  it("traceProgram and trace name themselves", () => {
    throws(() => traceProgram(asyncF, [1]), ArgumentError, /^traceProgram output: .*synchronous/);
    throws(() => trace(asyncF, 1), ArgumentError, /^trace output: .*synchronous/);
  });
});

describe("forwardTable/reverseTable with bad arguments name themselves", () => {
  it("a string argument", () => {
    const f = (x: Tensor) => x;
    throws(() => forwardTable(f, ["a"], [1]), ArgumentError, /^forwardTable arguments: unsupported value at arg\[0\]/);
    throws(() => reverseTable(f, ["a"]), ArgumentError, /^reverseTable arguments: unsupported value at arg\[0\]/);
  });
});

describe("nn layers with a size beyond MAX_ELEMENTS name themselves", () => {
  it("Linear, Embedding, LayerNorm, BatchNorm1d/2d, Conv2d", () => {
    throws(() => new nn.Linear(3, 1e12), ShapeError, /^Linear: shape \[1000000000000, 3\] has/);
    throws(() => new nn.Embedding(5, 1e12), ShapeError, /^Embedding: shape/);
    throws(() => new nn.LayerNorm(1e12), ShapeError, /^LayerNorm: shape/);
    throws(() => new nn.BatchNorm1d(1e12), ShapeError, /^BatchNorm1d: shape/);
    throws(() => new nn.BatchNorm2d(1e12, { affine: false }), ShapeError, /^BatchNorm2d: shape/);
    throws(() => new nn.Conv2d(1, 1e12, 3), ShapeError, /^Conv2d: shape/);
  });
  it("Conv2d with a seed that is not a number", () => {
    throws(() => new nn.Conv2d(1, 2, 3, { seed: "x" as unknown as number }), ArgumentError, /^Conv2d: seed/);
  });
});

describe("integer arguments outside int32 and huge depths name the op", () => {
  it("crossEntropy, gather, oneHot indices", () => {
    throws(() => nn.functional.crossEntropy(tensor([[1, 2]]), -1e189), ArgumentError, /^crossEntropy: an index must be an integer in the int32 range/);
    throws(() => gather(tensor([1, 2]), -1e189), ArgumentError, /^gather: an index must be an integer in the int32 range/);
    throws(() => gather(tensor([1, 2]), [0, 3e9]), ArgumentError, /^gather: indices must be integers in the int32 range/);
  });
  it("oneHot with depth 1e12", () => {
    throws(() => oneHot([0], 1e12), ArgumentError, /^oneHot: depth must be an integer in \[0, 2147483647\]/);
  });
});

describe("conv2dTranspose checks channels up front", () => {
  it("a channel mismatch names conv2dTranspose", () => {
    throws(() => nn.functional.conv2dTranspose(zeros([2, 2, 2]), zeros([1, 2, 3, 3])), ShapeError, /^conv2dTranspose: the input \[1, 2, 2, 2\] has 2 channels, the weight \[1, 2, 3, 3\] takes 1/);
  });
});

describe("found by FUZZ_SEED=1 after the fixes above", () => {
  it("Linear(0, n) builds (an empty weight is not initialised, as in PyTorch)", () => {
    expect(new nn.Linear(0, 2).weight.shape).toEqual([2, 0]);
    expect(new nn.Linear(0, 2).forward(zeros([3, 0])).shape).toEqual([3, 2]);
  });
  it("forwardTable/reverseTable: errors from f called with too few arguments name the table", () => {
    const f = (x: Tensor) => nn.functional.mseLoss(x, x);
    throws(() => forwardTable(f, [], []), ArgumentError, /^forwardTable: /);
    throws(() => reverseTable(f, []), ArgumentError, /^reverseTable: /);
  });
});

describe("found by FUZZ_SEED=4, 6, 7", () => {
  const x = zeros([1, 1, 4, 4]);
  const w = zeros([1, 1, 3, 3]);
  it("options = null is an ArgumentError naming the function", () => {
    const { conv2d, conv2dTranspose, maxPool2d, avgPool2d } = nn.functional;
    throws(() => conv2d(x, w, null as never), ArgumentError, /^conv2d: options must be an options object/);
    throws(() => conv2dTranspose(x, w, null as never), ArgumentError, /^conv2dTranspose: options must be/);
    throws(() => maxPool2d(x, 2, null as never), ArgumentError, /^maxPool2d: options must be/);
    throws(() => avgPool2d(x, 2, null as never), ArgumentError, /^avgPool2d: options must be/);
    throws(() => traceProgram((a: Tensor) => a, [1], null as never), ArgumentError, /^traceProgram: options must be/);
  });
  it("conv2d with a padding mixing a pair and a number", () => {
    throws(() => nn.functional.conv2d(x, w, { padding: [[1, [2]], 3] as never }), ArgumentError, /^conv2d: padding must be/);
    throws(() => nn.functional.conv2d(x, w, { padding: [1, [2, 3]] as never }), ArgumentError, /^conv2d: padding must be/);
  });
});
