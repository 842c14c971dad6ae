// Max pooling (NCHW) for float32 and float64: the forward maximum, its derivative (the mean of a
// tangent over each window's maxima) and that derivative's transpose (each window's cotangent shared
// among its maxima). The same conventions as the JS kernels (src/backend/cpu/max-pool2d.ts): padding
// is never part of a window, NaN propagates, and the maxima of a window are the taps equal to its
// maximum (its NaN taps when the maximum is NaN).
//
// The geometry is an i32 array at `dims`: planes (N·C), H, W, OH, OW, KH, KW, sh, sw, ph, pw, dh, dw;
// `scratch` holds poolScratchBytes(dims).

// @ts-ignore: decorator
@inline function dim(dims: usize, i: i32): i32 {
  return load<i32>(dims + (<usize>i << 2));
}

/** For each output index o: the range [lo, hi) of taps k with 0 ≤ o·s − p + k·d < n, at `table` (lo) and `table + 4·out` (hi). */
function tapRanges(table: usize, out: i32, n: i32, k: i32, s: i32, p: i32, d: i32): void {
  for (let o = 0; o < out; o++) {
    const start = o * s - p;
    let lo = 0;
    while (lo < k && start + lo * d < 0) lo++;
    let hi = k;
    while (hi > lo && start + (hi - 1) * d >= n) hi--;
    store<i32>(table + (<usize>o << 2), lo);
    store<i32>(table + (<usize>(out + o) << 2), hi);
  }
}

/** Bytes of scratch a call needs: the tap ranges of the output rows and columns. */
export function poolScratchBytes(dims: usize): i32 {
  return 8 * (dim(dims, 3) + dim(dims, 4));
}

// @ts-ignore: decorator
@inline function isMax<T>(v: T, m: T): bool {
  return v == m || (m != m && v != v);
}

/** The lanes of a 2×2 window row pair that are the window's maxima mm (NaN lanes when mm is NaN). */
// @ts-ignore: decorator
@inline function maxMask(a: v128, mm: v128): v128 {
  return v128.or(f32x4.eq(a, mm), v128.and(f32x4.ne(mm, mm), f32x4.ne(a, a)));
}

/**
 * Four adjacent 2×2 windows with stride 2 (float32): rows at `r0` and `r0 + rb` (8 values each).
 * Mode 0 stores the four maxima at `o`; mode 2 stores each window's cotangent (four at `o`) shared
 * among its maxima into dx rows at `d0` and `d0 + rb` (the windows do not overlap: plain stores).
 */
// @ts-ignore: decorator
@inline function fourWindows2x2(mode: i32, r0: usize, rb: usize, o: usize, d0: usize): void {
  const a0 = v128.load(r0);
  const a1 = v128.load(r0, 16);
  const b0 = v128.load(r0 + rb);
  const b1 = v128.load(r0 + rb, 16);
  const v0 = f32x4.max(a0, b0);
  const v1 = f32x4.max(a1, b1);
  const m = f32x4.max(i32x4.shuffle(v0, v1, 0, 2, 4, 6), i32x4.shuffle(v0, v1, 1, 3, 5, 7));
  if (mode == 0) {
    v128.store(o, m);
    return;
  }
  const mm0 = i32x4.shuffle(m, m, 0, 0, 1, 1);
  const mm1 = i32x4.shuffle(m, m, 2, 2, 3, 3);
  const ea0 = maxMask(a0, mm0);
  const ea1 = maxMask(a1, mm1);
  const eb0 = maxMask(b0, mm0);
  const eb1 = maxMask(b1, mm1);
  // masks are −1 per maximum: minus the count of maxima per window (at least 1)
  const s0 = i32x4.add(ea0, eb0);
  const s1 = i32x4.add(ea1, eb1);
  const count = f32x4.convert_i32x4_s(i32x4.neg(i32x4.add(i32x4.shuffle(s0, s1, 0, 2, 4, 6), i32x4.shuffle(s0, s1, 1, 3, 5, 7))));
  const g = f32x4.div(v128.load(o), count);
  const g0 = i32x4.shuffle(g, g, 0, 0, 1, 1);
  const g1 = i32x4.shuffle(g, g, 2, 2, 3, 3);
  v128.store(d0, v128.and(ea0, g0));
  v128.store(d0, v128.and(ea1, g1), 16);
  v128.store(d0 + rb, v128.and(eb0, g0));
  v128.store(d0 + rb, v128.and(eb1, g1), 16);
}

/**
 * Visits every window: `mode` 0 writes the maximum to out[yi]; 1 writes the mean of `t` over the
 * maxima to out[yi]; 2 adds t[yi] / count to `out` at each of the maxima (out zeroed first).
 * 2×2 windows with stride 2 and no padding or dilation (the usual pooling layer) run four at a
 * time in SIMD in float32.
 */
// @ts-ignore: decorator
@inline function pool<T>(mode: i32, dims: usize, x: usize, t: usize, out: usize, scratch: usize): void {
  const sz = sizeof<T>();
  const planes = dim(dims, 0), H = dim(dims, 1), W = dim(dims, 2), OH = dim(dims, 3), OW = dim(dims, 4);
  const KH = dim(dims, 5), KW = dim(dims, 6), sh = dim(dims, 7), sw = dim(dims, 8), ph = dim(dims, 9), pw = dim(dims, 10);
  const dh = dim(dims, 11), dw = dim(dims, 12);
  const rows = scratch;
  const cols = scratch + (<usize>(2 * OH) << 2);
  tapRanges(rows, OH, H, KH, sh, ph, dh);
  tapRanges(cols, OW, W, KW, sw, pw, dw);
  const simd = sz == 4 && mode != 1 && KH == 2 && KW == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && dh == 1 && dw == 1;
  // NOTE: the vector path stores every tap of its windows (0 where not a maximum); when those
  // windows tile the planes (H = 2·OH, W = 2·OW, OW ≥ 4) they cover dx whole, and it needs no zeroing first.
  if (mode == 2 && !(simd && OW >= 4 && H == 2 * OH && W == 2 * OW)) memory.fill(out, 0, <usize>(planes * H * W) * sz);
  let yi: usize = 0;
  for (let pl = 0; pl < planes; pl++) {
    const xo = <usize>(pl * H * W);
    for (let oh = 0; oh < OH; oh++) {
      const kLo = load<i32>(rows + (<usize>oh << 2));
      const kHi = load<i32>(rows + (<usize>(OH + oh) << 2));
      let ow = 0;
      if (simd) {
        const r0 = xo + <usize>(2 * oh * W);
        const rb = <usize>W * sz;
        for (; ow + 4 <= OW; ow += 4, yi += 4) {
          const e = (r0 + <usize>(2 * ow)) * sz;
          fourWindows2x2(mode, x + e, rb, (mode == 0 ? out : t) + yi * sz, out + e);
        }
        if (ow < OW && OW >= 4) {
          // the last windows of the row: the last four again (their stores are overwrites of equal values)
          const y0 = yi - <usize>(ow - (OW - 4));
          const e = (r0 + <usize>(2 * (OW - 4))) * sz;
          fourWindows2x2(mode, x + e, rb, (mode == 0 ? out : t) + y0 * sz, out + e);
          yi += <usize>(OW - ow);
          ow = OW;
        }
      }
      for (; ow < OW; ow++, yi++) {
        const jLo = load<i32>(cols + (<usize>ow << 2));
        const jHi = load<i32>(cols + (<usize>(OW + ow) << 2));
        // element index of tap (ki, kj): c0 + ki·dh·W + kj·dw (c0 may be "negative": it wraps and comes back in range)
        const c0 = xo + <usize>((oh * sh - ph) * W + ow * sw - pw);
        let m: T = <T>-Infinity;
        for (let ki = kLo; ki < kHi; ki++) {
          const r = c0 + <usize>(ki * dh * W);
          for (let kj = jLo; kj < jHi; kj++) m = max<T>(m, load<T>(x + (r + <usize>(kj * dw)) * sz));
        }
        if (mode == 0) {
          store<T>(out + yi * sz, m);
          continue;
        }
        let count: i32 = 0;
        let s: T = 0;
        for (let ki = kLo; ki < kHi; ki++) {
          const r = c0 + <usize>(ki * dh * W);
          for (let kj = jLo; kj < jHi; kj++) {
            const i = r + <usize>(kj * dw);
            if (isMax<T>(load<T>(x + i * sz), m)) {
              count++;
              if (mode == 1) s += load<T>(t + i * sz);
            }
          }
        }
        if (count == 0) {
          if (mode == 1) store<T>(out + yi * sz, 0);
          continue;
        }
        if (mode == 1) {
          store<T>(out + yi * sz, s / <T>count);
          continue;
        }
        const g = load<T>(t + yi * sz) / <T>count;
        for (let ki = kLo; ki < kHi; ki++) {
          const r = c0 + <usize>(ki * dh * W);
          for (let kj = jLo; kj < jHi; kj++) {
            const i = r + <usize>(kj * dw);
            if (isMax<T>(load<T>(x + i * sz), m)) store<T>(out + i * sz, load<T>(out + i * sz) + g);
          }
        }
      }
    }
  }
}

/** float32 max pooling: y = the maximum of each window of x. */
export function maxPool2dF32(dims: usize, x: usize, y: usize, scratch: usize): void {
  pool<f32>(0, dims, x, 0, y, scratch);
}

/** float64 max pooling. */
export function maxPool2dF64(dims: usize, x: usize, y: usize, scratch: usize): void {
  pool<f64>(0, dims, x, 0, y, scratch);
}

/** float32: dy = the mean of t over each window's maxima of x. */
export function maxPool2dTangentF32(dims: usize, x: usize, t: usize, dy: usize, scratch: usize): void {
  pool<f32>(1, dims, x, t, dy, scratch);
}

/** float64 version of maxPool2dTangentF32. */
export function maxPool2dTangentF64(dims: usize, x: usize, t: usize, dy: usize, scratch: usize): void {
  pool<f64>(1, dims, x, t, dy, scratch);
}

/** float32: dx = each window's cotangent ct shared evenly among its maxima of x. */
export function maxPool2dGradF32(dims: usize, x: usize, ct: usize, dx: usize, scratch: usize): void {
  pool<f32>(2, dims, x, ct, dx, scratch);
}

/** float64 version of maxPool2dGradF32. */
export function maxPool2dGradF64(dims: usize, x: usize, ct: usize, dx: usize, scratch: usize): void {
  pool<f64>(2, dims, x, ct, dx, scratch);
}
