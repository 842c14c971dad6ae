import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import type { Pool2dGeometry } from "../backend.js";
import { forEachWindow, poolWindows } from "./pool-windows.js";

/**
 * Average-pooling kernels (NCHW): y = Σ_window x / divisor, and its transpose, which adds each
 * window's cotangent / divisor to every tap of the window. Padding taps contribute zero; the divisor
 * is a number for every window, or "valid": the number of the window's taps inside the input.
 */

/** Average pooling: x [N, C, H, W] → `outShape` [N, C, OH, OW]. */
export function avgPool2d(x: TypedArray, xShape: Shape, outShape: Shape, geometry: Pool2dGeometry, divisor: number | "valid"): TypedArray {
  const w = poolWindows(xShape, outShape, geometry);
  const { W, dh, dw } = w;
  const y = allocArray(dtypeOfArray(x), sizeOf(outShape));
  forEachWindow(w, (yi, c0, kLo, kHi, jLo, jHi) => {
    let s = 0;
    for (let ki = kLo; ki < kHi; ki++) for (let kj = jLo, i = c0 + ki * dh * W + jLo * dw; kj < jHi; kj++, i += dw) s += x[i]!;
    y[yi] = s / (divisor === "valid" ? (kHi - kLo) * (jHi - jLo) : divisor);
  });
  return y;
}

/** The transpose of average pooling: ct [N, C, OH, OW] → `xShape` [N, C, H, W]. */
export function avgPool2dTranspose(ct: TypedArray, ctShape: Shape, xShape: Shape, geometry: Pool2dGeometry, divisor: number | "valid"): TypedArray {
  const w = poolWindows(xShape, ctShape, geometry);
  const { W, dh, dw } = w;
  const dx = allocArray(dtypeOfArray(ct), sizeOf(xShape));
  forEachWindow(w, (yi, c0, kLo, kHi, jLo, jHi) => {
    const g = ct[yi]! / (divisor === "valid" ? (kHi - kLo) * (jHi - jLo) : divisor);
    for (let ki = kLo; ki < kHi; ki++) for (let kj = jLo, i = c0 + ki * dh * W + jLo * dw; kj < jHi; kj++, i += dw) dx[i]! += g;
  });
  return dx;
}
