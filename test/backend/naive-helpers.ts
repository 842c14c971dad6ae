// Naive helpers shared by the backend tests: a seeded generator independent of the library's own,
// and row-major index arithmetic with numpy broadcasting, written the obvious way.

/** A shape. */
export type Shape = readonly number[];

/** mulberry32: a tiny seeded generator in [0, 1), independent of the library's own. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The number of elements of a shape. */
export const sizeOf = (s: Shape): number => s.reduce((a, b) => a * b, 1);

/** The multi-index of flat index `i` in `shape` (row-major). */
export function unravel(i: number, shape: Shape): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

/** The flat index of multi-index `idx` in `shape` (row-major). */
export function ravel(idx: readonly number[], shape: Shape): number {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * shape[d]! + idx[d]!;
  return i;
}

/** The flat index into an operand of `inShape` read at output index `outIdx` (numpy broadcasting). */
export function broadcastIndex(outIdx: readonly number[], inShape: Shape): number {
  const lead = outIdx.length - inShape.length;
  return ravel(inShape.map((d, i) => (d === 1 ? 0 : outIdx[i + lead]!)), inShape);
}
