// Eager gradients (requiresGrad leaves, loss.backward(), .grad) equal grad() of the same function,
// for every differentiable op exported by src/ops, generated from one table. Every export of
// src/ops must be in the table or in the exclusion list with a reason, so a new op cannot be missed.
import { describe, expect, it } from "vitest";
import { add, grad, mul, sum, tensor, type Tensor } from "../../src/index.js";
import { randomStream } from "../../src/core/random.js";
import * as ops from "../../src/ops/index.js";
import { randomLike, sampleArg } from "../../src/testing/sample-args.js";

/** One parity case: a function of float64 tensors, the shapes of its arguments and their sampling interval. */
interface Case {
  f: (...xs: Tensor[]) => Tensor | Tensor[];
  shapes: number[][];
  /** Interval the arguments are drawn from (default [-2, 2]), chosen inside the op's domain. */
  domain?: [number, number];
  /** Per-argument intervals, when the arguments have different domains. */
  domains?: [number, number][];
}

const M = [2, 3]; // a matrix
const V = [3]; // a vector that broadcasts against it
const POS: [number, number] = [0.2, 2];
const UNIT: [number, number] = [-0.9, 0.9];

/** Export name → one or more cases. */
const table: Record<string, Case | Case[]> = {
  // arithmetic
  add: { f: ops.add, shapes: [M, V] },
  sub: { f: ops.sub, shapes: [V, M] },
  mul: { f: ops.mul, shapes: [M, V] },
  div: { f: ops.div, shapes: [M, V], domains: [[-2, 2], POS] },
  neg: { f: ops.neg, shapes: [M] },
  pow: [
    { f: ops.pow, shapes: [M, V], domains: [POS, [-2, 2]] },
    { f: (x) => ops.pow(x, 3), shapes: [M] },
  ],
  square: { f: ops.square, shapes: [M] },
  reciprocal: { f: ops.reciprocal, shapes: [M], domain: POS },
  // elementwise
  exp: { f: ops.exp, shapes: [M] },
  log: { f: ops.log, shapes: [M], domain: POS },
  log1p: { f: ops.log1p, shapes: [M], domain: [-0.8, 2] },
  expm1: { f: ops.expm1, shapes: [M] },
  sin: { f: ops.sin, shapes: [M] },
  cos: { f: ops.cos, shapes: [M] },
  tan: { f: ops.tan, shapes: [M], domain: [-1.2, 1.2] },
  asin: { f: ops.asin, shapes: [M], domain: UNIT },
  acos: { f: ops.acos, shapes: [M], domain: UNIT },
  atan: { f: ops.atan, shapes: [M] },
  sinh: { f: ops.sinh, shapes: [M] },
  cosh: { f: ops.cosh, shapes: [M] },
  tanh: { f: ops.tanh, shapes: [M] },
  abs: { f: ops.abs, shapes: [M] },
  // Zero derivative almost everywhere: composed with x so the product rule must add exactly nothing.
  sign: { f: (x) => ops.mul(ops.sign(x), ops.square(x)), shapes: [M] },
  floor: { f: (x) => ops.mul(ops.floor(x), x), shapes: [M], domain: [-3, 3] },
  ceil: { f: (x) => ops.mul(ops.ceil(x), x), shapes: [M], domain: [-3, 3] },
  round: { f: (x) => ops.mul(ops.round(x), x), shapes: [M], domain: [-3, 3] },
  sqrt: { f: ops.sqrt, shapes: [M], domain: POS },
  rsqrt: { f: ops.rsqrt, shapes: [M], domain: POS },
  erf: { f: ops.erf, shapes: [M] },
  // special functions
  lgamma: { f: ops.lgamma, shapes: [M], domain: POS },
  digamma: { f: ops.digamma, shapes: [M], domain: POS },
  polygamma: { f: (x) => ops.polygamma(2, x), shapes: [M], domain: POS },
  erfinv: { f: ops.erfinv, shapes: [M], domain: UNIT },
  erfc: { f: ops.erfc, shapes: [M] },
  xlogy: { f: ops.xlogy, shapes: [M, V], domains: [[-2, 2], [0.2, 2]] },
  logit: [
    { f: (p) => ops.logit(p), shapes: [M], domain: [0.05, 0.95] },
    { f: (p) => ops.logit(p, 0.2), shapes: [M], domain: [0.05, 0.95] },
  ],
  logaddexp: { f: ops.logaddexp, shapes: [M, V] },
  log1mexp: { f: ops.log1mexp, shapes: [M], domain: [-3, -0.05] },
  gammainc: { f: ops.gammainc, shapes: [M, V], domains: [[0.5, 3], [0.2, 4]] },
  gammaincc: { f: ops.gammaincc, shapes: [M, V], domains: [[0.5, 3], [0.2, 4]] },
  betainc: { f: ops.betainc, shapes: [M, V, M], domains: [[0.5, 3], [0.5, 3], [0.05, 0.95]] },
  atan2: { f: ops.atan2, shapes: [M, V] },
  maximum: { f: ops.maximum, shapes: [M, V] },
  minimum: { f: ops.minimum, shapes: [V, M] },
  clamp: [
    { f: (x) => ops.clamp(x, -0.5, 0.7), shapes: [M] },
    { f: (x, lo, hi) => ops.clamp(x, lo, hi), shapes: [M, V, V], domains: [[-2, 2], [-1.5, -0.1], [0.1, 1.5]] },
  ],
  where: { f: (a, b) => ops.where(ops.greater(a, b), ops.mul(a, b), ops.sin(b)), shapes: [M, V] },
  // activations
  sigmoid: { f: ops.sigmoid, shapes: [M] },
  logSigmoid: { f: ops.logSigmoid, shapes: [M] },
  softplus: { f: ops.softplus, shapes: [M] },
  relu: { f: ops.relu, shapes: [M] },
  leakyRelu: { f: (x) => ops.leakyRelu(x, 0.2), shapes: [M] },
  elu: { f: (x) => ops.elu(x, 1.5), shapes: [M] },
  gelu: [
    { f: (x) => ops.gelu(x), shapes: [M] },
    { f: (x) => ops.gelu(x, { approximate: "tanh" }), shapes: [M] },
  ],
  silu: { f: ops.silu, shapes: [M] },
  // reductions
  sum: [
    { f: (x) => ops.sum(x), shapes: [M] },
    { f: (x) => ops.sum(x, 0, true), shapes: [M] },
  ],
  mean: [
    { f: (x) => ops.mean(x), shapes: [M] },
    { f: (x) => ops.mean(x, -1), shapes: [M] },
  ],
  max: [
    { f: (x) => ops.max(x), shapes: [M] },
    { f: (x) => ops.max(x, 1, true), shapes: [M] },
  ],
  min: { f: (x) => ops.min(x, 0), shapes: [M] },
  prod: [
    { f: (x) => ops.prod(x), shapes: [M] },
    { f: (x) => ops.prod(x, 1), shapes: [M] },
  ],
  variance: [
    { f: (x) => ops.variance(x), shapes: [M] },
    { f: (x) => ops.variance(x, 1, true, { correction: 1 }), shapes: [M] },
  ],
  std: { f: (x) => ops.std(x, 0), shapes: [M] },
  logsumexp: [
    { f: (x) => ops.logsumexp(x), shapes: [M] },
    { f: (x) => ops.logsumexp(x, 1), shapes: [M] },
  ],
  norm: [
    { f: (x) => ops.norm(x), shapes: [M] },
    { f: (x) => ops.norm(x, 1, 1), shapes: [M] },
    { f: (x) => ops.norm(x, Infinity, 0), shapes: [M] },
    { f: (x) => ops.norm(x, 3, -1, true), shapes: [M] },
  ],
  softmax: [
    { f: (x) => ops.softmax(x), shapes: [M] },
    { f: (x) => ops.softmax(x, 0), shapes: [M] },
  ],
  logSoftmax: { f: (x) => ops.logSoftmax(x), shapes: [M] },
  // losses
  crossEntropy: [
    { f: (x) => ops.crossEntropy(x, [2, 0]), shapes: [M] },
    { f: (x, p) => ops.crossEntropy(x, ops.softmax(p)), shapes: [M, M] },
  ],
  mseLoss: { f: (p, t) => ops.mseLoss(p, t), shapes: [M, M] },
  binaryCrossEntropyWithLogits: { f: (x, t) => ops.binaryCrossEntropyWithLogits(x, ops.sigmoid(t)), shapes: [M, M] },
  cast: [
    { f: (x) => ops.cast(x, "float32"), shapes: [M] },
    { f: (x) => ops.mul(ops.cast(x, "float64"), x), shapes: [M] },
  ],
  // shape
  reshape: { f: (x) => ops.reshape(x, [3, -1]), shapes: [M] },
  flatten: { f: (x) => ops.flatten(x), shapes: [[2, 3, 2]] },
  squeeze: { f: (x) => ops.squeeze(x, 0), shapes: [[1, 3]] },
  unsqueeze: { f: (x) => ops.unsqueeze(x, [0, -1]), shapes: [M] },
  broadcastTo: { f: (x) => ops.broadcastTo(x, [4, 2, 3]), shapes: [[2, 1]] },
  transpose: [
    { f: (x) => ops.transpose(x), shapes: [M] },
    { f: (x) => ops.transpose(x, [2, 0, 1]), shapes: [[2, 3, 2]] },
  ],
  flip: { f: (x) => ops.flip(x, -1), shapes: [M] },
  concat: { f: (a, b) => ops.concat([a, b, a], 1), shapes: [M, [2, 2]] },
  stack: { f: (a, b) => ops.stack([a, b], -1), shapes: [M, M] },
  split: { f: (x) => ops.split(x, [1, 2], 1), shapes: [M] },
  // indexing
  slice: { f: (x) => ops.slice(x, [0, 1], [-1, 2]), shapes: [M] },
  pad: { f: (x) => ops.pad(x, [[1, 0], [0, 2]], 5), shapes: [M] },
  gather: { f: (x) => ops.gather(x, [2, -1, 0, 2], 1), shapes: [M] },
  // linear algebra
  matmul: [
    { f: ops.matmul, shapes: [M, [3, 4]] },
    { f: ops.matmul, shapes: [[2, 2, 3], V] },
    { f: ops.matmul, shapes: [[2, 1, 2, 3], [3, 3, 2]] },
  ],
  dot: { f: ops.dot, shapes: [V, V] },
  outer: { f: ops.outer, shapes: [V, [2]] },
  trace: { f: (x) => ops.trace(x), shapes: [[3, 3]] },
  diag: [
    { f: (x) => ops.diag(x, 1), shapes: [V] },
    { f: (x) => ops.diag(x), shapes: [[3, 3]] },
  ],
  diagonal: { f: (x) => ops.diagonal(x, -1), shapes: [[3, 3]] },
  triu: { f: (x) => ops.triu(x, 1), shapes: [[3, 3]] },
  tril: { f: (x) => ops.tril(x), shapes: [M] },
};

/** Exports of src/ops that are not differentiable ops on tensors, each with the reason. */
const excluded: Record<string, string> = {
  toTensor: "conversion helper, not an op",
  isFinite: "bool result, no derivative",
  greater: "comparison: bool result, no derivative",
  greaterEqual: "comparison: bool result, no derivative",
  less: "comparison: bool result, no derivative",
  lessEqual: "comparison: bool result, no derivative",
  equal: "comparison: bool result, no derivative",
  notEqual: "comparison: bool result, no derivative",
  logicalAnd: "logic: bool result, no derivative",
  logicalOr: "logic: bool result, no derivative",
  logicalNot: "logic: bool result, no derivative",
  argmax: "int32 result, no derivative",
  argmin: "int32 result, no derivative",
  oneHot: "takes integer indices, no float input to differentiate",
};

const cases: [string, Case][] = Object.entries(table).flatMap(([name, c]) =>
  (Array.isArray(c) ? c : [c]).map((one, i, all): [string, Case] => [all.length > 1 ? `${name} #${i + 1}` : name, one]),
);

function outputsOf(out: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(out) ? out : [out];
}

/** Σₖ ⟨wₖ, outₖ⟩ with fixed random weights: a scalar loss whose gradient sees every output entry. */
function weightedLoss(outs: readonly Tensor[], weights: readonly Tensor[]): Tensor {
  return outs.map((o, k) => sum(mul(o, weights[k]!))).reduce((a, b) => add(a, b));
}

function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function expectSame(actual: Tensor, expected: Tensor, what: string): void {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  expect(actual.dtype, `${what}: dtype`).toBe(expected.dtype);
  const a = actual.data();
  const e = expected.data();
  for (let i = 0; i < e.length; i++) {
    const err = Math.abs(a[i]! - e[i]!);
    if (!(err <= 1e-12 * Math.max(1, Math.abs(e[i]!))))
      expect.fail(`${what}: element ${i} is ${a[i]} in eager mode, ${e[i]} from grad()`);
  }
}

describe("eager backward() equals grad() for every differentiable op", () => {
  it("every exported op is in the parity table or excluded with a reason, and nothing stale remains", () => {
    const exported = Object.entries(ops).filter(([, v]) => typeof v === "function").map(([k]) => k);
    const missing = exported.filter((k) => !(k in table) && !(k in excluded));
    expect(missing, `exports of src/ops with neither a parity case nor an exclusion: ${missing.join(", ")}`).toEqual([]);
    const stale = [...Object.keys(table), ...Object.keys(excluded)].filter((k) => !exported.includes(k));
    expect(stale, `table or exclusion entries that src/ops no longer exports: ${stale.join(", ")}`).toEqual([]);
    const both = Object.keys(table).filter((k) => k in excluded);
    expect(both).toEqual([]);
  });

  for (const [name, c] of cases) {
    it(name, () => {
      const rng = randomStream(seedOf(name));
      const xs = c.shapes.map((shape, i) => sampleArg({ shape, domain: c.domains?.[i] ?? c.domain ?? [-2, 2] }, rng));
      const probe = outputsOf(c.f(...xs));
      const weights = probe.map((o) => randomLike(o, rng));

      // Eager: leaves that require grad, ordinary calls, backward().
      const leaves = xs.map((x) => tensor(x, { requiresGrad: true }));
      const outs = outputsOf(c.f(...leaves));
      outs.forEach((o, k) => {
        expect(o.requiresGrad, `output ${k} records a graph`).toBe(true);
        expectSame(o.detach(), probe[k]!, `${name}: eager output ${k}`);
      });
      weightedLoss(outs, weights).backward();

      // Functional: grad() of the same loss with respect to every argument.
      const argnums = xs.map((_, i) => i);
      const expected = grad((...ys: Tensor[]) => weightedLoss(outputsOf(c.f(...ys)), weights), { argnums })(...xs) as Tensor[];
      leaves.forEach((leaf, i) => {
        expect(leaf.grad, `${name}: argument ${i} got no .grad`).not.toBeNull();
        expectSame(leaf.grad!, expected[i]!, `${name}: gradient of argument ${i}`);
      });
    });
  }
});
