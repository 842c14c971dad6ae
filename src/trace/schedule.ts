import { Variable, type Equation } from "./equation.js";

/** How the equations of a program are numbered. */
export type ProgramOrder = "levels" | "execution";

/**
 * Orders equations (given in an order where each comes after its operands' equations).
 * `"execution"` keeps the order in which the primitives ran; `"levels"` puts each equation right
 * after the deepest of its operands (its level is 1 + the highest level of its operands, inputs
 * and constants being level 0), ties in execution order: the order of the notes' tables.
 *
 * @example
 * scheduleEquations(eqs, "levels"); // ln, ×, sin (level 1), + (level 2), − (level 3)
 */
export function scheduleEquations(equations: readonly Equation[], order: ProgramOrder): Equation[] {
  const byStep = [...equations].sort((a, b) => a.step - b.step);
  if (order === "execution") return byStep;
  const level = new Map<Variable, number>();
  const levels = new Map<Equation, number>();
  for (const eq of byStep) {
    let l = 0;
    for (const a of eq.inputs) if (a instanceof Variable) l = Math.max(l, level.get(a) ?? 0);
    for (const o of eq.outputs) level.set(o, l + 1);
    levels.set(eq, l + 1);
  }
  return byStep.sort((a, b) => levels.get(a)! - levels.get(b)! || a.step - b.step);
}
