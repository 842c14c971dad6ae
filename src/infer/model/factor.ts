import { DTypeError } from "../../core/errors.js";
import { isFloat } from "../../core/dtype.js";
import { argumentError } from "../../core/validate.js";
import { cast } from "../../ops/index.js";
import { zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { sampleSite } from "./sample.js";
import { checkSiteName, siteTensor } from "./site-value.js";
import { Unit } from "./unit.js";

const FN = "infer.factor";

/**
 * Adds `logWeight` to the model's log density (NumPyro's `numpyro.factor`): an observed site named
 * `name` whose log probability is `logWeight` (a tensor, summed, or a number). Use it for terms that are
 * no distribution's density: a Jacobian adjustment, a soft constraint, a likelihood written by hand.
 *
 * @example
 * infer.factor("softConstraint", mul(-0.5, square(sub(sum(theta), 1))));
 */
export function factor(name: string, logWeight: Tensor | number): void {
  checkSiteName(name, FN);
  if (!(logWeight instanceof Tensor) && typeof logWeight !== "number") throw argumentError(FN, "logWeight", "a tensor or a number", logWeight);
  let w = siteTensor(logWeight, FN, name, "logWeight");
  if (!isFloat(w.dtype)) {
    if (w.dtype === "bool") throw new DTypeError(`${FN}: logWeight of site "${name}" must be a float tensor, got a bool tensor`);
    w = cast(w, "float64");
  }
  const unit = new Unit(w);
  sampleSite(name, unit, zeros(w.shape, { dtype: w.dtype }), FN);
}
