/**
 * Test statistics and reference CDFs for the samplers' goodness-of-fit tests, written independently
 * of src/random (Numerical Recipes style: series and continued fractions).
 */

/** ln Γ(x), x > 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative). */
export function lgamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularised lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lead = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(lead);
  }
  // Lentz's continued fraction for Q(a, x).
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - Math.exp(lead) * h;
}

function betacf(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < 1e-300) d = 1e-300;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = 1 + aa / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = 1 + aa / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** The regularised incomplete beta I_x(a, b). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2) ? (bt * betacf(a, b, x)) / a : 1 - (bt * betacf(b, a, 1 - x)) / b;
}

/** Φ(x) from erfc by Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7), enough for KS at n ≤ 10⁵. */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Significance level of every goodness-of-fit test: a correct sampler fails one with probability 1e-4. */
export const ALPHA = 1e-4;

/** The Kolmogorov–Smirnov statistic D = sup |F_n − F| of `samples` against `cdf`. */
export function ksStatistic(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Float64Array.from(samples).sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** The KS critical value at level ALPHA for n samples (the asymptotic √(ln(2/α)/(2n)), conservative for n ≥ 1000). */
export function ksCritical(n: number): number {
  return Math.sqrt(Math.log(2 / ALPHA) / (2 * n));
}

/**
 * Pearson's χ² of observed counts against expected ones, cells with expected < 5 pooled into their
 * neighbour; returns the statistic, the degrees of freedom and the critical value at ALPHA
 * (Wilson–Hilferty, z = 3.719 for α = 1e-4).
 */
export function chiSquare(observed: readonly number[], expected: readonly number[]): { stat: number; df: number; critical: number } {
  const o: number[] = [];
  const e: number[] = [];
  let ao = 0;
  let ae = 0;
  for (let i = 0; i < observed.length; i++) {
    ao += observed[i]!;
    ae += expected[i]!;
    if (ae >= 5) {
      o.push(ao);
      e.push(ae);
      ao = 0;
      ae = 0;
    }
  }
  if (ae > 0 || ao > 0) {
    o[o.length - 1]! += ao;
    e[e.length - 1]! += ae;
  }
  let stat = 0;
  for (let i = 0; i < o.length; i++) stat += (o[i]! - e[i]!) ** 2 / e[i]!;
  const df = o.length - 1;
  const z = 3.719;
  const critical = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  return { stat, df, critical };
}

/**
 * Sample mean and variance with their Monte Carlo standard errors: se(mean) = √(s²/n) and
 * se(variance) = √((m₄ − s⁴)/n), m₄ the sample fourth central moment.
 */
export function meanAndSe(xs: ArrayLike<number>): { mean: number; se: number; variance: number; varianceSe: number } {
  const n = xs.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i]!;
  m /= n;
  let v = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d2 = (xs[i]! - m) ** 2;
    v += d2;
    m4 += d2 * d2;
  }
  v /= n - 1;
  m4 /= n;
  return { mean: m, se: Math.sqrt(v / n), variance: v, varianceSe: Math.sqrt(Math.max(0, m4 - v * v) / n) };
}
