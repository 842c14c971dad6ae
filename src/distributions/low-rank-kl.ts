import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { add, div, matmul, mul, rsqrt, sqrt, sub, sum, unsqueeze } from "../ops/index.js";
import { eye } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Distribution } from "./distribution.js";
import type { DistributionClass, KlRule } from "./kl.js";
import { batchMahalanobis, LowRankMultivariateNormal, lowRankMahalanobis, mT, solveLower, traceXXt } from "./low-rank-multivariate-normal.js";
import { MultivariateNormal } from "./multivariate-normal.js";

/** The event size d shared by p and q (a ShapeError otherwise, as torch's ValueError). */
function eventSize(p: Distribution, q: Distribution): number {
  if (p.eventShape[0] !== q.eventShape[0])
    throw new ShapeError(`klDivergence: ${p.name} and ${q.name} must have the same event shape, got ${showShape(p.eventShape)} and ${showShape(q.eventShape)}`);
  return p.eventShape[0]!;
}

/** A = C_q⁻¹ W_qᵀ D_q⁻¹, so that Σ_q⁻¹ = D_q⁻¹ − AᵀA (Woodbury). */
function woodburyFactor(q: LowRankMultivariateNormal): Tensor {
  return solveLower(q.capacitanceTril, div(mT(q.covFactor), unsqueeze(q.covDiag, -2)));
}

/**
 * KL(p ‖ q) = ½[log det Σq − log det Σp + tr(Σq⁻¹Σp) + (μq − μp)ᵀΣq⁻¹(μq − μp) − d] for the pairs
 * with a low-rank normal (torch.distributions.kl's formulas): traces and quadratic forms through the
 * Woodbury identity, so nothing d × d is inverted for a low-rank q.
 */
export function lowRankKlRules(): [DistributionClass, DistributionClass, KlRule][] {
  const lowLow: KlRule<LowRankMultivariateNormal, LowRankMultivariateNormal> = (p, q) => {
    const d = eventSize(p, q);
    const term1 = sub(q.logDet(), p.logDet());
    const term3 = lowRankMahalanobis(q.covFactor, q.covDiag, sub(q.loc, p.loc), q.capacitanceTril);
    const a = woodburyFactor(q);
    // tr(Σq⁻¹Σp) with Σp = WpWpᵀ + Dp and Σq⁻¹ = Dq⁻¹ − AᵀA
    const t21 = sum(div(p.covDiag, q.covDiag), -1);
    const t22 = traceXXt(mul(p.covFactor, unsqueeze(rsqrt(q.covDiag), -1)));
    const t23 = traceXXt(mul(a, unsqueeze(sqrt(p.covDiag), -2)));
    const t24 = traceXXt(matmul(a, p.covFactor));
    return mul(0.5, sub(add(add(term1, sub(sub(add(t21, t22), t23), t24)), term3), d));
  };
  const mvnLow: KlRule<MultivariateNormal, LowRankMultivariateNormal> = (p, q) => {
    const d = eventSize(p, q);
    const term1 = sub(q.logDet(), mul(2, p.halfLogDet()));
    const term3 = lowRankMahalanobis(q.covFactor, q.covDiag, sub(q.loc, p.loc), q.capacitanceTril);
    const t21 = traceXXt(mul(p.scaleTril, unsqueeze(rsqrt(q.covDiag), -1)));
    const t22 = traceXXt(matmul(woodburyFactor(q), p.scaleTril));
    return mul(0.5, sub(add(add(term1, sub(t21, t22)), term3), d));
  };
  const lowMvn: KlRule<LowRankMultivariateNormal, MultivariateNormal> = (p, q) => {
    const d = eventSize(p, q);
    const term1 = sub(mul(2, q.halfLogDet()), p.logDet());
    const term3 = batchMahalanobis(q.scaleTril, sub(q.loc, p.loc));
    const t21 = traceXXt(solveLower(q.scaleTril, p.covFactor));
    const t22 = traceXXt(solveLower(q.scaleTril, mul(unsqueeze(sqrt(p.covDiag), -1), eye(d, { dtype: p.loc.dtype }))));
    return mul(0.5, sub(add(add(term1, add(t21, t22)), term3), d));
  };
  return [
    [LowRankMultivariateNormal, LowRankMultivariateNormal, lowLow as KlRule],
    [MultivariateNormal, LowRankMultivariateNormal, mvnLow as KlRule],
    [LowRankMultivariateNormal, MultivariateNormal, lowMvn as KlRule],
  ];
}
