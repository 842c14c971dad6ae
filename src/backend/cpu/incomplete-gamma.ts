import { jetSpace, logDerivatives, type JetSpace } from "./jet.js";
import { lgamma, lgammaOnePlus, polygamma } from "./special-functions.js";

// The regularised incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and Q(a, x) = 1 − P(a, x) in
// float64, and their partial derivatives of every order. Method (Numerical Recipes §6.2 and
// Cephes/scipy `igam`, `igamc`): the series P = xᵃe⁻ˣ Σₙ xⁿ/Γ(a + n + 1) where x < a + 1, the
// continued fraction of Q (modified Lentz) where x ≥ a + 1 and x > 1.1, and for small x and a
// Cephes' series Q = −expm1(a ln x − ln Γ(1 + a)) − xᵃ/Γ(a) Σₙ₌₁ (−x)ⁿ/(n!(a + n)), which keeps
// Q's relative accuracy where P ≈ 1. Derivatives in a run the same recurrences on jets (jet.ts);
// derivatives in x use ∂P/∂x = x^{a−1}e⁻ˣ/Γ(a).

const EPS = 1e-16;
const FPMIN = 1e-300;
const MAXIT = 100000;

type Region = "pSeries" | "qFraction" | "qSeries";

/** Which expansion converges (and keeps accuracy) at (a, x), for a > 0, 0 < x < ∞. */
function region(a: number, x: number): Region {
  if (x > 1.1) return x < a + 1 ? "pSeries" : "qFraction";
  if (x <= 0.5) return -0.4 / Math.log(x) < a ? "pSeries" : "qSeries";
  return x * 1.1 < a ? "pSeries" : "qSeries";
}

/** ψ⁽ᵐ⁾ for m ≥ 0. */
const psi = (m: number, x: number): number => polygamma(m, x);

/** [f(x), f′(x), …] of ln Γ up to `order`. */
function lgammaDerivatives(x: number, order: number, onePlus = false): number[] {
  const y = onePlus ? 1 + x : x;
  const d = [onePlus && Math.abs(x) <= 0.5 ? lgammaOnePlus(x) : lgamma(y)];
  for (let m = 1; m <= order; m++) d.push(psi(m - 1, y));
  return d;
}

function pSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < MAXIT; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(a * Math.log(x) - x - lgamma(a));
}

function qFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAXIT; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(a * Math.log(x) - x - lgamma(a)) * h;
}

function qSeries(a: number, x: number): number {
  let fac = 1;
  let sum = 0;
  for (let n = 1; n < MAXIT; n++) {
    fac *= -x / n;
    const term = fac / (a + n);
    sum += term;
    if (Math.abs(term) <= EPS * Math.abs(sum)) break;
  }
  const logx = Math.log(x);
  const t = -Math.expm1(a * logx - (a <= 0.5 ? lgammaOnePlus(a) : lgamma(1 + a)));
  return t - Math.exp(a * logx - lgamma(a)) * sum;
}

/** P or Q at the edges of the domain, or null inside it. Follows scipy: P(0, x > 0) = 1. */
function edge(a: number, x: number, upper: boolean): number | null {
  if (Number.isNaN(a) || Number.isNaN(x) || a < 0 || x < 0) return NaN;
  let p: number | null = null;
  if (a === 0) p = x > 0 ? 1 : NaN;
  else if (x === 0) p = 0;
  else if (x === Infinity) p = a === Infinity ? NaN : 1;
  else if (a === Infinity) p = 0;
  return p === null ? null : upper ? 1 - p : p;
}

/**
 * The regularised lower incomplete gamma function P(a, x) (scipy.special.gammainc), a ≥ 0, x ≥ 0;
 * NaN outside. Error (float64, against mpmath): see the op's doc comment.
 */
export function gammainc(a: number, x: number): number {
  const e = edge(a, x, false);
  if (e !== null) return e;
  return region(a, x) === "pSeries" ? pSeries(a, x) : 1 - (region(a, x) === "qFraction" ? qFraction(a, x) : qSeries(a, x));
}

/** The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x) (scipy.special.gammaincc), accurate where Q is tiny. */
export function gammaincc(a: number, x: number): number {
  const e = edge(a, x, true);
  if (e !== null) return e;
  const r = region(a, x);
  return r === "pSeries" ? 1 - pSeries(a, x) : r === "qFraction" ? qFraction(a, x) : qSeries(a, x);
}

function pSeriesJet(S: JetSpace, A: Float64Array, lnPrefactor: Float64Array, x: number): Float64Array {
  let ap = A;
  let del = S.recip(A);
  let sum = del;
  for (let n = 0; n < MAXIT; n++) {
    ap = S.affine(ap, 1, 1);
    del = S.affine(S.div(del, ap), x);
    sum = S.add(sum, del);
    if (S.maxAbs(del) < S.maxAbs(sum) * EPS) break;
  }
  return S.mul(sum, S.exp(lnPrefactor));
}

function qFractionJet(S: JetSpace, A: Float64Array, lnPrefactor: Float64Array, x: number): Float64Array {
  let b = S.affine(A, -1, x + 1);
  let c = S.constant(1 / FPMIN);
  let d = S.recip(b);
  let h = d;
  for (let i = 1; i < MAXIT; i++) {
    const an = S.affine(A, i, -i * i); // −i(i − a)
    b = S.affine(b, 1, 2);
    d = S.add(S.mul(an, d), b);
    if (Math.abs(d[0]!) < FPMIN) d[0] = FPMIN;
    c = S.add(b, S.div(an, c));
    if (Math.abs(c[0]!) < FPMIN) c[0] = FPMIN;
    d = S.recip(d);
    const del = S.mul(d, c);
    h = S.mul(h, del);
    if (S.maxAbs(S.affine(del, 1, -1)) < EPS) break;
  }
  return S.mul(S.exp(lnPrefactor), h);
}

function qSeriesJet(S: JetSpace, A: Float64Array, lnPrefactor: Float64Array, a: number, x: number): Float64Array {
  let fac = 1;
  let sum = S.constant(0);
  for (let n = 1; n < MAXIT; n++) {
    fac *= -x / n;
    const term = S.affine(S.recip(S.affine(A, 1, n)), fac);
    sum = S.add(sum, term);
    if (S.maxAbs(term) <= EPS * S.maxAbs(sum)) break;
  }
  const u = S.sub(S.affine(A, Math.log(x)), S.compose(A, lgammaDerivatives(a, S.order, true)));
  const eu = Math.exp(u[0]!);
  const negExpm1 = [-Math.expm1(u[0]!), ...new Array<number>(S.order).fill(-eu)];
  return S.sub(S.compose(u, negExpm1), S.mul(S.exp(S.affine(lnPrefactor, 1, x)), sum)); // xᵃ/Γ(a)·Σ
}

/**
 * ∂P/∂a with scalar dual numbers (value, derivative): the first-order case of the jets below, which
 * gradients in a need, without allocating per iteration. Same expansions, same regions.
 */
function gammaincDa(a: number, x: number): number {
  const logx = Math.log(x);
  const lnPref = a * logx - x - lgamma(a);
  const dlnPref = logx - psi(0, a);
  const r = region(a, x);
  if (r === "pSeries") {
    let ap = a;
    let del = 1 / a;
    let ddel = -1 / (a * a);
    let sum = del;
    let dsum = ddel;
    for (let n = 0; n < MAXIT; n++) {
      ap += 1;
      // del ← del·x/ap, with d(ap)/da = 1
      ddel = (ddel * x) / ap - (del * x) / (ap * ap);
      del *= x / ap;
      sum += del;
      dsum += ddel;
      if (Math.abs(del) < Math.abs(sum) * EPS && Math.abs(ddel) <= Math.abs(dsum) * EPS) break;
    }
    const pref = Math.exp(lnPref);
    return pref * (dsum + sum * dlnPref);
  }
  if (r === "qFraction") {
    let b = x + 1 - a;
    const db = -1;
    let c = 1 / FPMIN;
    let dc = 0;
    let d = 1 / b;
    let dd = -db / (b * b);
    let h = d;
    let dh = dd;
    for (let i = 1; i < MAXIT; i++) {
      const an = -i * (i - a);
      const dan = i;
      b += 2;
      // d ← 1/(an·d + b), c ← b + an/c, h ← h·d·c
      let t = an * d + b;
      let dt = dan * d + an * dd + db;
      if (Math.abs(t) < FPMIN) [t, dt] = [FPMIN, 0];
      let c2 = b + an / c;
      let dc2 = db + dan / c - (an * dc) / (c * c);
      if (Math.abs(c2) < FPMIN) [c2, dc2] = [FPMIN, 0];
      [c, dc] = [c2, dc2];
      [d, dd] = [1 / t, -dt / (t * t)];
      const del = d * c;
      const ddelta = dd * c + d * dc;
      [h, dh] = [h * del, dh * del + h * ddelta];
      if (Math.abs(del - 1) < EPS && Math.abs(h * ddelta) <= EPS * Math.abs(dh)) break;
    }
    const pref = Math.exp(lnPref);
    return -pref * (dh + h * dlnPref); // ∂P/∂a = −∂Q/∂a
  }
  // Cephes' Q series: Q = −expm1(a ln x − ln Γ(1 + a)) − xᵃ/Γ(a)·Σₙ (−x)ⁿ/(n!(a + n))
  let fac = 1;
  let sum = 0;
  let dsum = 0;
  for (let n = 1; n < MAXIT; n++) {
    fac *= -x / n;
    const term = fac / (a + n);
    sum += term;
    dsum -= term / (a + n);
    if (Math.abs(term) <= EPS * Math.abs(sum) && Math.abs(term / (a + n)) <= EPS * Math.abs(dsum)) break;
  }
  const u = a * logx - (a <= 0.5 ? lgammaOnePlus(a) : lgamma(1 + a));
  const du = logx - psi(0, 1 + a);
  const v = Math.exp(a * logx - lgamma(a));
  const dq = -Math.exp(u) * du - v * (dlnPref * sum + dsum);
  return -dq;
}

/**
 * ∂^{da}/∂a^{da} ∂^{dx}/∂x^{dx} P(a, x) for integers da, dx ≥ 0 (derivatives of Q are the negatives
 * of these when da + dx > 0). In a: the expansions differentiated as jets; in x: derivatives of
 * ∂P/∂x = exp((a − 1) ln x − x − ln Γ(a)).
 */
export function gammaincDerivative(a: number, x: number, da: number, dx: number): number {
  if (da === 0 && dx === 0) return gammainc(a, x);
  const e = edge(a, x, false);
  if (Number.isNaN(e)) return NaN;
  if (dx === 0) {
    if (e !== null) return 0; // P is constant in a at x = 0 and x = ∞
    if (da === 1) return gammaincDa(a, x);
    const S = jetSpace([da + 1]);
    const A = S.variable(a, 0);
    const lnPrefactor = S.sub(S.affine(A, Math.log(x), -x), S.compose(A, lgammaDerivatives(a, S.order)));
    const r = region(a, x);
    if (r === "pSeries") return S.topDerivative(pSeriesJet(S, A, lnPrefactor, x));
    const q = r === "qFraction" ? qFractionJet(S, A, lnPrefactor, x) : qSeriesJet(S, A, lnPrefactor, a, x);
    return -S.topDerivative(q);
  }
  if (x === Infinity || a === Infinity) return 0;
  if (x === 0) {
    // x^{a−1} and its first dx − 1 derivatives vanish at 0 when a > dx; the density is 1 at a = 1.
    if (a > dx) return 0;
    if (da === 0 && dx === 1) return a === 1 ? 1 : Infinity;
    return NaN;
  }
  const S = jetSpace([da + 1, dx]);
  const A = S.variable(a, 0);
  const X = S.variable(x, 1);
  const lnX = S.compose(X, logDerivatives(x, S.order));
  const g = S.sub(S.sub(S.mul(S.affine(A, 1, -1), lnX), X), S.compose(A, lgammaDerivatives(a, S.order)));
  return S.topDerivative(S.exp(g));
}
