import { erf } from "./erf.js";

// Scalar special functions in float64 (float32 tensors compute here and round once on store).
// Accuracy, measured against mpmath at 50 digits and asserted in test/ops/special-accuracy.test.ts,
// is stated on each function.

const LN_SQRT_2PI = 0.9189385332046728; // ½ ln 2π
const TWO_OVER_SQRT_PI = 1.1283791670955126; // 2/√π

/** sin(πx) with exact argument reduction (sin(π·n) = 0 exactly for integers n). */
function sinPi(x: number): number {
  const n = Math.round(2 * x);
  const r = x - n / 2; // exact for |x| < 2⁵²; r ∈ [−¼, ¼]
  const q = ((n % 4) + 4) % 4;
  const s = q === 0 ? Math.sin(Math.PI * r) : q === 1 ? Math.cos(Math.PI * r) : q === 2 ? -Math.sin(Math.PI * r) : -Math.cos(Math.PI * r);
  return s === 0 ? 0 : s;
}

/** The Stirling series of ln Γ(x) for x ≥ 10 (the error of the next term is below 1e-18). */
function lgammaStirling(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  const series =
    r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156)))))));
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + series;
}

/**
 * ln Γ(1 + z) for |z| ≤ ½ by its Taylor series −γz + Σ_{k≥2} (−1)ᵏ (ζ(k)−1) zᵏ/k − ln(1 + z) + z,
 * rewritten so that every coefficient is small: accurate relatively near the zeros at 1 and 2.
 */
function lgamma1p(z: number): number {
  // ln Γ(1+z) = −ln(1+z) + z(1−γ) + Σ_{k≥2} (−1)ᵏ (ζ(k) − 1) zᵏ / k  (DLMF 5.7.3 with the k = 1 pole term split off).
  let sum = 0;
  let zk = -z;
  for (let k = 2; k < ZETA_MINUS_1.length + 2; k++) {
    zk *= -z;
    const term = (ZETA_MINUS_1[k - 2]! * zk) / k;
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return -Math.log1p(z) + z * (1 - EULER_GAMMA) + sum;
}

const EULER_GAMMA = 0.5772156649015329;


/**
 * ln |Γ(x)| (as torch.lgamma and scipy.special.gammaln): +∞ at the poles 0, −1, −2, … and at ±∞.
 * x ≥ 10: Stirling series; ½ ≤ x < 10: the Taylor series of ln Γ(1 + z) about 1 or 2 (|z| ≤ ½)
 * after shifting by the recurrence ln Γ(x + 1) = ln Γ(x) + ln x; x < ½: the reflection formula
 * ln|Γ(x)| = ln(π / |sin πx|) − ln Γ(1 − x). Error for x > 0: ≤ 5e-16 relative, also next to the
 * zeros 1 and 2 (the series about them has no cancellation); x < 0: ≤ 2e-15 relative away from the
 * zeros of ln|Γ| (the error of sin πx near the poles).
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return Infinity;
  if (x < 0.5) {
    if (x === Math.floor(x)) return Infinity;
    if (Math.abs(x) < 1e-8 && x !== 0) return -Math.log(Math.abs(x)) - EULER_GAMMA * x; // ln Γ(x) = −ln|x| − γx + O(x²)
    return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
  }
  if (x >= 10) return lgammaStirling(x);
  // Shift x into [1.5, 2.5) (or down to [0.5, 1.5)) and expand about the nearest of 1, 2.
  let shift = 0; // ln of the product that was divided out (x > 2.5) or multiplied in
  let y = x;
  let prod = 1;
  while (y >= 2.5) {
    y -= 1;
    prod *= y;
  }
  if (prod !== 1) shift = Math.log(prod);
  // y ∈ [0.5, 2.5): ln Γ(y) from the series about 1 (y < 1.5) or 2 (ln Γ(2 + z) = ln Γ(1 + z) + ln(1 + z)).
  const base = y < 1.5 ? lgamma1p(y - 1) : lgamma1p(y - 2) + Math.log1p(y - 2);
  return base + shift;
}

/**
 * The Hurwitz zeta function ζ(s, q) = Σ_{k≥0} (q + k)⁻ˢ for s > 1, q > 0: direct sum up to
 * a = q + N ≥ max(10, s + 10), then the Euler–Maclaurin tail a^{1−s}/(s−1) + a⁻ˢ/2 +
 * Σ_j B₂ⱼ/(2j)! · s(s+1)⋯(s+2j−2) · a^{−s−2j+1} (as Cephes' zeta). Relative error ≈ 1e-16·(terms).
 */
export function hurwitzZeta(s: number, q: number): number {
  const target = Math.max(10, s + 10);
  let sum = 0;
  let a = q;
  while (a < target) {
    const term = Math.pow(a, -s);
    sum += term;
    a += 1;
  }
  let tail = Math.pow(a, 1 - s) / (s - 1) + 0.5 * Math.pow(a, -s);
  // factor = s(s+1)⋯(s+2j−2) a^{−s−2j+1} / (2j)!
  let factor = Math.pow(a, -s - 1) * s / 2;
  for (let j = 0; j < BERNOULLI_2J.length; j++) {
    const term = BERNOULLI_2J[j]! * factor;
    tail += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum + tail)) break;
    const m = 2 * j + 2; // factor for j + 1: multiply by (s+m−1)(s+m)/((m+1)(m+2)) / a²
    factor *= ((s + m - 1) * (s + m)) / ((m + 1) * (m + 2) * a * a);
  }
  return sum + tail;
}

/** B₂, B₄, …, B₂₄ (Bernoulli numbers). */
const BERNOULLI_2J: readonly number[] = [
  1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330,
  854513 / 138, -236364091 / 2730,
];

/** ζ(k) − 1 for k = 2 … 61, computed once by summation (Σ_{n≥2} n⁻ᵏ with an Euler–Maclaurin tail). */
const ZETA_MINUS_1: readonly number[] = Array.from({ length: 60 }, (_, i) => hurwitzZeta(i + 2, 2));


/**
 * The digamma function ψ(x) = d ln Γ(x)/dx. NOTE: as torch.digamma: ψ(±0) = ∓∞, NaN at the
 * negative integers and at −∞, +∞ at +∞. x < 0: reflection ψ(x) = ψ(1 − x) − π/tan(πx); x > 0:
 * recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series
 * ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ). Error: ≤ 1e-15·max(1, |ψ(x)|) (absolute near the zero at
 * 1.4616…, relative elsewhere).
 */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x < 0) {
    if (x === Math.floor(x)) return NaN;
    // π/tan(πx) = π cos(πx)/sin(πx), both with exact reduction.
    return digamma(1 - x) - (Math.PI * sinPi(x + 0.5)) / sinPi(x);
  }
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const r2 = 1 / (x * x);
  const series = r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132 - r2 * (691 / 32760 - r2 / 12))))));
  return acc + Math.log(x) - 0.5 / x - series;
}

/**
 * The polygamma function ψ⁽ⁿ⁾(x), the n-th derivative of ψ, for integer n ≥ 0 (n = 0: digamma).
 * n ≥ 1: ψ⁽ⁿ⁾(x) = (−1)ⁿ⁺¹ n! ζ(n + 1, x) (Hurwitz zeta); x < 0: the reflection formula
 * ψ⁽ⁿ⁾(x) = (−1)ⁿ ψ⁽ⁿ⁾(1 − x) − πⁿ⁺¹ Pₙ(cot πx) (DLMF 5.15.6) with dⁿ cot(πx)/dxⁿ = πⁿ Pₙ(cot πx).
 * NOTE: at the poles (x = 0, −1, …) the result is (−1)ⁿ⁺¹ ∞, as torch.polygamma (Cephes' zeta gives
 * +∞ there). Error: ≤ 1e-15 relative for x > 0 and n ≤ 20, ≤ 2e-15 relative for x < 0 away from
 * the zeros of ψ⁽ⁿ⁾; n! overflows past n = 170.
 */
export function polygamma(n: number, x: number): number {
  if (n === 0) return digamma(x);
  if (Number.isNaN(x)) return NaN;
  const sign = n % 2 === 1 ? 1 : -1;
  if (x === Infinity) return sign * 0;
  if (x === -Infinity) return NaN;
  let fact = 1;
  for (let k = 2; k <= n; k++) fact *= k;
  const s = n + 1;
  if (x > 0) return sign * fact * hurwitzZeta(s, x);
  if (x === Math.floor(x)) return sign * Infinity;
  // Reflection (DLMF 5.15.6): ψ⁽ⁿ⁾(x) = (−1)ⁿ ψ⁽ⁿ⁾(1 − x) − πⁿ⁺¹ Pₙ(cot πx).
  const cot = sinPi(x + 0.5) / sinPi(x);
  const p = cotDerivative(n);
  let poly = 0;
  for (let k = p.length - 1; k >= 0; k--) poly = poly * cot + p[k]!;
  const mirrored = polygamma(n, 1 - x);
  return (n % 2 === 0 ? mirrored : -mirrored) - Math.pow(Math.PI, n + 1) * poly;
}

const cotDerivatives: number[][] = [[0, 1]];

/**
 * The coefficients (lowest first) of Pₙ with dⁿ/dxⁿ cot(πx) = πⁿ Pₙ(cot πx):
 * P₀(c) = c, Pₖ₊₁(c) = −(1 + c²) Pₖ′(c).
 */
function cotDerivative(n: number): readonly number[] {
  for (let k = cotDerivatives.length; k <= n; k++) {
    const prev = cotDerivatives[k - 1]!;
    const next = new Array<number>(prev.length + 1).fill(0);
    for (let j = 1; j < prev.length; j++) {
      const d = -j * prev[j]!; // −(1 + c²)·j·p_j c^{j−1}
      next[j - 1]! += d;
      next[j + 1]! += d;
    }
    cotDerivatives.push(next);
  }
  return cotDerivatives[n]!;
}

/** e^{−x²} without the rounding error of x² (x split into a 21-bit head and a tail, as Cephes' expx2). */
function expMinusSquare(x: number): number {
  const hi = Math.floor(x * 65536) / 65536;
  const lo = x - hi;
  return Math.exp(-hi * hi) * Math.exp(-lo * (x + hi));
}

/** erfc(½ + k/8), k = 0 … 20 (mpmath, 40 digits): the centres of erfc's Taylor series on [7/16, 49/16). */
const ERFC_CENTRES: readonly number[] = [
  0.4795001221869535, 0.376759117811582, 0.28884436634648486, 0.21592493894014034, 0.15729920705028513,
  0.11161176829829224, 0.07709987174354177, 0.051829927217909674, 0.033894853524689274, 0.021556266760016336,
  0.013328328780817557, 0.00800994232988003, 0.004677734981047266, 0.0026540293594823415, 0.0014627165866811518,
  0.0007829382178911192, 0.0004069520174449589, 0.00020537573614121745, 0.00010062192211963683, 4.785483974377341e-05,
  2.209049699858544e-05,
];

/**
 * erfc(c + h) by its Taylor series about a centre c with |h| ≤ 1/16: erfc(c) − (2/√π) Σ gₖ hᵏ⁺¹/(k+1),
 * where gₖ are the Taylor coefficients of e^{−x²} at c: (k+1) gₖ₊₁ = −2c gₖ − 2 gₖ₋₁.
 */
function erfcTaylor(x: number): number {
  const k = Math.round((x - 0.5) * 8);
  const c = 0.5 + k / 8;
  const h = x - c; // exact
  let gPrev = 0;
  let g = Math.exp(-c * c);
  let hk = h;
  let sum = 0;
  for (let i = 0; i < 40; i++) {
    const term = (g * hk) / (i + 1);
    sum += term;
    if (Math.abs(term) <= 1e-18 * Math.abs(sum)) break;
    const next = (-2 * c * g - 2 * gPrev) / (i + 1);
    gPrev = g;
    g = next;
    hk *= h;
  }
  return ERFC_CENTRES[k]! - TWO_OVER_SQRT_PI * sum;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), accurate in the upper tail
 * (erfc(10) = 2.088487583762545e-45; underflows to 0 past x ≈ 26.6). x < ½: 1 − erf(x);
 * ½ ≤ x < 3: Taylor series about the nearest of 21 centres (tabulated to full precision);
 * x ≥ 3: e^{−x²}/√π divided by Laplace's continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + …)))
 * (DLMF 7.9.2) evaluated bottom-up, with e^{−x²} computed without the rounding of x².
 * Error: ≤ 1e-15 relative.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0.5) return 1 - erf(x);
  if (x < 3) return erfcTaylor(x);
  if (x > 27) return 0;
  let f = x;
  for (let k = x < 4 ? 60 : 40; k >= 1; k--) f = x + k / 2 / f;
  return expMinusSquare(x) / Math.sqrt(Math.PI) / f;
}

/**
 * The inverse error function: erf(erfinv(y)) = y on [−1, 1], ±∞ at ±1, NaN outside. Giles'
 * single-precision polynomial ("Approximating the erfinv function", GPU Computing Gems, 2011) as the
 * start, then Halley steps on erf (|y| ≤ ½) or Newton steps on ln erfc with 1 − |y| exact (the
 * tail), until the step is below 1e-17 relative. Error: ≤ 1e-15 relative.
 */
export function erfinv(y: number): number {
  if (Number.isNaN(y) || y < -1 || y > 1) return NaN;
  if (y === 1) return Infinity;
  if (y === -1) return -Infinity;
  if (y === 0) return y;
  const a = Math.abs(y);
  let w = -Math.log((1 - a) * (1 + a));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-8;
    p = 3.43273939e-7 + p * w;
    p = -3.5233877e-6 + p * w;
    p = -4.39150654e-6 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = Math.sqrt(w) - 3;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  let z = p * a;
  if (a <= 0.5) {
    // Halley on f(z) = erf(z) − a: z ← z − u/(1 + z·u), u = f/f′ (f″ = −2z f′).
    for (let i = 0; i < 4; i++) {
      const u = (erf(z) - a) / (TWO_OVER_SQRT_PI * Math.exp(-z * z));
      const step = u / (1 + z * u);
      z -= step;
      if (!(Math.abs(step) > 1e-17 * z)) break;
    }
  } else {
    // Newton on ln erfc(z) = ln(1 − a) (1 − a exact): converges from either side, even far out in the tail.
    const tail = 1 - a;
    for (let i = 0; i < 8; i++) {
      const e = erfc(z);
      const step = (Math.log(e / tail) * e) / (TWO_OVER_SQRT_PI * expMinusSquare(z));
      z += step;
      if (!(Math.abs(step) > 1e-17 * z)) break;
    }
  }
  return y < 0 ? -z : z;
}

/** ln Γ(1 + z) for |z| ≤ ½, accurate relatively near z = 0 and z = 1 (the incomplete gamma function needs it for small a). */
export function lgammaOnePlus(z: number): number {
  return lgamma1p(z);
}
