import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { add, digamma, div, lgamma, mul, square, sub, sum, xlogy } from "../ops/index.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { independent, positive, simplex, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";
import { standardGamma } from "./standard-gamma.js";

/** The Dirichlet distribution on the simplex (last axis of `concentration`); `rsample` normalises gamma draws (implicit reparameterisation). */
export class Dirichlet extends Distribution {
  /** α, shape `[...batchShape, k]`, entries > 0. */
  readonly concentration: Tensor;

  /** Dirichlet(concentration) with concentration of shape [..., k], k ≥ 1. @example new Dirichlet(tensor([1, 1, 1])).mean // [1/3, 1/3, 1/3] */
  constructor(concentration: ParamLike, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "Dirichlet");
    const [a] = floatParams("Dirichlet", ["concentration"], [concentration]);
    if (a!.ndim < 1 || a!.shape[a!.ndim - 1] === 0)
      throw new ShapeError(`Dirichlet: concentration must have at least one axis of length ≥ 1, got shape ${showShape(a!.shape)}`);
    super(a!.shape.slice(0, -1), a!.shape.slice(-1), validate);
    this.concentration = a!;
    this.checkParam("concentration", this.concentration, independent(positive, 1));
  }
  /** The probability simplex. */
  get support(): Constraint {
    return simplex;
  }
  /** True. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.concentration.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    const g = standardGamma(key, this.concentration, this.extendedShape(shape));
    return div(g, sum(g, -1, true));
  }
  protected _logProb(x: Tensor): Tensor {
    const a = this.concentration;
    return add(sum(xlogy(sub(a, 1), x), -1), sub(lgamma(sum(a, -1)), sum(lgamma(a), -1)));
  }
  /** log B(α) + (α₀ − k)ψ(α₀) − Σ(αᵢ − 1)ψ(αᵢ). */
  override entropy(): Tensor {
    const a = this.concentration;
    const k = a.shape[a.ndim - 1]!;
    const a0 = sum(a, -1);
    const logB = sub(sum(lgamma(a), -1), lgamma(a0));
    return sub(add(logB, mul(sub(a0, k), digamma(a0))), sum(mul(sub(a, 1), digamma(a)), -1));
  }
  /** α/α₀. */
  override get mean(): Tensor {
    return div(this.concentration, sum(this.concentration, -1, true));
  }
  /** (α − 1)/(α₀ − k) (for all αᵢ > 1). */
  override get mode(): Tensor {
    const k = this.concentration.shape[this.concentration.ndim - 1]!;
    return div(sub(this.concentration, 1), sub(sum(this.concentration, -1, true), k));
  }
  /** αᵢ(α₀ − αᵢ)/(α₀²(α₀ + 1)). */
  override get variance(): Tensor {
    const a0 = sum(this.concentration, -1, true);
    return div(mul(this.concentration, sub(a0, this.concentration)), mul(square(a0), add(a0, 1)));
  }
  protected _expand(batchShape: number[]): Dirichlet {
    return new Dirichlet(this.expandParam(this.concentration, batchShape), { validateArgs: false });
  }
}

