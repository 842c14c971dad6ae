// Second-order checks (jvp∘jvp, vjp∘vjp against finite differences) of the nonlinear composites,
// with the gradient-checking toolkit of src/testing.
import "../../src/index.js";
import { describe, it } from "vitest";
import * as ops from "../../src/ops/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { f64 } from "./helpers.js";

const x = f64([[0.3, -1.2, 0.7], [1.5, -0.4, 0.9]]);
const positive = f64([[0.3, 1.2, 0.7], [1.5, 0.4, 0.9]]);

const cases: [string, (x: Tensor) => Tensor, Tensor][] = [
  ["sigmoid", ops.sigmoid, x],
  ["softplus", ops.softplus, x],
  ["logSigmoid", ops.logSigmoid, x],
  ["silu", ops.silu, x],
  ["gelu", (t) => ops.gelu(t), x],
  ["gelu tanh", (t) => ops.gelu(t, { approximate: "tanh" }), x],
  ["elu", (t) => ops.elu(t), x],
  ["rsqrt", ops.rsqrt, positive],
  ["minimum", (t) => ops.minimum(t, ops.flip(t, 1)), x],
  ["prod", (t) => ops.prod(t, 1), x],
  ["variance", (t) => ops.variance(t, 1), x],
  ["std", (t) => ops.std(t, 0), x],
  ["logsumexp", (t) => ops.logsumexp(t, 1), x],
  ["softmax", (t) => ops.softmax(t), x],
  ["logSoftmax", (t) => ops.logSoftmax(t, 0), x],
  ["norm 2", (t) => ops.norm(t, 2, 1), x],
  ["norm 3", (t) => ops.norm(t, 3), x],
  ["crossEntropy", (t) => ops.crossEntropy(t, [1, 2]), x],
  ["binaryCrossEntropyWithLogits", (t) => ops.binaryCrossEntropyWithLogits(t, ops.mul(positive, 0.5)), x],
  ["matmul", (t) => ops.matmul(t, ops.transpose(t)), x],
];

describe("second-order gradient checks (float64)", () => {
  for (const [name, f, arg] of cases) it(name, () => checkGrads(f, [arg], { order: 2, name }));
});
