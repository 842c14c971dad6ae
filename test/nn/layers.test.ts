// Layers: values against hand-written formulas, PyTorch-style initialisation, shape errors, modes
// (Dropout, BatchNorm), and every layer's gradients with checkGrads in float64 on small shapes
// (with respect to the input and, through functionalCall, every parameter).
import { describe, expect, it } from "vitest";
import { noGrad, randn, tensor, zeros, ones, type Tensor } from "../../src/index.js";
import { conv2d } from "../../src/nn/functional/conv2d.js";
import { linear } from "../../src/nn/functional/linear.js";
import { add, matmul, transpose } from "../../src/index.js";
import { crossEntropy, mseLoss } from "../../src/ops/losses.js";
import { variance } from "../../src/ops/reductions.js";
import { logSoftmax } from "../../src/ops/softmax.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, BCEWithLogitsLoss, Conv2d, CrossEntropyLoss, Dropout, ELU, Embedding, Flatten, GELU,
  Identity, LayerNorm, LeakyReLU, Linear, LogSoftmax, MaxPool2d, MSELoss, ReLU, SiLU, Sigmoid, Softmax, Softplus, Tanh,
  functionalCall, type AnyModule, type Module,
} from "../../src/nn/index.js";

const f64 = { dtype: "float64" } as const;

function close(a: Tensor, b: Tensor, digits = 10): void {
  expect(a.shape).toEqual(b.shape);
  const x = a.data();
  const y = b.data();
  x.forEach((v, i) => expect(v).toBeCloseTo(y[i]!, digits));
}

/** checkGrads of x ↦ sin(layer(x)) with respect to the input and every parameter (float64). */
function checkLayer(layer: Module, input: Tensor, order: 1 | 2 = 2): void {
  const names = layer.namedParameters().map(([n]) => n);
  const params = layer.parameters();
  const f = (x: Tensor, ...ps: Tensor[]): Tensor => functionalCall(layer, Object.fromEntries(names.map((n, i) => [n, ps[i]!])), x).sin();
  checkGrads(f, [input, ...params.map((p) => tensor(p))], { order, name: layer.constructor.name });
}

describe("Linear", () => {
  it("computes x·Wᵀ + b over the last axis of any batch shape", () => {
    const fc = new Linear(3, 2, f64);
    noGrad(() => {
      fc.weight.assign(tensor([[1, 2, 3], [4, 5, 6]], f64));
      fc.bias!.assign(tensor([10, 20], f64));
    });
    expect(fc.forward(tensor([[1, 0, -1]], f64)).toArray()).toEqual([[8, 18]]);
    expect(fc.forward(zeros([4, 5, 3], f64)).shape).toEqual([4, 5, 2]);
    expect(new Linear(3, 2, { bias: false }).bias).toBeNull();
  });

  it("is initialised like PyTorch: weight and bias in U(±1/√in), reproducible with a seed", () => {
    const fc = new Linear(400, 50, { seed: 7 });
    const bound = 1 / Math.sqrt(400);
    const w = Array.from(fc.weight.data());
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(Math.sqrt(variance)).toBeCloseTo(bound / Math.sqrt(3), 3); // std of U(−b, b)
    expect(Math.max(...fc.bias!.data().map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(new Linear(400, 50, { seed: 7 }).weight.toArray()).toEqual(fc.weight.toArray());
    expect(new Linear(400, 50, { seed: 8 }).weight.toArray()).not.toEqual(fc.weight.toArray());
    expect(fc.weight.dtype).toBe("float32");
  });

  it("names the expected input size", () => {
    expect(() => new Linear(784, 10).forward(zeros([2, 28, 28]))).toThrow("Linear(784 → 10): the input's last axis must be 784, got shape [2, 28, 28]");
  });

  it("gradients", () => checkLayer(new Linear(3, 2, { seed: 0, ...f64 }), randn([4, 3], { seed: 1, ...f64 })));
});

describe("Conv2d", () => {
  it("is conv2d with its weight and bias; weight [out, in/groups, kh, kw]", () => {
    const conv = new Conv2d(4, 6, [3, 2], { groups: 2, stride: 2, padding: 1, seed: 0, ...f64 });
    expect(conv.weight.shape).toEqual([6, 2, 3, 2]);
    expect(conv.bias!.shape).toEqual([6]);
    const x = randn([2, 4, 7, 7], { seed: 1, ...f64 });
    close(conv.forward(x), conv2d(x, conv.weight, { groups: 2, stride: 2, padding: 1, bias: conv.bias }));
    expect(Math.max(...conv.weight.data().map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(2 * 3 * 2));
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(/groups = 2 must be a positive integer dividing inChannels \(3\)/);
  });

  it("gradients", () => checkLayer(new Conv2d(2, 3, 3, { padding: 1, stride: 2, seed: 0, ...f64 }), randn([2, 2, 5, 5], { seed: 1, ...f64 })));
});

describe("pooling and Flatten", () => {
  const x = randn([2, 3, 4, 6], { seed: 2, ...f64 });
  it("MaxPool2d / AvgPool2d / Flatten shapes", () => {
    expect(new MaxPool2d(2).forward(x).shape).toEqual([2, 3, 2, 3]);
    expect(new AvgPool2d(3, { stride: 1, padding: 1 }).forward(x).shape).toEqual([2, 3, 4, 6]);
    expect(new Flatten().forward(x).shape).toEqual([2, 72]);
    expect(new Flatten(0, 1).forward(x).shape).toEqual([6, 4, 6]);
  });
  it("gradients", () => {
    checkLayer(new MaxPool2d(2, { stride: 1 }), x);
    checkLayer(new AvgPool2d(2), x);
    checkLayer(new Flatten(), x);
  });
});

describe("activations", () => {
  const x = tensor([-2, -0.5, 0.3, 1.7], f64);
  const cases: [AnyModule, (v: number) => number][] = [
    [new ReLU(), (v) => Math.max(v, 0)],
    [new LeakyReLU(0.1), (v) => (v >= 0 ? v : 0.1 * v)],
    [new ELU(), (v) => (v > 0 ? v : Math.expm1(v))],
    [new Tanh(), Math.tanh],
    [new Sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
    [new SiLU(), (v) => v / (1 + Math.exp(-v))],
    [new Softplus(), (v) => Math.log1p(Math.exp(v))],
    [new GELU({ approximate: "tanh" }), (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
    [new Identity(), (v) => v],
  ];
  for (const [m, f] of cases)
    it(`${m.constructor.name}: values and gradients`, () => {
      close(m.forward(x) as Tensor, tensor(Array.from(x.data(), f), f64), 12);
      checkLayer(m as Module, randn([3, 4], { seed: 5, ...f64 }).add(0.05));
    });

  it("GELU (exact), Softmax and LogSoftmax", () => {
    expect((new GELU().forward(tensor([1], f64)) as Tensor).item()).toBeCloseTo(0.8413447460685429, 12);
    const z = randn([2, 5], { seed: 3, ...f64 });
    close(new Softmax().forward(z).sum(-1), ones([2], f64), 12);
    close(new LogSoftmax(0).forward(z), logSoftmax(z, 0), 12);
    checkLayer(new Softmax(), z);
  });
});

describe("Dropout", () => {
  it("zeroes about p of the elements and scales the rest by 1/(1 − p); reproducible with a seed", () => {
    const drop = new Dropout(0.25, { seed: 3 });
    const y = drop.forward(ones([4000]));
    const values = Array.from(y.data());
    const zeroFraction = values.filter((v) => v === 0).length / values.length;
    expect(zeroFraction).toBeGreaterThan(0.22);
    expect(zeroFraction).toBeLessThan(0.28);
    expect(values.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    expect(new Dropout(0.25, { seed: 3 }).forward(ones([4000])).toArray()).toEqual(y.toArray());
    expect(drop.forward(ones([4000])).toArray()).not.toEqual(y.toArray()); // a new mask each call
  });

  it("is the identity in eval mode and for p = 0", () => {
    const x = randn([10], { seed: 0 });
    expect(new Dropout(0.5).eval().forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
    expect(() => new Dropout(1.5)).toThrow(/p must be in \[0, 1\]/);
  });

  it("the gradient is the mask", () => {
    const x = randn([50], { seed: 1, requiresGrad: true, ...f64 });
    const y = new Dropout(0.5, { seed: 2 }).forward(x);
    y.sum().backward();
    expect(Array.from(x.grad!.data())).toEqual(Array.from(y.data(), (v) => (v === 0 ? 0 : 2)));
  });
});

describe("LayerNorm", () => {
  it("normalises each example over the last axes, then scales and shifts", () => {
    const ln = new LayerNorm([2, 3], f64);
    const y = ln.forward(randn([4, 2, 3], { seed: 0, ...f64 }).mul(5).add(3));
    close(y.mean([1, 2]), zeros([4], f64), 10);
    close(y.variance([1, 2]), ones([4], f64), 3); // 1 up to eps
    expect(ln.weight!.toArray()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(() => ln.forward(zeros([4, 3, 2]))).toThrow(/LayerNorm\(\[2, 3\]\): the input's last axes must be \[2, 3\], got shape \[4, 3, 2\]/);
    expect(new LayerNorm(4, { elementwiseAffine: false }).parameters()).toEqual([]);
  });

  it("gradients (with non-trivial weight and bias)", () => {
    const ln = new LayerNorm(5, f64);
    noGrad(() => {
      ln.weight!.assign(randn([5], { seed: 1, ...f64 }));
      ln.bias!.assign(randn([5], { seed: 2, ...f64 }));
    });
    checkLayer(ln, randn([3, 5], { seed: 3, ...f64 }));
  });
});

describe("functional linear", () => {
  it("equals x·Wᵀ + b for inputs of rank 1, 2 and 3, and its gradients pass the checks", () => {
    const w = randn([3, 4], { ...f64, seed: 1 });
    const b = randn([3], { ...f64, seed: 2 });
    for (const shape of [[4], [5, 4], [2, 5, 4]]) {
      const x = randn(shape, { ...f64, seed: 3 });
      close(linear(x, w, b), add(matmul(x, transpose(w)), b), 12);
      close(linear(x, w), matmul(x, transpose(w)), 12);
      checkGrads((x: Tensor, w: Tensor, b: Tensor) => linear(x, w, b), [x, w, b], { order: 2 });
    }
  });

  it("says which shapes it expected", () => {
    expect(() => linear(ones([2, 5]), ones([3, 4]))).toThrow(/linear: the input's last axis must be 4 \(weight \[3, 4\]\), got shape \[2, 5\]/);
    expect(() => linear(ones([2, 4]), ones([4]))).toThrow(/linear: weight must be \[out, in\], got shape \[4\]/);
  });
});

describe("BatchNorm", () => {
  it("training: batch statistics, and running stats move by momentum (unbiased variance)", () => {
    const bn = new BatchNorm1d(3, f64);
    const x = randn([8, 3], { seed: 0, ...f64 }).mul(2).add(1);
    const y = bn.forward(x);
    close(y.mean(0), zeros([3], f64), 10);
    const batchMean = x.mean(0);
    const batchVar = variance(x, 0, false, { correction: 1 });
    close(bn.runningMean!, batchMean.mul(0.1), 10);
    close(bn.runningVar!, batchVar.mul(0.1).add(0.9), 10);
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });

  it("eval: uses the running statistics", () => {
    const bn = new BatchNorm2d(2, f64);
    noGrad(() => {
      bn.runningMean!.assign(tensor([1, -1], f64));
      bn.runningVar!.assign(tensor([4, 9], f64));
    });
    bn.eval();
    const y = bn.forward(ones([1, 2, 1, 1], f64));
    expect(y.data()[0]).toBeCloseTo(0, 6);
    expect(y.data()[1]).toBeCloseTo(2 / Math.sqrt(9 + 1e-5), 10);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });

  it("momentum null: cumulative average of the batch statistics", () => {
    const bn = new BatchNorm1d(2, { momentum: null, ...f64 });
    const a = randn([5, 2], { seed: 1, ...f64 });
    const b = randn([5, 2], { seed: 2, ...f64 });
    bn.forward(a);
    bn.forward(b);
    close(bn.runningMean!, a.mean(0).add(b.mean(0)).div(2), 10);
  });

  it("[N, C, L] inputs, errors for a single value per channel and wrong shapes", () => {
    expect(new BatchNorm1d(3).forward(randn([2, 3, 4], { seed: 0 })).shape).toEqual([2, 3, 4]);
    expect(() => new BatchNorm1d(3).forward(randn([1, 3], { seed: 0 }))).toThrow(/more than one value per channel/);
    expect(() => new BatchNorm2d(3).forward(zeros([2, 4, 5, 5]))).toThrow("BatchNorm2d(3): expected input [N, C, H, W] with C = 3, got shape [2, 4, 5, 5]");
    expect(Object.keys(new BatchNorm1d(2, { trackRunningStats: false, affine: false }).stateDict())).toEqual([]);
  });

  it("gradients in training and in eval mode", () => {
    const bn = new BatchNorm2d(2, f64);
    noGrad(() => bn.weight!.assign(tensor([1.5, -0.5], f64)));
    checkLayer(bn, randn([3, 2, 2, 2], { seed: 4, ...f64 }));
    checkLayer(bn.eval(), randn([3, 2, 2, 2], { seed: 5, ...f64 }));
  });
});

describe("Embedding", () => {
  it("looks up rows for indices of any shape; N(0, 1) init", () => {
    const emb = new Embedding(10, 3, { seed: 0, ...f64 });
    const y = emb.forward(tensor([[1, 2], [3, 1]], { dtype: "int32" }));
    expect(y.shape).toEqual([2, 2, 3]);
    expect((y.toArray() as number[][][])[1]![1]).toEqual((emb.weight.toArray() as number[][])[1]);
    expect(() => emb.forward([10])).toThrow(/out of range/);
    const big = Array.from(new Embedding(1000, 10, { seed: 1 }).weight.data());
    expect(Math.sqrt(big.reduce((s, v) => s + v * v, 0) / big.length)).toBeCloseTo(1, 1);
  });

  it("the gradient scatters into the rows used (repeats accumulate)", () => {
    const emb = new Embedding(4, 2, { seed: 0, ...f64 });
    emb.forward([1, 3, 1]).sum().backward();
    expect(emb.weight.grad!.toArray()).toEqual([[0, 0], [2, 2], [0, 0], [1, 1]]);
  });

  it("paddingIdx: a zero row that gets no gradient", () => {
    const emb = new Embedding(4, 2, { seed: 0, paddingIdx: 0, ...f64 });
    expect((emb.weight.toArray() as number[][])[0]).toEqual([0, 0]);
    emb.forward([0, 2, 0]).sum().backward();
    expect(emb.weight.grad!.toArray()).toEqual([[0, 0], [0, 0], [1, 1], [0, 0]]);
  });

  it("gradients", () => {
    const emb = new Embedding(5, 3, { seed: 0, ...f64 });
    const idx = tensor([[0, 4], [2, 2]], { dtype: "int32" });
    const [name] = emb.namedParameters()[0]!;
    checkGrads((w) => functionalCall(emb, { [name]: w }, idx).sin(), [tensor(emb.weight)], { order: 2 });
  });
});

describe("losses", () => {
  const logits = randn([4, 3], { seed: 0, ...f64 });
  const labels = [0, 2, 1, 2];

  it("CrossEntropyLoss is crossEntropy; reductions", () => {
    close(new CrossEntropyLoss().forward(logits, labels), crossEntropy(logits, labels), 12);
    expect(new CrossEntropyLoss({ reduction: "none" }).forward(logits, labels).shape).toEqual([4]);
    close(new CrossEntropyLoss({ reduction: "sum" }).forward(logits, labels), crossEntropy(logits, labels).mul(4), 12);
  });

  it("label smoothing: cross-entropy against (1 − ε)·onehot + ε/classes", () => {
    const eps = 0.1;
    const target = tensor(labels.map((l) => [0, 1, 2].map((c) => (c === l ? 1 - eps : 0) + eps / 3)), f64);
    close(new CrossEntropyLoss({ labelSmoothing: eps }).forward(logits, labels), crossEntropy(logits, target), 12);
    checkGrads((z) => new CrossEntropyLoss({ labelSmoothing: eps }).forward(z, labels), [logits], { order: 2 });
  });

  it("MSELoss and BCEWithLogitsLoss", () => {
    const t = randn([4, 3], { seed: 1, ...f64 });
    close(new MSELoss().forward(logits, t), mseLoss(logits, t), 12);
    expect(new MSELoss({ reduction: "sum" }).forward(tensor([1, 2]), tensor([0, 0])).item()).toBe(5);
    expect(new BCEWithLogitsLoss().forward(tensor([0]), tensor([1])).item()).toBeCloseTo(Math.LN2, 6);
    checkGrads((z) => new MSELoss().forward(z, t), [logits], { order: 2 });
  });
});
