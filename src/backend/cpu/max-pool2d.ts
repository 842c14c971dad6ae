import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import type { Pool2dGeometry } from "../backend.js";
import { forEachWindow, poolWindows } from "./pool-windows.js";

/**
 * Max-pooling kernels (NCHW) over the windows of pool-windows.ts. The three kernels scan a window
 * the same way: the maximum m, and the set of taps that attain it ("the maxima": the taps equal to
 * m, or, when m is NaN, the NaN taps).
 *
 *   maxPool2d:        y = m
 *   maxPool2dTangent: dy = mean of t over the maxima            (the derivative: ties share evenly)
 *   maxPool2dGrad:    dx += ct / count at each of the maxima     (its transpose)
 */

/** Max pooling: x [N, C, H, W] → `outShape` [N, C, OH, OW]; −∞ for a window with no tap inside. */
export function maxPool2d(x: TypedArray, xShape: Shape, outShape: Shape, geometry: Pool2dGeometry): TypedArray {
  const w = poolWindows(xShape, outShape, geometry);
  const { W, dh, dw } = w;
  const y = allocArray(dtypeOfArray(x), sizeOf(outShape));
  forEachWindow(w, (yi, c0, kLo, kHi, jLo, jHi) => {
    let m = -Infinity;
    for (let ki = kLo; ki < kHi; ki++) {
      const r = c0 + ki * dh * W;
      for (let kj = jLo; kj < jHi; kj++) {
        const v = x[r + kj * dw]!;
        if (v > m || v !== v) m = v;
      }
    }
    y[yi] = m;
  });
  return y;
}

/** Where `scanWindow` leaves the maximum (a second return value without allocating). */
const scan = { max: 0 };

/** Scans the window at offset `c0` (rows [kLo, kHi), columns [jLo, jHi)): the count of its maxima; the maximum goes to `scan.max`. */
function scanWindow(x: TypedArray, c0: number, W: number, dh: number, dw: number, kLo: number, kHi: number, jLo: number, jHi: number): number {
  let m = -Infinity;
  let count = 0;
  for (let ki = kLo; ki < kHi; ki++) {
    const r = c0 + ki * dh * W;
    for (let kj = jLo; kj < jHi; kj++) {
      const v = x[r + kj * dw]!;
      if (v > m) {
        m = v;
        count = 1;
      } else if (v === m) {
        count++;
      } else if (v !== v) {
        if (m === m) count = 0;
        m = NaN;
        count++;
      }
    }
  }
  scan.max = m;
  return count;
}

/** True when tap value v is one of the maxima of a window whose maximum is m. */
const isMax = (v: number, m: number): boolean => v === m || (m !== m && v !== v);

/** Each window's cotangent ct [N, C, OH, OW] shared evenly among its maxima, summed into dx `xShape`. */
export function maxPool2dGrad(x: TypedArray, xShape: Shape, ct: TypedArray, ctShape: Shape, geometry: Pool2dGeometry): TypedArray {
  const w = poolWindows(xShape, ctShape, geometry);
  const { W, dh, dw } = w;
  const dx = allocArray(dtypeOfArray(ct), sizeOf(xShape));
  forEachWindow(w, (yi, c0, kLo, kHi, jLo, jHi) => {
    const count = scanWindow(x, c0, W, dh, dw, kLo, kHi, jLo, jHi);
    if (count === 0) return;
    const m = scan.max;
    const g = ct[yi]! / count;
    for (let ki = kLo; ki < kHi; ki++) {
      const r = c0 + ki * dh * W;
      for (let kj = jLo; kj < jHi; kj++) if (isMax(x[r + kj * dw]!, m)) dx[r + kj * dw]! += g;
    }
  });
  return dx;
}

/** The mean of t [N, C, H, W] over each window's maxima of x: `outShape` [N, C, OH, OW]. */
export function maxPool2dTangent(x: TypedArray, xShape: Shape, t: TypedArray, outShape: Shape, geometry: Pool2dGeometry): TypedArray {
  const w = poolWindows(xShape, outShape, geometry);
  const { W, dh, dw } = w;
  const dy = allocArray(dtypeOfArray(t), sizeOf(outShape));
  forEachWindow(w, (yi, c0, kLo, kHi, jLo, jHi) => {
    const count = scanWindow(x, c0, W, dh, dw, kLo, kHi, jLo, jHi);
    if (count === 0) return;
    const m = scan.max;
    let s = 0;
    for (let ki = kLo; ki < kHi; ki++) {
      const r = c0 + ki * dh * W;
      for (let kj = jLo; kj < jHi; kj++) if (isMax(x[r + kj * dw]!, m)) s += t[r + kj * dw]!;
    }
    dy[yi] = s / count;
  });
  return dy;
}
