import { Program } from "../trace/program.js";
import { Variable, type Atom, type Equation } from "../trace/equation.js";
import { equationKey } from "./equation-key.js";
import { foldEquation } from "./fold-constants.js";
import { NotNegativeZero } from "./not-negative-zero.js";

/**
 * The same computation with fewer equations, bit for bit: constant folding and identities
 * (`foldEquation`; x + 0 where x is never −0, see `NotNegativeZero`), common-subexpression
 * elimination (one forward pass, so the recomputed primal of a jvp rule merges with the original;
 * a + b and b + a are one, see `equationKey`) and dead-code elimination (one backward pass from
 * the outputs: the forward values `grad` does not need disappear). Variables keep their numbers.
 *
 * @example
 * optimizeProgram(trace(grad(f), 2)).equations.length; // ≤ trace(grad(f), 2).equations.length
 */
export function optimizeProgram(p: Program): Program {
  const replaced = new Map<Variable, Atom>();
  const known = new Map<string, Equation>();
  const atom = (a: Atom): Atom => (a instanceof Variable ? (replaced.get(a) ?? a) : a);
  const kept: Equation[] = [];
  const notNegativeZero = new NotNegativeZero();
  for (const eq0 of p.equations) {
    const eq: Equation = { ...eq0, inputs: eq0.inputs.map(atom) };
    const folded = foldEquation(eq, notNegativeZero.has);
    const key = folded === null ? equationKey(eq) : null;
    const same = key === null ? undefined : known.get(key);
    const replacement = folded ?? same?.outputs;
    if (replacement !== undefined) {
      eq.outputs.forEach((o, k) => replaced.set(o, replacement[k]!));
      continue;
    }
    if (key !== null) known.set(key, eq);
    kept.push(eq);
    notNegativeZero.note(eq);
  }
  const outputs = p.outputs.map(atom);
  const live = new Set<Variable>(outputs.filter((a): a is Variable => a instanceof Variable));
  const alive: Equation[] = [];
  for (let i = kept.length - 1; i >= 0; i--) {
    const eq = kept[i]!;
    if (!eq.outputs.some((o) => live.has(o))) continue;
    alive.push(eq);
    for (const a of eq.inputs) if (a instanceof Variable) live.add(a);
  }
  return new Program(p.inputs, alive.reverse(), outputs, p.inputDef, p.outputDef);
}
