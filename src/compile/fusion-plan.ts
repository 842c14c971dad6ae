import { getBackend } from "../backend/backend.js";
import { sizeOf, type Shape } from "../core/shape.js";
import { broadcastToP } from "../primitives/movement/broadcast-to.js";
import { reshapeP } from "../primitives/movement/reshape.js";
import { sumP } from "../primitives/reduce/sum.js";
import { Literal, Variable, type Atom, type Equation } from "../trace/equation.js";
import type { Program } from "../trace/program.js";
import { elementwiseKernels, type ElementwiseKernel } from "./elementwise-kernels.js";
import { sinkScalars } from "./sink-scalars.js";
import { uniformValue } from "./uniform-literal.js";
import { vectorKernelsAvailable } from "./wasm/vector-kernels-available.js";
import { vectorPlan, type LaneType } from "./wasm/vector-ops.js";

/** A fused loop: elementwise equations over `size` elements, computed together element by element. */
export interface Loop {
  readonly size: number;
  readonly equations: Equation[];
  /** Results written to arrays: used after the loop or returned; the others live in one iteration. */
  readonly stored: Set<Variable>;
  /**
   * Sums of all elements of a loop value (`sum` to one element), accumulated in the loop: their
   * results are numbers after it, never arrays.
   */
  readonly sums: Set<Variable>;
  /**
   * A loop over the backend's native size or more (wasm backend): every equation but its sums has
   * a vector op (see `vectorPlan`), and it runs as a generated WebAssembly kernel.
   */
  readonly vector: boolean;
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

/**
 * Where a broadcast operand's element for output element i sits: `(i / inner | 0) % block`. Exists
 * when the operand's axes (right-aligned) are 1 except for one run equal to the output's axes
 * there — a bias [n] against [m, n] (block n, inner 1), a keepdims reduction [m, 1] against [m, n]
 * (block m, inner n) — or when it has all the output's elements (block = size, inner = 1).
 */
export interface LoopIndex {
  readonly block: number;
  readonly inner: number;
}

/** The loop index of an operand of shape `shape` broadcast to `out`, or null when it is not one run of axes. */
export function loopIndex(shape: Shape, out: Shape): LoopIndex | null {
  const dims = [...Array<number>(out.length - shape.length).fill(1), ...shape];
  const first = dims.findIndex((d) => d !== 1);
  if (first < 0) return { block: 1, inner: 1 };
  let last = dims.length - 1;
  while (dims[last] === 1) last--;
  for (let k = first; k <= last; k++) if (dims[k] !== out[k]) return null;
  return { block: sizeOf(dims.slice(first, last + 1)), inner: sizeOf(out.slice(last + 1)) };
}

/** True for an operand that is one number in every element of a loop: one element, or a uniform constant. */
export function isScalarOperand(a: Atom): boolean {
  return a.value.size === 1 || (a instanceof Literal && uniformValue(a.value) !== null);
}

/**
 * True for a `sum` over every element of a value of the open loop `loop` (one element out, a
 * numeric dtype kept): the loop accumulates it. NOTE: the accumulator starts at 0 and adds element
 * by element in row-major order, in a JS double rounded once at the end, as the CPU backend's
 * whole-array sum does, so the result has the same bits; a vector loop (the wasm backend's sizes)
 * accumulates as the wasm backend's whole-array sum does (see `loopKernel`).
 */
function isLoopSum(eq: Equation, loop: Loop | undefined): boolean {
  if (loop === undefined || eq.prim !== sumP || eq.outputs.length !== 1) return false;
  const x = eq.inputs[0]!;
  const out = eq.outputs[0]!.value;
  return x instanceof Variable && x.value.size === loop.size && out.size === 1 && out.dtype === x.value.dtype && x.value.dtype !== "bool";
}

/**
 * Orders a program's equations into steps and fuses elementwise equations over the same number of
 * elements into loops, with the sums of all elements of their values (see `isLoopSum`). An operand joins a loop when it is a scalar (see `isScalarOperand`) or is
 * broadcast as one run of axes (see `loopIndex`); with the loop's element count it is read at
 * element i (broadcasting between equal element counts only adds unit axes). A loop is closed
 * (emitted) just before the first other step that reads one of its results; equations run in
 * program order otherwise, except that one-element results are computed when first needed
 * (`sinkScalars`).
 */
export function planSteps(p: Program): Step[] {
  const steps: Step[] = [];
  // NOTE: from the backend's native size up (the wasm backend's 2,048 elements), loops hold only
  // equations a generated wasm kernel computes (see `vectorPlan`), with the backend kernels'
  // semantics, so results are the interpreter's to the bit there too except float32 exp and tanh,
  // which the kernels compute in float32 (within 1 ulp: see vector-math.ts); the other equations are calls of
  // the backend's kernels, as are all of them where no vector kernels can be made.
  const native = getBackend().nativeElementwiseFrom();
  const vector = native < Infinity && vectorKernelsAvailable();
  const open = new Map<number, Loop>();
  /** The float dtype of each open vector loop's lanes (null while it has only bool values). */
  const lanesOf = new Map<Loop, LaneType | null>();
  const loopOf = new Map<Variable, Loop>();
  const sumOf = new Map<Variable, Loop>();
  const close = (loop: Loop): void => {
    if (open.get(loop.size) !== loop) return;
    open.delete(loop.size);
    steps.push({ kind: "loop", loop });
  };
  for (const eq of sinkScalars(p.equations)) {
    const kernel = kernelOf(eq);
    const size = sizeOf(eq.outputs[0]?.value.shape ?? []);
    const out = eq.outputs[0]?.value.shape ?? [];
    // A sum's result exists only after its loop: a reader closes the loop first.
    for (const a of eq.inputs) if (a instanceof Variable && sumOf.has(a)) close(sumOf.get(a)!);
    const x = eq.inputs[0];
    const sumLoop = x instanceof Variable ? loopOf.get(x) : undefined;
    if (sumLoop !== undefined && open.get(sumLoop.size) === sumLoop && isLoopSum(eq, sumLoop)) {
      sumLoop.equations.push(eq);
      sumLoop.sums.add(eq.outputs[0]!);
      sumOf.set(eq.outputs[0]!, sumLoop);
      continue;
    }
    const plan = vector && size >= native && kernel !== null ? vectorPlan(eq) : null;
    if (kernel !== null && size !== 1 && (size < native || plan !== null) && eq.inputs.every((a) => isScalarOperand(a) || loopIndex(a.value.shape, out) !== null)) {
      // A broadcast operand from a loop over another element count: that loop must run first.
      for (const a of eq.inputs) if (a instanceof Variable && loopOf.has(a) && loopOf.get(a)!.size !== size) close(loopOf.get(a)!);
      let loop = open.get(size);
      // A vector loop has one float dtype: an equation of the other one starts a new loop.
      if (loop !== undefined && plan?.lanes && (lanesOf.get(loop) ?? plan.lanes) !== plan.lanes) close(loop);
      loop = open.get(size);
      if (loop === undefined) open.set(size, (loop = { size, equations: [], stored: new Set(), sums: new Set(), vector: plan !== null }));
      if (plan !== null) lanesOf.set(loop, lanesOf.get(loop) ?? plan.lanes);
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
