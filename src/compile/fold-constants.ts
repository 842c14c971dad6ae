import { shapesEqual } from "../core/shape.js";
import { addP } from "../primitives/binary/add.js";
import { divP } from "../primitives/binary/div.js";
import { mulP } from "../primitives/binary/mul.js";
import { subP } from "../primitives/binary/sub.js";
import { stopGradientP } from "../primitives/other/stop-gradient.js";
import { Literal, type Atom, type Equation } from "../trace/equation.js";
import { isConstant } from "./equation-key.js";

/**
 * What an equation folds to, one atom per output, or null when it stays. Two kinds of folding,
 * both exact in IEEE arithmetic (the result is bit-identical to running the equation):
 * - all operands constant: the equation is evaluated now and becomes a constant;
 * - identities with a constant operand, when the other operand already has the output's shape and
 *   dtype: x·1 = 1·x = x/1 = x − 0 = x + (−0) = −0 + x = x, and stopGradient(x) = x.
 * NOTE: x + 0 = 0 + x = x only where x is never −0 (`notNegativeZero`): (−0) + 0 = +0 ≠ −0.
 */
export function foldEquation(eq: Equation, notNegativeZero: (a: Atom) => boolean = () => false): Atom[] | null {
  if (eq.inputs.every((a) => a instanceof Literal)) {
    const avals = eq.outputs.map((o) => ({ shape: o.value.shape, dtype: o.value.dtype }));
    return eq.prim.impl(eq.inputs.map((a) => a.value), eq.params, avals).map((t) => new Literal(t));
  }
  if (eq.outputs.length !== 1) return null;
  const out = eq.outputs[0]!.value;
  const same = (a: Atom): boolean => a.value.dtype === out.dtype && shapesEqual(a.value.shape, out.shape);
  const [a, b] = eq.inputs as [Atom, Atom];
  let x: Atom | null = null;
  if (eq.prim === stopGradientP) x = a;
  else if (eq.prim === mulP) x = isConstant(b, 1) ? a : isConstant(a, 1) ? b : null;
  else if (eq.prim === divP) x = isConstant(b, 1) ? a : null;
  else if (eq.prim === subP) x = isConstant(b, 0) ? a : null;
  else if (eq.prim === addP)
    x = isConstant(b, -0) || (isConstant(b, 0) && notNegativeZero(a)) ? a : isConstant(a, -0) || (isConstant(a, 0) && notNegativeZero(b)) ? b : null;
  return x !== null && same(x) ? [x] : null;
}
