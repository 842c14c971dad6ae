import { sizeOf } from "../core/shape.js";
import { broadcastToP } from "../primitives/movement/broadcast-to.js";
import { reshapeP } from "../primitives/movement/reshape.js";
import { Literal, Variable, type Atom, type Equation } from "../trace/equation.js";
import type { Program } from "../trace/program.js";
import { elementwiseKernels, type ElementwiseKernel } from "./elementwise-kernels.js";
import { uniformValue } from "./uniform-literal.js";

/** A fused loop: elementwise equations over `size` elements, computed together element by element. */
export interface Loop {
  readonly size: number;
  readonly equations: Equation[];
  /** Results written to arrays: used after the loop or returned; the others live in one iteration. */
  readonly stored: Set<Variable>;
}

/**
 * One step of generated code: a scalar equation on JS numbers, a copy of a one-element value
 * (reshape/broadcastTo), a call of the primitive's kernel, or a fused loop.
 */
export type Step =
  | { readonly kind: "scalar"; readonly eq: Equation; readonly kernel: ElementwiseKernel }
  | { readonly kind: "alias"; readonly eq: Equation }
  | { readonly kind: "call"; readonly eq: Equation }
  | { readonly kind: "loop"; readonly loop: Loop };

/** broadcastTo of one element inside a loop: every element is that element. */
const broadcastScalar: ElementwiseKernel = { expr: ([a]) => a!, exact: true };

/** The element kernel of an equation when generated code computes it inline, else null. */
export function kernelOf(eq: Equation): ElementwiseKernel | null {
  if (eq.outputs.length !== 1) return null;
  const k = elementwiseKernels.get(eq.prim);
  if (k !== undefined) return k;
  if (eq.prim === broadcastToP && eq.inputs[0]!.value.size === 1) return broadcastScalar;
  return null;
}

/** True for an operand that is one number in every element of a loop: one element, or a uniform constant. */
export function isScalarOperand(a: Atom): boolean {
  return a.value.size === 1 || (a instanceof Literal && uniformValue(a.value) !== null);
}

/**
 * Orders a program's equations into steps and fuses elementwise equations over the same number of
 * elements into loops. An operand joins a loop when it is a scalar (see `isScalarOperand`) or has
 * the loop's element count: broadcasting between equal element counts only adds unit axes, so
 * element i of the operand is element i of the result. A loop is closed (emitted) just before the
 * first other step that reads one of its results; equations run in program order otherwise.
 */
export function planSteps(p: Program): Step[] {
  const steps: Step[] = [];
  const open = new Map<number, Loop>();
  const loopOf = new Map<Variable, Loop>();
  const close = (loop: Loop): void => {
    if (open.get(loop.size) !== loop) return;
    open.delete(loop.size);
    steps.push({ kind: "loop", loop });
  };
  for (const eq of p.equations) {
    const kernel = kernelOf(eq);
    const size = sizeOf(eq.outputs[0]?.value.shape ?? []);
    if (kernel !== null && size !== 1 && eq.inputs.every((a) => isScalarOperand(a) || a.value.size === size)) {
      let loop = open.get(size);
      if (loop === undefined) open.set(size, (loop = { size, equations: [], stored: new Set() }));
      loop.equations.push(eq);
      loopOf.set(eq.outputs[0]!, loop);
      continue;
    }
    for (const a of eq.inputs) if (a instanceof Variable && loopOf.has(a)) close(loopOf.get(a)!);
    const oneElement = eq.outputs.length === 1 && size === 1 && eq.inputs.every((a) => a.value.size === 1);
    if (kernel !== null && oneElement) steps.push({ kind: "scalar", eq, kernel });
    else if (oneElement && (eq.prim === reshapeP || eq.prim === broadcastToP)) steps.push({ kind: "alias", eq });
    else steps.push({ kind: "call", eq });
  }
  for (const loop of [...open.values()]) close(loop);
  // A loop stores the results read outside it (by another step or loop) and the program's outputs.
  for (const step of steps) {
    const eqs = step.kind === "loop" ? step.loop.equations : [step.eq];
    const self = step.kind === "loop" ? step.loop : null;
    for (const eq of eqs)
      for (const a of eq.inputs)
        if (a instanceof Variable && loopOf.has(a) && loopOf.get(a) !== self) loopOf.get(a)!.stored.add(a);
  }
  for (const a of p.outputs) if (a instanceof Variable && loopOf.has(a)) loopOf.get(a)!.stored.add(a);
  return steps;
}
