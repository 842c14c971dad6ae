import { add, cast, exp, floor, greater, lessEqual, lgamma, log, mul, pow, reshape, sub, sum, where, xlogy } from "../ops/index.js";
import { arange } from "../tensor/creation.js";
import type { PRNGKey } from "../random/key.js";
import { poisson } from "../random/poisson.js";
import type { Tensor } from "../tensor/tensor.js";
import { nonnegative, nonnegativeInteger, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

const POISSON_SUM_MAX = 50;
const POISSON_TERMS = 160;
/** cⱼ of the entropy's expansion Σⱼ cⱼ λ⁻ʲ after ½ ln(2πeλ); c₇, c₈ fitted to mpmath sums at λ ∈ [300, 15000]. */
const POISSON_ENTROPY_SERIES = [-1 / 12, -1 / 24, -19 / 360, -9 / 80, -863 / 2520, -1375 / 1008, -6.7367009374, -39.781861154];

/** The Poisson distribution with `rate` λ ≥ 0 on {0, 1, 2, …} (values in the parameter's float dtype). Not reparameterisable. */
export class Poisson extends Distribution {
  /** The rate λ (≥ 0). */
  readonly rate: Tensor;

  /** Poisson(rate). @example new Poisson(3).logProb(0) // −3 */
  constructor(rate: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "Poisson");
    const [r] = floatParams("Poisson", ["rate"], [rate]);
    super(r!.shape, [], validate);
    this.rate = r!;
    this.checkParam("rate", this.rate, nonnegative);
  }
  /** {0, 1, 2, …}. */
  get support(): Constraint {
    return nonnegativeInteger;
  }
  protected get dtype(): "float32" | "float64" {
    return this.rate.dtype as "float32" | "float64";
  }
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    return cast(poisson(key, this.rate, this.extendedShape(shape)), this.dtype);
  }
  protected _logProb(k: Tensor): Tensor {
    return sub(sub(xlogy(k, this.rate), this.rate), lgamma(add(k, 1)));
  }
  /**
   * The entropy −Σₖ p(k) ln p(k), accurate to 1e-13 relative: for λ ≤ 50 the sum over k < 160
   * (the rest is below 1e-30), for λ > 50 the asymptotic expansion ½ ln(2πeλ) − 1/(12λ) − 1/(24λ²)
   * − 19/(360λ³) − 9/(80λ⁴) − 863/(2520λ⁵) − 1375/(1008λ⁶) − … (Evans et al. 1988; the last two
   * coefficients fitted to mpmath sums). Differentiable in λ to any order. (torch has none.)
   */
  override entropy(): Tensor {
    const lam = this.rate;
    const small = lessEqual(lam, POISSON_SUM_MAX);
    const ls = where(small, lam, 1); // each branch sees only its own range (double where)
    const k = reshape(arange(0, POISSON_TERMS, 1, { dtype: this.dtype }), [POISSON_TERMS, ...lam.shape.map(() => 1)]);
    const lp = sub(sub(xlogy(k, ls), ls), lgamma(add(k, 1)));
    const finite = greater(lp, -Infinity);
    const lps = where(finite, lp, 0);
    const exact = sub(0, sum(where(finite, mul(exp(lps), lps), 0), 0));
    const lb = where(small, 2 * POISSON_SUM_MAX, lam);
    let asym = mul(0.5, log(mul(lb, 2 * Math.PI * Math.E)));
    POISSON_ENTROPY_SERIES.forEach((c, j) => (asym = add(asym, mul(c, pow(lb, -(j + 1))))));
    return where(small, exact, asym);
  }
  /** λ. */
  override get mean(): Tensor {
    return this.rate;
  }
  /** ⌊λ⌋. */
  override get mode(): Tensor {
    return floor(this.rate);
  }
  /** λ. */
  override get variance(): Tensor {
    return this.rate;
  }
  protected _expand(batchShape: number[]): Poisson {
    return new Poisson(this.expandParam(this.rate, batchShape), { validateArgs: false });
  }
}
