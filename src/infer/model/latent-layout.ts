import { ArgumentError } from "../../core/errors.js";
import { showShape, sizeOf } from "../../core/shape.js";
import { bijectTo } from "../../distributions/biject-to.js";
import type { Transform } from "../../distributions/transforms/transform.js";
import type { Trace } from "./trace.js";

/** Where one latent site lives in the flat unconstrained vector, and how it maps to its support. */
export interface LatentSlot {
  /** The site's name. */
  readonly name: string;
  /** The constrained (model) shape of its value. */
  readonly shape: readonly number[];
  /** The unconstrained shape (`transform.inverseShape(shape)`). */
  readonly unconstrainedShape: readonly number[];
  /** Its first index in q. */
  readonly offset: number;
  /** How many entries of q it takes. */
  readonly size: number;
  /** `bijectTo(support)`: from the unconstrained reals onto the site's support. */
  readonly transform: Transform;
}

/**
 * The latent sample sites of a traced run laid out one after another in q, in model order, each
 * with the bijection onto its support. Errors name the site: a discrete support (no bijection: it
 * must be observed or marginalised), a support with no registered bijection, a subsampled plate
 * (a potential for MCMC needs the full data).
 */
export function latentLayout(tr: Trace, fn: string): LatentSlot[] {
  const slots: LatentSlot[] = [];
  let offset = 0;
  for (const site of tr.latentSites()) {
    const support = site.fn!.support;
    const sub = site.plates.find((p) => p.subsampleSize !== p.size);
    if (sub !== undefined)
      throw new ArgumentError(
        `${fn}: latent site "${site.name}" is inside plate "${sub.name}", which subsamples ${sub.subsampleSize} of ${sub.size}; a log density for MCMC needs the full data (drop subsampleSize)`,
      );
    if (support.isDiscrete)
      throw new ArgumentError(
        `${fn}: latent site "${site.name}" (${site.fn!.name}) has the discrete support ${support.name}, which has no bijection from the reals; observe it or marginalise it out (sum its probabilities with infer.factor)`,
      );
    let transform: Transform;
    try {
      transform = bijectTo(support);
    } catch (e) {
      throw new ArgumentError(`${fn}: latent site "${site.name}" (${site.fn!.name}) has the support ${support.name}, which has no bijection from the reals (${(e as Error).message})`);
    }
    const shape = site.value.shape.slice();
    const unconstrainedShape = transform.inverseShape(shape);
    const size = sizeOf(unconstrainedShape);
    if (size === 0) throw new ArgumentError(`${fn}: latent site "${site.name}" has zero size (shape ${showShape(shape)})`);
    slots.push({ name: site.name, shape, unconstrainedShape, offset, size, transform });
    offset += size;
  }
  return slots;
}
