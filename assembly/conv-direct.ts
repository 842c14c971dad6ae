// Direct 2-D convolution (no im2col, no gemm) for convolutions with few taps per output,
// Kc = C·KH·KW ≤ DIRECT_MAX_KC, stride 1, dilation 1, one group: the first layer of a CNN on
// grey or RGB images (Kc = 9 or 27). There the gemm's k axis is Kc, too short to amortise its
// packing and C-tile traffic; the weight gradient runs directly only up to DIRECT_MAX_KC_WEIGHT_GRAD.
//
// Each image is first copied into a zero-padded plane xp [C, Hp, Wp], Hp = OH + KH − 1,
// Wp = OW + KW − 1 (stride 1), so tap (c, ki, kj) of output (oh, ow) is xp[c, oh + ki, ow + kj]
// and the loops have no bounds tests; `taps` holds each tap's offset (c·Hp + ki)·Wp + kj.
// The vectors run along ow.
//
//   forward:  y[o, oh, ow] = b[o] + Σ_t w[o, t] · xp[off_t + oh·Wp + ow]
//   weight:   dw[o, t]    += Σ_{oh, ow} ct[o, oh, ow] · xp[off_t + oh·Wp + ow]
//
// The geometry is the i32 array of assembly/conv.ts: C, H, W, O, KH, KW, OH, OW, G, sh, sw, pt, pl, dh, dw.

/** The largest Kc = C·KH·KW whose forward runs directly (at Kc = 144 im2col + gemm took 0.4× the time). */
export const DIRECT_MAX_KC: i32 = 32;

// @ts-ignore: decorator
@inline function dim(dims: usize, i: i32): i32 {
  return load<i32>(dims + (<usize>i << 2));
}

/** Whether the convolution of `dims` takes the direct path. */
export function isDirect(dims: usize): bool {
  const kc = dim(dims, 0) * dim(dims, 4) * dim(dims, 5);
  return dim(dims, 8) == 1 && dim(dims, 9) == 1 && dim(dims, 10) == 1 && dim(dims, 13) == 1 && dim(dims, 14) == 1 && kc <= DIRECT_MAX_KC;
}

/**
 * The largest Kc whose weight gradient runs directly.
 * NOTE: measured (paired CPU time, 64 images, against im2col + gemm): Kc = 9 took 0.77× the
 * time, 18 and 25 the same, 27 1.1-1.3× (its three taps past the blocks of four run one by one).
 * The forward took 0.82-0.94× for Kc = 25-27 and the same at 9 and 18.
 */
export const DIRECT_MAX_KC_WEIGHT_GRAD: i32 = 16;

/** Whether the weight gradient of the convolution of `dims` takes the direct path. */
export function isDirectWeightGrad(dims: usize): bool {
  return isDirect(dims) && dim(dims, 0) * dim(dims, 4) * dim(dims, 5) <= DIRECT_MAX_KC_WEIGHT_GRAD;
}

/** Bytes of scratch the direct path needs: the padded image (plus a vector of slack) and the tap table. */
export function directScratchBytes(dims: usize, size: i32): i32 {
  const hp = dim(dims, 6) + dim(dims, 4) - 1, wp = dim(dims, 7) + dim(dims, 5) - 1;
  return (dim(dims, 0) * hp * wp + 8) * size + 64 + dim(dims, 0) * dim(dims, 4) * dim(dims, 5) * 4 + 64;
}

// @ts-ignore: decorator
@inline function align64(p: usize): usize {
  return (p + 63) & ~(<usize>63);
}

/** Writes the zero-padded copy of the image at `xi` to `xp`, the tap offsets to `taps`; returns Wp. */
export function pad<T>(dims: usize, xi: usize, xp: usize, taps: usize): i32 {
  const sz = sizeof<T>();
  const lanes = 16 / sz;
  const C = dim(dims, 0), H = dim(dims, 1), W = dim(dims, 2), KH = dim(dims, 4), KW = dim(dims, 5);
  const pt = dim(dims, 11), pl = dim(dims, 12);
  const hp = dim(dims, 6) + KH - 1, wp = dim(dims, 7) + KW - 1;
  memory.fill(xp, 0, <usize>(C * hp * wp) * sz);
  // rows and columns of the input that land inside the padded plane (the output may not read them all)
  const i0 = max(0, -pt), i1 = min(H, hp - pt), j0 = max(0, -pl), j1 = min(W, wp - pl);
  for (let c = 0; c < C; c++)
    for (let i = i0; i < i1; i++) {
      const s = xi + <usize>((c * H + i) * W) * sz;
      const d = xp + <usize>((c * hp + i + pt) * wp + pl) * sz;
      // NOTE: whole vectors, then the tail one by one (a scalar copy of every row was ~2% of the CNN step)
      let j = j0;
      for (; j + lanes <= j1; j += lanes) v128.store(d + <usize>j * sz, v128.load(s + <usize>j * sz));
      for (; j < j1; j++) store<T>(d + <usize>j * sz, load<T>(s + <usize>j * sz));
    }
  let t = taps;
  for (let c = 0; c < C; c++)
    for (let ki = 0; ki < KH; ki++)
      for (let kj = 0; kj < KW; kj++) {
        store<i32>(t, (c * hp + ki) * wp + kj);
        t += 4;
      }
  return wp;
}

/** Output row oh of channel o from column ow0 on: vector pairs, then single vectors, then scalars. */
// @ts-ignore: decorator
@inline function forwardRow<T>(xr: usize, wo: usize, yr: usize, b: T, taps: usize, tapsEnd: usize, ow0: i32, OW: i32): void {
  const sz = sizeof<T>();
  const lanes = 16 / sz;
  const bv = v128.splat<T>(b);
  let ow = ow0;
  for (; ow + 2 * lanes <= OW; ow += 2 * lanes) {
    let a0 = bv, a1 = bv;
    const xq = xr + <usize>ow * sz;
    let wq = wo;
    for (let t = taps; t < tapsEnd; t += 4) {
      const wv = v128.load_splat<T>(wq);
      const p = xq + <usize>load<i32>(t) * sz;
      a0 = v128.add<T>(a0, v128.mul<T>(wv, v128.load(p)));
      a1 = v128.add<T>(a1, v128.mul<T>(wv, v128.load(p, 16)));
      wq += sz;
    }
    v128.store(yr + <usize>ow * sz, a0);
    v128.store(yr + <usize>ow * sz, a1, 16);
  }
  for (; ow + lanes <= OW; ow += lanes) {
    let a0 = bv;
    const xq = xr + <usize>ow * sz;
    let wq = wo;
    for (let t = taps; t < tapsEnd; t += 4) {
      a0 = v128.add<T>(a0, v128.mul<T>(v128.load_splat<T>(wq), v128.load(xq + <usize>load<i32>(t) * sz)));
      wq += sz;
    }
    v128.store(yr + <usize>ow * sz, a0);
  }
  for (; ow < OW; ow++) {
    let a: T = b;
    const xq = xr + <usize>ow * sz;
    let wq = wo;
    for (let t = taps; t < tapsEnd; t += 4) {
      a += load<T>(wq) * load<T>(xq + <usize>load<i32>(t) * sz);
      wq += sz;
    }
    store<T>(yr + <usize>ow * sz, a);
  }
}

/**
 * y[img] (at `yi`, [O, OH, OW]) = x[img] ⋆ w + bias, directly; `scratch` holds directScratchBytes.
 * NOTE: four output channels × two vectors per step (eight independent sums): one accumulator
 * chain per output vector was bound by the add latency (~3 cycles per vector multiply-add).
 */
// @ts-ignore: decorator
@inline export function conv2dDirect<T>(dims: usize, xi: usize, w: usize, yi: usize, bias: usize, scratch: usize): void {
  const sz = sizeof<T>();
  const lanes = 16 / sz;
  const C = dim(dims, 0), O = dim(dims, 3), OH = dim(dims, 6), OW = dim(dims, 7);
  const kc = C * dim(dims, 4) * dim(dims, 5);
  const xp = align64(scratch);
  const hp = OH + dim(dims, 4) - 1;
  const taps = align64(xp + <usize>(C * hp * (OW + dim(dims, 5) - 1) + 8) * sz);
  const wp = pad<T>(dims, xi, xp, taps);
  const tapsEnd = taps + <usize>kc * 4;
  const P = OH * OW;
  const wStep = <usize>kc * sz;
  const pairsEnd = OW - OW % (2 * lanes);
  let o = 0;
  for (; o + 4 <= O; o += 4) {
    const b0: T = bias != 0 ? load<T>(bias + <usize>o * sz) : <T>0;
    const b1: T = bias != 0 ? load<T>(bias + <usize>(o + 1) * sz) : <T>0;
    const b2: T = bias != 0 ? load<T>(bias + <usize>(o + 2) * sz) : <T>0;
    const b3: T = bias != 0 ? load<T>(bias + <usize>(o + 3) * sz) : <T>0;
    const wo = w + <usize>(o * kc) * sz;
    for (let oh = 0; oh < OH; oh++) {
      const yr = yi + <usize>(o * P + oh * OW) * sz;
      const xr = xp + <usize>(oh * wp) * sz;
      for (let ow = 0; ow < pairsEnd; ow += 2 * lanes) {
        let a00 = v128.splat<T>(b0), a01 = a00, a10 = v128.splat<T>(b1), a11 = a10;
        let a20 = v128.splat<T>(b2), a21 = a20, a30 = v128.splat<T>(b3), a31 = a30;
        const xq = xr + <usize>ow * sz;
        let wq = wo;
        for (let t = taps; t < tapsEnd; t += 4) {
          const p = xq + <usize>load<i32>(t) * sz;
          const x0 = v128.load(p), x1 = v128.load(p, 16);
          let wv = v128.load_splat<T>(wq);
          a00 = v128.add<T>(a00, v128.mul<T>(wv, x0));
          a01 = v128.add<T>(a01, v128.mul<T>(wv, x1));
          wv = v128.load_splat<T>(wq + wStep);
          a10 = v128.add<T>(a10, v128.mul<T>(wv, x0));
          a11 = v128.add<T>(a11, v128.mul<T>(wv, x1));
          wv = v128.load_splat<T>(wq + 2 * wStep);
          a20 = v128.add<T>(a20, v128.mul<T>(wv, x0));
          a21 = v128.add<T>(a21, v128.mul<T>(wv, x1));
          wv = v128.load_splat<T>(wq + 3 * wStep);
          a30 = v128.add<T>(a30, v128.mul<T>(wv, x0));
          a31 = v128.add<T>(a31, v128.mul<T>(wv, x1));
          wq += sz;
        }
        const q = yr + <usize>ow * sz;
        const rowStep = <usize>P * sz;
        v128.store(q, a00);
        v128.store(q, a01, 16);
        v128.store(q + rowStep, a10);
        v128.store(q + rowStep, a11, 16);
        v128.store(q + 2 * rowStep, a20);
        v128.store(q + 2 * rowStep, a21, 16);
        v128.store(q + 3 * rowStep, a30);
        v128.store(q + 3 * rowStep, a31, 16);
      }
      if (pairsEnd < OW) {
        forwardRow<T>(xr, wo, yr, b0, taps, tapsEnd, pairsEnd, OW);
        forwardRow<T>(xr, wo + wStep, yr + <usize>P * sz, b1, taps, tapsEnd, pairsEnd, OW);
        forwardRow<T>(xr, wo + 2 * wStep, yr + <usize>(2 * P) * sz, b2, taps, tapsEnd, pairsEnd, OW);
        forwardRow<T>(xr, wo + 3 * wStep, yr + <usize>(3 * P) * sz, b3, taps, tapsEnd, pairsEnd, OW);
      }
    }
  }
  for (; o < O; o++) {
    const b: T = bias != 0 ? load<T>(bias + <usize>o * sz) : <T>0;
    for (let oh = 0; oh < OH; oh++) forwardRow<T>(xp + <usize>(oh * wp) * sz, w + <usize>(o * kc) * sz, yi + <usize>(o * P + oh * OW) * sz, b, taps, tapsEnd, 0, OW);
  }
}

// @ts-ignore: decorator
@inline function hsum<T>(a: v128): T {
  if (sizeof<T>() == 4) return <T>(f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
  return <T>(f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1));
}

/** Σ_{oh, ow} ct[oh, ow] · x[off + oh·Wp + ow] for one channel's cotangent `co` and the tap at `xt`. */
// @ts-ignore: decorator
@inline function tapDot<T>(co: usize, xt: usize, OH: i32, OW: i32, wp: i32): T {
  const sz = sizeof<T>();
  const lanes = 16 / sz;
  const vecEnd = OW - OW % lanes;
  let a0 = v128.splat<T>(<T>0), a1 = a0;
  let s: T = <T>0;
  for (let oh = 0; oh < OH; oh++) {
    const cr = co + <usize>(oh * OW) * sz;
    const xr = xt + <usize>(oh * wp) * sz;
    let ow = 0;
    for (; ow + 2 * lanes <= OW; ow += 2 * lanes) {
      a0 = v128.add<T>(a0, v128.mul<T>(v128.load(cr + <usize>ow * sz), v128.load(xr + <usize>ow * sz)));
      a1 = v128.add<T>(a1, v128.mul<T>(v128.load(cr + <usize>ow * sz, 16), v128.load(xr + <usize>ow * sz, 16)));
    }
    if (ow < vecEnd) a0 = v128.add<T>(a0, v128.mul<T>(v128.load(cr + <usize>ow * sz), v128.load(xr + <usize>ow * sz)));
    for (ow = vecEnd; ow < OW; ow++) s += load<T>(cr + <usize>ow * sz) * load<T>(xr + <usize>ow * sz);
  }
  return hsum<T>(v128.add<T>(a0, a1)) + s;
}

/**
 * dw [O, Kc] += the weight gradient of image x[img] (at `xi`) with cotangent ct[img] (at `ci`), directly.
 * NOTE: four taps × two vectors per step (eight independent sums sharing the cotangent loads), as
 * in the forward; the remaining taps one at a time.
 */
// @ts-ignore: decorator
@inline export function conv2dWeightGradDirect<T>(dims: usize, xi: usize, ci: usize, dw: usize, scratch: usize): void {
  const sz = sizeof<T>();
  const lanes = 16 / sz;
  const C = dim(dims, 0), O = dim(dims, 3), OH = dim(dims, 6), OW = dim(dims, 7);
  const kc = C * dim(dims, 4) * dim(dims, 5);
  const xp = align64(scratch);
  const hp = OH + dim(dims, 4) - 1;
  const taps = align64(xp + <usize>(C * hp * (OW + dim(dims, 5) - 1) + 8) * sz);
  const wp = pad<T>(dims, xi, xp, taps);
  const vecEnd = OW - OW % lanes;
  for (let o = 0; o < O; o++) {
    const co = ci + <usize>(o * OH * OW) * sz;
    const d = dw + <usize>(o * kc) * sz;
    let t = 0;
    for (; t + 4 <= kc; t += 4) {
      const x0 = xp + <usize>load<i32>(taps + <usize>t * 4) * sz;
      const x1 = xp + <usize>load<i32>(taps + <usize>(t + 1) * 4) * sz;
      const x2 = xp + <usize>load<i32>(taps + <usize>(t + 2) * 4) * sz;
      const x3 = xp + <usize>load<i32>(taps + <usize>(t + 3) * 4) * sz;
      let a00 = v128.splat<T>(<T>0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      let s0: T = <T>0, s1: T = <T>0, s2: T = <T>0, s3: T = <T>0;
      for (let oh = 0; oh < OH; oh++) {
        const cr = co + <usize>(oh * OW) * sz;
        const xo = <usize>(oh * wp) * sz;
        let ow = 0;
        for (; ow + 2 * lanes <= OW; ow += 2 * lanes) {
          const c0 = v128.load(cr + <usize>ow * sz), c1 = v128.load(cr + <usize>ow * sz, 16);
          const q = xo + <usize>ow * sz;
          a00 = v128.add<T>(a00, v128.mul<T>(c0, v128.load(x0 + q)));
          a01 = v128.add<T>(a01, v128.mul<T>(c1, v128.load(x0 + q, 16)));
          a10 = v128.add<T>(a10, v128.mul<T>(c0, v128.load(x1 + q)));
          a11 = v128.add<T>(a11, v128.mul<T>(c1, v128.load(x1 + q, 16)));
          a20 = v128.add<T>(a20, v128.mul<T>(c0, v128.load(x2 + q)));
          a21 = v128.add<T>(a21, v128.mul<T>(c1, v128.load(x2 + q, 16)));
          a30 = v128.add<T>(a30, v128.mul<T>(c0, v128.load(x3 + q)));
          a31 = v128.add<T>(a31, v128.mul<T>(c1, v128.load(x3 + q, 16)));
        }
        if (ow < vecEnd) {
          const c0 = v128.load(cr + <usize>ow * sz);
          const q = xo + <usize>ow * sz;
          a00 = v128.add<T>(a00, v128.mul<T>(c0, v128.load(x0 + q)));
          a10 = v128.add<T>(a10, v128.mul<T>(c0, v128.load(x1 + q)));
          a20 = v128.add<T>(a20, v128.mul<T>(c0, v128.load(x2 + q)));
          a30 = v128.add<T>(a30, v128.mul<T>(c0, v128.load(x3 + q)));
        }
        for (ow = vecEnd; ow < OW; ow++) {
          const c = load<T>(cr + <usize>ow * sz);
          const q = xo + <usize>ow * sz;
          s0 += c * load<T>(x0 + q);
          s1 += c * load<T>(x1 + q);
          s2 += c * load<T>(x2 + q);
          s3 += c * load<T>(x3 + q);
        }
      }
      const q = d + <usize>t * sz;
      store<T>(q, load<T>(q) + (hsum<T>(v128.add<T>(a00, a01)) + s0));
      store<T>(q + sz, load<T>(q + sz) + (hsum<T>(v128.add<T>(a10, a11)) + s1));
      store<T>(q + 2 * sz, load<T>(q + 2 * sz) + (hsum<T>(v128.add<T>(a20, a21)) + s2));
      store<T>(q + 3 * sz, load<T>(q + 3 * sz) + (hsum<T>(v128.add<T>(a30, a31)) + s3));
    }
    for (; t < kc; t++) {
      const q = d + <usize>t * sz;
      store<T>(q, load<T>(q) + tapDot<T>(co, xp + <usize>load<i32>(taps + <usize>t * 4) * sz, OH, OW, wp));
    }
  }
}
