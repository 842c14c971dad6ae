import { isFloat } from "../core/dtype.js";
import { within, type Interpreter } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import { shapesEqual } from "../core/shape.js";
import { scalarFastPath } from "../primitives/rule-helpers.js";
import type { ScalarRule } from "../primitives/scalar-rule.js";
import { scalarTensor, scalarValue, type Tensor } from "../tensor/tensor.js";
import { evalInterpreter } from "./eval.js";
import { gradMode } from "./grad-mode.js";
import { recordScalar } from "./record-scalar.js";
import { scalarRuleByCode } from "./scalar-rules.js";
import { allVersionsZero, GradNode } from "./reverse.js";
import { ScalarGradNode } from "./grad-node.js";

/**
 * The eager autograd recorder, always at the bottom of the stack just above evaluation. When grad
 * mode is on and an input has `requiresGrad`, it attaches a `GradNode` to the outputs (PyTorch's
 * define-by-run graph); `backward()` later sweeps it with the same `backwardPass` as `grad`.
 */
export const eagerInterpreter: Interpreter = {
  name: "eager",
  active: true,
  parent: evalInterpreter,
  // NOTE: the scalar entry (bind.ts) records what `apply` records through `recordScalar` (same value,
  // same node, same versions), without argument arrays; anything else declines to `apply`.
  applyScalar(rule: ScalarRule, a: Tensor, b: Tensor | null): Tensor | null {
    // NOTE: every scalar rule's primitive is differentiable (bind.ts's contract), so `apply`'s check of it is not repeated here.
    if (!gradMode.enabled || !(a.requiresGrad || (b !== null && b.requiresGrad))) return evalInterpreter.applyScalar!(rule, a, b);
    if (a._owner !== null || scalarRuleByCode(rule.code) !== rule || !scalarFastPath()) return null;
    const va = scalarValue(a);
    if (va === undefined) return null;
    const shape = a.shape;
    let vb = 0;
    if (b !== null) {
      // NOTE: rank 0 first, without a call: the usual scalars' shapes are distinct `[]` arrays.
      const bs = b.shape;
      if (b._owner !== null || (bs !== shape && (bs.length !== 0 || shape.length !== 0) && !shapesEqual(bs, shape))) return null;
      const v = scalarValue(b);
      if (v === undefined) return null;
      vb = v;
    }
    const o = scalarTensor(rule.value(va, vb), shape, "float64");
    const node = new ScalarGradNode(rule, a, b, o);
    if (a._version !== 0 || (b !== null && b._version !== 0)) node.versions = b === null ? [a._version] : [a._version, b._version];
    if (gradMode.detectAnomaly) node.creationSite = creationSite();
    o.requiresGrad = true;
    o._node = node;
    return o;
  },
  apply<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[] {
    let record = false;
    if (gradMode.enabled && prim.differentiable)
      for (let i = 0; i < args.length; i++)
        if (args[i]!.requiresGrad) {
          record = true;
          break;
        }
    if (!record) return evalInterpreter.apply(prim, args, params);
    if (args.length <= 2) {
      const node = recordScalar(prim, args, params, null);
      if (node !== null) {
        node.versions = recordedVersions(args);
        if (gradMode.detectAnomaly) node.creationSite = creationSite();
        const o = node.output0()!;
        o.requiresGrad = true;
        o._node = node;
        return [o];
      }
    }
    let outs: Tensor[];
    let residuals: unknown;
    if (prim.fwd !== undefined) [outs, residuals] = within(evalInterpreter, () => prim.fwd!(args, params));
    else outs = evalInterpreter.apply(prim, args, params);
    const node = new GradNode(prim, params, args, null, outs, residuals);
    node.versions = recordedVersions(args);
    if (gradMode.detectAnomaly) node.creationSite = creationSite();
    for (let i = 0; i < outs.length; i++) {
      const o = outs[i]!;
      if (!isFloat(o.dtype)) continue;
      o.requiresGrad = true;
      o._node = node;
      o._outputIndex = i;
    }
    return outs;
  },
};

/** The versions of `args` now; the shared `allVersionsZero` when none was ever assigned (the common case). */
function recordedVersions(args: readonly Tensor[]): readonly number[] {
  for (let i = 0; i < args.length; i++)
    if (args[i]!._version !== 0) {
      const versions = new Array<number>(args.length);
      for (let j = 0; j < args.length; j++) versions[j] = args[j]!._version;
      return versions;
    }
  return allVersionsZero;
}

function creationSite(): string {
  const lines = (new Error().stack ?? "").split("\n").slice(1);
  const user = lines.filter((l) => !/[\\/](src|dist)[\\/](interpreters|primitives|transforms|ops|methods|tensor)[\\/]/.test(l));
  return (user.length > 0 ? user : lines).slice(0, 6).join("\n");
}
