import { ArgumentError } from "../../core/errors.js";
import { argumentError, checkOptions } from "../../core/validate.js";
import { firstViolation } from "../../distributions/check-values.js";
import { Constraint } from "../../distributions/constraints.js";
import type { PRNGKey } from "../../random/key.js";
import { Tensor } from "../../tensor/tensor.js";
import { fillMessage } from "./fill-message.js";
import { newMessage } from "./message.js";
import { applyStack, handlersActive } from "./messenger.js";
import { checkSiteName, siteTensor } from "./site-value.js";

/** Options of `infer.param`. */
export interface ParamOptions {
  /** The set the parameter lives in (default real); optimisers work on it through `distributions.transformTo`. */
  constraint?: Constraint;
}

const FN = "infer.param";

/**
 * A learnable parameter of a guide or model (NumPyro's `numpyro.param`): returns the value the
 * active handlers give it (an optimiser substitutes its current value), else `init` — a tensor, a
 * number, or a function of a key (called with the `seed` handler's key, or null outside one).
 * The constraint is recorded on the site for the optimiser; an init outside it is an error naming the site.
 *
 * @example
 * const loc = infer.param("loc", 0); const scale = infer.param("scale", 1, { constraint: constraints.positive });
 */
export function param(name: string, init: Tensor | number | ((key: PRNGKey | null) => Tensor), options?: ParamOptions): Tensor {
  checkSiteName(name, FN);
  if (!(init instanceof Tensor) && typeof init !== "number" && typeof init !== "function")
    throw argumentError(FN, "init", "a tensor, a number or a function of a key", init);
  const o = checkOptions<ParamOptions>(options, FN);
  for (const k of Object.keys(o)) if (k !== "constraint") throw argumentError(FN, `options.${k}`, "one of constraint", k);
  if (o.constraint !== undefined && !(o.constraint instanceof Constraint))
    throw argumentError(FN, "options.constraint", "a constraint (distributions.constraints.*)", o.constraint);
  const constraint = o.constraint ?? null;
  const make = (key: PRNGKey | null): Tensor => {
    const v = siteTensor(typeof init === "function" ? init(key) : init, FN, name, "init");
    if (constraint !== null) {
      const bad = firstViolation(v, constraint);
      if (bad !== null) throw new ArgumentError(`${FN}: init of site "${name}" must be in ${constraint.name}, got ${bad}`);
    }
    return v;
  };
  const msg = newMessage("param", name, null, null);
  msg.init = make;
  msg.constraint = constraint;
  if (!handlersActive()) return make(null);
  return applyStack(msg, (m) => fillMessage(m, FN)).value!;
}
