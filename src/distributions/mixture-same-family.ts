import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { argumentError } from "../core/validate.js";
import { add, cast, logsumexp, mul, oneHot, reshape, square, sub, sum, unsqueeze, where } from "../ops/index.js";
import type { PRNGKey } from "../random/key.js";
import { split } from "../random/split.js";
import type { Tensor } from "../tensor/tensor.js";
import { Categorical } from "./categorical.js";
import type { Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { readValidateArgs, type DistributionOptions } from "./params.js";

/**
 * A mixture of k components of one family (torch's MixtureSameFamily): `mixtureDistribution` is a
 * Categorical over k, `componentDistribution` has batch shape `[...batchShape, k]`. logProb is the
 * log-sum-exp over components; not reparameterisable (the component index is discrete).
 */
export class MixtureSameFamily extends Distribution {
  /** The categorical distribution of the component index. */
  readonly mixtureDistribution: Categorical;
  /** The components, batch shape `[...batchShape, k]`. */
  readonly componentDistribution: Distribution;

  /** MixtureSameFamily(mixture, components). @example new MixtureSameFamily(new Categorical({ probs: tensor([0.3, 0.7]) }), new Normal(tensor([-1, 1]), 0.5)) */
  constructor(mixtureDistribution: Categorical, componentDistribution: Distribution, options?: DistributionOptions) {
    const fn = "MixtureSameFamily";
    const validate = readValidateArgs(options, fn);
    if (!(mixtureDistribution instanceof Categorical)) throw argumentError(fn, "mixtureDistribution", "a Categorical", mixtureDistribution);
    if (!(componentDistribution instanceof Distribution)) throw argumentError(fn, "componentDistribution", "a Distribution", componentDistribution);
    const cb = componentDistribution.batchShape;
    const k = mixtureDistribution.numEvents;
    if (cb.length < 1 || cb[cb.length - 1] !== k || showShape(cb.slice(0, -1)) !== showShape(mixtureDistribution.batchShape))
      throw new ShapeError(
        `${fn}: componentDistribution's batch shape must be the mixture's batch shape plus [${k}], got ${showShape(cb)} for a mixture of batch shape ${showShape(mixtureDistribution.batchShape)}`,
      );
    super(cb.slice(0, -1), componentDistribution.eventShape, validate);
    this.mixtureDistribution = mixtureDistribution;
    this.componentDistribution = componentDistribution;
  }
  /** The components' support. */
  get support(): Constraint {
    return this.componentDistribution.support;
  }
  protected get dtype(): "float32" | "float64" {
    return this.mixtureDistribution.logits.dtype as "float32" | "float64";
  }
  /** The axis of the component index in a component tensor of `rank` axes. */
  private componentAxis(rank: number): number {
    return rank - 1 - this.eventShape.length;
  }
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    const [kc, km] = split(key, 2);
    const xs = this.componentDistribution.sample(shape, kc!); // [...shape, ...batch, k, ...event]
    const idx = this.mixtureDistribution.sample(shape, km!); // [...shape, ...batch]
    const k = this.mixtureDistribution.numEvents;
    let hot = cast(oneHot(idx, k), "bool");
    hot = reshape(hot, [...hot.shape, ...this.eventShape.map(() => 1)]);
    return sum(where(hot, xs, 0), this.componentAxis(xs.ndim));
  }
  protected _logProb(x: Tensor): Tensor {
    const lp = this.componentDistribution.logProb(unsqueeze(x, x.ndim - this.eventShape.length)); // [..., k]
    return logsumexp(add(lp, this.mixtureDistribution.logits), -1);
  }
  /** Σₖ πₖ·meanₖ. */
  override get mean(): Tensor {
    return this.mixMean(this.componentDistribution.mean);
  }
  /** Σₖ πₖ·varₖ + Σₖ πₖ·(meanₖ − mean)² (the law of total variance). */
  override get variance(): Tensor {
    const means = this.componentDistribution.mean;
    const mean = unsqueeze(this.mixMean(means), this.componentAxis(means.ndim));
    return add(this.mixMean(this.componentDistribution.variance), this.mixMean(square(sub(means, mean))));
  }
  /** Σₖ πₖ·tₖ over the component axis of `t`. */
  private mixMean(t: Tensor): Tensor {
    const p = this.mixtureDistribution.probs;
    const w = reshape(p, [...p.shape, ...this.eventShape.map(() => 1)]);
    return sum(mul(w, t), this.componentAxis(t.ndim));
  }
  protected _expand(batchShape: number[]): MixtureSameFamily {
    const k = this.mixtureDistribution.numEvents;
    return new MixtureSameFamily(
      this.mixtureDistribution.expand(batchShape) as Categorical,
      this.componentDistribution.expand([...batchShape, k]),
      { validateArgs: false },
    );
  }
}
