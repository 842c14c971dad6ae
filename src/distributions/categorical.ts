import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import {
  argmax, cast, clamp, div, equal, exp, log, logsumexp, mul, neg, oneHot, sub, sum, where,
} from "../ops/index.js";
import { categorical } from "../random/discrete.js";
import type { PRNGKey } from "../random/key.js";
import { arange, full } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { IndependentConstraint, integerInterval, nonnegative, real, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, probsOrLogits, type DistributionOptions, type ParamLike } from "./params.js";

/** Options of `Categorical`: exactly one of `probs` (nonnegative, normalised along the last axis) and `logits` (unnormalised log-probabilities). */
export interface CategoricalOptions extends DistributionOptions {
  /** Category probabilities along the last axis (normalised here). */
  probs?: ParamLike;
  /** Unnormalised log-probabilities along the last axis. */
  logits?: ParamLike;
}

/**
 * The categorical distribution over {0, …, k − 1} (k = the last axis of the parameter); values are
 * category indices (any dtype holding whole numbers). Not reparameterisable: use the "score" or
 * "enumerate" estimators.
 */
export class Categorical extends Distribution {
  /** Log-probabilities normalised along the last axis, shape `[...batchShape, k]`. */
  readonly logits: Tensor;
  private readonly probsParam: Tensor | null;

  /** Categorical({ probs }) or Categorical({ logits }). @example new Categorical({ probs: tensor([0.2, 0.8]) }).logProb(1) // log 0.8 */
  constructor(options: CategoricalOptions) {
    const o = probsOrLogits("Categorical", options);
    const name = o.probs !== undefined ? "probs" : "logits";
    const [p] = floatParams("Categorical", [name], [o.probs ?? o.logits]);
    if (p!.ndim < 1 || p!.shape[p!.ndim - 1] === 0)
      throw new ShapeError(`Categorical: ${name} must have at least one axis of length ≥ 1 (the categories), got shape ${showShape(p!.shape)}`);
    super(p!.shape.slice(0, -1), [], o.validateArgs);
    this.checkParam(name, p!, new IndependentConstraint(o.probs !== undefined ? nonnegative : real, 1));
    if (o.probs !== undefined) {
      this.probsParam = div(p!, sum(p!, -1, true));
      this.logits = log(this.probsParam);
    } else {
      this.probsParam = null;
      this.logits = sub(p!, logsumexp(p!, -1, true));
    }
  }
  /** The number of categories k. */
  get numEvents(): number {
    return this.logits.shape[this.logits.ndim - 1]!;
  }
  /** Probabilities, shape `[...batchShape, k]`. */
  get probs(): Tensor {
    return this.probsParam ?? exp(this.logits);
  }
  /** {0, …, k − 1}. */
  get support(): Constraint {
    return integerInterval(0, this.numEvents - 1);
  }
  /** True. */
  override get hasEnumerateSupport(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.logits.dtype as "float32" | "float64";
  }
  /** Indices as int32, shape `[...shape, ...batchShape]`. */
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    return categorical(key, this.logits, { axis: -1, shape: this.extendedShape(shape) });
  }
  /** 0, …, k − 1 as int32 (the dtype `sample` returns). */
  protected override _enumerateSupport(): Tensor {
    return arange(0, this.numEvents, 1, { dtype: "int32" });
  }
  protected _logProb(x: Tensor): Tensor {
    // NOTE: a one-hot select (O(k) per value) keeps logProb differentiable in the logits without a gather over broadcast batches.
    const idx = cast(clamp(where(equal(x, x), x, 0), 0, this.numEvents - 1), "int32");
    const hot = cast(oneHot(idx, this.numEvents), "bool");
    return sum(where(hot, this.logits, 0), -1);
  }
  /** −Σ p log p (0·log 0 = 0). */
  override entropy(): Tensor {
    const p = this.probs;
    return neg(sum(where(equal(p, 0), 0, mul(p, this.logits)), -1));
  }
  /** NaN (categories are labels). */
  override get mean(): Tensor {
    return full(this.batchShape, NaN, { dtype: this.dtype });
  }
  /** The most probable category (int32). */
  override get mode(): Tensor {
    return argmax(this.logits, -1);
  }
  /** NaN (categories are labels). */
  override get variance(): Tensor {
    return full(this.batchShape, NaN, { dtype: this.dtype });
  }
  protected _expand(batchShape: number[]): Categorical {
    return new Categorical({ logits: this.expandParam(this.logits, batchShape), validateArgs: false });
  }
}

