import { isFloat } from "../core/dtype.js";
import type { MaybeTensor } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";
import { Variable, type Atom } from "./equation.js";
import type { Program } from "./program.js";

/** The concrete value of an operand (under any tracers of transforms around the trace). */
export function concreteValue(a: Atom): Tensor {
  return a.value._concrete();
}

/**
 * Forward mode over a program, one equation at a time: the tangent of every variable from the
 * tangents of the inputs (`null` = zero), computed by each primitive's own `jvp` rule on the
 * recorded values. Constants have zero tangents; non-float values carry none.
 *
 * @example
 * forwardSweep(program, [scalar(1, "float64"), null]); // Map { v−1 → 1, v0 → null, v1 → 0.5, … }
 */
export function forwardSweep(program: Program, inputTangents: readonly MaybeTensor[]): Map<Variable, MaybeTensor> {
  const tangents = new Map<Variable, MaybeTensor>();
  program.inputs.forEach((v, i) => tangents.set(v, isFloat(v.value.dtype) ? (inputTangents[i] ?? null) : null));
  for (const eq of program.equations) {
    const ts = eq.inputs.map((a) => (a instanceof Variable ? (tangents.get(a) ?? null) : null));
    if (!eq.prim.differentiable || ts.every((t) => t === null)) {
      for (const o of eq.outputs) tangents.set(o, null);
      continue;
    }
    const [, outTangents] = eq.prim.jvp(eq.inputs.map(concreteValue), ts, eq.params);
    eq.outputs.forEach((o, k) => tangents.set(o, isFloat(o.value.dtype) ? (outTangents[k] ?? null) : null));
  }
  return tangents;
}
