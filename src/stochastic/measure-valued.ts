import { argumentError } from "../core/validate.js";
import { Bernoulli } from "../distributions/bernoulli.js";
import type { Distribution } from "../distributions/distribution.js";
import { Normal } from "../distributions/normal.js";
import { Poisson } from "../distributions/poisson.js";
import { add, div, log, mean, mul, sign, sqrt, square, sub, sum } from "../ops/index.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { normal, uniform } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import { split } from "../random/split.js";
import { full, scalar, tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import type { PerSample } from "./grad-expectation.js";

/**
 * @internal The "measureValued" estimator of `gradExpectation` (weak derivatives; Normal, Poisson,
 * Bernoulli with batch shape []): the Monte Carlo value and the per-sample surrogate terms.
 * Normal (Mohamed et al. 2020 §6): ∂μ E f = E[f(μ+σR) − f(μ−σR)]/(σ√2π)
 * with R Rayleigh (Weibull(√2, 2)); ∂σ E f = E[f(μ+σM) − f(μ+σMU)]/σ with M double-sided
 * Maxwell and U uniform (MU is standard normal).
 */
export function measureValued(
  fn: string, d0: Distribution, build: (ls: Tensor[]) => Distribution, costs: (x: Tensor, n: number) => Tensor, n: number, key: PRNGKey,
): [Tensor, PerSample] {
  if (!(d0 instanceof Normal || d0 instanceof Poisson || d0 instanceof Bernoulli) || d0.batchShape.length > 0)
    throw argumentError(fn, "dist", `a Normal, Poisson or Bernoulli with batch shape [] for "measureValued"`, d0.toString());
  if (d0 instanceof Poisson) {
    // ∂λ E f(x) = E[f(x + 1) − f(x)], x ∼ Poisson(λ) (Mohamed et al. 2020 §6, Table 1).
    const x = d0.sample([n], key);
    const c = stopGradient(costs(x, n));
    const a = stopGradient(sub(costs(add(x, 1), n), c));
    return [mean(c), (ls) => mul(a, (build(ls) as Poisson).rate)];
  }
  if (d0 instanceof Bernoulli) {
    // ∂p E f(x) = f(1) − f(0): the weak derivative is exact (zero variance); `value` is exact too.
    const [c0, c1] = costs(tensor([0, 1], { dtype: d0.probs.dtype }), 2).toArray() as number[];
    const p = d0.probs.item();
    const a = full([n], c1! - c0!, { dtype: d0.probs.dtype });
    return [scalar((1 - p) * c0! + p * c1!, d0.probs.dtype), (ls) => mul(a, (build(ls) as Bernoulli).probs)];
  }
  const [k1, k2, k3, k4] = split(key, 4) as [PRNGKey, PRNGKey, PRNGKey, PRNGKey];
  const mu = stopGradient(d0.loc);
  const sigma = stopGradient(d0.scale);
  const rayleigh = sqrt(mul(-2, log(uniform(k1, [n]))));
  const maxwellAbs = sqrt(sum(square(normal(k2, [n, 3])), 1));
  const maxwell = mul(maxwellAbs, sign(sub(uniform(k3, [n]), 0.5)));
  // NOTE: coupled (the research notes' T-MC-1): ε = M·U with U ∼ Uniform(0, 1) is standard normal.
  const eps = mul(maxwell, uniform(k4, [n]));
  const base = stopGradient(costs(add(mu, mul(sigma, eps)), n));
  const dMu = div(sub(costs(add(mu, mul(sigma, rayleigh)), n), costs(sub(mu, mul(sigma, rayleigh)), n)), mul(sigma, Math.sqrt(2 * Math.PI)));
  const dSigma = div(sub(costs(add(mu, mul(sigma, maxwell)), n), base), sigma);
  const a = stopGradient(dMu);
  const b = stopGradient(dSigma);
  return [mean(base), (ls) => {
    const d = build(ls) as Normal;
    return add(mul(a, d.loc), mul(b, d.scale));
  }];
}
