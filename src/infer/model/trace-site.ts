import type { Constraint } from "../../distributions/constraints.js";
import type { Distribution } from "../../distributions/distribution.js";
import { mul, where } from "../../ops/index.js";
import { zerosLike } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Message, PlateFrame, SiteType } from "./message.js";

/** One recorded site of a model run (a snapshot of its message after every handler saw it). */
export class TraceSite {
  /** The site's name. */
  readonly name: string;
  /** sample, param, deterministic or plate. */
  readonly type: SiteType;
  /** The distribution of a sample site, after plate expansion; null for the other kinds. */
  readonly fn: Distribution | null;
  /** The value (for a plate: its indices). */
  readonly value: Tensor;
  /** Whether the value is data (obs or condition). */
  readonly isObserved: boolean;
  /** The log-density factor (scale handler, subsampled plates); null for 1. */
  readonly scale: number | Tensor | null;
  /** Where the log density counts (mask handler); null for everywhere. */
  readonly mask: boolean | Tensor | null;
  /** The enclosing plates, innermost first (NumPyro's `cond_indep_stack`). */
  readonly plates: readonly PlateFrame[];
  /** A param site's constraint (null for others or when unconstrained). */
  readonly constraint: Constraint | null;
  /** Notes handlers passed along (NumPyro's `infer`). */
  readonly infer: Readonly<Record<string, unknown>>;
  private cached: Tensor | null = null;

  /** A snapshot of `msg`. */
  constructor(msg: Message) {
    this.name = msg.name;
    this.type = msg.type;
    this.fn = msg.fn;
    this.value = msg.value!;
    this.isObserved = msg.isObserved;
    this.scale = msg.scale;
    this.mask = msg.mask;
    this.plates = msg.condIndepStack.slice();
    this.constraint = msg.constraint;
    this.infer = { ...msg.infer };
  }

  /** The plates as NumPyro names them. */
  get condIndepStack(): readonly PlateFrame[] {
    return this.plates;
  }

  /**
   * The log density of a sample site at its value, masked and scaled: `scale · where(mask, fn.logProb(value), 0)`,
   * with the batch shape (not summed). Computed on first use.
   * NOTE: scaled and masked (Pyro's `log_prob`), since that is the term the model's log density adds;
   * `unscaledLogProb` is the distribution's own value.
   */
  get logProb(): Tensor {
    if (this.cached === null) {
      let lp = this.unscaledLogProb;
      if (this.mask !== null) lp = this.mask === true ? lp : this.mask === false ? zerosLike(lp) : where(this.mask, lp, 0);
      if (this.scale !== null) lp = mul(lp, this.scale);
      this.cached = lp;
    }
    return this.cached;
  }

  /** `fn.logProb(value)` of a sample site, without mask or scale; an error for other kinds. */
  get unscaledLogProb(): Tensor {
    if (this.fn === null) throw new TypeError(`TraceSite.logProb: site "${this.name}" is a ${this.type} site and has no log density`);
    return this.fn.logProb(this.value);
  }
}
