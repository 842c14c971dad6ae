import { ArgumentError } from "../core/errors.js";
import { argumentError, checkFiniteNumber, checkFunction, checkInteger, checkOptions, describeValue } from "../core/validate.js";

/**
 * Line searches along a descent direction d from x, on φ(α) = f(x + α·d) with φ′(0) = ⟨∇f(x), d⟩ < 0:
 *
 * - `backtracking` (Armijo): α ← α₀, ρα, ρ²α, … until φ(α) ≤ φ(0) + c₁·α·φ′(0) (sufficient decrease).
 * - `strongWolfe`: also the curvature condition |φ′(α)| ≤ c₂·|φ′(0)|, by bracketing and zooming with
 *   safeguarded cubic interpolation (Nocedal & Wright, Algorithms 3.5 and 3.6). Quasi-Newton methods
 *   need it: it guarantees sᵀy > 0, so L-BFGS's inverse-Hessian estimate stays positive definite.
 */

/** Checks φ′(0) of a line search: a negative number (a descent direction); the error names `fn`. */
function checkDescent(dphi0: unknown, fn: string): void {
  if (typeof dphi0 !== "number" || !(dphi0 < 0))
    throw new ArgumentError(`${fn}: the direction is not a descent direction: dphi0 (φ′(0)) must be a number < 0, got ${describeValue(dphi0)}`);
}

/** The result of a line search. */
export interface LineSearchResult<P = unknown> {
  /** The accepted step α (the best one found when `success` is false). */
  step: number;
  /** φ(α). */
  value: number;
  /** Whatever φ returned alongside at α (e.g. the gradient there). */
  payload: P | undefined;
  /** Evaluations of φ. */
  evaluations: number;
  /** Whether the conditions were met. */
  success: boolean;
}

/** Options of `backtracking`. */
export interface BacktrackingOptions {
  /** First trial step (default 1). */
  initialStep?: number;
  /** Shrink factor ρ ∈ (0, 1) (default 0.5). */
  shrink?: number;
  /** Sufficient-decrease constant c₁ (default 1e-4). */
  c1?: number;
  /** Maximum evaluations (default 60). */
  maxEvaluations?: number;
}

/**
 * Backtracking line search for the Armijo condition. `phi(α)` returns φ(α), or [φ(α), payload].
 *
 * @example
 * const { step } = lineSearch.backtracking((a) => f(x + a * d), f(x), dfx * d);
 */
export function backtracking<P = unknown>(
  phi: (alpha: number) => number | readonly [number, P],
  phi0: number,
  dphi0: number,
  opts: BacktrackingOptions = {},
): LineSearchResult<P> {
  checkFunction(phi, "backtracking", "phi");
  checkFiniteNumber(phi0, "backtracking", "phi0");
  const { initialStep = 1, shrink = 0.5, c1 = 1e-4, maxEvaluations = 60 } = checkOptions<BacktrackingOptions>(opts, "backtracking");
  checkInteger(maxEvaluations, "backtracking", "maxEvaluations", 1, 10000);
  checkDescent(dphi0, "backtracking");
  checkFiniteNumber(initialStep, "backtracking", "initialStep", "positive");
  checkFiniteNumber(c1, "backtracking", "c1");
  if (!(typeof shrink === "number" && shrink > 0 && shrink < 1)) throw argumentError("backtracking", "shrink", "a number in (0, 1)", shrink);
  let alpha = initialStep;
  let best: LineSearchResult<P> = { step: 0, value: phi0, payload: undefined, evaluations: 0, success: false };
  for (let k = 1; k <= maxEvaluations; k++) {
    const r: unknown = phi(alpha);
    if (typeof r !== "number" && !(Array.isArray(r) && typeof r[0] === "number"))
      throw new ArgumentError(`backtracking: phi must return a number or [value, payload], got ${describeValue(r)} at step ${alpha}`);
    const [v, payload] = typeof r === "number" ? [r, undefined] : (r as [number, P]);
    if (v <= phi0 + c1 * alpha * dphi0) return { step: alpha, value: v, payload, evaluations: k, success: true };
    if (v < best.value) best = { step: alpha, value: v, payload, evaluations: k, success: false };
    best.evaluations = k;
    alpha *= shrink;
  }
  return best;
}

/** Options of `strongWolfe`. */
export interface StrongWolfeOptions {
  /** First trial step (default 1). */
  initialStep?: number;
  /** Sufficient-decrease constant c₁ (default 1e-4). */
  c1?: number;
  /** Curvature constant c₂ ∈ (c₁, 1) (default 0.9, for quasi-Newton methods). */
  c2?: number;
  /** Maximum evaluations (default 25). */
  maxEvaluations?: number;
}

/** Minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside [lo + 0.1w, hi − 0.1w]; bisection when the cubic has none. */
function cubicStep(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  const w = hi - lo;
  if (disc >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    const t = b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
    if (Number.isFinite(t)) return Math.min(Math.max(t, lo + 0.1 * w), hi - 0.1 * w);
  }
  return (lo + hi) / 2;
}

/**
 * Line search for the strong Wolfe conditions. `phi(α)` returns [φ(α), φ′(α), payload].
 */
export function strongWolfe<P = unknown>(
  phi: (alpha: number) => readonly [number, number, P],
  phi0: number,
  dphi0: number,
  opts: StrongWolfeOptions = {},
): LineSearchResult<P> {
  checkFunction(phi, "strongWolfe", "phi");
  checkFiniteNumber(phi0, "strongWolfe", "phi0");
  const { initialStep = 1, c1 = 1e-4, c2 = 0.9, maxEvaluations = 25 } = checkOptions<StrongWolfeOptions>(opts, "strongWolfe");
  checkInteger(maxEvaluations, "strongWolfe", "maxEvaluations", 1, 10000);
  checkDescent(dphi0, "strongWolfe");
  checkFiniteNumber(initialStep, "strongWolfe", "initialStep", "positive");
  checkFiniteNumber(c1, "strongWolfe", "c1");
  checkFiniteNumber(c2, "strongWolfe", "c2");
  if (!(c1 > 0 && c1 < c2 && c2 < 1)) throw new ArgumentError(`strongWolfe: need 0 < c1 < c2 < 1, got c1 = ${c1}, c2 = ${c2}`);
  let evaluations = 0;
  let best: LineSearchResult<P> = { step: 0, value: phi0, payload: undefined, evaluations: 0, success: false };
  const evaluate = (alpha: number): [number, number, P] => {
    const r: unknown = phi(alpha);
    if (!(Array.isArray(r) && typeof r[0] === "number" && typeof r[1] === "number"))
      throw new ArgumentError(`strongWolfe: phi must return [value, slope, payload] with numbers value and slope, got ${describeValue(r)} at step ${alpha}`);
    const [v, d, p] = r as [number, number, P];
    evaluations++;
    if (v < best.value) best = { step: alpha, value: v, payload: p, evaluations, success: false };
    return [v, d, p];
  };
  const done = (alpha: number, value: number, payload: P): LineSearchResult<P> => ({ step: alpha, value, payload, evaluations, success: true });
  const armijo = (alpha: number, v: number): boolean => v <= phi0 + c1 * alpha * dphi0;
  const zoom = (lo: number, flo: number, dlo: number, hi: number, fhi: number, dhi: number): LineSearchResult<P> => {
    while (evaluations < maxEvaluations && Math.abs(hi - lo) > 1e-16 * Math.max(1, Math.abs(lo))) {
      const a = cubicStep(lo, flo, dlo, hi, fhi, dhi);
      const [v, d, p] = evaluate(a);
      if (!armijo(a, v) || v >= flo) [hi, fhi, dhi] = [a, v, d];
      else {
        if (Math.abs(d) <= -c2 * dphi0) return done(a, v, p);
        if (d * (hi - lo) >= 0) [hi, fhi, dhi] = [lo, flo, dlo];
        [lo, flo, dlo] = [a, v, d];
      }
    }
    return { ...best, evaluations };
  };
  let [prev, fprev, dprev] = [0, phi0, dphi0];
  let alpha = initialStep;
  while (evaluations < maxEvaluations) {
    const [v, d, p] = evaluate(alpha);
    if (!Number.isFinite(v)) {
      // Stepped out of the domain or overflowed: shrink towards the last good point.
      [alpha] = [prev + (alpha - prev) / 10];
      continue;
    }
    if (!armijo(alpha, v) || (evaluations > 1 && v >= fprev)) return zoom(prev, fprev, dprev, alpha, v, d);
    if (Math.abs(d) <= -c2 * dphi0) return done(alpha, v, p);
    if (d >= 0) return zoom(alpha, v, d, prev, fprev, dprev);
    [prev, fprev, dprev] = [alpha, v, d];
    alpha *= 2;
  }
  return { ...best, evaluations };
}
