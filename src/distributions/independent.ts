import { ShapeError } from "../core/errors.js";
import { argumentError, checkInteger } from "../core/validate.js";
import { reshape, sum } from "../ops/index.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { independent, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { readValidateArgs, type DistributionOptions } from "./params.js";

/**
 * Reinterprets the rightmost `reinterpretedBatchNdims` batch axes of `base` as event axes
 * (torch's Independent): logProb and entropy sum over them.
 */
export class Independent extends Distribution {
  /** The wrapped distribution. */
  readonly base: Distribution;
  /** How many batch axes became event axes. */
  readonly reinterpretedBatchNdims: number;

  /** Independent(base, n). @example new Independent(new Normal(zeros([3]), 1), 1).eventShape // [3] */
  constructor(base: Distribution, reinterpretedBatchNdims: number, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "Independent");
    if (!(base instanceof Distribution)) throw argumentError("Independent", "base", "a Distribution", base);
    const n = checkInteger(reinterpretedBatchNdims, "Independent", "reinterpretedBatchNdims", 0);
    if (n > base.batchShape.length)
      throw new ShapeError(`Independent: reinterpretedBatchNdims must be at most the base's batch rank ${base.batchShape.length}, got ${n}`);
    const k = base.batchShape.length - n;
    super(base.batchShape.slice(0, k), [...base.batchShape.slice(k), ...base.eventShape], validate);
    this.base = base;
    this.reinterpretedBatchNdims = n;
  }
  /** The base's support over the wider event. */
  get support(): Constraint {
    return this.reinterpretedBatchNdims === 0 ? this.base.support : independent(this.base.support, this.reinterpretedBatchNdims);
  }
  /** The base's. */
  override get hasRsample(): boolean {
    return this.base.hasRsample;
  }
  /** The base's. */
  override get hasEnumerateSupport(): boolean {
    return this.reinterpretedBatchNdims === 0 && this.base.hasEnumerateSupport;
  }
  protected get dtype(): "float32" | "float64" {
    return (this.base as unknown as { dtype: "float32" | "float64" }).dtype;
  }
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    return this.base.sample(shape, key);
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    return this.base.rsample(shape, key);
  }
  protected override _enumerateSupport(): Tensor {
    const values = this.base.enumerateSupport(false);
    return reshape(values, [values.shape[0]!, ...this.eventShape]);
  }
  protected _logProb(x: Tensor): Tensor {
    return this.sumRightmost(this.base.logProb(x));
  }
  /** The base's entropy summed over the reinterpreted axes. */
  override entropy(): Tensor {
    return this.sumRightmost(this.base.entropy());
  }
  /** The base's. */
  override get mean(): Tensor {
    return this.base.mean;
  }
  /** The base's. */
  override get mode(): Tensor {
    return this.base.mode;
  }
  /** The base's. */
  override get variance(): Tensor {
    return this.base.variance;
  }
  protected _expand(batchShape: number[]): Independent {
    const inner = this.base.batchShape.slice(this.base.batchShape.length - this.reinterpretedBatchNdims);
    return new Independent(this.base.expand([...batchShape, ...inner]), this.reinterpretedBatchNdims, { validateArgs: false });
  }
  /** Sums the last `reinterpretedBatchNdims` axes. */
  private sumRightmost(t: Tensor): Tensor {
    const n = this.reinterpretedBatchNdims;
    return n === 0 ? t : sum(t, Array.from({ length: n }, (_, i) => t.ndim - n + i));
  }
}
