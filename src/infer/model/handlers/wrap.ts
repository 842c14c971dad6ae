import { checkFunction } from "../../../core/validate.js";
import { withMessenger, type Messenger } from "../messenger.js";

/** `model` run with `m` on the handler stack (the one messenger serves every call). */
export function wrap<A extends unknown[], R>(model: (...args: A) => R, m: Messenger, fn: string): (...args: A) => R {
  checkFunction(model, fn, "model");
  return (...args: A): R => withMessenger(m, () => model(...args));
}
