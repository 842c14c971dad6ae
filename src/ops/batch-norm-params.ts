import { ShapeError } from "../core/errors.js";
import { showShape, type Shape } from "../core/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { add } from "./arithmetic.js";
import { rsqrt } from "./elementwise.js";
import { reshape } from "./shape-ops.js";

/** Params of `batchNorm` and `batchNormGrad`: the kept (group) axes, increasing, and the variance's epsilon. */
export interface BatchNormParams {
  /** Axes not reduced: the channel axis (1 for [N, C, ...]), and leading batch axes under vmap. */
  readonly keep: readonly number[];
  readonly eps: number;
}

/** The axes reduced by a batch norm over `rank` axes keeping `keep`. */
export const reducedAxes = (rank: number, keep: readonly number[]): number[] => Array.from({ length: rank }, (_, a) => a).filter((a) => !keep.includes(a));

/** The shape of the statistics (the kept axes). */
export const statsShape = (shape: Shape, keep: readonly number[]): number[] => keep.map((a) => shape[a]!);

/** The statistics' shape broadcast against x: 1 on the reduced axes. */
export const statsBroadcast = (shape: Shape, keep: readonly number[]): number[] => shape.map((d, a) => (keep.includes(a) ? d : 1));

/** Checks a batch norm's x against its params: float, kept axes increasing and in range, at least one element per group. */
export function checkBatchNormInput(op: string, shape: Shape, p: BatchNormParams): void {
  if (!p.keep.every((a, i) => Number.isInteger(a) && a >= 0 && a < shape.length && (i === 0 || a > p.keep[i - 1]!)))
    throw new ShapeError(`${op}: kept axes [${p.keep.join(", ")}] must increase within the rank of x (shape ${showShape(shape)})`);
  if (reducedAxes(shape.length, p.keep).length === 0) throw new ShapeError(`${op}: x of shape ${showShape(shape)} has no axis to normalise over (kept [${p.keep.join(", ")}])`);
}

/** s = 1/√(v + eps) broadcast against x, from the statistics v. */
export function invStd(v: Tensor, shape: Shape, p: BatchNormParams): Tensor {
  return rsqrt(add(reshape(v, statsBroadcast(shape, p.keep)), p.eps));
}
