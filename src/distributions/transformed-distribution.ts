import { argumentError, inFunction } from "../core/validate.js";
import { add, sub } from "../ops/index.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { independent, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { readValidateArgs, type DistributionOptions } from "./params.js";
import { sumRightmost, Transform } from "./transforms/transform.js";

/**
 * The distribution of y = tₙ(…t₁(x)) for x ~ `base` (torch's TransformedDistribution): samples are
 * pushed through the transforms, logProb(y) = base.logProb(x) − Σ log|det ∂tᵢ|, and `rsample` is
 * pathwise when the base's is.
 */
export class TransformedDistribution extends Distribution {
  /** The distribution of x. */
  readonly base: Distribution;
  /** The transforms, applied first to last. */
  readonly transforms: readonly Transform[];

  /** TransformedDistribution(base, transform or [transforms]). @example new TransformedDistribution(new Normal(0, 1), transforms.exp) // LogNormal(0, 1) */
  constructor(base: Distribution, transforms: Transform | readonly Transform[], options?: DistributionOptions) {
    const fn = "TransformedDistribution";
    const validate = readValidateArgs(options, fn);
    if (!(base instanceof Distribution)) throw argumentError(fn, "base", "a Distribution", base);
    const list = transforms instanceof Transform ? [transforms] : transforms;
    if (!Array.isArray(list)) throw argumentError(fn, "transforms", "a Transform or an array of transforms", transforms);
    list.forEach((t, i) => {
      if (!(t instanceof Transform)) throw argumentError(fn, `transforms[${i}]`, "a Transform", t);
    });
    let shape = [...base.batchShape, ...base.eventShape];
    let ev = base.eventShape.length;
    for (const t of list as Transform[]) {
      const s = shape;
      shape = inFunction(fn, () => t.forwardShape(s));
      ev = t.codomainEventDim + Math.max(ev - t.domainEventDim, 0);
    }
    super(shape.slice(0, shape.length - ev), shape.slice(shape.length - ev), validate);
    this.base = base;
    this.transforms = (list as Transform[]).slice();
  }
  /** The last transform's codomain (the base's support without transforms), over the event axes. */
  get support(): Constraint {
    const last = this.transforms[this.transforms.length - 1];
    const c = last ? last.codomain : this.base.support;
    const extra = this.eventShape.length - c.eventDim;
    return extra > 0 ? independent(c, extra) : c;
  }
  /** The base's. */
  override get hasRsample(): boolean {
    return this.base.hasRsample;
  }
  protected get dtype(): "float32" | "float64" {
    return (this.base as unknown as { dtype: "float32" | "float64" }).dtype;
  }
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    return this.push(this.base.sample(shape, key));
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return this.push(this.base.rsample(shape, key));
  }
  protected _logProb(value: Tensor): Tensor {
    let ev = this.eventShape.length;
    let y = value;
    let lp: Tensor | number = 0;
    for (let i = this.transforms.length - 1; i >= 0; i--) {
      const t = this.transforms[i]!;
      const x = t.inverse(y);
      ev += t.domainEventDim - t.codomainEventDim;
      const ladj = sumRightmost(t.logAbsDetJacobian(x, y), ev - t.domainEventDim);
      lp = sub(lp, ladj);
      y = x;
    }
    return add(sumRightmost(this.base.logProb(y), ev - this.base.eventShape.length), lp);
  }
  protected _expand(batchShape: number[]): TransformedDistribution {
    const inner = this.base.batchShape.slice(this.batchShape.length);
    return new TransformedDistribution(this.base.expand([...batchShape, ...inner]), this.transforms, { validateArgs: false });
  }
  /** Applies the transforms in order. */
  private push(x: Tensor): Tensor {
    for (const t of this.transforms) x = t.forward(x);
    return x;
  }
}
