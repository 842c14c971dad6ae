import { ArgumentError, ShapeError } from "../../core/errors.js";
import { broadcastShapes, showShape } from "../../core/shape.js";
import { argumentError, describeValue } from "../../core/validate.js";
import type { Distribution } from "../../distributions/distribution.js";
import { toTensor } from "../../ops/index.js";
import { Tensor } from "../../tensor/tensor.js";

/** A site value given by the user (obs, condition, substitute data) as a tensor; numbers become float64 scalars. */
export function siteTensor(value: unknown, fn: string, site: string, what: string): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value === "number") return toTensor(value, "float64");
  throw new ArgumentError(`${fn}: ${what} of site "${site}" must be a tensor or a number, got ${describeValue(value)}`);
}

/**
 * Checks a value given for a sample site against its distribution, naming the site: the trailing axes
 * must be the event shape, and the distribution's batch shape must broadcast to the rest (extra
 * leading axes are independent copies, as in NumPyro; a value that the distribution would have to be
 * broadcast *to*, or that does not broadcast, is a mistake). Zero-size data is refused. O(rank).
 */
export function checkSiteValue(value: Tensor, dist: Distribution, fn: string, site: string, what: string): void {
  const ev = dist.eventShape;
  const shape = value.shape;
  const expected = `the batch shape ${showShape(dist.batchShape)} and event shape ${showShape(ev)} of its ${dist.name}`;
  if (shape.includes(0))
    throw new ShapeError(`${fn}: ${what} of site "${site}" has zero size (shape ${showShape(shape)}); a site needs at least one value`);
  const k = shape.length - ev.length;
  let ok = k >= 0 && ev.every((d, i) => shape[k + i] === d);
  if (ok) {
    const batch = shape.slice(0, k);
    try {
      ok = showShape(broadcastShapes(batch, dist.batchShape)) === showShape(batch);
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new ShapeError(`${fn}: ${what} of site "${site}" has shape ${showShape(shape)}, which does not match ${expected}`);
}

/** Checks a site name: a non-empty string. */
export function checkSiteName(name: unknown, fn: string): string {
  if (typeof name !== "string" || name.length === 0) throw argumentError(fn, "name", "a non-empty string", name);
  return name;
}

/** Refuses option keys outside `allowed`, listing the allowed ones. */
export function checkOptionKeys(o: object, fn: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw argumentError(fn, `options.${k}`, `one of ${allowed.join(", ")}`, k);
}
