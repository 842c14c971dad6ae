// tanh in float64, two lanes at a time, 128-bit SIMD (float32: exp-f32.ts).
//
// tanh |x| = m / (m + 2) with m = e^{2|x|} − 1, the sign copied back from x. m comes from a Taylor
// series where 2|x| is small (no cancellation in e^t − 1) and from exp otherwise; past |x| = 22
// tanh is 1 to float64 precision. The result is within ~3 ulp of the true value.

import { exp2Lanes } from "./exp-f64";

const SMALL: f64 = 0.34657359027997264; // ln2/2: below, the series; above, exp(t) − 1 loses < 2 ulp

/** tanh per lane. */
// @ts-ignore: decorator
@inline function tanh2Lanes(x: v128): v128 {
  const sign = v128.and(x, i64x2.splat(0x8000000000000000));
  const ax = f64x2.abs(x);
  const t = f64x2.pmin(f64x2.add(ax, ax), f64x2.splat(44.0)); // pmin keeps NaN
  // e^t − 1 = t + t²·(1/2 + t/6 + … + t^11/13!): truncation < 2e-17 relative on t < ln2/2.
  let p = f64x2.splat(1.0 / 6227020800.0);
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(1.0 / 479001600.0));
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, t), f64x2.splat(0.5));
  const series = f64x2.add(t, f64x2.mul(f64x2.mul(t, t), p));
  const viaExp = f64x2.sub(exp2Lanes(t), f64x2.splat(1.0));
  const m = v128.bitselect(series, viaExp, f64x2.lt(t, f64x2.splat(SMALL)));
  let y = f64x2.div(m, f64x2.add(m, f64x2.splat(2.0)));
  y = v128.bitselect(f64x2.splat(1.0), y, f64x2.gt(ax, f64x2.splat(22.0)));
  return v128.or(y, sign);
}

/** out = tanh(x) elementwise, float64 (n rounded up to whole vectors: buffers are padded). */
export function tanhF64(x: usize, out: usize, n: i32): void {
  for (let o: usize = 0, end = <usize>n << 3; o < end; o += 16) v128.store(out + o, tanh2Lanes(v128.load(x + o)));
}
