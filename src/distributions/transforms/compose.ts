import { argumentError } from "../../core/validate.js";
import { add, mul } from "../../ops/index.js";
import { zeros } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { independent, real, type Constraint } from "../constraints.js";
import { sumRightmost, Transform } from "./transform.js";

/** The domain event rank of a chain (torch's ComposeTransform.domain). */
function chainDomainEventDim(parts: readonly Transform[]): number {
  let d = parts[parts.length - 1]!.codomainEventDim;
  for (let i = parts.length - 1; i >= 0; i--) d = Math.max(d + parts[i]!.domainEventDim - parts[i]!.codomainEventDim, parts[i]!.domainEventDim);
  return d;
}

/** The codomain event rank of a chain (torch's ComposeTransform.codomain). */
function chainCodomainEventDim(parts: readonly Transform[]): number {
  let d = parts[0]!.domainEventDim;
  for (const p of parts) d = Math.max(d + p.codomainEventDim - p.domainEventDim, p.codomainEventDim);
  return d;
}

/** `c` seen on events of `eventDim` axes (wrapped in `independent` when that is more than its own). */
function withEventDim(c: Constraint, eventDim: number): Constraint {
  return eventDim > c.eventDim ? independent(c, eventDim - c.eventDim) : c;
}

/**
 * The chain parts[n−1] ∘ … ∘ parts[0] (torch's ComposeTransform): forward applies the parts in
 * order; log|J| sums the parts' log-dets, each summed over the event axes the chain adds to it.
 * The empty chain is the identity on the reals.
 */
export class ComposeTransform extends Transform {
  /** `compose(a, b, …)`. */
  readonly name: string;
  /** The chain's domain event rank. */
  readonly domainEventDim: number;
  /** The chain's codomain event rank. */
  readonly codomainEventDim: number;
  /** Whether every part is bijective. */
  override readonly bijective: boolean;
  /** The parts, applied first to last. */
  readonly parts: readonly Transform[];

  /** The chain of `parts` (first applied first). */
  constructor(parts: readonly Transform[]) {
    super();
    if (!Array.isArray(parts)) throw argumentError("transforms.compose", "parts", "an array of transforms", parts);
    parts.forEach((p: unknown, i) => {
      if (!(p instanceof Transform)) throw argumentError("transforms.compose", `parts[${i}]`, "a transform", p);
    });
    this.parts = [...parts];
    this.name = `compose(${this.parts.map((p) => p.name).join(", ")})`;
    this.domainEventDim = parts.length === 0 ? 0 : chainDomainEventDim(parts);
    this.codomainEventDim = parts.length === 0 ? 0 : chainCodomainEventDim(parts);
    this.bijective = parts.every((p) => p.bijective);
  }
  /** The first part's domain, on the chain's event rank. */
  get domain(): Constraint {
    return this.parts.length === 0 ? real : withEventDim(this.parts[0]!.domain, this.domainEventDim);
  }
  /** The last part's codomain, on the chain's event rank. */
  get codomain(): Constraint {
    return this.parts.length === 0 ? real : withEventDim(this.parts[this.parts.length - 1]!.codomain, this.codomainEventDim);
  }
  /** The product of the parts' signs, when all are defined. */
  override get sign(): number | Tensor | undefined {
    let s: number | Tensor = 1;
    for (const p of this.parts) {
      const ps = p.sign;
      if (ps === undefined) return undefined;
      s = typeof s === "number" && typeof ps === "number" ? s * ps : mul(s, ps);
    }
    return s;
  }
  protected override eventForwardShape(shape: number[]): number[] {
    return this.parts.reduce((s, p) => p.forwardShape(s), shape);
  }
  protected override eventInverseShape(shape: number[]): number[] {
    return this.parts.reduceRight((s, p) => p.inverseShape(s), shape);
  }
  protected call(x: Tensor): Tensor {
    return this.parts.reduce((v, p) => p.forward(v), x);
  }
  protected invert(y: Tensor): Tensor {
    return this.parts.reduceRight((v, p) => p.inverse(v), y);
  }
  protected ladj(x: Tensor, y: Tensor): Tensor {
    if (this.parts.length === 0) return zeros(x.shape, { dtype: x.dtype });
    let eventDim = this.domainEventDim;
    let v = x;
    let total: Tensor | undefined;
    this.parts.forEach((p, i) => {
      const next = i === this.parts.length - 1 ? y : p.forward(v);
      const term = sumRightmost(p.logAbsDetJacobian(v, next), eventDim - p.domainEventDim);
      total = total === undefined ? term : add(total, term);
      eventDim += p.codomainEventDim - p.domainEventDim;
      v = next;
    });
    return total!;
  }
}
