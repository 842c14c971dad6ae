import { argumentError } from "../core/validate.js";
import { Bernoulli } from "../distributions/bernoulli.js";
import type { Distribution } from "../distributions/distribution.js";
import { Normal } from "../distributions/normal.js";
import { Poisson } from "../distributions/poisson.js";
import { add, div, log, mean, mul, reshape, sign, sqrt, square, sub, sum, transpose, where } from "../ops/index.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { normal, uniform } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import { split } from "../random/split.js";
import { eye, full, onesLike, scalar, tensor, zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import type { PerSample } from "./grad-expectation.js";

/**
 * @internal The "measureValued" estimator of `gradExpectation` (weak derivatives; Normal, Poisson,
 * Bernoulli, any batch shape): the Monte Carlo value and the per-sample surrogate terms.
 * Normal (Mohamed et al. 2020 §6): ∂μ E f = E[f(μ+σR) − f(μ−σR)]/(σ√2π)
 * with R Rayleigh (Weibull(√2, 2)); ∂σ E f = E[f(μ+σM) − f(μ+σMU)]/σ with M double-sided
 * Maxwell and U uniform (MU is standard normal).
 * NOTE: with a batch of m independent coordinates, coordinate j's weak derivative replaces only
 * coordinate j of a shared base draw (the others stay at their draw), so f is evaluated on
 * m·samples rows per term: Normal 3 (±R for μ, M for σ; MU is the base), Poisson 1 (x + e_j; the
 * base is shared), Bernoulli 2 (x_j = 1 and 0), besides the base draw itself.
 */
export function measureValued(
  fn: string, d0: Distribution, build: (ls: Tensor[]) => Distribution, costs: (x: Tensor, n: number) => Tensor, n: number, key: PRNGKey,
): [Tensor, PerSample] {
  if (!(d0 instanceof Normal || d0 instanceof Poisson || d0 instanceof Bernoulli))
    throw argumentError(fn, "dist", `a Normal, Poisson or Bernoulli for "measureValued"`, d0.toString());
  const batch = d0.batchShape;
  /** Σ over the batch of per-coordinate weights times a parameter: shape [n]. */
  const dot = (w: Tensor, param: Tensor): Tensor => sum(reshape(mul(w, param), [n, -1]), 1);
  if (d0 instanceof Poisson) {
    // ∂λ_j E f(x) = E[f(x + e_j) − f(x)], x ∼ Poisson(λ) (Mohamed et al. 2020 §6, Table 1).
    const x = d0.sample([n], key);
    const c = stopGradient(costs(x, n));
    const a = stopGradient(sub(eachCoordinate(costs, x, add(x, 1), n, batch), batchAxes(c, batch)));
    return [mean(c), (ls) => dot(a, (build(ls) as Poisson).rate)];
  }
  if (d0 instanceof Bernoulli && batch.length === 0) {
    // ∂p E f(x) = f(1) − f(0): the weak derivative is exact (zero variance); `value` is exact too.
    const [c0, c1] = costs(tensor([0, 1], { dtype: d0.probs.dtype }), 2).toArray() as number[];
    const p = d0.probs.item();
    const a = full([n], c1! - c0!, { dtype: d0.probs.dtype });
    return [scalar((1 - p) * c0! + p * c1!, d0.probs.dtype), (ls) => mul(a, (build(ls) as Bernoulli).probs)];
  }
  if (d0 instanceof Bernoulli) {
    // ∂p_j E f(x) = E[f(x with x_j = 1) − f(x with x_j = 0)], the other coordinates drawn.
    const x = d0.sample([n], key);
    const a = stopGradient(sub(eachCoordinate(costs, x, onesLike(x), n, batch), eachCoordinate(costs, x, zerosLike(x), n, batch)));
    return [mean(stopGradient(costs(x, n))), (ls) => dot(a, (build(ls) as Bernoulli).probs)];
  }
  const [k1, k2, k3, k4] = split(key, 4) as [PRNGKey, PRNGKey, PRNGKey, PRNGKey];
  const shape = [n, ...batch];
  const mu = stopGradient(d0.loc);
  const sigma = stopGradient(d0.scale);
  const rayleigh = sqrt(mul(-2, log(uniform(k1, shape))));
  const maxwellAbs = sqrt(sum(square(normal(k2, [...shape, 3])), -1));
  const maxwell = mul(maxwellAbs, sign(sub(uniform(k3, shape), 0.5)));
  // NOTE: coupled (the research notes' T-MC-1): ε = M·U with U ∼ Uniform(0, 1) is standard normal.
  // The draws are float32 (the samplers' default), promoted by the float64 parameters' arithmetic.
  const eps = mul(maxwell, uniform(k4, shape));
  const x = add(mu, mul(sigma, eps));
  const base = stopGradient(costs(x, n));
  const at = (v: Tensor): Tensor => eachCoordinate(costs, x, v, n, batch);
  const dMu = div(sub(at(add(mu, mul(sigma, rayleigh))), at(sub(mu, mul(sigma, rayleigh)))), mul(sigma, Math.sqrt(2 * Math.PI)));
  const dSigma = div(sub(at(add(mu, mul(sigma, maxwell))), batchAxes(base, batch)), sigma);
  const a = stopGradient(dMu);
  const b = stopGradient(dSigma);
  return [mean(base), (ls) => {
    const d = build(ls) as Normal;
    return add(dot(a, d.loc), dot(b, d.scale));
  }];
}

/** Per-sample costs [n] broadcast against the per-coordinate shape [n, ...batch]. */
function batchAxes(c: Tensor, batch: readonly number[]): Tensor {
  return reshape(c, [c.shape[0]!, ...batch.map(() => 1)]);
}

/**
 * f's per-sample costs with one coordinate of the draws `x` (shape [n, ...batch]) replaced by the
 * same coordinate of `v`, for every coordinate: shape [n, ...batch] (one call of f on m·n rows).
 */
function eachCoordinate(costs: (x: Tensor, n: number) => Tensor, x: Tensor, v: Tensor, n: number, batch: readonly number[]): Tensor {
  if (batch.length === 0) return costs(v, n);
  const m = batch.reduce((p, q) => p * q, 1);
  const mask = reshape(eye(m), [m, 1, ...batch]);
  const rows = where(mask, reshape(v, [1, n, ...batch]), reshape(x, [1, n, ...batch]));
  const c = costs(reshape(rows, [m * n, ...batch]), m * n);
  return reshape(transpose(reshape(c, [m, n])), [n, ...batch]);
}
