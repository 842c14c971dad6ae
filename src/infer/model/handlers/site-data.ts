import { argumentError } from "../../../core/validate.js";
import type { Tensor } from "../../../tensor/tensor.js";
import type { Message } from "../message.js";
import { siteTensor } from "../site-value.js";

/** Values by site name, or a function of the message giving a value or undefined (NumPyro's `data` / `substitute_fn`). */
export type SiteData = Readonly<Record<string, Tensor | number>> | ((site: Message) => Tensor | number | undefined);

/** Checks `data` (a plain object of tensors and numbers, or a function). */
export function checkSiteData(data: unknown, fn: string): SiteData {
  if (typeof data === "function") return data as SiteData;
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw argumentError(fn, "data", "an object of site values or a function of the site", data);
  return data as SiteData;
}

/** The value `data` gives the site, as a tensor, or null. */
export function lookupSite(data: SiteData, msg: Message, fn: string): Tensor | null {
  const v = typeof data === "function" ? data(msg) : Object.prototype.hasOwnProperty.call(data, msg.name) ? data[msg.name] : undefined;
  return v === undefined ? null : siteTensor(v, fn, msg.name, "the data");
}
