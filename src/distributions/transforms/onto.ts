import type { Constraint } from "../constraints.js";
import type { Transform } from "./transform.js";
import { WrappedTransform } from "./wrapped-transform.js";

/**
 * `base` with its codomain named `codomain` (a subset it maps onto), e.g. compose(exp, affine(2, 1))
 * onto greaterThan(2): what `bijectTo` returns, so `bijectTo(c).codomain` is `c`.
 */
export class OntoTransform extends WrappedTransform {
  /** The base's name. */
  readonly name: string;
  /** The base's domain event rank. */
  readonly domainEventDim: number;
  /** The base's codomain event rank. */
  readonly codomainEventDim: number;
  /** `base`, declared to map onto `codomainConstraint`. */
  constructor(base: Transform, private readonly codomainConstraint: Constraint) {
    super(base);
    this.name = base.name;
    this.domainEventDim = base.domainEventDim;
    this.codomainEventDim = base.codomainEventDim;
  }
  /** The base's domain. */
  get domain(): Constraint {
    return this.base.domain;
  }
  /** The constraint given. */
  get codomain(): Constraint {
    return this.codomainConstraint;
  }
}
