import { mul } from "../ops/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { Gamma } from "./gamma.js";
import { checkParamConstraint } from "./check-values.js";
import { positive } from "./constraints.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/** The χ² distribution with `df` degrees of freedom: Gamma(df/2, 1/2). */
export class Chi2 extends Gamma {
  /** Chi2(df). @example new Chi2(3).mean // 3 */
  constructor(df: ParamLike, options?: DistributionOptions) {
    const [d] = floatParams("Chi2", ["df"], [df]);
    if (readValidateArgs(options, "Chi2")) checkParamConstraint("Chi2", "df", d!, positive);
    super(mul(d!, 0.5), 0.5, options);
  }
  /** The degrees of freedom (2α). */
  get df(): Tensor {
    return mul(this.concentration, 2);
  }
  protected override _expand(batchShape: number[]): Chi2 {
    return new Chi2(this.expandParam(this.df, batchShape), { validateArgs: false });
  }
}
