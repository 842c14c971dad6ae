import { isFloat } from "../core/dtype.js";
import { sizeOf } from "../core/shape.js";
import { broadcastToP } from "../primitives/movement/broadcast-to.js";
import { concatP } from "../primitives/movement/concat.js";
import { flipP } from "../primitives/movement/flip.js";
import { padP } from "../primitives/movement/pad.js";
import { reshapeP } from "../primitives/movement/reshape.js";
import { sliceP } from "../primitives/movement/slice.js";
import { transposeP } from "../primitives/movement/transpose.js";
import type { AnyPrimitive } from "../primitives/primitive.js";
import { fromData } from "../tensor/creation.js";
import { traceProgram } from "../trace/trace.js";
import type { FlatFunction } from "../transforms/call-primitive.js";
import { broadcastMap, listsFromTriples, reductionMap } from "./index-maps.js";
import type { Interaction, RuleInput, SparsityDeps, SparsityRule } from "./sparsity-rule.js";

const zero: SparsityRule = ({ outs }) => outs.map(() => ({ kind: "zero" }));

/** The operands that carry derivatives: the float ones. */
const floatArgs = (values: RuleInput["values"]): number[] => values.flatMap((v, j) => (isFloat(v.dtype) ? [j] : []));

/** Elementwise with broadcasting: output e depends on the element of each float operand broadcast to it. */
function elementwise(interaction: Interaction): SparsityRule {
  return ({ values, outs }) =>
    outs.map((out) => {
      const srcs = floatArgs(values);
      const n = sizeOf(out.shape);
      const s = srcs.length;
      const ptr = new Int32Array(n + 1).map((_, e) => e * s);
      const arg = new Int32Array(n * s);
      const idx = new Int32Array(n * s);
      srcs.forEach((j, k) => {
        const map = broadcastMap(out.shape, values[j]!.shape);
        for (let e = 0; e < n; e++) {
          arg[e * s + k] = j;
          idx[e * s + k] = map[e]!;
        }
      });
      return { kind: "lists", interaction, ptr, arg, idx };
    });
}

/**
 * Movement that copies each output element from one input element (or a fill): found by running
 * the primitive's own kernel on float64 operands whose elements are their positions (1-based,
 * numbered across operands), so the rule cannot disagree with the kernel. Fill values read 0.
 */
function copied(prim: AnyPrimitive, fixParams: (p: unknown) => unknown = (p) => p): SparsityRule {
  return ({ values, params }) => {
    const starts: number[] = [];
    let next = 1;
    const coded = values.map((v) => {
      starts.push(next);
      const n = sizeOf(v.shape);
      const data = new Float64Array(n);
      for (let k = 0; k < n; k++) data[k] = next + k;
      next += n;
      return fromData(data, v.shape, "float64");
    });
    const p = fixParams(params);
    const avals = prim.shape(coded, p);
    const results = prim.impl(coded, p, avals);
    return results.map((r) => {
      const data = r.data();
      const outs: number[] = [];
      const args: number[] = [];
      const idx: number[] = [];
      for (let e = 0; e < data.length; e++) {
        const code = data[e]!;
        if (code === 0) continue;
        let j = starts.length - 1;
        while (starts[j]! > code) j--;
        outs.push(e);
        args.push(j);
        idx.push(code - starts[j]!);
      }
      return { kind: "lists", interaction: "linear", ...listsFromTriples(data.length, outs, args, idx) } satisfies SparsityDeps;
    });
  };
}

/** Sums over axes (sum; reduceMax is piecewise linear with the same pattern): all reduced elements reach their output. */
const reduction: SparsityRule = ({ values, outs, params }) => {
  const map = reductionMap(values[0]!.shape, (params as { axes: readonly number[] }).axes);
  const lists = listsFromTriples(sizeOf(outs[0]!.shape), map, new Int32Array(map.length), map.map((_, k) => k));
  return [{ kind: "lists", interaction: "linear", ...lists }];
};

/** Decomposes a flat index of a tensor with `axis` replaced by an index block: (before, j, after). */
function indexed(blockSize: number, after: number) {
  return (flat: number): [number, number, number] => {
    const post = flat % after;
    const rest = (flat - post) / after;
    return [Math.floor(rest / blockSize), rest % blockSize, post];
  };
}

/**
 * gather(x, indices, axis) and scatterAdd(updates, indices, axis): constant indices give exact
 * dependencies; indices that depend on the inputs (a variable of the trace) make each element depend
 * on the whole axis, so the pattern stays global.
 */
function indexedRule(scatter: boolean): SparsityRule {
  return ({ values, variable, outs, params }) => {
    const { axis } = params as { axis: number };
    const [data, indices] = values as [RuleInput["values"][0], RuleInput["values"][0]];
    const outShape = outs[0]!.shape;
    const big = scatter ? outShape : data.shape; // the tensor with the full axis
    const small = scatter ? data.shape : outShape; // the tensor with the index block
    const after = sizeOf(big.slice(axis + 1));
    const axisSize = big[axis]!;
    const block = sizeOf(indices.shape);
    const split = indexed(block, after);
    const ix = indices.data();
    const exact = !variable[1];
    const pairs: [number, number][] = []; // [small flat, big flat]
    for (let s = 0; s < sizeOf(small); s++) {
      const [b, j, post] = split(s);
      if (exact) pairs.push([s, (b * axisSize + ix[j]!) * after + post]);
      else for (let t = 0; t < axisSize; t++) pairs.push([s, (b * axisSize + t) * after + post]);
    }
    const outsList = pairs.map(([s, g]) => (scatter ? g : s));
    const inList = pairs.map(([s, g]) => (scatter ? s : g));
    return [{ kind: "lists", interaction: "linear", ...listsFromTriples(sizeOf(outShape), outsList, new Int32Array(pairs.length), inList) }];
  };
}

/** matmul: out[..., i, j] = Σ_k a[..., i, k]·b[..., k, j] with broadcast batches and the transposed layouts. */
const matmulRule: SparsityRule = ({ values, outs, params }) => {
  const { transposeA = false, transposeB = false } = params as { transposeA?: boolean; transposeB?: boolean };
  const [a, b] = values as [RuleInput["values"][0], RuleInput["values"][0]];
  const out = outs[0]!.shape;
  const m = out[out.length - 2]!;
  const n = out[out.length - 1]!;
  const k = transposeA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
  const batch = out.slice(0, -2);
  const aBatch = broadcastMap(batch, a.shape.slice(0, -2));
  const bBatch = broadcastMap(batch, b.shape.slice(0, -2));
  const nb = sizeOf(batch);
  const size = nb * m * n;
  const ptr = new Int32Array(size + 1).map((_, e) => e * k);
  const pa = new Int32Array(size * k);
  const pb = new Int32Array(size * k);
  let at = 0;
  for (let q = 0; q < nb; q++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++)
        for (let r = 0; r < k; r++, at++) {
          pa[at] = aBatch[q]! * m * k + (transposeA ? r * m + i : i * k + r);
          pb[at] = bBatch[q]! * k * n + (transposeB ? j * k + r : r * n + j);
        }
  return [{ kind: "products", ptr, a: pa, b: pb }];
};

/**
 * Every output element depends on every element of every float operand, nonlinearly: the sound
 * pattern for matrix decompositions, solves and the neural-network kernels.
 *
 * NOTE: conservative on purpose (a superset is always correct); kernels that work matrix by matrix
 * (or image by image) over leading batch axes use `blockDense`, which keeps the batch apart.
 */
const dense: SparsityRule = ({ values, outs }) => {
  const srcs = floatArgs(values);
  return outs.map((out) => {
    const n = sizeOf(out.shape);
    const per = srcs.reduce((t, j) => t + sizeOf(values[j]!.shape), 0);
    const arg = new Int32Array(n * per);
    const idx = new Int32Array(n * per);
    let at = 0;
    for (let e = 0; e < n; e++)
      for (const j of srcs)
        for (let t = 0; t < sizeOf(values[j]!.shape); t++, at++) {
          arg[at] = j;
          idx[at] = t;
        }
    return { kind: "lists", interaction: "nonlinear", ptr: new Int32Array(n + 1).map((_, e) => e * per), arg, idx } satisfies SparsityDeps;
  });
};

/**
 * Block-diagonal over leading batch axes: operand j is a batch of blocks of rank `core[j]` (a
 * matrix: 2; an image `[C, H, W]`: 3; a channel `[H, W]`: 2), the batches broadcast, and each output
 * block depends on every element of the matching block of every float operand (`interaction` says
 * how). The pattern of batched decompositions, solves, convolutions and pooling.
 */
function blockDense(core: readonly number[], interaction: Interaction = "nonlinear"): SparsityRule {
  return ({ values, outs }) => {
    const srcs = floatArgs(values);
    const batchRank = Math.max(0, ...values.map((v, j) => v.shape.length - core[j]!));
    return outs.map((out) => {
      const batch = out.shape.slice(0, batchRank);
      const outBlock = sizeOf(out.shape.slice(batchRank));
      const blocks = srcs.map((j) => {
        const shape = values[j]!.shape;
        const split = shape.length - core[j]!;
        return { j, size: sizeOf(shape.slice(split)), map: broadcastMap(batch, shape.slice(0, split)) };
      });
      const per = blocks.reduce((t, b) => t + b.size, 0);
      const n = sizeOf(out.shape);
      const arg = new Int32Array(n * per);
      const idx = new Int32Array(n * per);
      let at = 0;
      for (let e = 0; e < n; e++) {
        const q = outBlock === 0 ? 0 : Math.floor(e / outBlock);
        for (const b of blocks)
          for (let t = 0, start = b.map[q]! * b.size; t < b.size; t++, at++) {
            arg[at] = b.j;
            idx[at] = start + t;
          }
      }
      return { kind: "lists", interaction, ptr: new Int32Array(n + 1).map((_, e) => e * per), arg, idx } satisfies SparsityDeps;
    });
  };
}

/** Call primitives (checkpoint, customJvp, customVjp): the body is traced at the operands and its own rules apply. */
const call: SparsityRule = ({ values, params }) => {
  const fn = (params as { fn: FlatFunction }).fn;
  const program = traceProgram((...xs: unknown[]) => fn.call(xs as never), values, {}, "jacobianSparsity");
  return program.outputs.map(() => ({ kind: "program", program }));
};

/** cast: a float result of a float operand copies it; any other cast has no derivative. */
const castRule: SparsityRule = (input) => (isFloat(input.values[0]!.dtype) && isFloat(input.outs[0]!.dtype) ? elementwise("linear")(input) : zero(input));

const nonlinear = elementwise("nonlinear");
const matrices = blockDense([2]);
const linear = elementwise("linear");

/**
 * The sparsity rule of every primitive, by name. The registry-driven test fails for a registered
 * primitive missing here.
 *
 * NOTE: abs, maximum and reduceMax are treated as linear for second derivatives (they are piecewise
 * linear: zero second derivative almost everywhere), as SparseConnectivityTracer.jl does.
 */
export const sparsityRules: Readonly<Record<string, SparsityRule>> = {
  // unary elementwise
  neg: linear, abs: linear,
  exp: nonlinear, log: nonlinear, log1p: nonlinear, expm1: nonlinear, sin: nonlinear, cos: nonlinear, tan: nonlinear,
  asin: nonlinear, acos: nonlinear, atan: nonlinear, sinh: nonlinear, cosh: nonlinear, tanh: nonlinear, sqrt: nonlinear,
  erf: nonlinear, sign: zero, floor: zero, ceil: zero, round: zero, logicalNot: zero,
  // special functions
  lgamma: nonlinear, digamma: nonlinear, polygamma: nonlinear, erfinv: nonlinear, erfc: nonlinear,
  gammainc: nonlinear, gammaincc: nonlinear, betainc: nonlinear,
  // binary elementwise
  add: linear, sub: linear, mul: elementwise("mul"), div: elementwise("div"), pow: nonlinear, maximum: linear, atan2: nonlinear,
  // comparison and logic
  less: zero, lessEqual: zero, greater: zero, greaterEqual: zero, equal: zero, notEqual: zero, logicalAnd: zero, logicalOr: zero,
  // selection, conversion
  where: linear, cast: castRule, stopGradient: zero,
  // reductions
  sum: reduction, reduceMax: reduction, argmax: zero, argmin: zero,
  // movement
  reshape: copied(reshapeP), broadcastTo: copied(broadcastToP), transpose: copied(transposeP), slice: copied(sliceP),
  pad: copied(padP, (p) => ({ ...(p as object), value: 0 })), concat: copied(concatP), flip: copied(flipP),
  gather: indexedRule(false), scatterAdd: indexedRule(true),
  // linear algebra
  matmul: matmulRule, cholesky: matrices, triangularSolve: blockDense([2, 2]), qr: matrices, svd: matrices, lu: matrices, eigh: matrices,
  det: matrices, adjugate: matrices, pivotPermutation: zero,
  // neural-network kernels: images [C, H, W], filters [O, C, kh, kw] and biases [O]; pooling works channel by channel
  logSoftmax: blockDense([1]), logSoftmaxGrad: blockDense([1, 1]),
  // batch norm: every output depends on every element of its group, which spans the batch (conservatively: all of them)
  batchNorm: dense, batchNormGrad: dense,
  // relu and its cotangent: elementwise, piecewise linear (zero second derivative almost everywhere)
  relu: linear, reluGrad: linear,
  conv2d: blockDense([3, 4, 1]), conv2dInputGrad: blockDense([3, 4]), conv2dWeightGrad: dense,
  avgPool2d: blockDense([2], "linear"), avgPool2dTranspose: blockDense([2], "linear"),
  maxPool2d: blockDense([2], "linear"), maxPool2dTangent: blockDense([2, 2], "linear"), maxPool2dGrad: blockDense([2, 2], "linear"),
  // call primitives
  checkpoint: call, customJvp: call, customVjp: call,
};

/**
 * The rule for a primitive: its entry, or for a primitive registered without one (a user's own) the
 * sound fallbacks: no dependencies when it is not differentiable, all of them when it is.
 */
export function sparsityRuleOf(prim: AnyPrimitive): SparsityRule {
  return Object.hasOwn(sparsityRules, prim.name) ? sparsityRules[prim.name]! : prim.differentiable ? dense : zero;
}
