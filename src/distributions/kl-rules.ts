import { ArgumentError } from "../core/errors.js";
import {
  abs, add, digamma, div, equal, exp, lgamma, log, logicalAnd, lessEqual, greaterEqual, mul, neg, square, sub, sum, where, xlogy,
} from "../ops/index.js";
import { linalg } from "../linalg/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { Bernoulli } from "./bernoulli.js";
import { Beta, logBeta } from "./beta.js";
import { Categorical } from "./categorical.js";
import { Dirichlet } from "./dirichlet.js";
import type { Distribution } from "./distribution.js";
import { Exponential } from "./exponential.js";
import { Gamma } from "./gamma.js";
import { Independent } from "./independent.js";
import type { DistributionClass, KlRule } from "./kl.js";
import { Laplace } from "./laplace.js";
import { MultivariateNormal } from "./multivariate-normal.js";
import { lowRankKlRules } from "./low-rank-kl.js";
import { Normal } from "./normal.js";
import { Poisson } from "./poisson.js";
import { Uniform } from "./uniform.js";

/** A typed rule entry. */
function rule<P extends Distribution, Q extends Distribution>(P: DistributionClass<P>, Q: DistributionClass<Q>, fn: (p: P, q: Q) => Tensor): [DistributionClass, DistributionClass, KlRule] {
  return [P, Q, fn as KlRule];
}

/** x log(x/y) with 0 log 0 = 0. */
const xlogxy = (x: Tensor, y: Tensor): Tensor => sub(xlogy(x, x), xlogy(x, y));

/** The analytic KL pairs registered by default (formulas as in torch.distributions.kl). */
export function builtinKlRules(): [DistributionClass, DistributionClass, KlRule][] {
  return [
    rule(Normal, Normal, (p, q) => {
      const r = div(p.scale, q.scale);
      return sub(add(neg(log(r)), mul(0.5, add(square(r), square(div(sub(p.loc, q.loc), q.scale))))), 0.5);
    }),
    rule(Bernoulli, Bernoulli, (p, q) => add(xlogxy(p.probs, q.probs), xlogxy(sub(1, p.probs), sub(1, q.probs)))),
    rule(Categorical, Categorical, (p, q) => {
      const pp = p.probs;
      return sum(where(equal(pp, 0), 0, mul(pp, sub(p.logits, q.logits))), -1);
    }),
    rule(Exponential, Exponential, (p, q) => {
      const r = div(q.rate, p.rate);
      return sub(sub(r, log(r)), 1);
    }),
    rule(Gamma, Gamma, (p, q) => {
      const [ap, bp, aq, bq] = [p.concentration, p.rate, q.concentration, q.rate];
      const t1 = sub(mul(sub(ap, aq), digamma(ap)), sub(lgamma(ap), lgamma(aq)));
      return add(add(t1, mul(aq, sub(log(bp), log(bq)))), div(mul(ap, sub(bq, bp)), bp));
    }),
    rule(Beta, Beta, (p, q) => {
      const [ap, bp, aq, bq] = [p.concentration1, p.concentration0, q.concentration1, q.concentration0];
      const t = add(mul(sub(ap, aq), digamma(ap)), mul(sub(bp, bq), digamma(bp)));
      return add(add(sub(logBeta(aq, bq), logBeta(ap, bp)), t), mul(sub(add(aq, bq), add(ap, bp)), digamma(add(ap, bp))));
    }),
    rule(Dirichlet, Dirichlet, (p, q) => {
      const [ap, aq] = [p.concentration, q.concentration];
      const sp = sum(ap, -1);
      const t1 = sub(sub(lgamma(sp), lgamma(sum(aq, -1))), sub(sum(lgamma(ap), -1), sum(lgamma(aq), -1)));
      return add(t1, sum(mul(sub(ap, aq), sub(digamma(ap), digamma(sp).unsqueeze(-1))), -1));
    }),
    rule(Uniform, Uniform, (p, q) => {
      const inside = logicalAnd(greaterEqual(p.low, q.low), lessEqual(p.high, q.high));
      return where(inside, log(div(sub(q.high, q.low), sub(p.high, p.low))), Infinity);
    }),
    rule(Poisson, Poisson, (p, q) => add(sub(xlogxy(p.rate, q.rate), p.rate), q.rate)),
    rule(Laplace, Laplace, (p, q) => {
      const r = div(p.scale, q.scale);
      const d = abs(sub(p.loc, q.loc));
      return sub(add(add(neg(log(r)), div(d, q.scale)), mul(r, exp(neg(div(d, p.scale))))), 1);
    }),
    rule(MultivariateNormal, MultivariateNormal, (p, q) => {
      // ½[tr(Σq⁻¹Σp) + (μq − μp)ᵀΣq⁻¹(μq − μp) − d] + log det Lq − log det Lp, with M = Lq⁻¹Lp.
      const d = p.eventShape[0]!;
      const lq = q.scaleTril;
      const m = linalg.triangularSolve(lq, p.scaleTril, { lower: true });
      const z = linalg.triangularSolve(lq, sub(q.loc, p.loc).unsqueeze(-1), { lower: true });
      const quad = add(sum(square(m), [-2, -1]), sum(square(z), [-2, -1]));
      return add(mul(0.5, sub(quad, d)), sub(q.halfLogDet(), p.halfLogDet()));
    }),
    ...lowRankKlRules(),
    rule(Independent, Independent, (p, q) => {
      if (p.reinterpretedBatchNdims !== q.reinterpretedBatchNdims)
        throw new ArgumentError(`klDivergence: Independent distributions must reinterpret the same number of batch axes, got ${p.reinterpretedBatchNdims} and ${q.reinterpretedBatchNdims}`);
      const n = p.reinterpretedBatchNdims;
      const inner = klOf(p.base, q.base);
      return n === 0 ? inner : sum(inner, Array.from({ length: n }, (_, i) => inner.ndim - n + i));
    }),
  ];
}

let klOf: (p: Distribution, q: Distribution) => Tensor = () => {
  throw new ArgumentError("klDivergence: the registry is not initialised");
};

/** Lets the Independent rule recurse through `klDivergence` without an import cycle. */
export function setKlForIndependent(fn: (p: Distribution, q: Distribution) => Tensor): void {
  klOf = fn;
}
