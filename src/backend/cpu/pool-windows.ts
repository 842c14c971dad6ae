import type { Shape } from "../../core/shape.js";
import type { Pool2dGeometry } from "../backend.js";

/**
 * The windows of a 2-D pooling over NCHW planes. Each window's taps that fall inside the input form
 * a contiguous range of kernel rows and of kernel columns (padding is never part of a window),
 * precomputed per output row and column.
 */
export interface PoolWindows {
  planes: number; H: number; W: number; OH: number; OW: number;
  sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  /** Per output row: the first and one past the last kernel row inside the input. */
  rowLo: Int32Array; rowHi: Int32Array;
  /** Per output column: the same for kernel columns. */
  colLo: Int32Array; colHi: Int32Array;
}

/** For each output index o, the range [lo, hi) of taps k with 0 ≤ o·s − p + k·d < n. */
function tapRanges(out: number, n: number, k: number, s: number, p: number, d: number): [Int32Array, Int32Array] {
  const lo = new Int32Array(out);
  const hi = new Int32Array(out);
  for (let o = 0; o < out; o++) {
    const start = o * s - p;
    let a = 0;
    while (a < k && start + a * d < 0) a++;
    let b = k;
    while (b > a && start + (b - 1) * d >= n) b--;
    lo[o] = a;
    hi[o] = b;
  }
  return [lo, hi];
}

/** The windows of pooling x [N, C, H, W] to [N, C, OH, OW] (`outShape`) with geometry `g`. */
export function poolWindows(xShape: Shape, outShape: Shape, g: Pool2dGeometry): PoolWindows {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const [, , OH, OW] = outShape as [number, number, number, number];
  const [rowLo, rowHi] = tapRanges(OH, H, g.kernelSize[0], g.stride[0], g.padding[0], g.dilation[0]);
  const [colLo, colHi] = tapRanges(OW, W, g.kernelSize[1], g.stride[1], g.padding[1], g.dilation[1]);
  return {
    planes: N * C, H, W, OH, OW, sh: g.stride[0], sw: g.stride[1], ph: g.padding[0], pw: g.padding[1], dh: g.dilation[0], dw: g.dilation[1],
    rowLo, rowHi, colLo, colHi,
  };
}

/**
 * Calls `visit` for every window in output order: `yi` its output index, `c0` the flat input offset
 * of its tap (0, 0) (which may lie in the padding: only taps in [kLo, kHi) × [jLo, jHi) are inside),
 * tap (ki, kj) at `c0 + ki·dh·W + kj·dw`.
 */
export function forEachWindow(w: PoolWindows, visit: (yi: number, c0: number, kLo: number, kHi: number, jLo: number, jHi: number) => void): void {
  const { planes, H, W, OH, OW, sh, sw, ph, pw, rowLo, rowHi, colLo, colHi } = w;
  for (let p = 0, yi = 0; p < planes; p++)
    for (let oh = 0; oh < OH; oh++) {
      const r0 = p * H * W + (oh * sh - ph) * W;
      const kLo = rowLo[oh]!;
      const kHi = rowHi[oh]!;
      for (let ow = 0; ow < OW; ow++, yi++) visit(yi, r0 + ow * sw - pw, kLo, kHi, colLo[ow]!, colHi[ow]!);
    }
}
