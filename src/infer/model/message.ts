import type { Constraint } from "../../distributions/constraints.js";
import type { Distribution } from "../../distributions/distribution.js";
import type { PRNGKey } from "../../random/key.js";
import type { Tensor } from "../../tensor/tensor.js";

/** The kinds of site a model records: draws, parameters, named values and plates. */
export type SiteType = "sample" | "param" | "deterministic" | "plate";

/** One enclosing plate of a site (NumPyro's CondIndepStackFrame). */
export interface PlateFrame {
  /** The plate's name. */
  readonly name: string;
  /** The batch axis it owns, counted from the right (−1 is the last batch axis). */
  readonly dim: number;
  /** The full size of the plate (the number of data points). */
  readonly size: number;
  /** How many indices this run of the plate visits (the size unless subsampled). */
  readonly subsampleSize: number;
}

/**
 * The message a primitive sends through the handler stack (NumPyro's `msg` dict): handlers read and
 * change it on the way in (`process`), the default action fills a missing value, and handlers see
 * the result on the way out (`postprocess`).
 */
export interface Message {
  /** What kind of site this is. */
  readonly type: SiteType;
  /** The site's name, unique within a model run. */
  readonly name: string;
  /** The distribution of a sample site (plates may replace it by an expanded one); null for the others. */
  fn: Distribution | null;
  /** The value: given (obs, condition, substitute) or filled by the default action. */
  value: Tensor | null;
  /** Whether the value is data (obs or condition) rather than a latent draw. */
  isObserved: boolean;
  /** A factor the log density is multiplied by (scale handler, subsampled plates); null for 1. */
  scale: number | Tensor | null;
  /** Where the log density counts (mask handler); null for everywhere. */
  mask: boolean | Tensor | null;
  /** The enclosing plates, innermost first. */
  condIndepStack: PlateFrame[];
  /** The key the default action draws with (set by `seed`); null for the global generator. */
  key: PRNGKey | null;
  /** Set by `block`: handlers further out neither see nor record the site. */
  stop: boolean;
  /** A param site's constraint. */
  constraint: Constraint | null;
  /** Makes the value when nothing else gave one (param init, plate indices). */
  init: ((key: PRNGKey | null) => Tensor) | null;
  /** Free-form notes handlers pass along (NumPyro's `infer` dict). */
  infer: Record<string, unknown>;
}

/** A fresh message with every optional field empty. */
export function newMessage(type: SiteType, name: string, fn: Distribution | null, value: Tensor | null): Message {
  return {
    type, name, fn, value, isObserved: false, scale: null, mask: null, condIndepStack: [], key: null, stop: false,
    constraint: null, init: null, infer: {},
  };
}
