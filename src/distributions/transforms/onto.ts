import type { Tensor } from "../../tensor/tensor.js";
import type { Constraint } from "../constraints.js";
import { Transform } from "./transform.js";

/**
 * `base` with its codomain named `codomain` (a subset it maps onto), e.g. compose(exp, affine(2, 1))
 * onto greaterThan(2): what `bijectTo` returns, so `bijectTo(c).codomain` is `c`.
 */
export class OntoTransform extends Transform {
  /** The base's name. */
  readonly name: string;
  /** The base's domain event rank. */
  readonly domainEventDim: number;
  /** The base's codomain event rank. */
  readonly codomainEventDim: number;
  /** Whether the base is bijective. */
  override readonly bijective: boolean;

  /** `base`, declared to map onto `codomainConstraint`. */
  constructor(readonly base: Transform, private readonly codomainConstraint: Constraint) {
    super();
    this.name = base.name;
    this.domainEventDim = base.domainEventDim;
    this.codomainEventDim = base.codomainEventDim;
    this.bijective = base.bijective;
  }
  /** The base's domain. */
  get domain(): Constraint {
    return this.base.domain;
  }
  /** The constraint given. */
  get codomain(): Constraint {
    return this.codomainConstraint;
  }
  /** The base's sign. */
  override get sign(): number | Tensor | undefined {
    return this.base.sign;
  }
  protected override eventForwardShape(shape: number[]): number[] {
    return this.base.forwardShape(shape);
  }
  protected override eventInverseShape(shape: number[]): number[] {
    return this.base.inverseShape(shape);
  }
  protected call(x: Tensor): Tensor {
    return this.base.forward(x);
  }
  protected invert(y: Tensor): Tensor {
    return this.base.inverse(y);
  }
  protected ladj(x: Tensor, y: Tensor): Tensor {
    return this.base.logAbsDetJacobian(x, y);
  }
}
