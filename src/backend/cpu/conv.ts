import { allocArray, dtypeOfArray, type TypedArray } from "../../core/dtype.js";
import { sizeOf, type Shape } from "../../core/shape.js";
import type { Conv2dGeometry } from "../backend.js";
import { gemm as jsGemm } from "./matmul.js";

/**
 * C[m×n] = A[m×k]·B[k×n] on row-major blocks at element offsets: the product the convolutions are
 * made of. The CPU backend passes its JS kernel; the wasm backend passes its SIMD gemm.
 */
export type Gemm = (a: TypedArray, ao: number, b: TypedArray, bo: number, c: TypedArray, co: number, m: number, k: number, n: number) => void;

/**
 * 2-D convolution kernels (NCHW) as im2col + matrix products. The three kernels are the three
 * partial derivatives of one trilinear form T(x, w, g) = ⟨conv2d(x, w), g⟩, and share one layout:
 * for a chunk of `nb` images and one channel group, `patches` is an [nb·P, Kc] matrix whose row
 * (b, oh, ow) holds the input pixels under the kernel at output position (oh, ow) of image b, in
 * column order r = (c, ki, kj), with zeros where a tap falls in the padding.
 *
 *   conv2d:           y_gᵀ[nb·P, Og]     = patches · W_gᵀ[Kc, Og]
 *   conv2dWeightGrad: dW_g[Og, Kc]      += ct_g[Og, nb·P] · patches
 *   conv2dInputGrad:  dpatches[nb·P, Kc] = ct_gᵀ[nb·P, Og] · W_g[Og, Kc], then col2im adds them into dx
 *
 * The long axis nb·P is a row axis of the products, so the 4×4 register tile of `gemm` covers it
 * even for few channels. Chunks keep `patches` near 2²⁰ elements however large the batch is.
 */
interface ConvDims {
  N: number; C: number; H: number; W: number;
  O: number; KH: number; KW: number; OH: number; OW: number;
  G: number; Cg: number; Og: number; Kc: number; P: number;
  sh: number; sw: number; pt: number; pl: number; dh: number; dw: number;
}

function convDims(xShape: Shape, wShape: Shape, yShape: Shape, g: Conv2dGeometry): ConvDims {
  const [N, C, H, W] = xShape as [number, number, number, number];
  const [O, Cg, KH, KW] = wShape as [number, number, number, number];
  const [, , OH, OW] = yShape as [number, number, number, number];
  return {
    N, C, H, W, O, KH, KW, OH, OW,
    G: g.groups, Cg, Og: O / g.groups, Kc: Cg * KH * KW, P: OH * OW,
    sh: g.stride[0], sw: g.stride[1], pt: g.padding[0][0], pl: g.padding[1][0], dh: g.dilation[0], dw: g.dilation[1],
  };
}

/** Images per chunk, so that a [Kc, nb·P] buffer stays near 2²⁰ elements. */
function chunkSize(d: ConvDims): number {
  return Math.max(1, Math.min(d.N, Math.floor((1 << 20) / Math.max(1, d.Kc * d.P))));
}

/** Fills patches[nb·P, Kc] from images [n0, n0 + nb) of group `gi`. */
function im2col(x: TypedArray, d: ConvDims, gi: number, n0: number, nb: number, patches: TypedArray): void {
  const { C, H, W, KH, KW, OH, OW, Cg, Kc, P, sh, sw, pt, pl, dh, dw } = d;
  for (let b = 0; b < nb; b++)
    for (let c = 0; c < Cg; c++) {
      const xo = ((n0 + b) * C + gi * Cg + c) * H * W;
      for (let ki = 0; ki < KH; ki++) {
        const col = (c * KH + ki) * KW;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh - pt + ki * dh;
          const inside = ih >= 0 && ih < H;
          const xr = xo + ih * W;
          for (let ow = 0; ow < OW; ow++) {
            const row = (b * P + oh * OW + ow) * Kc + col;
            const iw0 = ow * sw - pl;
            for (let kj = 0, iw = iw0; kj < KW; kj++, iw += dw) patches[row + kj] = inside && iw >= 0 && iw < W ? x[xr + iw]! : 0;
          }
        }
      }
    }
}

/** Adds patches[nb·P, Kc] into images [n0, n0 + nb) of group `gi` of dx (the transpose of `im2col`). */
function col2im(patches: TypedArray, d: ConvDims, gi: number, n0: number, nb: number, dx: TypedArray): void {
  const { C, H, W, KH, KW, OH, OW, Cg, Kc, P, sh, sw, pt, pl, dh, dw } = d;
  for (let b = 0; b < nb; b++)
    for (let c = 0; c < Cg; c++) {
      const xo = ((n0 + b) * C + gi * Cg + c) * H * W;
      for (let ki = 0; ki < KH; ki++) {
        const col = (c * KH + ki) * KW;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh - pt + ki * dh;
          if (ih < 0 || ih >= H) continue;
          const xr = xo + ih * W;
          for (let ow = 0; ow < OW; ow++) {
            const row = (b * P + oh * OW + ow) * Kc + col;
            const iw0 = ow * sw - pl;
            for (let kj = 0, iw = iw0; kj < KW; kj++, iw += dw) if (iw >= 0 && iw < W) dx[xr + iw]! += patches[row + kj]!;
          }
        }
      }
    }
}

/** W_gᵀ [Kc, Og] of group `gi` of w [O, Kc]. */
function transposedGroup(w: TypedArray, d: ConvDims, gi: number, out: TypedArray): void {
  for (let o = 0; o < d.Og; o++) for (let r = 0; r < d.Kc; r++) out[r * d.Og + o] = w[(gi * d.Og + o) * d.Kc + r]!;
}

/** 2-D cross-correlation: x [N, C, H, W], w [O, C/groups, KH, KW] → [N, O, OH, OW], plus bias [O] per channel when given. */
export function conv2d(
  x: TypedArray, xShape: Shape, w: TypedArray, wShape: Shape, outShape: Shape, geometry: Conv2dGeometry, bias: TypedArray | null = null, gemm: Gemm = jsGemm,
): TypedArray {
  const d = convDims(xShape, wShape, outShape, geometry);
  const dtype = dtypeOfArray(x);
  const out = allocArray(dtype, sizeOf(outShape));
  if (out.length === 0) return out;
  if (d.Kc === 0) {
    if (bias) for (let i = 0; i < out.length; i++) out[i] = bias[Math.floor(i / d.P) % d.O]!;
    return out;
  }
  const nb = chunkSize(d);
  const patches = allocArray(dtype, nb * d.P * d.Kc);
  const yT = allocArray(dtype, nb * d.P * d.Og);
  const wT = allocArray(dtype, d.Kc * d.Og);
  for (let gi = 0; gi < d.G; gi++) {
    transposedGroup(w, d, gi, wT);
    for (let n0 = 0; n0 < d.N; n0 += nb) {
      const m = Math.min(nb, d.N - n0);
      im2col(x, d, gi, n0, m, patches);
      gemm(patches, 0, wT, 0, yT, 0, m * d.P, d.Kc, d.Og);
      for (let b = 0; b < m; b++)
        for (let o = 0; o < d.Og; o++) {
          const dst = ((n0 + b) * d.O + gi * d.Og + o) * d.P;
          const bo = bias ? bias[gi * d.Og + o]! : 0;
          for (let p = 0, src = b * d.P * d.Og + o; p < d.P; p++, src += d.Og) out[dst + p] = yT[src]! + bo;
        }
    }
  }
  return out;
}

/** ct_gᵀ [nb·P, Og] from images [n0, n0 + nb) of group `gi` of ct [N, O, P]. */
function transposedCotangent(ct: TypedArray, d: ConvDims, gi: number, n0: number, nb: number, out: TypedArray): void {
  for (let b = 0; b < nb; b++)
    for (let o = 0; o < d.Og; o++) {
      const src = ((n0 + b) * d.O + gi * d.Og + o) * d.P;
      for (let p = 0, dst = b * d.P * d.Og + o; p < d.P; p++, dst += d.Og) out[dst] = ct[src + p]!;
    }
}

/** The transpose of `conv2d` in x: ct [N, O, OH, OW], w [O, C/groups, KH, KW] → xShape [N, C, H, W]. */
export function conv2dInputGrad(ct: TypedArray, ctShape: Shape, w: TypedArray, wShape: Shape, xShape: Shape, geometry: Conv2dGeometry, gemm: Gemm = jsGemm): TypedArray {
  const d = convDims(xShape, wShape, ctShape, geometry);
  const dtype = dtypeOfArray(ct);
  const dx = allocArray(dtype, sizeOf(xShape));
  if (dx.length === 0 || d.P === 0 || d.Og === 0) return dx;
  const nb = chunkSize(d);
  const patches = allocArray(dtype, nb * d.P * d.Kc);
  const ctT = allocArray(dtype, nb * d.P * d.Og);
  for (let gi = 0; gi < d.G; gi++)
    for (let n0 = 0; n0 < d.N; n0 += nb) {
      const m = Math.min(nb, d.N - n0);
      transposedCotangent(ct, d, gi, n0, m, ctT);
      gemm(ctT, 0, w, gi * d.Og * d.Kc, patches, 0, m * d.P, d.Og, d.Kc);
      col2im(patches, d, gi, n0, m, dx);
    }
  return dx;
}

/** The transpose of `conv2d` in w: x [N, C, H, W], ct [N, O, OH, OW] → wShape [O, C/groups, KH, KW]. */
export function conv2dWeightGrad(x: TypedArray, xShape: Shape, ct: TypedArray, ctShape: Shape, wShape: Shape, geometry: Conv2dGeometry, gemm: Gemm = jsGemm): TypedArray {
  const d = convDims(xShape, wShape, ctShape, geometry);
  const dtype = dtypeOfArray(x);
  const dw = allocArray(dtype, sizeOf(wShape));
  if (dw.length === 0 || d.P === 0 || d.N === 0) return dw;
  const nb = chunkSize(d);
  const patches = allocArray(dtype, nb * d.P * d.Kc);
  const ctg = allocArray(dtype, d.Og * nb * d.P);
  const part = new Float64Array(d.Og * d.Kc);
  const acc = new Float64Array(d.Og * d.Kc);
  for (let gi = 0; gi < d.G; gi++) {
    acc.fill(0);
    for (let n0 = 0; n0 < d.N; n0 += nb) {
      const m = Math.min(nb, d.N - n0);
      im2col(x, d, gi, n0, m, patches);
      // ct_g [Og, m·P]
      for (let o = 0; o < d.Og; o++)
        for (let b = 0; b < m; b++) {
          const src = ((n0 + b) * d.O + gi * d.Og + o) * d.P;
          const dst = (o * m + b) * d.P;
          for (let p = 0; p < d.P; p++) ctg[dst + p] = ct[src + p]!;
        }
      gemm(ctg, 0, patches, 0, part, 0, d.Og, m * d.P, d.Kc);
      for (let i = 0; i < acc.length; i++) acc[i]! += part[i]!;
    }
    dw.set(acc, gi * d.Og * d.Kc);
  }
  return dw;
}
