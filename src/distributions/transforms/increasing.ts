import { real, type Constraint } from "../constraints.js";
import { Transform } from "./transform.js";

/** An increasing elementwise bijection from the reals (event rank 0): the base of exp, softplus, sigmoid, tanh. */
export abstract class IncreasingTransform extends Transform {
  /** Elementwise. */
  readonly domainEventDim: number = 0;
  /** Elementwise. */
  readonly codomainEventDim: number = 0;
  /** The reals. */
  get domain(): Constraint {
    return real;
  }
  /** Increasing: +1. */
  override get sign(): number {
    return 1;
  }
}
