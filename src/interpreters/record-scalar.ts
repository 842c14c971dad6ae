import { shapesEqual } from "../core/shape.js";
import type { Primitive } from "../primitives/primitive.js";
import { scalarFastPath } from "../primitives/rule-helpers.js";
import { scalarTensor, scalarValue, type Tensor, type TracerOwner } from "../tensor/tensor.js";
import { gradMode } from "./grad-mode.js";
import { GradNode } from "./reverse.js";
import { scalarRuleOf } from "./scalar-rules.js";

/**
 * Reverse mode's scalar path while recording: when `prim` has a float64 scalar rule (scalar-rules.ts)
 * and its one or two arguments are one-element float64 values of one shape, computes the output as
 * a number-stored scalar (no dispatch down the interpreter stack, no shape rule, no arrays) and
 * returns the node that records it (its output is `node.output0()`); null when the path does not
 * apply, and the caller records as usual. `owner` is the recording transform (its tracers stand for
 * their primals), or null for the eager recorder (the arguments are the primals).
 *
 * NOTE: the caller checks that its parent evaluates without recording (`evaluatesPlainly`); under a
 * transform, a primal with `requiresGrad` while grad mode is on would be recorded by the eager
 * recorder below, so it takes the general path.
 */
export function recordScalar<P>(prim: Primitive<P>, args: readonly Tensor[], params: P, owner: TracerOwner | null): GradNode | null {
  const rule = scalarRuleOf(prim);
  if (rule === undefined || !scalarFastPath()) return null;
  const watchGrad = owner !== null && gradMode.enabled;
  const x = args[0]!;
  const px = x._owner === owner ? (owner === null ? x : x._primal!) : x._owner === null ? x : null;
  if (px === null || px.dtype !== "float64" || (watchGrad && px.requiresGrad)) return null;
  const a = scalarValue(px);
  if (a === undefined) return null;
  const shape = px.shape;
  let b = 0;
  if (args.length === 2) {
    const w = args[1]!;
    const pw = w._owner === owner ? (owner === null ? w : w._primal!) : w._owner === null ? w : null;
    if (pw === null || pw.dtype !== "float64" || (watchGrad && pw.requiresGrad)) return null;
    if (pw.shape !== shape && !shapesEqual(pw.shape, shape)) return null;
    const bv = scalarValue(pw);
    if (bv === undefined) return null;
    b = bv;
    if (owner !== null && x._owner !== owner && w._owner !== owner) return null;
  } else if (owner !== null && x._owner !== owner) return null;
  return new GradNode(prim, params, args, owner, scalarTensor(rule.value(a, b), shape, "float64"), undefined);
}
