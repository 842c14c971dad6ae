import { ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { argumentError } from "../../core/validate.js";
import { neg, sum, type TensorLike } from "../../ops/index.js";
import { toFloat } from "../../ops/tensor-like.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Constraint } from "../constraints.js";

/**
 * A differentiable map between constrained spaces (torch.distributions.Transform, camelCased):
 * `forward`, `inverse`, `logAbsDetJacobian(x, y)`, `domain`/`codomain` with their event ranks, and
 * `inv`, the inverse as a transform. Written with differentiable ops, so every method
 * differentiates (to any order) in its inputs and in the transform's parameters.
 */
export abstract class Transform {
  /** The transform as text, e.g. `affine(0, 2)`, for error messages. */
  abstract readonly name: string;
  /** How many trailing axes of `x` make one event (0: elementwise, 1: vectors, 2: matrices). */
  abstract readonly domainEventDim: number;
  /** How many trailing axes of `y` make one event. */
  abstract readonly codomainEventDim: number;
  /** Whether `inverse(forward(x)) = x` on the whole domain. */
  readonly bijective: boolean = true;
  /** The set `forward` accepts. */
  abstract get domain(): Constraint;
  /** The set `forward` maps onto. */
  abstract get codomain(): Constraint;
  /** +1 or −1 for an elementwise monotone transform (a tensor when a parameter decides); undefined otherwise. */
  get sign(): number | Tensor | undefined {
    return undefined;
  }

  private inverseTransform: Transform | undefined;

  /** The inverse as a transform (`t.inv.inv === t`). */
  get inv(): Transform {
    return (this.inverseTransform ??= new InverseTransform(this));
  }

  /** y = f(x); x has at least `domainEventDim` axes, the leading ones are batch axes. */
  forward(x: TensorLike): Tensor {
    return this.call(this.checkInput(x, "forward", "x", this.domainEventDim));
  }

  /** x = f⁻¹(y). */
  inverse(y: TensorLike): Tensor {
    return this.invert(this.checkInput(y, "inverse", "y", this.codomainEventDim));
  }

  /** log |det ∂y/∂x| per event (the batch shape of x: its last `domainEventDim` axes are summed). */
  logAbsDetJacobian(x: TensorLike, y: TensorLike): Tensor {
    const xt = this.checkInput(x, "logAbsDetJacobian", "x", this.domainEventDim);
    const yt = this.checkInput(y, "logAbsDetJacobian", "y", this.codomainEventDim);
    return this.ladj(xt, yt);
  }

  /** The shape of `forward(x)` for x of shape `shape` (the event part changes for stickBreaking, corrCholesky). */
  forwardShape(shape: readonly number[]): number[] {
    return this.mapShape(shape, "forwardShape", this.domainEventDim, (s) => this.eventForwardShape(s));
  }

  /** The shape of `inverse(y)` for y of shape `shape`. */
  inverseShape(shape: readonly number[]): number[] {
    return this.mapShape(shape, "inverseShape", this.codomainEventDim, (s) => this.eventInverseShape(s));
  }

  /** The transform's name. */
  toString(): string {
    return this.name;
  }

  /** f on a checked float tensor. */
  protected abstract call(x: Tensor): Tensor;
  /** f⁻¹ on a checked float tensor. */
  protected abstract invert(y: Tensor): Tensor;
  /** log |det J| on checked float tensors. */
  protected abstract ladj(x: Tensor, y: Tensor): Tensor;

  /** `forwardShape` on a checked shape (rank ≥ domainEventDim); the identity unless overridden. */
  protected eventForwardShape(shape: number[]): number[] {
    return shape;
  }
  /** `inverseShape` on a checked shape (rank ≥ codomainEventDim); the identity unless overridden. */
  protected eventInverseShape(shape: number[]): number[] {
    return shape;
  }

  /** Checks a shape argument (integers ≥ 0, at least `eventDim` of them) and maps it. */
  private mapShape(shape: readonly number[], method: string, eventDim: number, f: (s: number[]) => number[]): number[] {
    const fn = `transforms.${this.name}.${method}`;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
      throw argumentError(fn, "shape", "an array of integers ≥ 0", shape);
    if (shape.length < eventDim)
      throw new ShapeError(`${fn}: shape must have at least ${eventDim} ax${eventDim === 1 ? "is" : "es"} (one event), got ${showShape(shape)}`);
    return f([...shape]);
  }

  /** Checks the event shape of a checked input (rank already ≥ the event rank); O(rank). */
  protected checkEventShape(_t: Tensor, _method: string, _arg: string): void {}

  /** Converts an argument to a float tensor and checks its rank and event shape (O(rank)). */
  private checkInput(v: TensorLike, method: string, arg: string, eventDim: number): Tensor {
    const fn = `transforms.${this.name}.${method}`;
    const t = toFloat(v, fn, arg);
    if (t.ndim < eventDim)
      throw new ShapeError(`${fn}: ${arg} must have at least ${eventDim} ax${eventDim === 1 ? "is" : "es"} (one event), got shape ${showShape(t.shape)}`);
    this.checkEventShape(t, method, arg);
    return t;
  }
}

/** Sums the last `n` axes of `t` (none when n = 0). */
export function sumRightmost(t: Tensor, n: number): Tensor {
  if (n <= 0) return t;
  return sum(t, Array.from({ length: n }, (_, i) => t.ndim - n + i));
}

/** The inverse of a transform: forward and inverse swapped, log-det negated (torch's `_InverseTransform`). */
export class InverseTransform extends Transform {
  /** `inv(base)`. */
  readonly name: string;
  /** The base's codomain event rank. */
  readonly domainEventDim: number;
  /** The base's domain event rank. */
  readonly codomainEventDim: number;
  /** Whether the base is bijective. */
  override readonly bijective: boolean;

  /** The inverse of `base`. */
  constructor(readonly base: Transform) {
    super();
    this.name = `inv(${base.name})`;
    this.domainEventDim = base.codomainEventDim;
    this.codomainEventDim = base.domainEventDim;
    this.bijective = base.bijective;
  }
  /** The base's codomain. */
  get domain(): Constraint {
    return this.base.codomain;
  }
  /** The base's domain. */
  get codomain(): Constraint {
    return this.base.domain;
  }
  /** The base's sign (an inverse of a monotone map has the same direction). */
  override get sign(): number | Tensor | undefined {
    return this.base.sign;
  }
  /** The base transform. */
  override get inv(): Transform {
    return this.base;
  }
  protected override eventForwardShape(shape: number[]): number[] {
    return this.base.inverseShape(shape);
  }
  protected override eventInverseShape(shape: number[]): number[] {
    return this.base.forwardShape(shape);
  }
  protected call(x: Tensor): Tensor {
    return this.base.inverse(x);
  }
  protected invert(y: Tensor): Tensor {
    return this.base.forward(y);
  }
  protected ladj(x: Tensor, y: Tensor): Tensor {
    return neg(this.base.logAbsDetJacobian(y, x));
  }
}
