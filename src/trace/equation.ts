import type { AnyPrimitive } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * A variable of a Wengert list: an input (index 1−n … 0) or the output of an equation
 * (index 1 … l), with the value it had when the program was traced.
 */
export class Variable {
  constructor(
    /** The Griewank–Walther index: inputs are v_{1−n} … v_0, intermediates v_1 … v_l. */
    readonly index: number,
    /** The value recorded when the function was traced. */
    readonly value: Tensor,
    /** For inputs: the argument name (x1, x2 … or the expression's variable names). */
    readonly name: string | null = null,
  ) {}
}

/** A constant operand: a number or a tensor that did not depend on the inputs. */
export class Literal {
  constructor(readonly value: Tensor) {}
}

/** An operand of an equation. */
export type Atom = Variable | Literal;

/** One line of a Wengert list: `outputs = prim(inputs; params)`. */
export interface Equation {
  readonly prim: AnyPrimitive;
  readonly params: unknown;
  readonly inputs: readonly Atom[];
  readonly outputs: readonly Variable[];
  /** The position of this equation when the function ran (0 = first primitive applied). */
  readonly step: number;
}
