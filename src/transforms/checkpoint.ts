import { checkFunction } from "../core/validate.js";
import type { Primitive } from "../primitives/primitive.js";
import { registerPrimitive } from "../primitives/registry.js";
import { batchCheckpoint } from "./call-batching.js";
import { sin } from "../primitives/unary/sin.js";
import { zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { bindCall, evaluateFlat, flatFunction, type FlatFunction } from "./call-primitive.js";
import { jvpFlat } from "./jvp.js";
import { pullbackFlat, recordFlat } from "./vjp.js";
import type { AnyFunction } from "./tree-values.js";
import { mul } from "../primitives/binary/mul.js";

interface CheckpointParams {
  readonly fn: FlatFunction;
}

/**
 * Rematerialisation: reverse mode stores only the inputs of `f` and recomputes its intermediates
 * during the backward pass (JAX's `checkpoint`/`remat`), trading compute for memory.
 */
export const checkpointP: Primitive<CheckpointParams> = {
  name: "checkpoint",
  differentiable: true,
  vmap: batchCheckpoint,
  // NOTE: the output shape of a call primitive is only known by running it.
  shape: () => [],
  impl: (args, p) => evaluateFlat(p.fn, args),
  jvp(primals, tangents, p) {
    const [, outs, outTangents] = jvpFlat((xs) => p.fn.call(xs), primals, tangents, `checkpoint(${p.fn.name})`);
    return [outs, outTangents];
  },
  vjp(primals, outputs, cts, p) {
    const rec = recordFlat((xs) => p.fn.call(xs), primals, `checkpoint(${p.fn.name})`);
    return pullbackFlat(rec, cts.map((c, i) => c ?? zerosLike(outputs[i]!)), primals);
  },
  testSpec: [
    {
      args: [{ shape: [3] }, { shape: [3] }],
      params: { fn: flatFunction((x: Tensor, y: Tensor) => sin(mul(x, y)), { kind: "array", children: [{ kind: "leaf" }, { kind: "leaf" }] }, "sinxy") },
    },
  ],
};
registerPrimitive(checkpointP);

/**
 * Returns `f` unchanged in value, but reverse mode recomputes its intermediates instead of storing
 * them.
 *
 * @example
 * const block = checkpoint((x: Tensor) => tanh(matmul(tanh(matmul(x, w1)), w2)));
 */
export function checkpoint<F extends AnyFunction>(f: F): F {
  checkFunction(f, "checkpoint", "f");
  const name = f.name || "f";
  const wrapped = (...args: unknown[]) => bindCall(checkpointP, args, (inDef) => ({ fn: flatFunction(f, inDef, name, "checkpoint") }));
  return wrapped as unknown as F;
}
