import type { Tensor } from "../tensor/tensor.js";
import { div, sub } from "../ops/arithmetic.js";
import { checkTensor } from "../ops/tensor-like.js";
import { argumentError, checkFiniteNumber, checkOptions } from "../core/validate.js";

/** A mean and a standard deviation (scalars: one for all pixels). */
export interface MeanStd {
  mean: number;
  std: number;
}

/**
 * The mean and (population) standard deviation over every element, accumulated in float64 —
 * compute them on the training split and apply them to both splits.
 *
 * @example
 * meanStd(train.images); // { mean: 0.2860, std: 0.3530 } for Fashion-MNIST in [0, 1]
 */
export function meanStd(x: Tensor): MeanStd {
  checkTensor(x, "meanStd");
  const d = x._concrete()._data!;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i]!;
  const mean = s / d.length;
  let q = 0;
  for (let i = 0; i < d.length; i++) q += (d[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(q / d.length) };
}

/**
 * (x − mean) / std.
 *
 * @example
 * const images = normalize(train.images, meanStd(train.images));
 */
export function normalize(x: Tensor, stats: MeanStd): Tensor {
  checkTensor(x, "normalize");
  if (stats === undefined) throw argumentError("normalize", "stats", "{ mean, std }", stats);
  const { mean, std } = checkOptions<MeanStd>(stats, "normalize", "stats");
  checkFiniteNumber(mean, "normalize", "stats.mean");
  checkFiniteNumber(std, "normalize", "stats.std", "positive");
  return div(sub(x, stats.mean), stats.std);
}
