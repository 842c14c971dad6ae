import { addP } from "../primitives/binary/add.js";
import { absP } from "../primitives/unary/abs.js";
import { expP } from "../primitives/unary/exp.js";
import { Literal, type Atom, type Equation, type Variable } from "../trace/equation.js";
import { uniformValue } from "./uniform-literal.js";

/**
 * Which values of a program can never hold −0 (so that x + 0 may fold to x): integer and boolean
 * values, constants without −0, and results of exp, abs and of additions with such an operand
 * (in round-to-nearest, a + b is −0 only when both are −0). Equations are noted in program order.
 */
export class NotNegativeZero {
  private readonly known = new Set<Variable>();

  /** True when `a` is never −0. */
  readonly has = (a: Atom): boolean => {
    if (a.value.dtype === "int32" || a.value.dtype === "bool") return true;
    if (a instanceof Literal) {
      const u = uniformValue(a.value);
      return u !== null && !Object.is(u, -0);
    }
    return this.known.has(a);
  };

  /** Records the outputs of `eq` (an equation kept in the program) that are never −0. */
  note(eq: Equation): void {
    if (eq.outputs.length !== 1) return;
    if (eq.prim === expP || eq.prim === absP || (eq.prim === addP && eq.inputs.some(this.has))) this.known.add(eq.outputs[0]!);
  }
}
