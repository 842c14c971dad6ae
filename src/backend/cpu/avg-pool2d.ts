import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import type { Pool2dGeometry } from "../backend.js";

/**
 * Average-pooling kernels (NCHW): y = Σ_window x / divisor, and its transpose, which adds each
 * window's cotangent / divisor to every tap of the window. Padding taps contribute zero; the divisor
 * is a number for every window, or "valid": the number of the window's taps inside the input.
 */
/** For each output index o, the range [lo, hi) of taps k with 0 ≤ o·s − p + k·d < n. */
function ranges(out: number, n: number, k: number, s: number, p: number, d: number): [Int32Array, Int32Array] {
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

interface Windows {
  planes: number; H: number; W: number; OH: number; OW: number;
  rowLo: Int32Array; rowHi: Int32Array; colLo: Int32Array; colHi: Int32Array;
}

function windows(xShape: Shape, yShape: Shape, g: Pool2dGeometry): Windows {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const [, , OH, OW] = yShape as [number, number, number, number];
  const [rowLo, rowHi] = ranges(OH, H, g.kernelSize[0], g.stride[0], g.padding[0], g.dilation[0]);
  const [colLo, colHi] = ranges(OW, W, g.kernelSize[1], g.stride[1], g.padding[1], g.dilation[1]);
  return { planes: N * C, H, W, OH, OW, rowLo, rowHi, colLo, colHi };
}

/** Average pooling: x [N, C, H, W] → `outShape` [N, C, OH, OW]. */
export function avgPool2d(x: TypedArray, xShape: Shape, outShape: Shape, geometry: Pool2dGeometry, divisor: number | "valid"): TypedArray {
  const y = allocArray(dtypeOfArray(x), sizeOf(outShape));
  const { planes, H, W, OH, OW, rowLo, rowHi, colLo, colHi } = windows(xShape, outShape, geometry);
  const [sh, sw] = geometry.stride;
  const [ph, pw] = geometry.padding;
  const [dh, dw] = geometry.dilation;
  for (let p = 0, yi = 0; p < planes; p++)
    for (let oh = 0; oh < OH; oh++) {
      const kLo = rowLo[oh]!;
      const kHi = rowHi[oh]!;
      for (let ow = 0; ow < OW; ow++, yi++) {
        const jLo = colLo[ow]!;
        const jHi = colHi[ow]!;
        const c0 = p * H * W + (oh * sh - ph) * W + ow * sw - pw;
        let s = 0;
        for (let ki = kLo; ki < kHi; ki++) for (let kj = jLo, i = c0 + ki * dh * W + jLo * dw; kj < jHi; kj++, i += dw) s += x[i]!;
        y[yi] = s / (divisor === "valid" ? (kHi - kLo) * (jHi - jLo) : divisor);
      }
    }
  return y;
}

/** The transpose of average pooling: ct [N, C, OH, OW] → `xShape` [N, C, H, W]. */
export function avgPool2dTranspose(ct: TypedArray, ctShape: Shape, xShape: Shape, geometry: Pool2dGeometry, divisor: number | "valid"): TypedArray {
  const dx = allocArray(dtypeOfArray(ct), sizeOf(xShape));
  const { planes, H, W, OH, OW, rowLo, rowHi, colLo, colHi } = windows(xShape, ctShape, geometry);
  const [sh, sw] = geometry.stride;
  const [ph, pw] = geometry.padding;
  const [dh, dw] = geometry.dilation;
  for (let p = 0, yi = 0; p < planes; p++)
    for (let oh = 0; oh < OH; oh++) {
      const kLo = rowLo[oh]!;
      const kHi = rowHi[oh]!;
      for (let ow = 0; ow < OW; ow++, yi++) {
        const jLo = colLo[ow]!;
        const jHi = colHi[ow]!;
        const c0 = p * H * W + (oh * sh - ph) * W + ow * sw - pw;
        const g = ct[yi]! / (divisor === "valid" ? (kHi - kLo) * (jHi - jLo) : divisor);
        for (let ki = kLo; ki < kHi; ki++) for (let kj = jLo, i = c0 + ki * dh * W + jLo * dw; kj < jHi; kj++, i += dw) dx[i]! += g;
      }
    }
  return dx;
}
