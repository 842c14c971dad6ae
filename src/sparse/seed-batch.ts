import { ShapeError } from "../core/errors.js";
import { sizeOf } from "../core/shape.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { vmap } from "../transforms/vmap.js";

/**
 * The seeds of every color at once: per leaf a batch `[count, ...shape]` whose lane c has ones at the
 * elements (numbered across the leaves) that `colorOf` gives color c; null for non-float leaves.
 */
export function seedBatches(like: readonly Tensor[], colorOf: (i: number) => number, count: number): (Tensor | null)[] {
  let at = 0;
  return like.map((l) => {
    const n = sizeOf(l.shape);
    const float = l.dtype === "float32" || l.dtype === "float64";
    const data = l.dtype === "float32" ? new Float32Array(count * n) : new Float64Array(count * n);
    for (let e = 0; e < n; e++) {
      const c = colorOf(at + e);
      if (c >= 0 && c < count) data[c * n + e] = 1;
    }
    at += n;
    return float ? fromData(data, [count, ...l.shape], l.dtype) : null;
  });
}

/**
 * Compressed products for every color in one batched pass: `lane` (one JVP or VJP, written for one
 * seed) runs under `vmap` over the seed batches of `like`; each result has the colors on axis 0.
 * NOTE: one vmap instead of a loop over colors, as jacfwd/jacrev do over the standard basis.
 * The lanes are seeds, not examples: random draws in f are shared by every lane (`randomness: "same"`).
 */
export function vmapOverSeeds(
  like: readonly Tensor[],
  colorOf: (i: number) => number,
  count: number,
  lane: (seeds: (Tensor | null)[]) => Tensor[],
): Tensor[] {
  const seeds = seedBatches(like, colorOf, count);
  const floats = seeds.flatMap((s, j) => (s === null ? [] : [j]));
  const perLane = (...ts: Tensor[]): Tensor[] => {
    const full: (Tensor | null)[] = seeds.map(() => null);
    floats.forEach((j, q) => (full[j] = ts[q]!));
    return lane(full);
  };
  return vmap(perLane, { axisSize: count, randomness: "same" })(...floats.map((j) => seeds[j]!)) as Tensor[];
}

/** The lanes of batched results (colors on axis 0) as one float64 array, lane-major: `out[c·expected + i]`. */
export function laneData(ts: readonly Tensor[], count: number, expected: number, fn: string, what: string): Float64Array {
  const total = ts.reduce((s, t) => s + sizeOf(t.shape.slice(1)), 0);
  if (total !== expected) throw new ShapeError(`${fn}: f's ${what} has ${total} elements, its sparsity pattern ${expected}`);
  const out = new Float64Array(count * expected);
  let at = 0;
  for (const t of ts) {
    const d = t.data();
    const n = d.length / count;
    for (let c = 0; c < count; c++) for (let e = 0; e < n; e++) out[c * expected + at + e] = d[c * n + e]!;
    at += n;
  }
  return out;
}
