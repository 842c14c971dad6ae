// Naive helpers shared by the backend tests: a seeded generator independent of the library's own,
// row-major index arithmetic with numpy broadcasting and pooling windows, written the obvious way,
// and exact comparison.
import { expect } from "vitest";
import type { Pool2dGeometry } from "../../src/backend/backend.js";
import type { TypedArray } from "../../src/core/dtype.js";

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

/** Equal, or both NaN (±0 equal). */
export const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** Exact elementwise equality (NaN equals NaN, ±0 equal), reporting the first mismatch. */
export function expectExact(actual: TypedArray, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    if (!same(actual[i]!, expected[i]!)) expect.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
}

/** An NCHW input shape. */
export type Shape4 = readonly [number, number, number, number];

/** A pooling case: input shape and geometry. */
export interface PoolCase {
  x: Shape4;
  g: Pool2dGeometry;
}

/** The pooled shape [N, C, OH, OW] of a case. */
export function poolOutShape({ x, g }: PoolCase): Shape4 {
  const len = (n: number, a: 0 | 1): number => Math.floor((n + 2 * g.padding[a] - g.dilation[a] * (g.kernelSize[a] - 1) - 1) / g.stride[a]) + 1;
  return [x[0], x[1], len(x[2], 0), len(x[3], 1)];
}

/** For every output element, the flat input indices of its window's taps inside the input. */
export function poolWindowTaps(c: PoolCase): number[][] {
  const [N, C, H, W] = c.x;
  const [, , OH, OW] = poolOutShape(c);
  const out: number[][] = [];
  for (let p = 0; p < N * C; p++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++) {
        const taps: number[] = [];
        for (let ki = 0; ki < c.g.kernelSize[0]; ki++)
          for (let kj = 0; kj < c.g.kernelSize[1]; kj++) {
            const ih = oh * c.g.stride[0] - c.g.padding[0] + ki * c.g.dilation[0];
            const iw = ow * c.g.stride[1] - c.g.padding[1] + kj * c.g.dilation[1];
            if (ih >= 0 && ih < H && iw >= 0 && iw < W) taps.push((p * H + ih) * W + iw);
          }
        out.push(taps);
      }
  return out;
}
