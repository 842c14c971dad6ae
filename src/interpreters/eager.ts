import { isFloat } from "../core/dtype.js";
import { within, type Interpreter } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";
import { evalInterpreter } from "./eval.js";
import { gradMode } from "./grad-mode.js";
import { recordScalar } from "./record-scalar.js";
import { allVersionsZero, GradNode } from "./reverse.js";

/**
 * The eager autograd recorder, always at the bottom of the stack just above evaluation. When grad
 * mode is on and an input has `requiresGrad`, it attaches a `GradNode` to the outputs (PyTorch's
 * define-by-run graph); `backward()` later sweeps it with the same `backwardPass` as `grad`.
 */
export const eagerInterpreter: Interpreter = {
  name: "eager",
  active: true,
  parent: evalInterpreter,
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
