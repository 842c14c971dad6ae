import { add, betainc, digamma, div, equal, exp, greater, less, lgamma, log, log1p, logicalAnd, logicalNot, mul, sign, sqrt, square, sub, where } from "../ops/index.js";
import { full } from "../tensor/creation.js";
import { normal } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import { split } from "../random/split.js";
import type { Tensor } from "../tensor/tensor.js";
import { positive, real, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";
import { standardGamma } from "./standard-gamma.js";
import { logBeta } from "./beta.js";

/**
 * Student's t with `df` ν, `loc` and `scale`; `rsample` is loc + scale·Z·√(ν/V), V ~ χ²(ν), so it
 * is pathwise in loc and scale and implicitly reparameterised in ν.
 */
export class StudentT extends Distribution {
  /** The degrees of freedom ν (> 0). */
  readonly df: Tensor;
  /** The location. */
  readonly loc: Tensor;
  /** The scale (> 0). */
  readonly scale: Tensor;

  /** StudentT(df, loc = 0, scale = 1). @example new StudentT(3).variance // 3 */
  constructor(df: ParamLike, loc: ParamLike = 0, scale: ParamLike = 1, options?: DistributionOptions) {
    const validate = readValidateArgs(options, "StudentT");
    const [d, l, s] = floatParams("StudentT", ["df", "loc", "scale"], [df, loc, scale]);
    super(d!.shape, [], validate);
    this.df = d!;
    this.loc = l!;
    this.scale = s!;
    this.checkParam("df", this.df, positive);
    this.checkParam("loc", this.loc, real);
    this.checkParam("scale", this.scale, positive);
  }
  /** The real line. */
  get support(): Constraint {
    return real;
  }
  /** True. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.df.dtype as "float32" | "float64";
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    const [kz, kg] = split(key, 2);
    const s = this.extendedShape(shape);
    const z = normal(kz!, s, { dtype: this.dtype });
    const g = standardGamma(kg!, mul(this.df, 0.5), s); // V/2 with V ~ χ²(ν)
    return add(this.loc, mul(this.scale, mul(z, sqrt(div(mul(this.df, 0.5), g)))));
  }
  protected _logProb(x: Tensor): Tensor {
    const nu = this.df;
    const z = div(sub(x, this.loc), this.scale);
    const norm = add(add(logBeta(mul(nu, 0.5), full([], 0.5, { dtype: this.dtype })), mul(0.5, log(nu))), log(this.scale));
    return sub(mul(mul(add(nu, 1), -0.5), log1p(div(square(z), nu))), norm);
  }
  /**
   * F(z), z = (x − loc)/scale, by the incomplete beta function: ½ + sign(z)·½·I_{z²/(ν+z²)}(½, ν/2)
   * for z² < ν, else the tail ½·I_{ν/(ν+z²)}(ν/2, ½) (each argument computed without cancellation),
   * and ½ + f(0)z − f(0)(ν+1)z³/(6ν) at z = 0 exactly, where the others' x-derivatives are 0·∞.
   * Differentiable in x, df, loc and scale to any order (third order in x at z = 0).
   */
  protected override _cdf(x: Tensor): Tensor {
    const nu = this.df;
    const z = div(sub(x, this.loc), this.scale);
    const z2 = square(z);
    const zero = equal(z, 0);
    const nearOk = logicalAnd(logicalNot(zero), less(z2, nu));
    const farOk = logicalAnd(logicalNot(zero), logicalNot(less(z2, nu)));
    const half = full([], 0.5, { dtype: this.dtype });
    // Each branch sees only arguments of its own range (double where), so no 0·∞ reaches a derivative.
    const zn2 = square(where(nearOk, z, mul(sqrt(nu), 0.5)));
    const near = add(0.5, mul(mul(sign(z), 0.5), betainc(half, mul(nu, 0.5), div(zn2, add(nu, zn2)))));
    const zf2 = square(where(farOk, z, mul(sqrt(nu), 2)));
    const tail = mul(0.5, betainc(mul(nu, 0.5), half, div(nu, add(nu, zf2))));
    const far = where(less(z, 0), tail, sub(1, tail));
    const f0 = exp(sub(sub(lgamma(mul(add(nu, 1), 0.5)), lgamma(mul(nu, 0.5))), mul(0.5, log(mul(nu, Math.PI)))));
    const taylor = add(0.5, mul(f0, sub(z, div(mul(add(nu, 1), mul(z2, z)), mul(nu, 6)))));
    return where(zero, taylor, where(nearOk, near, far));
  }
  /** ((ν+1)/2)(ψ((ν+1)/2) − ψ(ν/2)) + ½ log ν + log B(ν/2, ½) + log scale. */
  override entropy(): Tensor {
    const nu = this.df;
    const h = mul(0.5, add(nu, 1));
    const t = mul(h, sub(digamma(h), digamma(mul(0.5, nu))));
    return add(add(t, mul(0.5, log(nu))), add(logBeta(mul(nu, 0.5), full([], 0.5, { dtype: this.dtype })), log(this.scale)));
  }
  /** loc for ν > 1, else NaN. */
  override get mean(): Tensor {
    return where(greater(this.df, 1), this.loc, NaN);
  }
  /** loc. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** scale²·ν/(ν − 2) for ν > 2, ∞ for 1 < ν ≤ 2, NaN for ν ≤ 1. */
  override get variance(): Tensor {
    const nu = this.df;
    const v = div(mul(square(this.scale), nu), sub(nu, 2));
    return where(greater(nu, 2), v, where(greater(nu, 1), Infinity, NaN));
  }
  protected _expand(batchShape: number[]): StudentT {
    const e = (p: Tensor): Tensor => this.expandParam(p, batchShape);
    return new StudentT(e(this.df), e(this.loc), e(this.scale), { validateArgs: false });
  }
}
