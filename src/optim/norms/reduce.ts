/** Scalar reductions over all elements of a list of tensors, in float64 (used for norm values). */
import type { Tensor } from "../../tensor/tensor.js";

/** max |x| over all elements (0 for no elements). */
export function maxAbs(ts: readonly Tensor[]): number {
  let m = 0;
  for (const t of ts) {
    const d = t.data();
    for (let i = 0; i < d.length; i++) {
      const a = Math.abs(d[i]!);
      if (a > m || Number.isNaN(a)) m = a;
    }
  }
  return m;
}

/** Σ |x|. */
export function sumAbs(ts: readonly Tensor[]): number {
  let s = 0;
  for (const t of ts) {
    const d = t.data();
    for (let i = 0; i < d.length; i++) s += Math.abs(d[i]!);
  }
  return s;
}

/** (Σ |x|^p)^(1/p), scaled by max |x| first so that large or tiny values neither overflow nor underflow. */
export function pNorm(ts: readonly Tensor[], p: number): number {
  const m = maxAbs(ts);
  if (m === 0 || !Number.isFinite(m)) return m;
  let s = 0;
  for (const t of ts) {
    const d = t.data();
    for (let i = 0; i < d.length; i++) s += Math.pow(Math.abs(d[i]!) / m, p);
  }
  return m * Math.pow(s, 1 / p);
}

/** √(Σ x²), overflow-safe. */
export function l2Norm(ts: readonly Tensor[]): number {
  const m = maxAbs(ts);
  if (m === 0 || !Number.isFinite(m)) return m;
  let s = 0;
  for (const t of ts) {
    const d = t.data();
    for (let i = 0; i < d.length; i++) {
      const x = d[i]! / m;
      s += x * x;
    }
  }
  return m * Math.sqrt(s);
}

/** Total number of elements. */
export function elementCount(ts: readonly Tensor[]): number {
  return ts.reduce((n, t) => n + t.size, 0);
}
