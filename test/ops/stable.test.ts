// logsumexp, softmax, logSoftmax and the losses: values, and stability at ±1000 (ad-features §4.4).
import "../../src/index.js";
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/core/errors.js";
import * as ops from "../../src/ops/index.js";
import { tensor, type NestedArray } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { vjp } from "../../src/transforms/vjp.js";
import { backward } from "../../src/eager/backward.js";
import { expectClose, f64 } from "./helpers.js";

/** The Jacobian of f: R^n → R^n, row by row through vjp. */
function jacobianRows(f: (x: Tensor) => Tensor, x: Tensor): number[][] {
  const [y, pullback] = vjp(f, x) as [Tensor, (ct: Tensor) => Tensor[]];
  return Array.from({ length: y.size }, (_, i) => {
    const e = new Float64Array(y.size);
    e[i] = 1;
    return Array.from(pullback(tensor(e, { dtype: y.dtype }))[0]!.data(), Number);
  });
}

describe("logsumexp", () => {
  it("values with axes and keepdims", () => {
    expectClose(ops.logsumexp(f64([1, 2, 3])), Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), 1e-14);
    expectClose(ops.logsumexp(f64([[0, 0], [1, 1]]), 1), [Math.LN2, 1 + Math.LN2], 1e-14);
    expect(ops.logsumexp(f64([[0, 0], [1, 1]]), 0, true).shape).toEqual([1, 2]);
    expectClose(ops.logsumexp(f64([-Infinity, -Infinity])), -Infinity);
    expectClose(ops.logsumexp(f64([Infinity, 0])), Infinity);
  });
  it("T4.1: logsumexp([x, 0]) at x = 1000 is 1000 with d/dx = σ(1000) = 1", () => {
    for (const make of [(v: NestedArray) => tensor(v), f64]) {
      expectClose(ops.logsumexp(make([1000, 0])), 1000);
      expectClose(grad((x: Tensor) => ops.logsumexp(x))(make([1000, 0])), [1, 0]);
      expectClose(grad((x: Tensor) => ops.logsumexp(x))(make([-1000, 0])), [0, 1]);
    }
  });
  it("T4.7: logaddexp(x, y) at x = y = 0 has both partials ½ (the max shift does not leak ties)", () => {
    const [gx, gy] = grad((x: Tensor, y: Tensor) => ops.logsumexp(ops.stack([x, y])), { argnums: [0, 1] })(0, 0) as Tensor[];
    expect([gx!.item(), gy!.item()]).toEqual([0.5, 0.5]);
  });
  it("its Hessian is diag(p) − p pᵀ (second order through the shift)", () => {
    const x = f64([0.1, -0.3, 0.5]);
    const p = ops.softmax(x).data();
    const rows = jacobianRows((y) => grad((z: Tensor) => ops.logsumexp(z))(y) as Tensor, x);
    rows.forEach((row, i) => row.forEach((h, j) => expect(h).toBeCloseTo((i === j ? p[i]! : 0) - p[i]! * p[j]!, 14)));
  });
});

describe("softmax and logSoftmax", () => {
  it("values along an axis (default the last)", () => {
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const z = e[0]! + e[1]! + e[2]!;
    expectClose(ops.softmax(f64([1, 2, 3])), e.map((v) => v / z), 1e-15);
    expectClose(ops.softmax(f64([[1, 1], [0, 0]]), 0), [[0.5 + 0.5 * Math.tanh(0.5), 0.5 + 0.5 * Math.tanh(0.5)], [0.5 - 0.5 * Math.tanh(0.5), 0.5 - 0.5 * Math.tanh(0.5)]], 1e-15);
    expectClose(ops.logSoftmax(f64([1, 2, 3])), e.map((v) => Math.log(v / z)), 1e-14);
    expectClose(ops.sum(ops.softmax(f64([[5, -2, 0.5], [100, 101, 102]])), -1), [1, 1], 1e-15);
  });
  it("T4.2: softmax([1000, 0]) = [1, 0] with a finite Jacobian ≈ 0", () => {
    for (const make of [(v: NestedArray) => tensor(v), f64]) {
      expectClose(ops.softmax(make([1000, 0])), [1, 0]);
      for (const row of jacobianRows((x) => ops.softmax(x), make([1000, 0]))) for (const v of row) expect(Math.abs(v)).toBe(0);
    }
  });
  it("the softmax Jacobian is diag(p) − p pᵀ", () => {
    const x = f64([0.2, -1, 0.7]);
    const p = ops.softmax(x).data();
    jacobianRows((y) => ops.softmax(y), x).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo((i === j ? p[i]! : 0) - p[i]! * p[j]!, 15)));
  });
  it("logSoftmax([0, −1000]) = [0, −1000] with gradient of the last entry [−1, 1]", () => {
    expectClose(ops.logSoftmax(tensor([0, -1000])), [0, -1000]);
    expectClose(grad((x: Tensor) => ops.gather(ops.logSoftmax(x), 1))(f64([0, -1000])), [-1, 1]);
  });
  it("bad axes name the op", () => {
    expect(() => ops.softmax(f64([1, 2]), 1)).toThrow(/softmax: axis 1 is out of range/);
  });
});

describe("crossEntropy", () => {
  const logits = f64([[2, 0, -1], [0.5, 0.5, 3]]);
  const nll = (row: number[], k: number) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[k]!;
  it("mean, sum and none reductions; labels as number[] or int32 tensor", () => {
    const l0 = nll([2, 0, -1], 0);
    const l1 = nll([0.5, 0.5, 3], 2);
    expectClose(ops.crossEntropy(logits, [0, 2]), (l0 + l1) / 2, 1e-14);
    expectClose(ops.crossEntropy(logits, tensor([0, 2], { dtype: "int32" }), { reduction: "sum" }), l0 + l1, 1e-14);
    expectClose(ops.crossEntropy(logits, [0, 2], { reduction: "none" }), [l0, l1], 1e-14);
    expectClose(ops.crossEntropy(f64([2, 0, -1]), 0), l0, 1e-14);
  });
  it("∂L/∂logits = (softmax − onehot)/N", () => {
    const g = grad((z: Tensor) => ops.crossEntropy(z, [0, 2]))(logits) as Tensor;
    const p = ops.softmax(logits);
    expectClose(g, ops.div(ops.sub(p, ops.oneHot([0, 2], 3, { dtype: "float64" })), 2).toArray() as number[][], 1e-15);
  });
  it("T4.3: logits [0, −1000], class 1: loss 1000, gradient [1, −1]", () => {
    for (const make of [(v: NestedArray) => tensor(v), f64]) {
      expectClose(ops.crossEntropy(make([0, -1000]), 1), 1000);
      expectClose(grad((z: Tensor) => ops.crossEntropy(z, 1))(make([0, -1000])), [1, -1]);
      expectClose(grad((z: Tensor) => ops.crossEntropy(z, [1]))(make([[0, -1000]])), [[1, -1]]);
    }
  });
  it("target probabilities of the logits' shape", () => {
    const p = f64([[1, 0, 0], [0, 0, 1]]);
    expectClose(ops.crossEntropy(logits, p), ops.crossEntropy(logits, [0, 2]).item(), 1e-14);
  });
  it("errors name the shapes and the bad label", () => {
    expect(() => ops.crossEntropy(logits, [0, 1, 2])).toThrow(ShapeError);
    expect(() => ops.crossEntropy(logits, [0, 1, 2])).toThrow(/crossEntropy: labels of shape \[3\] do not match logits of shape \[2, 3\] \(expected \[2\]\)/);
    expect(() => ops.crossEntropy(logits, [0, 3])).toThrow(/crossEntropy: label 3 at position 1 is out of range for 3 classes/);
    expect(() => ops.crossEntropy(logits, [0, 1], { reduction: "avg" as never })).toThrow(/reduction must be "mean", "sum" or "none", got "avg"/);
    expect(() => ops.crossEntropy(logits, tensor([0.5, 1]))).toThrow(/crossEntropy: .*shape \[2\] must match logits of shape \[2, 3\]/);
  });
});

describe("mseLoss and binaryCrossEntropyWithLogits", () => {
  it("mseLoss values and reductions", () => {
    expectClose(ops.mseLoss(f64([1, 2]), f64([1, 4])), 2);
    expectClose(ops.mseLoss(f64([1, 2]), 0, { reduction: "sum" }), 5);
    expectClose(ops.mseLoss(f64([1, 2]), f64([0, 0]), { reduction: "none" }), [1, 4]);
    expectClose(grad((p: Tensor) => ops.mseLoss(p, f64([1, 4])))(f64([1, 2])), [0, -2]);
  });
  it("BCE with logits: values, gradient σ(x) − t, stable at ±1000", () => {
    expectClose(ops.binaryCrossEntropyWithLogits(f64([0]), f64([1])), Math.LN2, 1e-15);
    expectClose(ops.binaryCrossEntropyWithLogits(tensor([1000, -1000]), tensor([1, 0])), 0);
    expectClose(ops.binaryCrossEntropyWithLogits(tensor([1000, -1000]), tensor([0, 1]), { reduction: "none" }), [1000, 1000]);
    expectClose(grad((x: Tensor) => ops.binaryCrossEntropyWithLogits(x, f64([0, 1]), { reduction: "sum" }))(f64([1000, -1000])), [1, -1]);
    const x = f64([0.3, -2]);
    const g = grad((z: Tensor) => ops.binaryCrossEntropyWithLogits(z, f64([1, 0.25]), { reduction: "sum" }))(x);
    expectClose(g, [1 / (1 + Math.exp(-0.3)) - 1, 1 / (1 + Math.exp(2)) - 0.25], 1e-15);
  });
});

describe("eager mode (backward) uses the same stable rules", () => {
  it("sigmoid and softplus at ±1000, crossEntropy at T4.3", () => {
    const x = tensor([-1000, 0, 1000], { requiresGrad: true });
    backward(ops.sum(ops.add(ops.sigmoid(x), ops.softplus(x))));
    expectClose(x.grad!, [0, 0.75, 1]);
    const z = tensor([[0, -1000]], { requiresGrad: true });
    const loss = ops.crossEntropy(z, [1]);
    backward(loss);
    expect(loss.item()).toBe(1000);
    expectClose(z.grad!, [[1, -1]]);
  });
});
