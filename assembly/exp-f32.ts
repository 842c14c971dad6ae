// float32 exp and tanh in float32 arithmetic, four lanes per f32x4 (Cephes' expf and tanhf).
//
// The same instruction sequences as compile's generated kernels (src/compile/wasm/vector-math.ts
// `expF32Lanes`, `tanhF32Lanes`), so an op gives the same bits eagerly and compiled. Error, measured
// over the whole float32 range (test/backend/wasm-vector-math.test.ts): within 1 ulp of
// Math.fround(Math.exp(x)) / Math.fround(Math.tanh(x)), 0.41% (exp) and 0.17% (tanh) of inputs
// differ from it; NaN, ±∞, −0 and denormals as Math.*.
// NOTE: 3–4× faster than the float64 route (two f64x2 halves per f32x4) the kernels took before,
// for that ulp in a few inputs in a thousand: the elementwise goal (exp(x) + x·x at ≥ 270 Melem/s)
// is bound by this kernel.

const LOG2E: f32 = 1.4426950408889634;
const C1: f32 = 0.693359375; // ln2's high part: k·C1 is exact for |k| < 2^15
const C2: f32 = -2.12194440e-4; // ln2 − C1

/**
 * e^x per lane: k = round(x/ln2), r = x − k·ln2 in two parts, e^r = 1 + r + r²·P(r) with P of degree
 * 5, times 2^k in two normal factors 2^⌊k/2⌋ · 2^(k − ⌊k/2⌋) so that overflow and gradual underflow
 * round once, in the last product.
 */
// @ts-ignore: decorator
@inline export function expF32Lanes(x0: v128): v128 {
  // Past [−104, 88.8] e^x rounds to 0 or overflows anyway; pmin/pmax keep NaN.
  const x = f32x4.pmax(f32x4.pmin(x0, f32x4.splat(88.8)), f32x4.splat(-104.0));
  const k = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(k, f32x4.splat(C1))), f32x4.mul(k, f32x4.splat(C2)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  const ki = i32x4.trunc_sat_f32x4_s(k); // NaN: 0
  const k1 = i32x4.shr_s(ki, 1);
  const k2 = i32x4.sub(ki, k1);
  const s1 = i32x4.shl(i32x4.add(k1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(k2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(y, s1), s2);
}

/**
 * tanh per lane on a = |x|: a + a·z·P(z), z = a², P of degree 4, below 0.625; 1 − 2/(e^{2a} + 1)
 * above (∞ gives 1); x's sign copied onto the result (tanh is odd, so tanh(−0) = −0).
 */
// @ts-ignore: decorator
@inline export function tanhF32Lanes(x: v128): v128 {
  const sign = v128.and(x, i32x4.splat(0x80000000));
  const a = f32x4.abs(x);
  const z = f32x4.mul(a, a);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(a, f32x4.mul(f32x4.mul(a, z), p));
  const e = expF32Lanes(f32x4.add(a, a));
  const large = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  const y = v128.bitselect(small, large, f32x4.lt(a, f32x4.splat(0.625)));
  return v128.or(y, sign);
}

// NOTE: four vectors per iteration, all loaded before any is stored: V8 then overlaps the four
// polynomial chains (paired CPU time at 10⁶ against one vector per iteration: 0.55× for exp, 0.59× for tanh).

/** out = exp(x) elementwise, float32 (n rounded up to whole vectors: buffers are padded). */
export function expF32(x: usize, out: usize, n: i32): void {
  const end = <usize>n << 2;
  let o: usize = 0;
  for (; o + 64 <= end; o += 64) {
    const a = expF32Lanes(v128.load(x + o));
    const b = expF32Lanes(v128.load(x + o, 16));
    const c = expF32Lanes(v128.load(x + o, 32));
    const d = expF32Lanes(v128.load(x + o, 48));
    v128.store(out + o, a);
    v128.store(out + o, b, 16);
    v128.store(out + o, c, 32);
    v128.store(out + o, d, 48);
  }
  for (; o < end; o += 16) v128.store(out + o, expF32Lanes(v128.load(x + o)));
}

/** out = tanh(x) elementwise, float32. */
export function tanhF32(x: usize, out: usize, n: i32): void {
  const end = <usize>n << 2;
  let o: usize = 0;
  for (; o + 64 <= end; o += 64) {
    const a = tanhF32Lanes(v128.load(x + o));
    const b = tanhF32Lanes(v128.load(x + o, 16));
    const c = tanhF32Lanes(v128.load(x + o, 32));
    const d = tanhF32Lanes(v128.load(x + o, 48));
    v128.store(out + o, a);
    v128.store(out + o, b, 16);
    v128.store(out + o, c, 32);
    v128.store(out + o, d, 48);
  }
  for (; o < end; o += 16) v128.store(out + o, tanhF32Lanes(v128.load(x + o)));
}
