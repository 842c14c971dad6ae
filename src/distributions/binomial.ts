import { add, cast, exp, floor, greater, less, lessEqual, lgamma, logicalAnd, minimum, mul, reshape, sigmoid, sub, sum, unsqueeze, where, xlogy } from "../ops/index.js";
import { ArgumentError } from "../core/errors.js";
import { bernoulli } from "../random/discrete.js";
import type { PRNGKey } from "../random/key.js";
import { arange } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { integerInterval, nonnegativeInteger, real, unitInterval, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, probsOrLogits, type DistributionOptions, type ParamLike } from "./params.js";

/** Options of `Binomial`: exactly one of `probs` and `logits`. */
export interface BinomialOptions extends DistributionOptions {
  /** The success probability p. */
  probs?: ParamLike;
  /** log(p/(1 − p)). */
  logits?: ParamLike;
}

/** The number of successes in `totalCount` Bernoulli(p) trials, on {0, …, n}. Not reparameterisable. */
export class Binomial extends Distribution {
  /** The number of trials n (a whole number ≥ 0). */
  readonly totalCount: Tensor;
  /** The success probability p. */
  readonly probs: Tensor;

  /** Binomial(totalCount, { probs | logits }). @example new Binomial(10, { probs: 0.5 }).mean // 5 */
  constructor(totalCount: ParamLike, options: BinomialOptions) {
    const o = probsOrLogits("Binomial", options);
    const name = o.probs !== undefined ? "probs" : "logits";
    const [n, p] = floatParams("Binomial", ["totalCount", name], [totalCount, o.probs ?? o.logits]);
    super(n!.shape, [], o.validateArgs);
    this.checkParam("totalCount", n!, nonnegativeInteger);
    this.checkParam(name, p!, o.probs !== undefined ? unitInterval : real);
    this.totalCount = n!;
    this.probs = o.probs !== undefined ? p! : sigmoid(p!);
  }
  /** {0, …, n}. */
  get support(): Constraint {
    return integerInterval(0, this.totalCount);
  }
  /** True: the support is finite. */
  override get hasEnumerateSupport(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.probs.dtype as "float32" | "float64";
  }
  /** NOTE: a sum of max(n) Bernoulli draws per sample: O(max n) work per sample. */
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    const counts = this.totalCount._concrete("Binomial.sample");
    const nMax = Math.max(0, ...Array.from(counts.data() as ArrayLike<number>));
    const full = this.extendedShape(shape);
    const trials = cast(bernoulli(key, unsqueeze(this.probs, -1), [...full, nMax]), this.dtype);
    const active = cast(less(arange(0, nMax, 1, { dtype: this.dtype }), unsqueeze(this.totalCount, -1)), this.dtype);
    return sum(mul(trials, active), -1);
  }
  /** 0, …, n; the total counts must all be equal (as in torch). */
  protected override _enumerateSupport(): Tensor {
    const counts = Array.from(this.totalCount._concrete("Binomial.enumerateSupport").data() as ArrayLike<number>);
    const n = counts[0] ?? 0;
    if (counts.some((c) => c !== n))
      throw new ArgumentError(`Binomial.enumerateSupport: every totalCount must be equal, got ${counts.slice(0, 6).join(", ")}${counts.length > 6 ? ", …" : ""}`);
    return arange(0, n + 1, 1, { dtype: this.dtype });
  }
  protected _logProb(k: Tensor): Tensor {
    const n = this.totalCount;
    const logChoose = sub(lgamma(add(n, 1)), add(lgamma(add(k, 1)), lgamma(add(sub(n, k), 1))));
    return add(logChoose, add(xlogy(k, this.probs), xlogy(sub(n, k), sub(1, this.probs))));
  }
  /**
   * The entropy −Σₖ p(k) ln p(k), summed exactly over k = 0 … max n as torch does (torch needs
   * equal counts; here they may differ: k > n is masked). Differentiable in p to any order.
   */
  override entropy(): Tensor {
    const counts = this.totalCount._concrete("Binomial.entropy").data();
    let nMax = 0;
    for (let i = 0; i < counts.length; i++) nMax = Math.max(nMax, counts[i] as number);
    const k = reshape(arange(0, nMax + 1, 1, { dtype: this.dtype }), [nMax + 1, ...this.batchShape.map(() => 1)]);
    const inSupport = lessEqual(k, this.totalCount);
    const lp = this._logProb(where(inSupport, k, 0));
    const finite = logicalAnd(inSupport, greater(lp, -Infinity));
    const lps = where(finite, lp, 0);
    return sub(0, sum(where(finite, mul(exp(lps), lps), 0), 0));
  }
  /** np. */
  override get mean(): Tensor {
    return mul(this.totalCount, this.probs);
  }
  /** ⌊(n + 1)p⌋, at most n. */
  override get mode(): Tensor {
    return minimum(floor(mul(add(this.totalCount, 1), this.probs)), this.totalCount);
  }
  /** np(1 − p). */
  override get variance(): Tensor {
    return mul(mul(this.totalCount, this.probs), sub(1, this.probs));
  }
  protected _expand(batchShape: number[]): Binomial {
    return new Binomial(this.expandParam(this.totalCount, batchShape), { probs: this.expandParam(this.probs, batchShape), validateArgs: false });
  }
}
