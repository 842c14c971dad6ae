import { fillMessage } from "./fill-message.js";
import { newMessage } from "./message.js";
import { applyStack, handlersActive } from "./messenger.js";
import { checkSiteName, siteTensor } from "./site-value.js";
import type { Tensor } from "../../tensor/tensor.js";

const FN = "infer.deterministic";

/**
 * Records a value computed from other sites under `name` (NumPyro's `numpyro.deterministic`), so it
 * appears in traces, in `LogDensity.constrain` and in posterior draws; returns it (or a substituted value).
 *
 * @example
 * const theta = infer.deterministic("theta", add(mu, mul(tau, eta)));
 */
export function deterministic(name: string, value: Tensor | number): Tensor {
  checkSiteName(name, FN);
  const v = siteTensor(value, FN, name, "value");
  if (!handlersActive()) return v;
  return applyStack(newMessage("deterministic", name, null, v), (m) => fillMessage(m, FN)).value!;
}
