import { argumentError, checkFunction, checkOptions } from "../../../core/validate.js";
import type { Message, SiteType } from "../message.js";
import { Messenger } from "../messenger.js";
import { checkOptionKeys } from "../site-value.js";
import { wrap } from "./wrap.js";

/** Options of `infer.handlers.block` (default: hide every site). */
export interface BlockOptions {
  /** Hide exactly the sites for which this returns true. */
  hideFn?: (site: Message) => boolean;
  /** Hide these site names. */
  hide?: readonly string[];
  /** Hide every site except these names. */
  expose?: readonly string[];
  /** Hide sites of these types. */
  hideTypes?: readonly SiteType[];
  /** Hide every site except those of these types. */
  exposeTypes?: readonly SiteType[];
}

const FN = "infer.handlers.block";

/** Stops messages so handlers outside never see them. */
class BlockMessenger extends Messenger {
  constructor(private readonly hides: (msg: Message) => boolean) {
    super();
  }
  override process(msg: Message): void {
    if (this.hides(msg)) msg.stop = true;
  }
}

/** A string array option, checked. */
function names(value: unknown, arg: string): readonly string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw argumentError(FN, arg, "an array of strings", value);
  return value as string[];
}

/**
 * Hides sites from the handlers outside it (NumPyro's `handlers.block`): a hidden site still runs
 * (and draws) but is neither traced, conditioned nor substituted further out. With no options every
 * site is hidden; `hide`/`expose` pick by name, `hideTypes`/`exposeTypes` by type, `hideFn` by any rule
 * (the first option given in that order decides).
 *
 * @example
 * infer.handlers.trace(infer.handlers.block(model, { hide: ["z"] })).getTrace(); // no "z" site
 */
export function block<A extends unknown[], R>(model: (...args: A) => R, options?: BlockOptions): (...args: A) => R {
  const o = checkOptions<BlockOptions>(options, FN);
  checkOptionKeys(o, FN, ["hideFn", "hide", "expose", "hideTypes", "exposeTypes"]);
  let hides: (msg: Message) => boolean = () => true;
  if (o.hideFn !== undefined) hides = checkFunction<(msg: Message) => boolean>(o.hideFn, FN, "options.hideFn");
  else if (o.hide !== undefined) {
    const h = new Set(names(o.hide, "options.hide"));
    hides = (m) => h.has(m.name);
  } else if (o.expose !== undefined) {
    const e = new Set(names(o.expose, "options.expose"));
    hides = (m) => !e.has(m.name);
  } else if (o.hideTypes !== undefined) {
    const h = new Set(names(o.hideTypes, "options.hideTypes"));
    hides = (m) => h.has(m.type);
  } else if (o.exposeTypes !== undefined) {
    const e = new Set(names(o.exposeTypes, "options.exposeTypes"));
    hides = (m) => !e.has(m.type);
  }
  return wrap(model, new BlockMessenger(hides), FN);
}
