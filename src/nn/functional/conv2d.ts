import { ArgumentError, ShapeError } from "../../core/errors.js";
import { checkOptions, showValue } from "../../core/validate.js";
/**
 * 2-D convolution as three primitives closed under differentiation.
 *
 * All three are partial derivatives of one trilinear form T(x, w, g) = ⟨conv2d(x, w), g⟩:
 *
 *   conv2d(x, w)            = ∂T/∂g    (the forward convolution, [N, C, H, W] → [N, O, OH, OW])
 *   conv2dInputGrad(g, w)   = ∂T/∂x    (the transposed convolution, [N, O, OH, OW] → [N, C, H, W])
 *   conv2dWeightGrad(x, g)  = ∂T/∂w    (input ⋆ cotangent, → [O, C/groups, KH, KW])
 *
 * Each is bilinear in its two arguments, so its jvp is the sum of the two one-sided products, and
 * each one's vjp is given by the other two (conv2d also takes an optional bias b [O], added per
 * channel in the same kernel: its tangent rides along with one of the products and its cotangent
 * is ȳ summed over batch and space): ⟨x̄, conv2dInputGrad(g, w)⟩ = T(x̄, w, g) is
 * differentiated in g by conv2d(x̄, w) and in w by conv2dWeightGrad(x̄, g), and so on. The rules
 * therefore bind only these three primitives, and derivatives of any order come for free.
 */
import { showShape } from "../../core/shape.js";
import { getBackend, type Conv2dGeometry } from "../../backend/backend.js";
import { bind1 } from "../../primitives/bind.js";
import type { Aval, Primitive, TestCase } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchConv2d, batchConv2dInputGrad, batchConv2dWeightGrad } from "./conv2d-batching.js";
import { addTangents, requireFloat, requireSameDtype } from "../../primitives/rule-helpers.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { add } from "../../ops/arithmetic.js";
import { reshape } from "../../ops/shape-ops.js";
import { broadcastTo } from "../../primitives/movement/broadcast-to.js";
import { sum } from "../../primitives/reduce/sum.js";
import { promoteFloatOperands, toTensor, type TensorLike } from "../../ops/tensor-like.js";

/** Params of `conv2dInputGrad`: the geometry and the spatial size [H, W] of the convolution's input. */
export interface Conv2dInputGradParams extends Conv2dGeometry {
  readonly inputSize: readonly [number, number];
}

/** Params of `conv2dWeightGrad`: the geometry and the kernel size [KH, KW]. */
export interface Conv2dWeightGradParams extends Conv2dGeometry {
  readonly kernelSize: readonly [number, number];
}

/** Output length of a convolution along one axis: ⌊(n + before + after − d·(k − 1) − 1) / s⌋ + 1. */
export function convOutputLength(n: number, k: number, stride: number, padding: readonly [number, number], dilation: number): number {
  return Math.floor((n + padding[0] + padding[1] - dilation * (k - 1) - 1) / stride) + 1;
}

function convOutputSize(h: number, w: number, kh: number, kw: number, g: Conv2dGeometry): [number, number] {
  return [convOutputLength(h, kh, g.stride[0], g.padding[0], g.dilation[0]), convOutputLength(w, kw, g.stride[1], g.padding[1], g.dilation[1])];
}

const fail = (op: string, message: string): ShapeError => new ShapeError(`${op}: ${message}`);

function requireRank4(op: string, what: string, a: Aval): [number, number, number, number] {
  if (a.shape.length !== 4) throw fail(op, `${what} must have rank 4, got shape ${showShape(a.shape)}`);
  return a.shape as unknown as [number, number, number, number];
}

/** Checks the channel counts of x [N, C, ...] and w [O, C/groups, ...] against `groups`. */
function checkChannels(op: string, c: number, o: number, cg: number, groups: number, xs: string, ws: string): void {
  if (!Number.isInteger(groups) || groups < 1) throw fail(op, `groups must be a positive integer, got ${groups}`);
  if (c % groups !== 0 || o % groups !== 0)
    throw fail(op, `groups = ${groups} must divide both the input channels (${c}) and the output channels (${o})`);
  if (cg * groups !== c)
    throw fail(op, `the weight ${ws} has ${cg} input channels per group, the input ${xs} has ${c} channels in ${groups} group(s) (${c / groups} per group)`);
}

function checkOutput(op: string, oh: number, ow: number, x: string, kernel: string): void {
  if (oh < 1 || ow < 1) throw fail(op, `the kernel ${kernel} (with its dilation) does not fit in the padded input ${x}: output size would be ${oh}×${ow}`);
}

// ---------------------------------------------------------------------------------------------
// Test cases shared by the three primitives: small shapes covering stride, asymmetric padding,
// dilation and groups, run in float64 by the registry-driven gradient suite.

type Shape4 = readonly [number, number, number, number];

const specGeometries: readonly { x: Shape4; w: Shape4; g: Conv2dGeometry }[] = [
  { x: [2, 2, 4, 4], w: [3, 2, 3, 3], g: { stride: [1, 1], padding: [[0, 0], [0, 0]], dilation: [1, 1], groups: 1 } },
  { x: [1, 2, 5, 6], w: [2, 2, 3, 2], g: { stride: [2, 1], padding: [[1, 1], [0, 2]], dilation: [1, 2], groups: 1 } },
  { x: [2, 4, 5, 5], w: [2, 2, 2, 2], g: { stride: [2, 2], padding: [[1, 0], [1, 1]], dilation: [2, 1], groups: 2 } },
];

function outShape(x: Shape4, w: Shape4, g: Conv2dGeometry): number[] {
  return [x[0], w[0], ...convOutputSize(x[2], x[3], w[2], w[3], g)];
}

function testCases<P>(
  params: (g: Conv2dGeometry, x: Shape4, w: Shape4) => P,
  args: (x: Shape4, w: Shape4, g: Conv2dGeometry) => { shape: readonly number[] }[],
): TestCase<P>[] {
  return specGeometries.map(({ x, w, g }) => ({ args: args(x, w, g), params: params(g, x, w) }));
}

/** 2-D cross-correlation of x [N, C, H, W] with w [O, C/groups, KH, KW] (bilinear), plus an optional bias b [O] per channel. */
export const conv2dP: Primitive<Conv2dGeometry> = {
  name: "conv2d",
  differentiable: true,
  vmap: batchConv2d,
  shape([x, w, b], g) {
    requireFloat("conv2d", x!);
    requireSameDtype("conv2d", x!, w!);
    const [n, c, h, wd] = requireRank4("conv2d", "the input", x!);
    const [o, cg, kh, kw] = requireRank4("conv2d", "the weight", w!);
    checkChannels("conv2d", c, o, cg, g.groups, showShape(x!.shape), showShape(w!.shape));
    const [oh, ow] = convOutputSize(h, wd, kh, kw, g);
    checkOutput("conv2d", oh, ow, showShape(x!.shape), showShape(w!.shape));
    if (b !== undefined) {
      requireSameDtype("conv2d", x!, b);
      if (b.shape.length !== 1 || b.shape[0] !== o) throw fail("conv2d", `the bias must have shape [${o}] (one per output channel), got ${showShape(b.shape)}`);
    }
    return [{ shape: [n, o, oh, ow], dtype: x!.dtype }];
  },
  impl: ([x, w, b], g, [out]) => [
    fromData(getBackend().conv2d(x!._data!, x!.shape, w!._data!, w!.shape, out!.shape, g, b === undefined ? null : b._data!), out!.shape, out!.dtype),
  ],
  jvp([x, w, b], [tx, tw, tb = null], g) {
    const y = conv2dPrim(x!, w!, g, b ?? null);
    // the bias tangent is added by whichever product is computed, else broadcast on its own
    const dx = tx === null ? null : conv2dPrim(tx, w!, g, tb);
    const dw = tw === null ? null : conv2dPrim(x!, tw, g, dx === null ? tb : null);
    const db = dx === null && dw === null && tb !== null ? broadcastTo(reshape(tb, [1, tb.shape[0]!, 1, 1]), y.shape) : null;
    return [[y], [addTangents(addTangents(dx, dw), db)]];
  },
  // ∂T/∂x = conv2dInputGrad(ȳ, w), ∂T/∂w = conv2dWeightGrad(x, ȳ), b̄ = Σ_{n,h,w} ȳ
  vjp: ([x, w, b], _y, [ct], g, _r, needed) => [
    needed?.[0] === false ? null : conv2dInputGrad(ct!, w!, { ...geometryOf(g), inputSize: [x!.shape[2]!, x!.shape[3]!] }),
    needed?.[1] === false ? null : conv2dWeightGrad(x!, ct!, { ...geometryOf(g), kernelSize: [w!.shape[2]!, w!.shape[3]!] }),
    ...(b === undefined ? [] : [needed?.[2] === false ? null : sum(ct!, [0, 2, 3])]),
  ],
  testSpec: [
    ...testCases((g) => g, (x, w) => [{ shape: x }, { shape: w }]),
    ...testCases((g) => g, (x, w) => [{ shape: x }, { shape: w }, { shape: [w[0]] }]).slice(1),
  ],
};

/** The transpose of conv2d in x (a transposed convolution) of g [N, O, OH, OW] with w: bilinear. */
export const conv2dInputGradP: Primitive<Conv2dInputGradParams> = {
  name: "conv2dInputGrad",
  differentiable: true,
  vmap: batchConv2dInputGrad,
  shape([ct, w], p) {
    requireFloat("conv2dInputGrad", ct!);
    requireSameDtype("conv2dInputGrad", ct!, w!);
    const [n, o, oh, ow] = requireRank4("conv2dInputGrad", "the cotangent", ct!);
    const [o2, cg, kh, kw] = requireRank4("conv2dInputGrad", "the weight", w!);
    if (o !== o2) throw fail("conv2dInputGrad", `the cotangent ${showShape(ct!.shape)} has ${o} channels, the weight ${showShape(w!.shape)} has ${o2} output channels`);
    checkChannels("conv2dInputGrad", cg * p.groups, o, cg, p.groups, "", showShape(w!.shape));
    const [h, wd] = p.inputSize;
    const [eh, ew] = convOutputSize(h, wd, kh, kw, p);
    if (eh !== oh || ew !== ow)
      throw fail("conv2dInputGrad", `a ${h}×${wd} input gives a ${eh}×${ew} output with this geometry, but the cotangent is ${showShape(ct!.shape)}`);
    return [{ shape: [n, cg * p.groups, h, wd], dtype: ct!.dtype }];
  },
  impl: ([ct, w], p, [out]) => [fromData(getBackend().conv2dInputGrad(ct!._data!, ct!.shape, w!._data!, w!.shape, out!.shape, geometryOf(p)), out!.shape, out!.dtype)],
  jvp([ct, w], [tc, tw], p) {
    const y = conv2dInputGrad(ct!, w!, p);
    return [[y], [addTangents(tc === null ? null : conv2dInputGrad(tc, w!, p), tw === null ? null : conv2dInputGrad(ct!, tw, p))]];
  },
  // ⟨x̄, conv2dInputGrad(g, w)⟩ = T(x̄, w, g): ∂/∂g = conv2d(x̄, w), ∂/∂w = conv2dWeightGrad(x̄, g)
  vjp: ([ct, w], _y, [xbar], p, _r, needed) => [
    needed?.[0] === false ? null : conv2dPrim(xbar!, w!, geometryOf(p)),
    needed?.[1] === false ? null : conv2dWeightGrad(xbar!, ct!, { ...geometryOf(p), kernelSize: [w!.shape[2]!, w!.shape[3]!] }),
  ],
  testSpec: testCases(
    (g, x) => ({ ...g, inputSize: [x[2]!, x[3]!] }),
    (x, w, g) => [{ shape: outShape(x, w, g) }, { shape: w }],
  ),
};

/** The transpose of conv2d in w: x [N, C, H, W] correlated with g [N, O, OH, OW]; bilinear. */
export const conv2dWeightGradP: Primitive<Conv2dWeightGradParams> = {
  name: "conv2dWeightGrad",
  differentiable: true,
  vmap: batchConv2dWeightGrad,
  shape([x, ct], p) {
    requireFloat("conv2dWeightGrad", x!);
    requireSameDtype("conv2dWeightGrad", x!, ct!);
    const [n, c, h, wd] = requireRank4("conv2dWeightGrad", "the input", x!);
    const [n2, o, oh, ow] = requireRank4("conv2dWeightGrad", "the cotangent", ct!);
    if (n !== n2) throw fail("conv2dWeightGrad", `the input ${showShape(x!.shape)} and the cotangent ${showShape(ct!.shape)} have different batch sizes`);
    if (!Number.isInteger(p.groups) || p.groups < 1 || c % p.groups !== 0 || o % p.groups !== 0)
      throw fail("conv2dWeightGrad", `groups = ${p.groups} must divide both the input channels (${c}) and the output channels (${o})`);
    const [kh, kw] = p.kernelSize;
    const [eh, ew] = convOutputSize(h, wd, kh, kw, p);
    if (eh !== oh || ew !== ow)
      throw fail("conv2dWeightGrad", `a ${kh}×${kw} kernel on ${showShape(x!.shape)} gives a ${eh}×${ew} output with this geometry, but the cotangent is ${showShape(ct!.shape)}`);
    return [{ shape: [o, c / p.groups, kh, kw], dtype: x!.dtype }];
  },
  impl: ([x, ct], p, [out]) => [fromData(getBackend().conv2dWeightGrad(x!._data!, x!.shape, ct!._data!, ct!.shape, out!.shape, geometryOf(p)), out!.shape, out!.dtype)],
  jvp([x, ct], [tx, tc], p) {
    const y = conv2dWeightGrad(x!, ct!, p);
    return [[y], [addTangents(tx === null ? null : conv2dWeightGrad(tx, ct!, p), tc === null ? null : conv2dWeightGrad(x!, tc, p))]];
  },
  // ⟨w̄, conv2dWeightGrad(x, g)⟩ = T(x, w̄, g): ∂/∂x = conv2dInputGrad(g, w̄), ∂/∂g = conv2d(x, w̄)
  vjp: ([x, ct], _y, [wbar], p, _r, needed) => [
    needed?.[0] === false ? null : conv2dInputGrad(ct!, wbar!, { ...geometryOf(p), inputSize: [x!.shape[2]!, x!.shape[3]!] }),
    needed?.[1] === false ? null : conv2dPrim(x!, wbar!, geometryOf(p)),
  ],
  testSpec: testCases(
    (g, _x, w) => ({ ...g, kernelSize: [w[2]!, w[3]!] }),
    (x, w, g) => [{ shape: x }, { shape: outShape(x, w, g) }],
  ),
};

registerPrimitive(conv2dP);
registerPrimitive(conv2dInputGradP);
registerPrimitive(conv2dWeightGradP);

/** Just the geometry (drops `inputSize`/`kernelSize`), so params printed in traces stay small. */
function geometryOf(g: Conv2dGeometry): Conv2dGeometry {
  return { stride: g.stride, padding: g.padding, dilation: g.dilation, groups: g.groups };
}

/** conv2d as a primitive on rank-4 tensors of one dtype, plus a bias [O] per channel when given. */
export function conv2dPrim(x: Tensor, w: Tensor, g: Conv2dGeometry, bias: Tensor | null = null): Tensor {
  return bind1(conv2dP, bias === null ? [x, w] : [x, w, bias], geometryOf(g));
}

/** The transposed convolution as a primitive: g [N, O, OH, OW] and w [O, C/groups, KH, KW] → [N, C, H, W]. */
export function conv2dInputGrad(ct: Tensor, w: Tensor, p: Conv2dInputGradParams): Tensor {
  return bind1(conv2dInputGradP, [ct, w], p);
}

/** The weight gradient as a primitive: x [N, C, H, W] and g [N, O, OH, OW] → [O, C/groups, KH, KW]. */
export function conv2dWeightGrad(x: Tensor, ct: Tensor, p: Conv2dWeightGradParams): Tensor {
  return bind1(conv2dWeightGradP, [x, ct], p);
}

// ---------------------------------------------------------------------------------------------
// The user-facing functions.

/** A size per spatial axis: one number for both, or [height, width]. */
export type Pair = number | readonly [number, number];

/**
 * Zero padding of a convolution: one number for all sides, [height, width] (symmetric),
 * [[top, bottom], [left, right]], "valid" (none) or "same" (output size = input size; stride 1 only).
 */
export type Conv2dPadding = Pair | readonly [readonly [number, number], readonly [number, number]] | "valid" | "same";

/** Options of `conv2d`. */
export interface Conv2dOptions {
  /** Step between windows (default 1). */
  stride?: Pair;
  /** Zero padding (default 0). */
  padding?: Conv2dPadding;
  /** Spacing between kernel taps (default 1). */
  dilation?: Pair;
  /** Channel groups: input and output channels are split into `groups` independent convolutions (default 1). */
  groups?: number;
  /** Added per output channel, shape [O]. */
  bias?: TensorLike | null;
}

/** Checks a size option and returns it as [height, width]. */
export function toPair(value: Pair, what: string, op: string, min = 1): [number, number] {
  const pair = typeof value === "number" ? [value, value] : value;
  // NOTE: sizes are bounded by the int32 range, so a huge stride or padding fails here, not in a kernel.
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= min && v <= 2147483647))
    throw new ArgumentError(`${op}: ${what} must be an integer ≥ ${min} or a pair of them, got ${showValue(value)}`);
  return [pair[0]!, pair[1]!];
}

/** Resolves a padding option to [[top, bottom], [left, right]] for a kernel of size `kernel`. */
export function resolvePadding(
  padding: Conv2dPadding,
  kernel: readonly [number, number],
  dilation: readonly [number, number],
  stride: readonly [number, number],
  op: string,
): [[number, number], [number, number]] {
  if (padding === "valid") return [[0, 0], [0, 0]];
  if (padding === "same") {
    if (stride[0] !== 1 || stride[1] !== 1) throw new ArgumentError(`${op}: padding "same" needs stride 1, got stride ${showValue(stride)}`);
    // NOTE: an odd total puts the extra row/column at the bottom/right, as PyTorch and TensorFlow do.
    const total = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)] as const;
    return [[Math.floor(total[0] / 2), Math.ceil(total[0] / 2)], [Math.floor(total[1] / 2), Math.ceil(total[1] / 2)]];
  }
  if (Array.isArray(padding) && padding.length === 2 && (Array.isArray(padding[0]) || Array.isArray(padding[1]))) {
    const [hp, wp] = padding as readonly unknown[];
    if (!Array.isArray(hp) || !Array.isArray(wp) || hp.length !== 2 || wp.length !== 2)
      throw new ArgumentError(`${op}: padding must be a number, [height, width], [[top, bottom], [left, right]], "same" or "valid", got ${showValue(padding)}`);
    const [[t, b], [l, r]] = padding as readonly [readonly [number, number], readonly [number, number]];
    if (![t, b, l, r].every((v) => Number.isInteger(v) && v >= 0))
      throw new ArgumentError(`${op}: padding must be non-negative integers, got ${showValue(padding)}`);
    return [[t!, b!], [l!, r!]];
  }
  const [ph, pw] = toPair(padding as Pair, "padding", op, 0);
  return [[ph, ph], [pw, pw]];
}

/** Adds a batch axis to an unbatched [C, H, W] input; returns the rank-4 tensor and whether it did. */
export function batched(x: Tensor, op: string): [Tensor, boolean] {
  if (x.ndim === 4) return [x, false];
  if (x.ndim === 3) return [reshape(x, [1, ...x.shape]), true];
  throw new ShapeError(`${op}: the input must be [N, C, H, W] or unbatched [C, H, W], got shape ${showShape(x.shape)}`);
}

/** Checks the bias of a convolution with weight w: shape [O]. */
function channelBias(b: Tensor | null, w: Tensor, op: string): Tensor | null {
  if (b !== null && (b.ndim !== 1 || b.shape[0] !== w.shape[0]))
    throw new ShapeError(`${op}: the bias must have shape [${w.shape[0]}] (one per output channel), got ${showShape(b.shape)}`);
  return b;
}

function addChannelBias(y: Tensor, bias: TensorLike | null | undefined, op: string): Tensor {
  if (bias === undefined || bias === null) return y;
  const b = toTensor(bias, y, op);
  if (b.ndim !== 1 || b.shape[0] !== y.shape[1])
    throw new ShapeError(`${op}: the bias must have shape [${y.shape[1]}] (one per output channel), got ${showShape(b.shape)}`);
  return add(y, reshape(b, [1, b.shape[0]!, 1, 1]));
}

/**
 * 2-D convolution (cross-correlation, as in PyTorch) of x [N, C, H, W] (or unbatched [C, H, W])
 * with weight [O, C/groups, KH, KW], giving [N, O, OH, OW] with
 * OH = ⌊(H + padding − dilation·(KH − 1) − 1) / stride⌋ + 1. Differentiable to any order in x and w.
 *
 * @example
 * const y = conv2d(randn([8, 1, 28, 28]), randn([16, 1, 3, 3]), { padding: 1 }); // [8, 16, 28, 28]
 */
export function conv2d(x: TensorLike, weight: TensorLike, options: Conv2dOptions = {}): Tensor {
  const opts = checkOptions<Conv2dOptions>(options, "conv2d");
  const [xt, wt] = promoteFloatOperands(x, weight, "conv2d");
  const [x4, added] = batched(xt, "conv2d");
  if (wt.ndim !== 4) throw new ShapeError(`conv2d: the weight must be [O, C/groups, KH, KW], got shape ${showShape(wt.shape)}`);
  const stride = toPair(opts.stride ?? 1, "stride", "conv2d");
  const dilation = toPair(opts.dilation ?? 1, "dilation", "conv2d");
  const padding = resolvePadding(opts.padding ?? 0, [wt.shape[2]!, wt.shape[3]!], dilation, stride, "conv2d");
  const g: Conv2dGeometry = { stride, padding, dilation, groups: opts.groups ?? 1 };
  const bias = opts.bias === undefined || opts.bias === null ? null : toTensor(opts.bias, wt, "conv2d");
  // NOTE: a bias of another dtype is added afterwards, so that it promotes the result as `add` would.
  const y = bias === null || bias.dtype === wt.dtype ? conv2dPrim(x4, wt, g, channelBias(bias, wt, "conv2d")) : addChannelBias(conv2dPrim(x4, wt, g), bias, "conv2d");
  return added ? reshape(y, y.shape.slice(1)) : y;
}

/** Options of `conv2dTranspose`. */
export interface Conv2dTransposeOptions {
  /** The stride of the convolution this transposes (default 1). */
  stride?: Pair;
  /** The symmetric zero padding of the convolution this transposes (default 0). */
  padding?: Pair;
  /** Extra rows/columns at the bottom/right of the output, to pick among the sizes a strided convolution maps onto the same size (default 0; less than the stride). */
  outputPadding?: Pair;
  dilation?: Pair;
  groups?: number;
  /** Added per output channel, shape [C]. */
  bias?: TensorLike | null;
}

/**
 * Transposed convolution (PyTorch's `conv_transpose2d`): the adjoint of `conv2d` in its input.
 * x [N, O, h, w] with weight [O, C/groups, KH, KW] gives [N, C, H, W],
 * H = (h − 1)·stride − 2·padding + dilation·(KH − 1) + outputPadding + 1.
 *
 * @example
 * conv2dTranspose(randn([1, 4, 7, 7]), randn([4, 2, 3, 3]), { stride: 2, padding: 1, outputPadding: 1 }); // [1, 2, 14, 14]
 */
export function conv2dTranspose(x: TensorLike, weight: TensorLike, options: Conv2dTransposeOptions = {}): Tensor {
  const op = "conv2dTranspose";
  const opts = checkOptions<Conv2dTransposeOptions>(options, op);
  const [xt, wt] = promoteFloatOperands(x, weight, op);
  const [x4, added] = batched(xt, op);
  if (wt.ndim !== 4) throw new ShapeError(`${op}: the weight must be [O, C/groups, KH, KW], got shape ${showShape(wt.shape)}`);
  if (x4.shape[1] !== wt.shape[0])
    throw new ShapeError(`${op}: the input ${showShape(x4.shape)} has ${x4.shape[1]} channels, the weight ${showShape(wt.shape)} takes ${wt.shape[0]} (its first axis)`);
  const stride = toPair(opts.stride ?? 1, "stride", op);
  const dilation = toPair(opts.dilation ?? 1, "dilation", op);
  const [ph, pw] = toPair(opts.padding ?? 0, "padding", op, 0);
  const [oph, opw] = toPair(opts.outputPadding ?? 0, "outputPadding", op, 0);
  if (oph >= stride[0] || opw >= stride[1])
    throw new ArgumentError(`${op}: outputPadding ${showValue(opts.outputPadding)} must be smaller than the stride ${showValue(opts.stride ?? 1)}`);
  const size = (n: number, k: number, s: number, p: number, d: number, extra: number): number => (n - 1) * s - 2 * p + d * (k - 1) + extra + 1;
  const inputSize: [number, number] = [
    size(x4.shape[2]!, wt.shape[2]!, stride[0], ph, dilation[0], oph),
    size(x4.shape[3]!, wt.shape[3]!, stride[1], pw, dilation[1], opw),
  ];
  if (inputSize[0] < 1 || inputSize[1] < 1) throw new ShapeError(`${op}: the output size would be ${inputSize[0]}×${inputSize[1]}`);
  // NOTE: the output padding adds rows/columns at the bottom/right that the strided convolution
  // being transposed never reads, so they receive nothing (zeros, plus the bias).
  const y = conv2dInputGrad(x4, wt, { stride, padding: [[ph, ph], [pw, pw]], dilation, groups: opts.groups ?? 1, inputSize });
  const out = addChannelBias(y, opts.bias, op);
  return added ? reshape(out, out.shape.slice(1)) : out;
}
