import type { Tensor } from "../tensor/tensor.js";

/**
 * The one value all elements of a concrete tensor share (a scalar, or `ones(...)` seeded by a
 * transform), or null when they differ or there are none. -0 and +0 differ; NaN equals NaN.
 *
 * @example
 * uniformValue(ones([3])); // 1
 */
export function uniformValue(t: Tensor): number | null {
  const d = t._concrete()._data!;
  if (d.length === 0) return null;
  const value = d[0]!;
  for (let i = 1; i < d.length; i++) if (!Object.is(d[i]!, value)) return null;
  return value;
}
