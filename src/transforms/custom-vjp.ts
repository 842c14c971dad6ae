import { TransformError } from "../core/errors.js";
import { checkFunction } from "../core/validate.js";
import { shapesEqual, showShape } from "../core/shape.js";
import type { TreeDef } from "../core/tree.js";
import { mul } from "../primitives/binary/mul.js";
import type { MaybeTensor, Primitive } from "../primitives/primitive.js";
import { registerPrimitive } from "../primitives/registry.js";
import { batchCustomVjp } from "./custom-vjp-batching.js";
import { cos } from "../primitives/unary/cos.js";
import { sin } from "../primitives/unary/sin.js";
import { zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { bindCall, evaluateFlat, flatFunction, type FlatFunction } from "./call-primitive.js";
import { jvpFlat } from "./jvp.js";
import { callWith, flattenValues, unflattenValues, type AnyFunction } from "./tree-values.js";

/** The forward half of a custom VJP: `(...args) => [output, residuals]`. */
export type VjpForward = (...args: never[]) => readonly [unknown, unknown];
/** The backward half: `(residuals, outputCotangent) => one cotangent per argument` (JAX's convention). */
export type VjpBackward = (residuals: never, cotangent: never) => readonly unknown[];

interface CustomVjpParams {
  readonly fn: FlatFunction;
  readonly inDef: TreeDef;
  readonly fwd: VjpForward;
  readonly bwd: VjpBackward;
}

const fill = (ts: readonly MaybeTensor[], like: readonly Tensor[]): Tensor[] => ts.map((t, i) => t ?? zerosLike(like[i]!));

/**
 * A function with a user-supplied reverse rule. Reverse mode runs `fwd` (saving residuals) and
 * `bwd`; forward mode differentiates `f` itself, so `jvp` of a custom-VJP function is still exact
 * (JAX raises instead).
 */
export const customVjpP: Primitive<CustomVjpParams> = {
  name: "customVjp",
  differentiable: true,
  vmap: batchCustomVjp,
  // NOTE: the output shape of a call primitive is only known by running it.
  shape: () => [],
  impl: (args, p) => evaluateFlat(p.fn, args),
  jvp(primals, tangents, p) {
    const [, outs, outTangents] = jvpFlat((xs) => p.fn.call(xs), primals, tangents, `customVjp(${p.fn.name}) jvp`);
    return [outs, outTangents];
  },
  fwd(primals, p) {
    const result = callWith(p.fwd, unflattenValues(p.inDef, primals) as unknown[]);
    if (!Array.isArray(result) || result.length !== 2)
      throw new TransformError(`customVjp(${p.fn.name}): fwd must return [output, residuals]`);
    const [outs, odef] = flattenValues(result[0], `customVjp(${p.fn.name}) fwd output`);
    p.fn.outDef = odef;
    return [outs, result[1]];
  },
  vjp(primals, outputs, cts, p, residuals) {
    const ct = unflattenValues(p.fn.outDef!, fill(cts, outputs));
    const result = (p.bwd as (r: unknown, c: unknown) => readonly unknown[])(residuals, ct);
    const [flat] = flattenValues(result, `customVjp(${p.fn.name}) bwd result`);
    if (!Array.isArray(result) || flat.length !== primals.length)
      throw new TransformError(
        `customVjp(${p.fn.name}): bwd must return an array with one cotangent per argument of f (${primals.length} leaves), got ${flat.length}`,
      );
    return flat.map((c, i) => {
      if (!shapesEqual(c.shape, primals[i]!.shape))
        throw new TransformError(`customVjp(${p.fn.name}): cotangent ${i} has shape ${showShape(c.shape)}, its argument has ${showShape(primals[i]!.shape)}`);
      return c;
    });
  },
  testSpec: [
    {
      args: [{ shape: [2, 3] }],
      params: {
        fn: flatFunction((x: Tensor) => sin(x), { kind: "array", children: [{ kind: "leaf" }] }, "sin"),
        inDef: { kind: "array", children: [{ kind: "leaf" }] },
        fwd: ((x: Tensor) => [sin(x), cos(x)]) as VjpForward,
        bwd: ((c: Tensor, ct: Tensor) => [mul(c, ct)]) as VjpBackward,
      },
    },
  ],
};
registerPrimitive(customVjpP);

/**
 * Gives `f` a custom reverse-mode rule (JAX's `custom_vjp`): `fwd(...args)` returns `[output,
 * residuals]`, `bwd(residuals, cotangent)` returns one cotangent per argument. Forward mode
 * differentiates `f` itself.
 *
 * @example
 * const clipGrad = customVjp((x: Tensor) => x, (x: Tensor) => [x, null], (_r, g: Tensor) => [clamp(g, -1, 1)]);
 */
export function customVjp<F extends AnyFunction>(f: F, fwd: VjpForward, bwd: VjpBackward): F {
  checkFunction(f, "customVjp", "f");
  checkFunction(fwd, "customVjp", "fwd");
  checkFunction(bwd, "customVjp", "bwd");
  const name = f.name || "f";
  const wrapped = (...args: unknown[]) =>
    bindCall(customVjpP, args, (inDef) => ({ fn: flatFunction(f, inDef, name, "customVjp"), inDef, fwd, bwd }));
  return wrapped as unknown as F;
}
