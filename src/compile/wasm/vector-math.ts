// Vectorised exp, log and tanh for generated kernels: the same instruction sequences as the wasm
// backend's kernels (assembly/exp-f32.ts, assembly/elementwise.ts, assembly/exp-f64.ts,
// assembly/tanh.ts), so they give the bits those kernels give uncompiled. float32 exp and tanh are
// computed in float32 arithmetic (Cephes' expf and tanhf), 2–3× faster than through float64.
//
// Error (measured over the whole float32 range by test/compile/wasm-vector-math.test.ts: every sign
// and exponent, denormals included, 2,048 mantissas each):
// - float32 exp and tanh: within 1 ulp of Math.fround(Math.exp(x)) / Math.fround(Math.tanh(x));
//   0.41% (exp) and 0.17% (tanh) of the inputs differ from it.
// - float32 log: computed in float64 and rounded once, within 1 ulp of Math.fround(Math.log(x)) and
//   equal to it on every input of the sweep (it can differ only within ~1e-14 relative of a
//   float32 rounding boundary).
// - float64 exp: within 1 ulp of Math.exp; float64 tanh: within 3 ulp of Math.tanh. (No float64
//   log: a generated kernel leaves it to Math.log.)
// Special values as Math.*: NaN stays NaN, exp(−∞) = 0, exp(+∞) = +∞, log(±0) = −∞, log(x < 0) =
// NaN, log(+∞) = +∞, tanh(±∞) = ±1, tanh(−0) = −0, and float32 denormals in and out.
import type { Vec, VectorValues } from "./vector-values.js";

const LOG2E = 1.4426950408889634;
const LN2_HI = 6.93147180369123816490e-01; // low 21 bits zero: k·LN2_HI is exact
const LN2_LO = 1.90821492927058770002e-10;
const MAGIC = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer held in the low mantissa bits
const SQRT2 = 1.4142135623730951;
/** The reciprocal factorials 1/n! for n = 13 down to 2 (Horner's coefficients of the exp series). */
const INV_FACTORIALS = [6227020800, 479001600, 39916800, 3628800, 362880, 40320, 5040, 720, 120, 24, 6, 2].map((f) => 1 / f);

/** p·r + c for each coefficient c in turn, starting from p = the first: Horner's rule. */
function horner(v: VectorValues, r: Vec, coefficients: readonly number[]): Vec {
  let p = v.f64(coefficients[0]!);
  for (const c of coefficients.slice(1)) p = v.op("f64x2.add", v.op("f64x2.mul", p, r), v.f64(c));
  return p;
}

/** x rounded to k = round(x/ln2) (held in the low mantissa bits of the returned t), and r = x − k·ln2. */
function reduce(v: VectorValues, x: Vec): { t: Vec; r: Vec } {
  const t = v.op("f64x2.add", v.op("f64x2.mul", x, v.f64(LOG2E)), v.f64(MAGIC));
  const k = v.op("f64x2.sub", t, v.f64(MAGIC));
  const r = v.op("f64x2.sub", v.op("f64x2.sub", x, v.op("f64x2.mul", k, v.f64(LN2_HI))), v.op("f64x2.mul", k, v.f64(LN2_LO)));
  return { t, r };
}

/** e^x per float64 lane, any float64 (assembly/exp-f64.ts `exp2Lanes`): a series to r^13, 2^k in two factors. */
export function expF64Lanes(v: VectorValues, x0: Vec): Vec {
  // Beyond [-746, 710] the result is 0 or ∞ anyway; pmin/pmax keep x when it is NaN.
  const x = v.op("f64x2.pmax", v.op("f64x2.pmin", x0, v.f64(710)), v.f64(-746));
  const { t, r } = reduce(v, x);
  const q = horner(v, r, INV_FACTORIALS);
  const p = v.op("f64x2.add", v.f64(1), v.op("f64x2.add", r, v.op("f64x2.mul", v.op("f64x2.mul", r, r), q)));
  // 2^k = 2^k1 · 2^k2 (k1 = k >> 1), each factor normal: overflow and gradual underflow round once, at the end.
  const ki = v.op("i64x2.sub", t, v.f64(MAGIC));
  const k1 = v.shift("i64x2.shr_s", ki, 1);
  const k2 = v.op("i64x2.sub", ki, k1);
  const s1 = v.shift("i64x2.shl", v.op("i64x2.add", k1, v.i64(1023n)), 52);
  const s2 = v.shift("i64x2.shl", v.op("i64x2.add", k2, v.i64(1023n)), 52);
  return v.op("f64x2.mul", v.op("f64x2.mul", p, s1), s2);
}

/** ln x per float64 lane for x promoted from float32 (assembly/elementwise.ts `logF64x2`): 2·atanh((m − 1)/(m + 1)). */
function logOfF32Lanes(v: VectorValues, x: Vec): Vec {
  // x = m·2^e with m in [√½, √2).
  let e = v.op("i64x2.sub", v.shift("i64x2.shr_u", x, 52), v.i64(1023n));
  let m = v.op("v128.or", v.op("v128.and", x, v.i64(0x000fffffffffffffn)), v.i64(0x3ff0000000000000n));
  const big = v.op("f64x2.gt", m, v.f64(SQRT2));
  m = v.op("v128.bitselect", v.op("f64x2.mul", m, v.f64(0.5)), m, big);
  e = v.op("i64x2.sub", e, big); // big lanes are all ones (−1): e + 1
  // e as float64 through the magic-number trick (|e| < 2^51).
  const ef = v.op("f64x2.sub", v.op("i64x2.add", e, v.f64(MAGIC)), v.f64(MAGIC));
  const s = v.op("f64x2.div", v.op("f64x2.sub", m, v.f64(1)), v.op("f64x2.add", m, v.f64(1)));
  const z = v.op("f64x2.mul", s, s);
  const p = horner(v, z, [17, 15, 13, 11, 9, 7, 5, 3].map((n) => 1 / n));
  const s2 = v.op("f64x2.add", s, s);
  const lnm = v.op("f64x2.add", s2, v.op("f64x2.mul", v.op("f64x2.mul", s2, z), p));
  let y = v.op("f64x2.add", v.op("f64x2.mul", ef, v.f64(LN2_HI)), v.op("f64x2.add", lnm, v.op("f64x2.mul", ef, v.f64(LN2_LO))));
  // ln(±0) = −∞, ln(x < 0) = NaN, ln(+∞) = +∞, ln(NaN) = NaN.
  y = v.op("v128.bitselect", v.f64(-Infinity), y, v.op("f64x2.eq", x, v.f64(0)));
  y = v.op("v128.bitselect", v.f64(NaN), y, v.op("f64x2.lt", x, v.f64(0)));
  y = v.op("v128.bitselect", x, y, v.op("f64x2.eq", x, v.f64(Infinity)));
  return v.op("v128.bitselect", x, y, v.op("f64x2.ne", x, x));
}

/** tanh per float64 lane (assembly/tanh.ts `tanh2Lanes`): m/(m + 2) with m = e^{2|x|} − 1, the sign copied back. */
export function tanhF64Lanes(v: VectorValues, x: Vec): Vec {
  const sign = v.op("v128.and", x, v.i64(-0x8000000000000000n));
  const ax = v.op("f64x2.abs", x);
  const t = v.op("f64x2.pmin", v.op("f64x2.add", ax, ax), v.f64(44)); // pmin keeps NaN
  // e^t − 1 = t + t²·(1/2 + t/6 + … + t^11/13!) below ln2/2, exp(t) − 1 above.
  const p = horner(v, t, INV_FACTORIALS);
  const series = v.op("f64x2.add", t, v.op("f64x2.mul", v.op("f64x2.mul", t, t), p));
  const viaExp = v.op("f64x2.sub", expF64Lanes(v, t), v.f64(1));
  const m = v.op("v128.bitselect", series, viaExp, v.op("f64x2.lt", t, v.f64(0.34657359027997264)));
  let y = v.op("f64x2.div", m, v.op("f64x2.add", m, v.f64(2)));
  y = v.op("v128.bitselect", v.f64(1), y, v.op("f64x2.gt", ax, v.f64(22)));
  return v.op("v128.or", y, sign);
}

/** f applied to the four float32 lanes of x through float64 (two halves, each rounded once back to float32). */
function viaFloat64(v: VectorValues, x: Vec, f: (v: VectorValues, x: Vec) => Vec): Vec {
  const lo = v.op("f64x2.promote_low_f32x4", x);
  const hi = v.op("f64x2.promote_low_f32x4", v.shuffle(x, x, [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]));
  const a = v.op("f32x4.demote_f64x2_zero", f(v, lo));
  const b = v.op("f32x4.demote_f64x2_zero", f(v, hi));
  return v.shuffle(a, b, [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
}

/**
 * e^x per float32 lane in float32 arithmetic (Cephes' expf): k = round(x/ln2), r = x − k·ln2 in two
 * parts (k·C1 exact), e^r = 1 + r + r²·P(r) with P of degree 5, times 2^k in two normal factors
 * 2^⌊k/2⌋ · 2^(k − ⌊k/2⌋) so that overflow and gradual underflow round once, in the last product.
 */
export function expF32Lanes(v: VectorValues, x0: Vec): Vec {
  // Past [−104, 88.8] e^x rounds to 0 or overflows anyway; pmin/pmax keep NaN.
  const x = v.op("f32x4.pmax", v.op("f32x4.pmin", x0, v.f32(88.8)), v.f32(-104));
  const k = v.op("f32x4.nearest", v.op("f32x4.mul", x, v.f32(LOG2E)));
  const r = v.op("f32x4.sub", v.op("f32x4.sub", x, v.op("f32x4.mul", k, v.f32(0.693359375))), v.op("f32x4.mul", k, v.f32(-2.12194440e-4)));
  let p = v.f32(1.9875691500e-4);
  for (const c of [1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]) p = v.op("f32x4.add", v.op("f32x4.mul", p, r), v.f32(c));
  const y = v.op("f32x4.add", v.op("f32x4.add", v.op("f32x4.mul", p, v.op("f32x4.mul", r, r)), r), v.f32(1));
  const ki = v.op("i32x4.trunc_sat_f32x4_s", k); // NaN: 0
  const k1 = v.shift("i32x4.shr_s", ki, 1);
  const k2 = v.op("i32x4.sub", ki, k1);
  const s1 = v.shift("i32x4.shl", v.op("i32x4.add", k1, v.i32(127)), 23);
  const s2 = v.shift("i32x4.shl", v.op("i32x4.add", k2, v.i32(127)), 23);
  return v.op("f32x4.mul", v.op("f32x4.mul", y, s1), s2);
}

/** ln x per float32 lane (four lanes). */
export const logF32Lanes = (v: VectorValues, x: Vec): Vec => viaFloat64(v, x, logOfF32Lanes);

/**
 * tanh x per float32 lane in float32 arithmetic (Cephes' tanhf) on a = |x|: a + a·z·P(z), z = a², P
 * of degree 4, below 0.625; 1 − 2/(e^{2a} + 1) above (e^{2a} from `expF32Lanes`; ∞ gives 1); x's
 * sign copied onto the result (tanh is odd, so tanh(−0) = −0).
 */
export function tanhF32Lanes(v: VectorValues, x: Vec): Vec {
  const sign = v.op("v128.and", x, v.i32(-0x80000000));
  const a = v.op("f32x4.abs", x);
  const z = v.op("f32x4.mul", a, a);
  let p = v.f32(-5.70498872745e-3);
  for (const c of [2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1]) p = v.op("f32x4.add", v.op("f32x4.mul", p, z), v.f32(c));
  const small = v.op("f32x4.add", a, v.op("f32x4.mul", v.op("f32x4.mul", a, z), p));
  const e = expF32Lanes(v, v.op("f32x4.add", a, a));
  const large = v.op("f32x4.sub", v.f32(1), v.op("f32x4.div", v.f32(2), v.op("f32x4.add", e, v.f32(1))));
  const y = v.op("v128.bitselect", small, large, v.op("f32x4.lt", a, v.f32(0.625)));
  return v.op("v128.or", y, sign);
}
