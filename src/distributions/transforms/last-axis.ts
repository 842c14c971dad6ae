import { matmul, slice } from "../../ops/index.js";
import { tensor } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";

/** Which running sum `runningSum` takes along the last axis. */
export type RunningSum = "inclusive" | "exclusive" | "suffix" | "suffixExclusive";

/** Whether entry l contributes to output j for each kind of running sum. */
const CONTRIBUTES: Record<RunningSum, (l: number, j: number) => boolean> = {
  inclusive: (l, j) => l <= j,
  exclusive: (l, j) => l < j,
  suffix: (l, j) => l >= j,
  suffixExclusive: (l, j) => l > j,
};

/**
 * Running sums along the last axis (prefix sums `inclusive`/`exclusive` of the entries before,
 * `suffix`/`suffixExclusive` of the entries after), as x @ M with a constant 0/1 matrix M.
 * NOTE: O(K²) per event, fine for the event sizes of bijections; suffix sums of positive terms
 * avoid the cancellation of 1 − cumsum.
 */
export function runningSum(x: Tensor, kind: RunningSum): Tensor {
  const k = x.shape[x.ndim - 1]!;
  const key = `${kind} ${k} ${x.dtype}`;
  let m = matrices.get(key);
  if (m === undefined) {
    const contributes = CONTRIBUTES[kind];
    const entries = new Array<number>(k * k);
    for (let l = 0; l < k; l++) for (let j = 0; j < k; j++) entries[l * k + j] = contributes(l, j) ? 1 : 0;
    m = tensor(entries, { dtype: x.dtype, shape: [k, k] });
    if (matrices.size < 64) matrices.set(key, m);
  }
  return matmul(x, m);
}

/** The 0/1 matrices of `runningSum`, by kind, size and dtype (a few small ones; constants are never mutated). */
const matrices = new Map<string, Tensor>();

/** Entries `start … start + length − 1` of the last axis. */
export function lastAxisSlice(x: Tensor, start: number, length: number): Tensor {
  const lead = x.shape.slice(0, -1);
  return slice(x, [...lead.map(() => 0), start], [...lead, length]);
}
