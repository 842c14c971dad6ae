import type { DType, TypedArray } from "../core/dtype.js";
import type { Shape } from "../core/shape.js";
import { argumentError } from "../core/validate.js";

import { cpuBackend } from "./cpu/cpu-backend.js";
import { wasmBackend, wasmBackendLoaded, wasmReady } from "./wasm/wasm-backend.js";
/** Elementwise unary kernels every backend provides. */
export type UnaryOp =
  | "neg" | "exp" | "log" | "log1p" | "expm1" | "sin" | "cos" | "tan" | "asin" | "acos" | "atan"
  | "sinh" | "cosh" | "tanh" | "sqrt" | "abs" | "sign" | "floor" | "ceil" | "round" | "erf" | "logicalNot"
  | "lgamma" | "digamma" | "erfinv" | "erfc";

/** Elementwise binary kernels (with numpy broadcasting) every backend provides. */
export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "pow" | "max" | "min" | "atan2"
  | "less" | "lessEqual" | "greater" | "greaterEqual" | "equal" | "notEqual" | "logicalAnd" | "logicalOr";

/**
 * Geometry of a 2-D convolution over NCHW arrays: per spatial axis (height, width) the stride, the
 * [before, after] zero padding and the dilation of the kernel taps, and the number of channel groups.
 */
export interface Conv2dGeometry {
  readonly stride: readonly [number, number];
  readonly padding: readonly [readonly [number, number], readonly [number, number]];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

/**
 * Geometry of a 2-D pooling window over NCHW arrays: per spatial axis (height, width) the window
 * size, the stride, the padding on each side (never part of a window's maximum) and the dilation.
 */
export interface Pool2dGeometry {
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
}

/** Reductions over a set of axes. */
export type ReduceOp = "sum" | "max" | "min";

/**
 * What a device implements: kernels over contiguous row-major arrays. A backend never sees a
 * derivative; primitives call it from their `impl` only. Inputs are never mutated.
 */
export interface Backend {
  /** Name shown in benchmarks and errors. */
  readonly name: string;
  /**
   * The element count from which this backend's own elementwise kernels (unary, binary, where) run
   * faster than one fused JavaScript loop would; Infinity when they never do. `compile` fuses only
   * below it.
   */
  nativeElementwiseFrom(): number;
  /** `op` applied to every element; the result has `outDtype` (bool for `logicalNot`). */
  unary(op: UnaryOp, x: TypedArray, outDtype: DType): TypedArray;
  /** `op` on broadcast operands of equal dtype; `outShape` is their broadcast shape. */
  binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, outDtype: DType): TypedArray;
  /** `cond ? a : b` elementwise with broadcasting; `cond` is bool. */
  where(cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, outDtype: DType): TypedArray;
  /** Reduces `axes` (sorted, non-negative); the result has the reduced shape without kept dims. */
  reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray;
  /** Index of the largest (`argmax`) or smallest element along `axis`; first index on ties. */
  argReduce(op: "argmax" | "argmin", x: TypedArray, shape: Shape, axis: number): Int32Array;
  /** Permutes axes: output axis i is input axis perm[i]. */
  transpose(x: TypedArray, shape: Shape, perm: readonly number[]): TypedArray;
  /** Broadcasts `x` to `outShape` (numpy rules, already checked). */
  broadcastTo(x: TypedArray, shape: Shape, outShape: Shape): TypedArray;
  /** The block starting at `begin` of extent `size` (both full rank, already checked). */
  slice(x: TypedArray, shape: Shape, begin: readonly number[], size: readonly number[]): TypedArray;
  /** Pads each axis with widths[i] = [before, after] copies of `value`. */
  pad(x: TypedArray, shape: Shape, widths: readonly (readonly [number, number])[], value: number): TypedArray;
  /** Concatenates along `axis`; shapes agree elsewhere. */
  concat(xs: readonly TypedArray[], shapes: readonly Shape[], axis: number): TypedArray;
  /** Reverses the order of elements along each of `axes`. */
  flip(x: TypedArray, shape: Shape, axes: readonly number[]): TypedArray;
  /** Selects entries `indices` (flat, values in range) along `axis`: out shape replaces that axis by `indicesShape`. */
  gather(x: TypedArray, shape: Shape, indices: Int32Array, indicesShape: Shape, axis: number): TypedArray;
  /** The transpose of `gather`: adds slices of `updates` into a zero array of `outShape` at `indices` along `axis`. */
  scatterAdd(updates: TypedArray, indices: Int32Array, indicesShape: Shape, axis: number, outShape: Shape): TypedArray;
  /**
   * Batched matrix product of `[...batch, m, k]` and `[...batch, k, n]` with broadcast batch dims.
   * With `transA` A is stored `[...batch, k, m]` and used transposed, with `transB` B is stored
   * `[...batch, n, k]`: backward passes multiply by transposes without materialising them.
   */
  matmul(a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, transA?: boolean, transB?: boolean): TypedArray;
  /** 2-D cross-correlation: x [N, C, H, W] with w [O, C/groups, KH, KW] gives `outShape` [N, O, OH, OW], plus `bias` [O] per channel when given. */
  conv2d(x: TypedArray, xShape: Shape, w: TypedArray, wShape: Shape, outShape: Shape, geometry: Conv2dGeometry, bias?: TypedArray | null): TypedArray;
  /** The transpose of `conv2d` in x (a transposed convolution): ct [N, O, OH, OW] and w give `xShape` [N, C, H, W]. */
  conv2dInputGrad(ct: TypedArray, ctShape: Shape, w: TypedArray, wShape: Shape, xShape: Shape, geometry: Conv2dGeometry): TypedArray;
  /** The transpose of `conv2d` in w: x [N, C, H, W] and ct [N, O, OH, OW] give `wShape` [O, C/groups, KH, KW]. */
  conv2dWeightGrad(x: TypedArray, xShape: Shape, ct: TypedArray, ctShape: Shape, wShape: Shape, geometry: Conv2dGeometry): TypedArray;
  /** Max pooling: x [N, C, H, W] gives `outShape` [N, C, OH, OW], each the maximum of its window (NaN propagates). */
  maxPool2d(x: TypedArray, xShape: Shape, outShape: Shape, geometry: Pool2dGeometry): TypedArray;
  /** The transpose of max pooling's derivative: ct [N, C, OH, OW] shared evenly among each window's maxima of x, summed into `xShape`. */
  maxPool2dGrad(x: TypedArray, xShape: Shape, ct: TypedArray, ctShape: Shape, geometry: Pool2dGeometry): TypedArray;
  /** Max pooling's derivative: the mean of t [N, C, H, W] over each window's maxima of x, giving `outShape`. */
  maxPool2dTangent(x: TypedArray, xShape: Shape, t: TypedArray, outShape: Shape, geometry: Pool2dGeometry): TypedArray;
  /** Average pooling: x [N, C, H, W] gives `outShape`, each window's sum over its taps inside x divided by `divisor` ("valid": by their count). */
  avgPool2d(x: TypedArray, xShape: Shape, outShape: Shape, geometry: Pool2dGeometry, divisor: number | "valid"): TypedArray;
  /** The transpose of average pooling: each window's ct / divisor added to its taps inside `xShape`. */
  avgPool2dTranspose(ct: TypedArray, ctShape: Shape, xShape: Shape, geometry: Pool2dGeometry, divisor: number | "valid"): TypedArray;
  /** Converts element type. */
  cast(x: TypedArray, dtype: DType): TypedArray;
}

// The wasm backend once its kernels load (they are built by `npm run build`), else plain JS. In
// Node they load at import; in browsers asynchronously, and the switch happens then unless the
// user has chosen a backend meanwhile.
let active: Backend = wasmReady() ? wasmBackend : cpuBackend;
let chosen = false;
if (!wasmReady())
  void wasmBackendLoaded.then((ok) => {
    if (ok && !chosen) active = wasmBackend;
  });

/** The backend kernels run on. */
export function getBackend(): Backend {
  return active;
}

/**
 * Makes `backend` the one kernels run on. The default is `wasmBackend` where its kernels are built
 * and load, else `cpuBackend` (plain JS, the reference); `setBackend(cpuBackend)` forces plain JS.
 */
export function setBackend(backend: Backend): void {
  // NOTE: a backend is checked against the kernels cpuBackend has, so a wrong object fails here, not at the next op.
  const missing = backend !== null && typeof backend === "object" ? Object.keys(cpuBackend).find((k) => typeof (backend as unknown as Record<string, unknown>)[k] !== typeof (cpuBackend as unknown as Record<string, unknown>)[k]) : "";
  if (missing !== undefined) throw argumentError("setBackend", "backend", `a Backend (such as cpuBackend or wasmBackend)${missing ? ` with ${missing}` : ""}`, backend);
  active = backend;
  chosen = true;
}
