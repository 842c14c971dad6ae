// Elementwise and row-reduction kernels over contiguous arrays, 128-bit SIMD.
//
// Buffers are allocated by the JS arena rounded up to 16 bytes, so every loop runs whole vectors:
// the lanes past `n` read and write padding that nobody looks at.
//
// float32 log is computed in float64 (two f64x2 halves per f32x4) with a series accurate to ~1e-14
// relative, then rounded once to float32: the correctly rounded float32 of the true value except
// within ~1e-14 of a rounding boundary, so it agrees with Math.fround(Math.log(x)) (the JS kernels)
// essentially always. float32 exp and tanh are in float32 arithmetic (exp-f32.ts).

// ---------------------------------------------------------------------------------------------
// float64x2 log

const LN2_HI: f64 = 6.93147180369123816490e-01; // low 21 bits zero: k·LN2_HI is exact
const LN2_LO: f64 = 1.90821492927058770002e-10;
const MAGIC: f64 = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer held in the low mantissa bits
const SQRT2: f64 = 1.4142135623730951;

/** ln x per lane for x promoted from float32 (so positive values are normal float64). */
// @ts-ignore: decorator
@inline function logF64x2(x: v128): v128 {
  // x = m·2^e with m in [√½, √2).
  let e = i64x2.sub(i64x2.shr_u(x, 52), i64x2.splat(1023));
  let m = v128.or(v128.and(x, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, f64x2.splat(SQRT2));
  m = v128.bitselect(f64x2.mul(m, f64x2.splat(0.5)), m, big);
  e = i64x2.sub(e, big); // big lanes are all ones (-1): e + 1
  // e as float64 through the magic-number trick (|e| < 2^51).
  const ef = f64x2.sub(i64x2.add(e, f64x2.splat(MAGIC)), f64x2.splat(MAGIC));
  // ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716: series to s^17 (error < 2e-14 relative).
  const s = f64x2.div(f64x2.sub(m, f64x2.splat(1.0)), f64x2.add(m, f64x2.splat(1.0)));
  const z = f64x2.mul(s, s);
  let p = f64x2.splat(1.0 / 17.0);
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 15.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 13.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 11.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 9.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 7.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 5.0));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(1.0 / 3.0));
  const s2 = f64x2.add(s, s);
  const lnm = f64x2.add(s2, f64x2.mul(f64x2.mul(s2, z), p));
  let y = f64x2.add(f64x2.mul(ef, f64x2.splat(LN2_HI)), f64x2.add(lnm, f64x2.mul(ef, f64x2.splat(LN2_LO))));
  // Special values: ln(±0) = −∞, ln(x < 0) = NaN, ln(+∞) = +∞, ln(NaN) = NaN.
  y = v128.bitselect(f64x2.splat(-Infinity), y, f64x2.eq(x, f64x2.splat(0.0)));
  y = v128.bitselect(f64x2.splat(NaN), y, f64x2.lt(x, f64x2.splat(0.0)));
  y = v128.bitselect(x, y, f64x2.eq(x, f64x2.splat(Infinity)));
  y = v128.bitselect(x, y, f64x2.ne(x, x));
  return y;
}

// ---------------------------------------------------------------------------------------------
// float32 log through float64

/** out = ln(x) elementwise, float32 (n rounded up to whole vectors). */
export function logF32(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const a = f32x4.demote_f64x2_zero(logF64x2(f64x2.promote_low_f32x4(v)));
    const b = f32x4.demote_f64x2_zero(logF64x2(f64x2.promote_low_f32x4(i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7))));
    v128.store(out + o, i8x16.shuffle(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
  }
}

// ---------------------------------------------------------------------------------------------
// Binary arithmetic: same shape, or one operand a scalar (mode 0: a∘b, 1: a∘b[0], 2: a[0]∘b).

export const OP_ADD: i32 = 0;
export const OP_SUB: i32 = 1;
export const OP_MUL: i32 = 2;
export const OP_DIV: i32 = 3;
export const OP_MAX: i32 = 4;
export const OP_MIN: i32 = 5;

// @ts-ignore: decorator
@inline export function apply<T>(op: i32, a: v128, b: v128): v128 {
  if (op == OP_ADD) return v128.add<T>(a, b);
  if (op == OP_SUB) return v128.sub<T>(a, b);
  if (op == OP_MUL) return v128.mul<T>(a, b);
  if (op == OP_DIV) return v128.div<T>(a, b);
  if (op == OP_MAX) return v128.max<T>(a, b); // wasm max/min propagate NaN, as numpy's maximum/minimum
  return v128.min<T>(a, b);
}

// @ts-ignore: decorator
@inline function binaryLoop<T>(op: i32, mode: i32, a: usize, b: usize, out: usize, n: i32): void {
  const lanes = 16 / sizeof<T>();
  const bytes = <usize>n * sizeof<T>();
  if (mode == 0) {
    for (let o: usize = 0; o < bytes; o += 16) v128.store(out + o, apply<T>(op, v128.load(a + o), v128.load(b + o)));
  } else if (mode == 1) {
    const s = v128.load_splat<T>(b);
    for (let o: usize = 0; o < bytes; o += 16) v128.store(out + o, apply<T>(op, v128.load(a + o), s));
  } else {
    const s = v128.load_splat<T>(a);
    for (let o: usize = 0; o < bytes; o += 16) v128.store(out + o, apply<T>(op, s, v128.load(b + o)));
  }
  void lanes;
}

// @ts-ignore: decorator
@inline function binary<T>(op: i32, mode: i32, a: usize, b: usize, out: usize, n: i32): void {
  // One specialised loop per op (the op test is hoisted out of the loop).
  switch (op) {
    case OP_ADD: binaryLoop<T>(OP_ADD, mode, a, b, out, n); break;
    case OP_SUB: binaryLoop<T>(OP_SUB, mode, a, b, out, n); break;
    case OP_MUL: binaryLoop<T>(OP_MUL, mode, a, b, out, n); break;
    case OP_DIV: binaryLoop<T>(OP_DIV, mode, a, b, out, n); break;
    case OP_MAX: binaryLoop<T>(OP_MAX, mode, a, b, out, n); break;
    default: binaryLoop<T>(OP_MIN, mode, a, b, out, n); break;
  }
}

export function binaryF32(op: i32, mode: i32, a: usize, b: usize, out: usize, n: i32): void {
  binary<f32>(op, mode, a, b, out, n);
}

export function binaryF64(op: i32, mode: i32, a: usize, b: usize, out: usize, n: i32): void {
  binary<f64>(op, mode, a, b, out, n);
}

// ---------------------------------------------------------------------------------------------
// Row reductions: out[r] = sum / max of x[r·len .. (r+1)·len).

/** float32 rows summed in float64 (as the JS kernels do), rounded once. */
export function sumRowsF32(x: usize, out: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) store<f32>(out + (<usize>r << 2), <f32>rowSumF32(x + (<usize>r * <usize>len << 2), len));
}

/** float32 row sum of `len` elements at `row` in float64: sumRowsF32's order (8 partial sums, then the tail). */
// @ts-ignore: decorator
@inline function rowSumF32(row: usize, len: i32): f64 {
  let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0;
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    const v = v128.load(row + (<usize>i << 2));
    const w = v128.load(row + (<usize>i << 2), 16);
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)));
    s2 = f64x2.add(s2, f64x2.promote_low_f32x4(w));
    s3 = f64x2.add(s3, f64x2.promote_low_f32x4(i8x16.shuffle(w, w, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)));
  }
  const t = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  let s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  for (; i < len; i++) s += <f64>load<f32>(row + (<usize>i << 2));
  return s;
}

/**
 * out[c] = Σ over o and e of x[o, c, e] for float32 x of [outer, count, inner] (a convolution's bias
 * gradient, sum over [0, 2, 3] of NCHW): each row x[o, c, ·] summed in float64 as sumRowsF32 sums
 * it, the rows of a c added in order of o in float64 (`acc`: count float64 of scratch), rounded once.
 * With `first` 0 the sums continue those in `acc` (x then holds the next rows of o), so a caller may
 * pass the rows of o in chunks; `out` always gets the sums so far.
 */
export function sumOuterInnerF32(x: usize, out: usize, outer: i32, count: i32, inner: i32, acc: usize, first: i32): void {
  if (first != 0) memory.fill(acc, 0, <usize>count << 3);
  for (let o = 0; o < outer; o++)
    for (let c = 0; c < count; c++) {
      const a = acc + (<usize>c << 3);
      store<f64>(a, load<f64>(a) + rowSumF32(x + ((<usize>(o * count + c) * <usize>inner) << 2), inner));
    }
  for (let c = 0; c < count; c++) store<f32>(out + (<usize>c << 2), <f32>load<f64>(acc + (<usize>c << 3)));
}

export function sumRowsF64(x: usize, out: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>r * <usize>len << 3);
    let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0;
    let i = 0;
    for (; i + 8 <= len; i += 8) {
      const p = row + (<usize>i << 3);
      s0 = f64x2.add(s0, v128.load(p));
      s1 = f64x2.add(s1, v128.load(p, 16));
      s2 = f64x2.add(s2, v128.load(p, 32));
      s3 = f64x2.add(s3, v128.load(p, 48));
    }
    const t = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
    let s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
    for (; i < len; i++) s += load<f64>(row + (<usize>i << 3));
    store<f64>(out + (<usize>r << 3), s);
  }
}

/** Row maxima; NaN propagates, an empty row gives −∞. */
export function maxRowsF32(x: usize, out: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>r * <usize>len << 2);
    let m0 = f32x4.splat(-Infinity), m1 = m0;
    let i = 0;
    for (; i + 8 <= len; i += 8) {
      m0 = f32x4.max(m0, v128.load(row + (<usize>i << 2)));
      m1 = f32x4.max(m1, v128.load(row + (<usize>i << 2), 16));
    }
    const t = f32x4.max(m0, m1);
    let m = max(max(f32x4.extract_lane(t, 0), f32x4.extract_lane(t, 1)), max(f32x4.extract_lane(t, 2), f32x4.extract_lane(t, 3)));
    for (; i < len; i++) m = max(m, load<f32>(row + (<usize>i << 2)));
    store<f32>(out + (<usize>r << 2), m);
  }
}

export function maxRowsF64(x: usize, out: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>r * <usize>len << 3);
    let m0 = f64x2.splat(-Infinity), m1 = m0;
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      m0 = f64x2.max(m0, v128.load(row + (<usize>i << 3)));
      m1 = f64x2.max(m1, v128.load(row + (<usize>i << 3), 16));
    }
    const t = f64x2.max(m0, m1);
    let m = max(f64x2.extract_lane(t, 0), f64x2.extract_lane(t, 1));
    for (; i < len; i++) m = max(m, load<f64>(row + (<usize>i << 3)));
    store<f64>(out + (<usize>r << 3), m);
  }
}

/** Row minima; NaN propagates, an empty row gives +∞. */
export function minRowsF32(x: usize, out: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>r * <usize>len << 2);
    let m0 = f32x4.splat(Infinity), m1 = m0;
    let i = 0;
    for (; i + 8 <= len; i += 8) {
      m0 = f32x4.min(m0, v128.load(row + (<usize>i << 2)));
      m1 = f32x4.min(m1, v128.load(row + (<usize>i << 2), 16));
    }
    const t = f32x4.min(m0, m1);
    let m = min(min(f32x4.extract_lane(t, 0), f32x4.extract_lane(t, 1)), min(f32x4.extract_lane(t, 2), f32x4.extract_lane(t, 3)));
    for (; i < len; i++) m = min(m, load<f32>(row + (<usize>i << 2)));
    store<f32>(out + (<usize>r << 2), m);
  }
}

export function minRowsF64(x: usize, out: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>r * <usize>len << 3);
    let m0 = f64x2.splat(Infinity), m1 = m0;
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      m0 = f64x2.min(m0, v128.load(row + (<usize>i << 3)));
      m1 = f64x2.min(m1, v128.load(row + (<usize>i << 3), 16));
    }
    const t = f64x2.min(m0, m1);
    let m = min(f64x2.extract_lane(t, 0), f64x2.extract_lane(t, 1));
    for (; i < len; i++) m = min(m, load<f64>(row + (<usize>i << 3)));
    store<f64>(out + (<usize>r << 3), m);
  }
}

// ---------------------------------------------------------------------------------------------
// Row broadcasting (a bias added to every row) and column sums (its gradient).

/**
 * out[r, :] = a[r, :] ∘ b[:] (mode 3) or a[:] ∘ b[r, :] (mode 4) over `rows` rows of `len`. Rows are
 * processed in order with whole vectors: a row's last vector spills into the next row's first
 * lanes, which that row then overwrites; the last row spills into the arena's padding.
 */
// @ts-ignore: decorator
@inline function rowLoop<T>(op: i32, mode: i32, a: usize, b: usize, out: usize, rows: i32, len: i32): void {
  const rowBytes = <usize>len * sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const base = <usize>r * rowBytes;
    if (mode == 3) {
      for (let o: usize = 0; o < rowBytes; o += 16) v128.store(out + base + o, apply<T>(op, v128.load(a + base + o), v128.load(b + o)));
    } else {
      for (let o: usize = 0; o < rowBytes; o += 16) v128.store(out + base + o, apply<T>(op, v128.load(a + o), v128.load(b + base + o)));
    }
  }
}

// @ts-ignore: decorator
@inline function rows<T>(op: i32, mode: i32, a: usize, b: usize, out: usize, nrows: i32, len: i32): void {
  switch (op) {
    case OP_ADD: rowLoop<T>(OP_ADD, mode, a, b, out, nrows, len); break;
    case OP_SUB: rowLoop<T>(OP_SUB, mode, a, b, out, nrows, len); break;
    case OP_MUL: rowLoop<T>(OP_MUL, mode, a, b, out, nrows, len); break;
    case OP_DIV: rowLoop<T>(OP_DIV, mode, a, b, out, nrows, len); break;
    case OP_MAX: rowLoop<T>(OP_MAX, mode, a, b, out, nrows, len); break;
    default: rowLoop<T>(OP_MIN, mode, a, b, out, nrows, len); break;
  }
}

export function binaryRowsF32(op: i32, mode: i32, a: usize, b: usize, out: usize, nrows: i32, len: i32): void {
  rows<f32>(op, mode, a, b, out, nrows, len);
}

export function binaryRowsF64(op: i32, mode: i32, a: usize, b: usize, out: usize, nrows: i32, len: i32): void {
  rows<f64>(op, mode, a, b, out, nrows, len);
}

/**
 * out[c] = Σ_r x[r, c] (reduction over leading axes), accumulating each column in float64 in row
 * order — the JS kernels' order, so float32 results are identical. `acc` is float64 scratch of
 * len rounded up to 4; x is padded to whole vectors.
 */
export function sumColsF32(x: usize, out: usize, nrows: i32, len: i32, acc: usize): void {
  const n4 = (len + 3) & ~3;
  memory.fill(acc, 0, <usize>n4 << 3);
  for (let r = 0; r < nrows; r++) {
    const row = x + (<usize>r * <usize>len << 2);
    for (let c = 0; c < len; c += 4) {
      const v = v128.load(row + (<usize>c << 2));
      const p = acc + (<usize>c << 3);
      v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
      v128.store(p, f64x2.add(v128.load(p, 16), f64x2.promote_low_f32x4(i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7))), 16);
    }
  }
  for (let c = 0; c < len; c++) store<f32>(out + (<usize>c << 2), <f32>load<f64>(acc + (<usize>c << 3)));
}

export function sumColsF64(x: usize, out: usize, nrows: i32, len: i32): void {
  const n2 = (len + 1) & ~1;
  memory.fill(out, 0, <usize>n2 << 3);
  for (let r = 0; r < nrows; r++) {
    const row = x + (<usize>r * <usize>len << 3);
    for (let c = 0; c < len; c += 2) {
      const p = out + (<usize>c << 3);
      v128.store(p, f64x2.add(v128.load(p), v128.load(row + (<usize>c << 3))));
    }
  }
}
