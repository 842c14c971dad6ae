import { ArgumentError } from "../core/errors.js";
import { Bernoulli } from "../distributions/bernoulli.js";
import { Categorical } from "../distributions/categorical.js";
import type { Distribution } from "../distributions/distribution.js";
import { OneHotCategorical } from "../distributions/one-hot-categorical.js";
import { RelaxedBernoulli, RelaxedOneHotCategorical } from "../distributions/relaxed.js";
import { add, argmax, cast, greater, mean, oneHot, sub } from "../ops/index.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import type { PerSample } from "./grad-expectation.js";

/** The estimators built on a Concrete relaxation. */
export type RelaxedEstimatorName = "relaxed" | "straightThrough";

/**
 * @internal The "relaxed" and "straightThrough" estimators of `gradExpectation`: the Monte Carlo
 * value and the per-sample surrogate terms. Bernoulli is relaxed to RelaxedBernoulli and
 * OneHotCategorical to RelaxedOneHotCategorical with the same logits and the given temperature.
 * "relaxed" evaluates f at the relaxed sample y (pathwise gradient of the relaxed objective E f(y));
 * "straightThrough" evaluates f at the hard sample h (y > ½, or the one-hot argmax of y, which is an
 * exact draw of the discrete distribution by the Gumbel-max trick) as h + y − stopGradient(y), so
 * its value is f(h) and its gradient flows through y. Both gradients are biased for E f(x).
 */
export function relaxedEstimator(
  fn: string, estimator: RelaxedEstimatorName, d0: Distribution, build: (ls: Tensor[]) => Distribution,
  costs: (x: Tensor, n: number) => Tensor, n: number, key: PRNGKey, temperature: number, uses: string,
): [Tensor, PerSample] {
  const relax = relaxation(fn, estimator, d0, temperature, uses);
  const draw = (d: Distribution): Tensor => {
    const soft = relax(d).rsample([n], key);
    if (estimator === "relaxed") return soft;
    // NOTE: hard + soft − stopGradient(soft) has exactly the hard value (soft − soft is 0) and soft's gradient.
    return add(hard(d0, soft), sub(soft, stopGradient(soft)));
  };
  return [mean(stopGradient(costs(draw(d0), n))), (ls) => costs(draw(build(ls)), n)];
}

/** The function from a discrete distribution like `d0` to its Concrete relaxation at `temperature`. */
function relaxation(fn: string, estimator: RelaxedEstimatorName, d0: Distribution, temperature: number, uses: string): (d: Distribution) => Distribution {
  // NOTE: the parameters were validated when the discrete distribution was built; logits ±∞ (probs 0 or 1) give hard samples.
  if (d0 instanceof Bernoulli) return (d) => new RelaxedBernoulli(temperature, { logits: (d as Bernoulli).logits, validateArgs: false });
  if (d0 instanceof OneHotCategorical) return (d) => new RelaxedOneHotCategorical(temperature, { logits: (d as OneHotCategorical).logits, validateArgs: false });
  const hint = d0 instanceof Categorical
    ? `; for "${estimator}" use OneHotCategorical (one-hot vectors): Categorical's integer samples have no relaxation`
    : "";
  throw new ArgumentError(`${fn}: estimator "${estimator}" needs a Bernoulli or OneHotCategorical distribution; ${d0.name} is not (use ${uses})${hint}`);
}

/** The hard sample of a relaxed sample: y > ½ (Bernoulli) or the one-hot argmax along the last axis. */
function hard(d0: Distribution, soft: Tensor): Tensor {
  if (d0 instanceof Bernoulli) return cast(greater(soft, 0.5), soft.dtype);
  return oneHot(argmax(soft, -1), soft.shape[soft.ndim - 1]!, { dtype: soft.dtype as "float32" | "float64" });
}
