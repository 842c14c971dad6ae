// float64 exp, two lanes per f64x2, over the whole float64 range (subnormals, ±∞, NaN).
//
// The argument is reduced the classic way (fdlibm's constants) and a series evaluated long enough
// that its truncation error is far below half an ulp, so the result is within 1 ulp of Math.exp
// (fdlibm in V8). NOTE: no float64 log here: a SIMD log measured no faster than Math.log.

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-01; // low 21 bits zero: k·LN2_HI is exact
const LN2_LO: f64 = 1.90821492927058770002e-10;
const MAGIC: f64 = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer held in the low mantissa bits

/** e^x per lane: e^x = 2^k · e^r with k = round(x/ln2), |r| ≤ ln2/2, e^r a Taylor series to r^13. */
// @ts-ignore: decorator
@inline export function exp2Lanes(x: v128): v128 {
  // Beyond [-746, 710] the result is 0 or ∞ anyway; pmin/pmax keep x when it is NaN.
  x = f64x2.pmax(f64x2.pmin(x, f64x2.splat(710.0)), f64x2.splat(-746.0));
  const t = f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), f64x2.splat(MAGIC));
  const k = f64x2.sub(t, f64x2.splat(MAGIC));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  // Truncation after r^13: r^14/14! < 5e-18 relative on |r| ≤ 0.347.
  let p = f64x2.splat(1.0 / 6227020800.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 479001600.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  // e^r = 1 + (r + r²·q): the small part summed first, one rounding at the end.
  p = f64x2.add(f64x2.splat(1.0), f64x2.add(r, f64x2.mul(f64x2.mul(r, r), p)));
  // 2^k in two factors 2^k1 · 2^k2 (k1 = k >> 1), each a normal float64 for every k in
  // [-1077, 1025]: overflow to ∞ and gradual underflow happen in the last product, rounded once.
  const ki = i64x2.sub(t, f64x2.splat(MAGIC));
  const k1 = i64x2.shr_s(ki, 1);
  const k2 = i64x2.sub(ki, k1);
  const s1 = i64x2.shl(i64x2.add(k1, i64x2.splat(1023)), 52);
  const s2 = i64x2.shl(i64x2.add(k2, i64x2.splat(1023)), 52);
  return f64x2.mul(f64x2.mul(p, s1), s2);
}

/** out = exp(x) elementwise, float64 (n rounded up to whole vectors: buffers are padded). */
export function expF64(x: usize, out: usize, n: i32): void {
  for (let o: usize = 0, end = <usize>n << 3; o < end; o += 16) v128.store(out + o, exp2Lanes(v128.load(x + o)));
}
