// 2-D convolution (NCHW) for float32 and float64, one image per call: im2col into scratch, the
// SIMD gemm, col2im, all inside wasm, so a convolution copies only x, w and y across the boundary
// and needs no transposes: per image and channel group the products are
//
//   conv2d:           y_g[Og, P]     = W_g[Og, Kc] · cols[Kc, P]          (written in place in y)
//   conv2dInputGrad:  dcols[Kc, P]   = W_gᵀ[Kc, Og] · ct_g[Og, P]         (then col2im adds it into dx)
//   conv2dWeightGrad: dW_g[Og, Kc]  += ct_g[Og, P] · colsᵀ[P, Kc]       (accumulated in place)
//
// with cols[r, p] the input pixel under kernel tap r = (c, ki, kj) at output position p = (oh, ow)
// (zero in the padding), P = OH·OW, Kc = C/groups·KH·KW. The gemm reads the transposed operands in
// place through its strides.
//
// The geometry is an i32 array at `dims`: C, H, W, O, KH, KW, OH, OW, G, sh, sw, pt, pl, dh, dw.
// Scratch (per thread): cols (Kc·P) and the gemm's scratch; see
// convScratchBytes. The JS side (src/backend/wasm/conv.ts) spreads images over the thread pool.
import { gemmF32, gemmF64, gemmUpdateF32, gemmUpdateF64, gemmScratchBytes } from "./gemm";
import { conv2dDirect, conv2dWeightGradDirect, directScratchBytes, isDirect, isDirectWeightGrad, pad } from "./conv-direct";

// @ts-ignore: decorator
@inline function dim(dims: usize, i: i32): i32 {
  return load<i32>(dims + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function align64(p: usize): usize {
  return (p + 63) & ~(<usize>63);
}

/** Bytes of scratch one call needs: cols and the gemm's scratch. */
export function convScratchBytes(dims: usize, size: i32): i32 {
  const G = dim(dims, 8);
  const kc = (dim(dims, 0) / G) * dim(dims, 4) * dim(dims, 5);
  const p = dim(dims, 6) * dim(dims, 7);
  // cols (and a vector of slack: im2colPadded's rows overrun), the weight gradient's transposed
  // sum dwT [Kc, O], the gemm's scratch, then the padded image of im2colPadded
  return (kc * p * size + 128) + (kc * dim(dims, 3) * size + 128) + gemmScratchBytes(size) + 64 + directScratchBytes(dims, size) + 64;
}

/** Where im2colPadded's padded image goes in a call's scratch: after cols, dwT and the gemm's scratch. */
// @ts-ignore: decorator
@inline function paddedAt(dims: usize, scratch: usize, size: i32): usize {
  const kc = (dim(dims, 0) / dim(dims, 8)) * dim(dims, 4) * dim(dims, 5);
  const p = dim(dims, 6) * dim(dims, 7);
  return align64(scratch + <usize>((kc * p * size + 128) + (kc * dim(dims, 3) * size + 128) + gemmScratchBytes(size) + 64));
}

/** Whether im2col may run as im2colPadded: one group, stride 1, dilation 1. */
// @ts-ignore: decorator
@inline function padsFirst(dims: usize): bool {
  return dim(dims, 8) == 1 && dim(dims, 9) == 1 && dim(dims, 10) == 1 && dim(dims, 13) == 1 && dim(dims, 14) == 1;
}

// @ts-ignore: decorator
@inline function gemm<T>(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, scratch: usize): void {
  if (sizeof<T>() == 4) gemmF32(m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, scratch);
  else gemmF64(m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, scratch);
}

/** The output columns [lo, hi) whose tap at input column offset `iw0` (+ ow·sw) falls inside [0, W). */
// @ts-ignore: decorator
@inline function validLo(iw0: i32, sw: i32): i32 {
  return iw0 >= 0 ? 0 : (-iw0 + sw - 1) / sw;
}

// @ts-ignore: decorator
@inline function validHi(iw0: i32, sw: i32, W: i32, OW: i32): i32 {
  return W - 1 - iw0 < 0 ? 0 : min(OW, (W - 1 - iw0) / sw + 1);
}

/** Stores n zeros at d (n small: a loop, not memory.fill, whose call costs more than a short run). */
// @ts-ignore: decorator
@inline function zeros<T>(d: usize, n: i32): void {
  const sz = sizeof<T>();
  const lanes = 16 / sz;
  const z = i64x2.splat(0);
  let i = 0;
  for (; i + lanes <= n; i += lanes) v128.store(d + <usize>i * sz, z);
  for (; i < n; i++) store<T>(d + <usize>i * sz, <T>0);
}

/** Copies n values from s to d (n small: vector loads, not memory.copy, whose call costs more than a short row). */
// @ts-ignore: decorator
@inline function copyRow<T>(d: usize, s: usize, n: i32): void {
  const sz = sizeof<T>();
  const lanes = 16 / sz;
  let i = 0;
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    const o = <usize>i * sz;
    v128.store(d + o, v128.load(s + o));
    v128.store(d + o, v128.load(s + o, 16), 16);
  }
  for (; i + lanes <= n; i += lanes) v128.store(d + <usize>i * sz, v128.load(s + <usize>i * sz));
  for (; i < n; i++) store<T>(d + <usize>i * sz, load<T>(s + <usize>i * sz));
}

/**
 * cols[Kc, P] of channel group `gi` of the image at `xi` ([C, H, W]).
 * NOTE: rows are OW long (14 and 28 in the CNN): copied by vector loops, since a memory.copy or
 * memory.fill per row is a call out of the wasm code in V8 and cost ~60% of the whole im2col.
 */
function im2col<T>(dims: usize, xi: usize, gi: i32, cols: usize): void {
  const sz = sizeof<T>();
  const H = dim(dims, 1), W = dim(dims, 2), KH = dim(dims, 4), KW = dim(dims, 5), OH = dim(dims, 6), OW = dim(dims, 7);
  const Cg = dim(dims, 0) / dim(dims, 8);
  const sh = dim(dims, 9), sw = dim(dims, 10), pt = dim(dims, 11), pl = dim(dims, 12), dh = dim(dims, 13), dw = dim(dims, 14);
  let d = cols;
  for (let c = 0; c < Cg; c++) {
    const plane = xi + <usize>((gi * Cg + c) * H * W) * sz;
    for (let ki = 0; ki < KH; ki++)
      for (let kj = 0; kj < KW; kj++) {
        const iw0 = kj * dw - pl;
        const lo = min(OW, validLo(iw0, sw));
        const hi = max(lo, validHi(iw0, sw, W, OW));
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh - pt + ki * dh;
          if (ih < 0 || ih >= H) {
            zeros<T>(d, OW);
          } else {
            const row = plane + <usize>(ih * W + iw0) * sz;
            if (lo > 0) zeros<T>(d, lo);
            if (sw == 1) copyRow<T>(d + <usize>lo * sz, row + <usize>lo * sz, hi - lo);
            else for (let ow = lo; ow < hi; ow++) store<T>(d + <usize>ow * sz, load<T>(row + <usize>(ow * sw) * sz));
            if (hi < OW) zeros<T>(d + <usize>hi * sz, OW - hi);
          }
          d += <usize>OW * sz;
        }
      }
  }
}

/**
 * im2col (same values) for one group, stride 1 and dilation 1: the image is first copied into a
 * zero-padded plane xp [C, Hp, Wp] (conv-direct.ts's pad), where tap (c, ki, kj) of output row oh
 * is the contiguous run xp[c, oh + ki, kj : kj + OW], so every row of cols is whole vectors with
 * no bounds tests. A row's last vector may write past its OW values: the next row overwrites them
 * (rows go in address order), and the last row's overrun (under a vector) lands in scratch written
 * later (colsT or the gemm's packing).
 * NOTE: rows of 14 (the CNN's second layer) spent most of im2col in its bounds tests, zero runs and
 * vector tails per row: with the padded copy the CNN's conv2 forward and weight gradient take
 * 0.93× and 0.92× the CPU time (paired medians, 15 child-process pairs; same bits).
 */
function im2colPadded<T>(dims: usize, xi: usize, cols: usize, xp: usize): void {
  const sz = sizeof<T>();
  const lanes = 16 / sz;
  const C = dim(dims, 0), KH = dim(dims, 4), KW = dim(dims, 5), OH = dim(dims, 6), OW = dim(dims, 7);
  const hp = OH + KH - 1;
  const taps = align64(xp + <usize>(C * hp * (OW + KW - 1) + 8) * sz);
  const wp = pad<T>(dims, xi, xp, taps);
  const rowBytes = <usize>OW * sz;
  const vecs = (OW + lanes - 1) / lanes;
  let d = cols;
  for (let c = 0; c < C; c++)
    for (let ki = 0; ki < KH; ki++)
      for (let kj = 0; kj < KW; kj++) {
        let s = xp + <usize>((c * hp + ki) * wp + kj) * sz;
        for (let oh = 0; oh < OH; oh++) {
          for (let v = 0; v < vecs; v++) v128.store(d + <usize>(v * 16), v128.load(s + <usize>(v * 16)));
          d += rowBytes;
          s += <usize>wp * sz;
        }
      }
}

/** Adds cols[Kc, P] into channel group `gi` of the image at `dxi` (the transpose of im2col). */
function col2im<T>(dims: usize, cols: usize, gi: i32, dxi: usize): void {
  const sz = sizeof<T>();
  const H = dim(dims, 1), W = dim(dims, 2), KH = dim(dims, 4), KW = dim(dims, 5), OH = dim(dims, 6), OW = dim(dims, 7);
  const Cg = dim(dims, 0) / dim(dims, 8);
  const sh = dim(dims, 9), sw = dim(dims, 10), pt = dim(dims, 11), pl = dim(dims, 12), dh = dim(dims, 13), dw = dim(dims, 14);
  const lanes = 16 / sz;
  let s = cols;
  for (let c = 0; c < Cg; c++) {
    const plane = dxi + <usize>((gi * Cg + c) * H * W) * sz;
    for (let ki = 0; ki < KH; ki++)
      for (let kj = 0; kj < KW; kj++) {
        const iw0 = kj * dw - pl;
        const lo = min(OW, validLo(iw0, sw));
        const hi = max(lo, validHi(iw0, sw, W, OW));
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh - pt + ki * dh;
          if (ih >= 0 && ih < H) {
            const row = plane + <usize>(ih * W + iw0) * sz;
            let ow = lo;
            if (sw == 1) {
              for (; ow + lanes <= hi; ow += lanes) {
                const p = row + <usize>ow * sz;
                const q = s + <usize>ow * sz;
                if (sz == 4) v128.store(p, f32x4.add(v128.load(p), v128.load(q)));
                else v128.store(p, f64x2.add(v128.load(p), v128.load(q)));
              }
            }
            for (; ow < hi; ow++) {
              const p = row + <usize>(ow * sw) * sz;
              store<T>(p, load<T>(p) + load<T>(s + <usize>ow * sz));
            }
          }
          s += <usize>OW * sz;
        }
      }
  }
}

/** dst[c, r] = src[r, c] for src [rows, cols] (4×4 blocks of float32 by vector shuffles): the weight gradient's dwT into dw. */
function transpose<T>(src: usize, rows: i32, cols: i32, dst: usize): void {
  const sz = sizeof<T>();
  let r = 0;
  if (sz == 4) {
    const r4 = rows - rows % 4, c4 = cols - cols % 4;
    const rowBytes = <usize>cols * 4, dRowBytes = <usize>rows * 4;
    for (; r < r4; r += 4) {
      const s0 = src + <usize>r * rowBytes;
      let c = 0;
      for (; c < c4; c += 4) {
        const s = s0 + <usize>c * 4;
        const a0 = v128.load(s), a1 = v128.load(s + rowBytes), a2 = v128.load(s + 2 * rowBytes), a3 = v128.load(s + 3 * rowBytes);
        const t0 = i32x4.shuffle(a0, a1, 0, 4, 1, 5), t1 = i32x4.shuffle(a2, a3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(a0, a1, 2, 6, 3, 7), t3 = i32x4.shuffle(a2, a3, 2, 6, 3, 7);
        const d = dst + (<usize>c * <usize>rows + <usize>r) * 4;
        v128.store(d, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
        v128.store(d + dRowBytes, i32x4.shuffle(t0, t1, 2, 3, 6, 7));
        v128.store(d + 2 * dRowBytes, i32x4.shuffle(t2, t3, 0, 1, 4, 5));
        v128.store(d + 3 * dRowBytes, i32x4.shuffle(t2, t3, 2, 3, 6, 7));
      }
      for (; c < cols; c++)
        for (let i = 0; i < 4; i++) store<f32>(dst + (<usize>c * <usize>rows + <usize>(r + i)) * 4, load<f32>(s0 + <usize>i * rowBytes + <usize>c * 4));
    }
  }
  for (; r < rows; r++)
    for (let c = 0; c < cols; c++) store<T>(dst + (<usize>c * <usize>rows + <usize>r) * sz, load<T>(src + (<usize>r * <usize>cols + <usize>c) * sz));
}

/** Adds b to the n values at p. */
// @ts-ignore: decorator
@inline function addScalar<T>(p: usize, n: i32, b: T): void {
  const sz = sizeof<T>();
  const lanes = 16 / sz;
  const v = sz == 4 ? f32x4.splat(<f32>b) : f64x2.splat(<f64>b);
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const q = p + <usize>i * sz;
    v128.store(q, sz == 4 ? f32x4.add(v128.load(q), v) : f64x2.add(v128.load(q), v));
  }
  for (; i < n; i++) store<T>(p + <usize>i * sz, load<T>(p + <usize>i * sz) + b);
}

// @ts-ignore: decorator
@inline function conv2dImage<T>(img: i32, dims: usize, x: usize, w: usize, y: usize, bias: usize, scratch: usize): void {
  const sz = sizeof<T>();
  const C = dim(dims, 0), H = dim(dims, 1), W = dim(dims, 2), O = dim(dims, 3), G = dim(dims, 8);
  const kc = (C / G) * dim(dims, 4) * dim(dims, 5);
  const og = O / G;
  const p = dim(dims, 6) * dim(dims, 7);
  if (isDirect(dims)) {
    conv2dDirect<T>(dims, x + <usize>(img * C * H * W) * sz, w, y + <usize>(img * O * p) * sz, bias, scratch);
    return;
  }
  const cols = align64(scratch);
  const gs = align64(cols + <usize>(kc * p) * sz);
  for (let gi = 0; gi < G; gi++) {
    if (padsFirst(dims)) im2colPadded<T>(dims, x + <usize>(img * C * H * W) * sz, cols, paddedAt(dims, scratch, sz));
    else im2col<T>(dims, x + <usize>(img * C * H * W) * sz, gi, cols);
    const yg = y + <usize>((img * O + gi * og) * p) * sz;
    gemm<T>(og, p, kc, w + <usize>(gi * og * kc) * sz, kc, 1, cols, p, 1, yg, p, gs);
    if (bias != 0) for (let o = 0; o < og; o++) addScalar<T>(yg + <usize>(o * p) * sz, p, load<T>(bias + <usize>(gi * og + o) * sz));
  }
}

// @ts-ignore: decorator
@inline function conv2dInputGradImage<T>(img: i32, dims: usize, ct: usize, w: usize, dx: usize, scratch: usize): void {
  const sz = sizeof<T>();
  const C = dim(dims, 0), H = dim(dims, 1), W = dim(dims, 2), O = dim(dims, 3), G = dim(dims, 8);
  const kc = (C / G) * dim(dims, 4) * dim(dims, 5);
  const og = O / G;
  const p = dim(dims, 6) * dim(dims, 7);
  const cols = align64(scratch);
  const gs = align64(cols + <usize>(kc * p) * sz);
  const dxi = dx + <usize>(img * C * H * W) * sz;
  memory.fill(dxi, 0, <usize>(C * H * W) * sz);
  for (let gi = 0; gi < G; gi++) {
    // A = W_gᵀ: A(r, o) = w[(gi·Og + o)·Kc + r]
    gemm<T>(kc, p, og, w + <usize>(gi * og * kc) * sz, 1, kc, ct + <usize>((img * O + gi * og) * p) * sz, p, 1, cols, p, gs);
    col2im<T>(dims, cols, gi, dxi);
  }
}

/**
 * The weight gradient of images [img0, img0 + count) into dw [O, Kc] (overwritten).
 * NOTE: the im2col path sums the transpose dwT [Kc, O] += cols[Kc, P] · ctᵀ[P, O] (the gemm packs
 * cols as a row-major A and reads ct transposed in place), then transposes dwT into dw once per
 * call: no transposed copy of cols per image (it was ct · colsᵀ with colsᵀ transposed first), and
 * each entry sums the same products (a·b = b·a) over P in the same order, so the same bits.
 */
// @ts-ignore: decorator
@inline function conv2dWeightGradImages<T>(img0: i32, count: i32, dims: usize, x: usize, ct: usize, dw: usize, scratch: usize): void {
  const sz = sizeof<T>();
  const C = dim(dims, 0), H = dim(dims, 1), W = dim(dims, 2), O = dim(dims, 3), G = dim(dims, 8);
  const kc = (C / G) * dim(dims, 4) * dim(dims, 5);
  const og = O / G;
  const p = dim(dims, 6) * dim(dims, 7);
  const cols = align64(scratch);
  const dwT = align64(cols + <usize>(kc * p) * sz + 64);
  const gs = align64(dwT + <usize>(kc * O) * sz);
  if (isDirectWeightGrad(dims)) {
    memory.fill(dw, 0, <usize>(O * kc) * sz);
    for (let img = img0; img < img0 + count; img++)
      conv2dWeightGradDirect<T>(dims, x + <usize>(img * C * H * W) * sz, ct + <usize>(img * O * p) * sz, dw, scratch);
    return;
  }
  memory.fill(dwT, 0, <usize>(O * kc) * sz);
  for (let img = img0; img < img0 + count; img++)
    for (let gi = 0; gi < G; gi++) {
      if (padsFirst(dims)) im2colPadded<T>(dims, x + <usize>(img * C * H * W) * sz, cols, paddedAt(dims, scratch, sz));
      else im2col<T>(dims, x + <usize>(img * C * H * W) * sz, gi, cols);
      // A = cols [Kc, P] row-major; B(p, o) = ct_g[o, p] (transposed, in place); columns gi·Og … of dwT (gemm mode 1: C += A·B).
      const b = ct + <usize>((img * O + gi * og) * p) * sz;
      const dst = dwT + <usize>(gi * og) * sz;
      if (sizeof<T>() == 4) gemmUpdateF32(kc, og, p, cols, p, 1, b, 1, p, dst, O, 1, gs);
      else gemmUpdateF64(kc, og, p, cols, p, 1, b, 1, p, dst, O, 1, gs);
    }
  transpose<T>(dwT, kc, O, dw);
}

/** float32 conv2d of image `img`: y[img] = x[img] ⋆ w (y [N, O, OH, OW], written in place), plus bias [O] unless `bias` is 0. */
export function conv2dImageF32(img: i32, dims: usize, x: usize, w: usize, y: usize, bias: usize, scratch: usize): void {
  conv2dImage<f32>(img, dims, x, w, y, bias, scratch);
}

/** float64 version of conv2dImageF32. */
export function conv2dImageF64(img: i32, dims: usize, x: usize, w: usize, y: usize, bias: usize, scratch: usize): void {
  conv2dImage<f64>(img, dims, x, w, y, bias, scratch);
}

/** float32 transposed convolution of image `img`: dx[img] = the transpose of conv2d in x applied to ct[img]. */
export function conv2dInputGradImageF32(img: i32, dims: usize, ct: usize, w: usize, dx: usize, scratch: usize): void {
  conv2dInputGradImage<f32>(img, dims, ct, w, dx, scratch);
}

/** float64 version of conv2dInputGradImageF32. */
export function conv2dInputGradImageF64(img: i32, dims: usize, ct: usize, w: usize, dx: usize, scratch: usize): void {
  conv2dInputGradImage<f64>(img, dims, ct, w, dx, scratch);
}

/** float32 weight gradient of images [img0, img0 + count): dw [O, Kc] = Σ ct_img · cols_imgᵀ (overwritten). */
export function conv2dWeightGradImagesF32(img0: i32, count: i32, dims: usize, x: usize, ct: usize, dw: usize, scratch: usize): void {
  conv2dWeightGradImages<f32>(img0, count, dims, x, ct, dw, scratch);
}

/** float64 version of conv2dWeightGradImagesF32. */
export function conv2dWeightGradImagesF64(img0: i32, count: i32, dims: usize, x: usize, ct: usize, dw: usize, scratch: usize): void {
  conv2dWeightGradImages<f64>(img0, count, dims, x, ct, dw, scratch);
}
