import { jetSpace, logDerivatives, type JetSpace } from "./jet.js";
import { lgamma, polygamma } from "./special-functions.js";

// The regularised incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b) in float64 and its partial
// derivatives of every order. Method (Numerical Recipes §6.4): xᵃ(1 − x)ᵇ/(a B(a, b)) times the
// continued fraction (modified Lentz) for x < (a + 1)/(a + b + 2), else 1 − I_{1−x}(b, a).
// Derivatives in a and b run the same continued fraction on jets (Boik & Robison-Cox 1998 do it
// by hand to first and second order); derivatives in x use ∂I/∂x = x^{a−1}(1 − x)^{b−1}/B(a, b).

const EPS = 1e-16;
const FPMIN = 1e-300;
const MAXIT = 100000;

function fraction(a: number, b: number, x: number): number {
  const qab = a + b;
  let c = 1;
  let d = 1 - (qab * x) / (a + 1);
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAXIT; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** I at the edges of the domain, or null inside it (a, b > 0 finite, 0 < x < 1). Follows scipy at a = 0 or b = 0. */
function edge(a: number, b: number, x: number): number | null {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(x) || a < 0 || b < 0 || x < 0 || x > 1) return NaN;
  if (a === 0 || b === 0) return a === 0 && b === 0 ? NaN : a === 0 ? (x > 0 ? 1 : 0) : x < 1 ? 0 : 1;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  return null;
}

/**
 * The regularised incomplete beta function I_x(a, b) (scipy.special.betainc), a, b > 0, x ∈ [0, 1];
 * NaN outside. Error (float64, against mpmath): see the op's doc comment.
 */
export function betainc(a: number, b: number, x: number): number {
  const e = edge(a, b, x);
  if (e !== null) return e;
  const lnbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnbt) * fraction(a, b, x)) / a;
  return 1 - (Math.exp(lnbt) * fraction(b, a, 1 - x)) / b;
}

function fractionJet(S: JetSpace, A: Float64Array, B: Float64Array, x: number): Float64Array {
  const qab = S.add(A, B);
  const fpmin = (t: Float64Array): Float64Array => {
    if (Math.abs(t[0]!) < FPMIN) t[0] = FPMIN;
    return t;
  };
  let c = S.constant(1);
  let d = S.recip(fpmin(S.affine(S.div(qab, S.affine(A, 1, 1)), -x, 1)));
  let h = d;
  for (let m = 1; m < MAXIT; m++) {
    const m2 = 2 * m;
    let aa = S.div(S.affine(B, m * x, -m * m * x), S.mul(S.affine(A, 1, m2 - 1), S.affine(A, 1, m2)));
    d = S.recip(fpmin(S.affine(S.mul(aa, d), 1, 1)));
    c = fpmin(S.affine(S.div(aa, c), 1, 1));
    h = S.mul(h, S.mul(d, c));
    aa = S.affine(S.div(S.mul(S.affine(A, 1, m), S.affine(qab, 1, m)), S.mul(S.affine(A, 1, m2), S.affine(A, 1, m2 + 1))), -x);
    d = S.recip(fpmin(S.affine(S.mul(aa, d), 1, 1)));
    c = fpmin(S.affine(S.div(aa, c), 1, 1));
    const del = S.mul(d, c);
    h = S.mul(h, del);
    if (S.maxAbs(S.affine(del, 1, -1)) < EPS) break;
  }
  return h;
}

/**
 * The continued fraction and its derivative along (a, b)′ = (sa, sb), as scalar dual numbers: the
 * first-order case of `fractionJet`, which gradients in a or b need, without allocating.
 */
function fractionDual(a: number, b: number, x: number, sa: number, sb: number): [number, number] {
  const qab = a + b;
  const dq = sa + sb;
  let d0 = 1 - (qab * x) / (a + 1);
  let dd0 = (-x * (dq * (a + 1) - qab * sa)) / ((a + 1) * (a + 1));
  if (Math.abs(d0) < FPMIN) [d0, dd0] = [FPMIN, 0];
  let d = 1 / d0;
  let dd = -dd0 / (d0 * d0);
  let c = 1;
  let dc = 0;
  let h = d;
  let dh = dd;
  // one step of modified Lentz with coefficient aa (and its derivative daa); returns Δ and its derivative
  const step = (aa: number, daa: number): [number, number] => {
    let t = 1 + aa * d;
    let dt = daa * d + aa * dd;
    if (Math.abs(t) < FPMIN) [t, dt] = [FPMIN, 0];
    let c2 = 1 + aa / c;
    let dc2 = daa / c - (aa * dc) / (c * c);
    if (Math.abs(c2) < FPMIN) [c2, dc2] = [FPMIN, 0];
    [c, dc] = [c2, dc2];
    [d, dd] = [1 / t, -dt / (t * t)];
    const del = d * c;
    const ddel = dd * c + d * dc;
    [h, dh] = [h * del, dh * del + h * ddel];
    return [del, ddel];
  };
  for (let m = 1; m < MAXIT; m++) {
    const m2 = 2 * m;
    const n1 = m * (b - m) * x;
    const e1 = (a + m2 - 1) * (a + m2);
    const de1 = sa * (2 * a + 2 * m2 - 1);
    step(n1 / e1, (m * sb * x * e1 - n1 * de1) / (e1 * e1));
    const n2 = -(a + m) * (qab + m) * x;
    const dn2 = -x * (sa * (qab + m) + (a + m) * dq);
    const e2 = (a + m2) * (a + m2 + 1);
    const de2 = sa * (2 * a + 2 * m2 + 1);
    const [del, ddel] = step(n2 / e2, (dn2 * e2 - n2 * de2) / (e2 * e2));
    if (Math.abs(del - 1) < EPS && Math.abs(h * ddel) <= EPS * Math.abs(dh)) break;
  }
  return [h, dh];
}

/** ∂I/∂a (sa = 1, sb = 0) or ∂I/∂b (sa = 0, sb = 1) inside the domain, with dual numbers. */
function betaincDab(a: number, b: number, x: number, sa: number, sb: number): number {
  const lnx = Math.log(x);
  const ln1mx = Math.log1p(-x);
  const bt = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * lnx + b * ln1mx);
  const dlnbt = (sa + sb) * polygamma(0, a + b) - sa * polygamma(0, a) - sb * polygamma(0, b) + sa * lnx + sb * ln1mx;
  if (x < (a + 1) / (a + b + 2)) {
    const [h, dh] = fractionDual(a, b, x, sa, sb);
    return bt * (dh / a - (h * sa) / (a * a) + (h / a) * dlnbt);
  }
  const [h, dh] = fractionDual(b, a, 1 - x, sb, sa);
  return -bt * (dh / b - (h * sb) / (b * b) + (h / b) * dlnbt);
}

/** [ln Γ(x), ψ(x), ψ′(x), …] up to `order`. */
function lgammaDerivatives(x: number, order: number): number[] {
  const d = [lgamma(x)];
  for (let m = 1; m <= order; m++) d.push(polygamma(m - 1, x));
  return d;
}

/** ln B(a, b) as a jet: ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
function lnBetaJet(S: JetSpace, A: Float64Array, B: Float64Array, a: number, b: number): Float64Array {
  const lgA = S.compose(A, lgammaDerivatives(a, S.order));
  const lgB = S.compose(B, lgammaDerivatives(b, S.order));
  return S.sub(S.add(lgA, lgB), S.compose(S.add(A, B), lgammaDerivatives(a + b, S.order)));
}

/**
 * ∂^{da}/∂a^{da} ∂^{db}/∂b^{db} ∂^{dx}/∂x^{dx} I_x(a, b) for integers da, db, dx ≥ 0. In a and b:
 * the continued fraction differentiated as jets; in x: derivatives of the density
 * exp((a − 1) ln x + (b − 1) ln(1 − x) − ln B(a, b)).
 */
export function betaincDerivative(a: number, b: number, x: number, da: number, db: number, dx: number): number {
  if (da === 0 && db === 0 && dx === 0) return betainc(a, b, x);
  const e = edge(a, b, x);
  if (Number.isNaN(e) || a === 0 || b === 0) return NaN;
  if (dx === 0) {
    if (e !== null) return 0; // I is constant in a and b at x = 0 and x = 1
    if (da + db === 1) return betaincDab(a, b, x, da, db);
    const S = jetSpace([da + 1, db + 1]);
    const A = S.variable(a, 0);
    const B = S.variable(b, 1);
    const lnB = lnBetaJet(S, A, B, a, b);
    const lnx = Math.log(x);
    const ln1mx = Math.log1p(-x);
    if (x < (a + 1) / (a + b + 2)) {
      const lnbt = S.sub(S.add(S.affine(A, lnx), S.affine(B, ln1mx)), lnB);
      return S.topDerivative(S.div(S.mul(S.exp(lnbt), fractionJet(S, A, B, x)), A));
    }
    const lnbt = S.sub(S.add(S.affine(A, lnx), S.affine(B, ln1mx)), lnB);
    return -S.topDerivative(S.div(S.mul(S.exp(lnbt), fractionJet(S, B, A, 1 - x)), B));
  }
  if (e !== null) {
    // At x = 0 (x = 1) the first dx − 1 derivatives of x^{a−1} ((1 − x)^{b−1}) vanish when a > dx (b > dx).
    const p = x === 0 ? a : b;
    if (p > dx) return 0;
    if (da === 0 && db === 0 && dx === 1) return p === 1 ? Math.exp(-(lgamma(a) + lgamma(b) - lgamma(a + b))) : Infinity;
    return NaN;
  }
  const S = jetSpace([da + 1, db + 1, dx]);
  const A = S.variable(a, 0);
  const B = S.variable(b, 1);
  const X = S.variable(x, 2);
  const lnX = S.compose(X, logDerivatives(x, S.order));
  const ln1mX = S.compose(S.affine(X, -1, 1), logDerivatives(1 - x, S.order));
  const g = S.sub(S.add(S.mul(S.affine(A, 1, -1), lnX), S.mul(S.affine(B, 1, -1), ln1mX)), lnBetaJet(S, A, B, a, b));
  return S.topDerivative(S.exp(g));
}
