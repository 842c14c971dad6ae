import { describe, expect, it } from "vitest";
import {
  ArgumentError, ShapeError, Tensor, argmax, backward, clamp, cast, detach, diag, dot, einsum, enableGrad, flip, gather,
  getBackend, linalg, mean, minimum, nn, noGrad, oneHot, pad, registerHook, reshape, setBackend, slice, softmax, split,
  squeeze, std, stopGradient, sum, tensor, tensordot, transpose, unsqueeze, variance, zeroGrad, add, ones, assign,
} from "../../src/index.js";

const m = tensor([[1, 2, 3], [4, 5, 6]]);
const throws = (f: () => unknown, cls: new (...a: never[]) => Error, message: RegExp): void => {
  expect(f).toThrow(cls);
  expect(f).toThrow(message);
};

describe("axis arguments (normalizeAxis/normalizeAxes): ArgumentError naming the op", () => {
  it("a string, NaN, a fraction, an array with a non-integer, a nested array", () => {
    throws(() => sum(m, "1" as never), ArgumentError, /^sum: axis must be an integer or an array of integers, got the string "1"$/);
    throws(() => mean(m, NaN), ArgumentError, /^mean: axis must be an integer, got the number NaN$/);
    throws(() => softmax(m, 1.5), ArgumentError, /^softmax: axis must be an integer, got the number 1.5$/);
    throws(() => sum(m, [0, "1"] as never), ArgumentError, /^sum: axis\[1\] must be an integer, got the string "1"$/);
    throws(() => flip(m, [[0]] as never), ArgumentError, /^flip: axis\[0\] must be an integer, got an array of length 1$/);
    throws(() => squeeze(m, {} as never), ArgumentError, /^squeeze: axis must be an integer or an array of integers, got an object$/);
    throws(() => unsqueeze(m, "0" as never), ArgumentError, /^unsqueeze: axis must be an integer or an array of integers/);
    throws(() => argmax(m, "0" as never), ArgumentError, /^argmax: axis must be an integer/);
  });
  it("out-of-range and repeated axes stay ShapeErrors", () => {
    throws(() => sum(m, 2), ShapeError, /sum: axis 2 is out of range/);
    throws(() => sum(m, [0, -2]), ShapeError, /sum: repeated axis in \[0, -2\]/);
  });
  it("keepdims must be a boolean", () => {
    throws(() => sum(m, 0, "yes" as never), ArgumentError, /^sum: keepdims must be a boolean, got the string "yes"$/);
    throws(() => argmax(m, 0, 1 as never), ArgumentError, /^argmax: keepdims must be a boolean, got the number 1$/);
  });
});

describe("tensor-like operands: ArgumentError naming the op and the argument", () => {
  it("strings, objects, undefined, functions, symbols", () => {
    throws(() => add(m, "a" as never), ArgumentError, /^add: argument 2 \(y\) must be a tensor or a number, got the string "a"$/);
    throws(() => add({} as never, m), ArgumentError, /^add: argument 1 \(x\) must be a tensor or a number, got an object$/);
    throws(() => sum(undefined as never), ArgumentError, /^sum: x must be a tensor or a number, got undefined$/);
    throws(() => mean((() => 1) as never), ArgumentError, /^mean: x must be a tensor or a number, got a function$/);
    throws(() => linalg.inv(Symbol("s") as never), ArgumentError, /^inv: x must be a tensor or a number, got a symbol$/);
  });
  it("a circular or throwing object is described, never printed", () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    throws(() => add(m, o as never), ArgumentError, /^add: argument 2 \(y\) must be a tensor or a number, got an object$/);
  });
});

describe("shape, integer and option arguments", () => {
  it("shapes and integer lists", () => {
    throws(() => reshape(m, 6 as never), ArgumentError, /^reshape: shape must be an array of integers ≥ -1, got the number 6$/);
    throws(() => reshape(m, [2, "3"] as never), ArgumentError, /^reshape: shape\[1\] must be an integer ≥ -1, got the string "3"$/);
    throws(() => transpose(m, [1, 0.5]), ArgumentError, /^transpose: perm\[1\] must be an integer/);
    throws(() => slice(m, "0" as never), ArgumentError, /^slice: begin must be an array of integers/);
    throws(() => pad(m, "z" as never), ArgumentError, /^pad: widths must be an array of \[before, after\] pairs/);
    throws(() => split(m, [1, "2"] as never, 1), ArgumentError, /^split: sizesOrCount\[1\] must be an integer ≥ 0/);
    throws(() => tensordot(m, m, [] as never), ArgumentError, /^tensordot: axes must be an integer or a pair/);
    throws(() => einsum(5 as never, m), ArgumentError, /^einsum: subscripts must be a string/);
    throws(() => einsum("ij->ij->i", m), ArgumentError, /einsum: .* has more than one "->"/);
    throws(() => diag(tensor([1, 2]), 0.5), ArgumentError, /^diag: offset must be an integer/);
    throws(() => gather(m, [NaN]), ArgumentError, /^gather: indices must be integers/);
  });
  it("dtype and options objects", () => {
    throws(() => cast(m, "float16" as never), ArgumentError, /^cast: unknown dtype "float16"; dtype must be one of/);
    throws(() => cast(m, 3n as never), ArgumentError, /^cast: unknown dtype the bigint 3n/);
    throws(() => oneHot([0, 1], 3, { dtype: 5 } as never), ArgumentError, /^oneHot: unknown dtype the number 5/);
    throws(() => variance(m, 0, false, { correction: "1" } as never), ArgumentError, /^variance: correction must be a finite number/);
    throws(() => std(m, "0" as never), ArgumentError, /^std: axis must be/);
    throws(() => linalg.matrixPower(m, 1.5), ArgumentError, /matrixPower/);
  });
  it("composite ops report shape mismatches under their own name", () => {
    throws(() => minimum(m, tensor([1, 2])), ShapeError, /^minimum: shapes \[2, 3\] and \[2\] cannot be broadcast/);
    throws(() => clamp(m, tensor([1, 2])), ShapeError, /^clamp: shapes/);
    throws(() => dot(tensor([[1], [2]]), tensor([1, 2, 3])), ShapeError, /^dot: inner dimensions differ/);
    throws(() => linalg.eigvalsh(tensor(1)), ShapeError, /^eigvalsh: /);
  });
});

describe("detach, stopGradient and the grad-mode scopes", () => {
  it("a number gives a proper scalar tensor; anything else is an ArgumentError", () => {
    const d = detach(5 as never);
    expect(d).toBeInstanceOf(Tensor);
    expect(d.shape).toEqual([]);
    expect(d.item()).toBe(5);
    const s = stopGradient(5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(5);
    throws(() => detach("str" as never), ArgumentError, /^detach: x must be a tensor or a number, got the string "str"$/);
    throws(() => stopGradient("str" as never), ArgumentError, /^stopGradient: x must be a tensor or a number, got the string "str"$/);
    throws(() => stopGradient({ shape: [2] } as never), ArgumentError, /^stopGradient: x must be a tensor or a number, got an object$/);
  });
  it("noGrad and enableGrad refuse async functions and functions that return a Promise", () => {
    throws(() => noGrad(async () => 1), ArgumentError, /^noGrad: fn must be a synchronous function, got an async function.*call noGrad inside the async code/);
    throws(() => enableGrad(async () => 1), ArgumentError, /^enableGrad: fn must be a synchronous function/);
    throws(() => noGrad(() => Promise.resolve(1)), ArgumentError, /^noGrad: fn returned a Promise/);
    throws(() => noGrad(5 as never), ArgumentError, /^noGrad: fn must be a function, got the number 5$/);
    expect(noGrad(() => 3)).toBe(3);
  });
  it("an async function's ops after its first await are never recorded as no-grad work", async () => {
    const w = tensor([1, 2], { requiresGrad: true });
    let later: Tensor | null = null;
    expect(() =>
      noGrad(async () => {
        await Promise.resolve();
        later = w.mul(2);
      }),
    ).toThrow(ArgumentError);
    await Promise.resolve();
    await Promise.resolve();
    expect(later).toBeNull(); // refused before it ran: nothing executed outside the scope
  });
});

describe("eager functions, backends and layers", () => {
  it("eager helpers check their tensor and function arguments", () => {
    throws(() => zeroGrad(null as never), ArgumentError, /^zeroGrad: x must be a tensor, got null$/);
    throws(() => registerHook(null as never, (g: Tensor) => g), ArgumentError, /^registerHook: x must be a tensor, got null$/);
    throws(() => registerHook(tensor([1], { requiresGrad: true }), 5 as never), ArgumentError, /^registerHook: hook must be a function/);
    throws(() => assign("x" as never, 1), ArgumentError, /^assign: x must be a tensor, got the string "x"$/);
    const y = tensor([1, 2], { requiresGrad: true }).mul(2).sum();
    throws(() => backward(y, "g" as never), ArgumentError, /^backward: gradient must be a tensor or a number/);
    throws(() => backward(y, undefined, "o" as never), ArgumentError, /^backward: options must be an options object/);
  });
  it("setBackend refuses an object that is not a backend, and the current backend stays", () => {
    const before = getBackend();
    throws(() => setBackend({} as never), ArgumentError, /^setBackend: backend must be a Backend/);
    throws(() => setBackend(null as never), ArgumentError, /^setBackend: backend must be a Backend/);
    expect(getBackend()).toBe(before);
    expect(add(1, 2).item()).toBe(3);
  });
  it("layer constructors check their sizes and options", () => {
    throws(() => new nn.Dropout(Symbol("p") as never), ArgumentError, /^Dropout: p must be in \[0, 1\]/);
    throws(() => new nn.BatchNorm1d("3" as never), ArgumentError, /^BatchNorm1d: numFeatures must be an integer ≥ 0, got the string "3"$/);
    throws(() => new nn.BatchNorm2d(3, { dtype: "int32" } as never), ArgumentError, /^BatchNorm2d: options.dtype must be "float32" or "float64"/);
    throws(() => new nn.LayerNorm({} as never), ArgumentError, /^LayerNorm: normalizedShape must be an array of integers ≥ 0/);
    throws(() => new nn.Embedding(5, ones([2]) as never), ArgumentError, /^Embedding: embeddingDim must be an integer ≥ 0/);
    throws(() => new nn.MSELoss(null as never), ArgumentError, /^MSELoss: options must be an options object, got null$/);
    throws(() => new nn.CrossEntropyLoss({ reduction: "avg" } as never), ArgumentError, /^CrossEntropyLoss: options.reduction must be "mean", "sum" or "none"/);
    throws(() => new nn.Conv2d(1, 2, 3, { stride: 1e300 }), ArgumentError, /Conv2d/);
    throws(() => new nn.MaxPool2d("2" as never), ArgumentError, /^MaxPool2d: kernelSize must be/);
    throws(() => new nn.Linear(3, 2, { bias: "yes" } as never), ArgumentError, /^Linear: bias must be a boolean/);
    throws(() => nn.init.xavierUniform(tensor([1, 2])), ShapeError, /^xavierUniform: fans: fan-in and fan-out need a tensor of rank ≥ 2/);
    throws(() => nn.init.normal("w" as never), ArgumentError, /^normal: t must be a tensor, got the string "w"$/);
    throws(() => nn.functional.linear(m, null as never), ArgumentError, /^linear: weight must be a tensor, got null$/);
  });
});
