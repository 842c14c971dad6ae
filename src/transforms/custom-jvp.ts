import { TransformError } from "../core/errors.js";
import { checkFunction } from "../core/validate.js";
import { shapesEqual, showShape } from "../core/shape.js";
import type { TreeDef } from "../core/tree.js";
import { registerPrimitive } from "../primitives/registry.js";
import { batchCustomJvp } from "./custom-jvp-batching.js";
import type { MaybeTensor, Primitive } from "../primitives/primitive.js";
import { zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { bindCall, evaluateFlat, flatFunction, type FlatFunction } from "./call-primitive.js";
import { pullbackFlat, recordFlat } from "./vjp.js";
import { flattenValues, unflattenValues, type AnyFunction } from "./tree-values.js";
import { sin } from "../primitives/unary/sin.js";
import { cos } from "../primitives/unary/cos.js";
import { mul } from "../primitives/binary/mul.js";

/** A custom forward rule: `(primals, tangents) => [output, outputTangent]` (trees mirroring f's). */
export type JvpRule = (primals: Tensor[], tangents: Tensor[]) => readonly [unknown, unknown];

interface CustomJvpParams {
  readonly fn: FlatFunction;
  readonly inDef: TreeDef;
  readonly rule: JvpRule;
}

/** Runs the user's rule on flat primals/tangents and returns flat outputs and output tangents. */
function runRule(p: CustomJvpParams, primals: readonly Tensor[], tangents: readonly Tensor[]): [Tensor[], Tensor[]] {
  const ps = unflattenValues(p.inDef, primals) as Tensor[];
  const ts = unflattenValues(p.inDef, tangents) as Tensor[];
  const result = p.rule(ps, ts);
  if (!Array.isArray(result) || result.length !== 2)
    throw new TransformError(`customJvp(${p.fn.name}): the rule must return [output, outputTangent]`);
  const [outs, odef] = flattenValues(result[0], `customJvp(${p.fn.name}) rule output`);
  const [touts] = flattenValues(result[1], `customJvp(${p.fn.name}) rule tangent`);
  if (touts.length !== outs.length) throw new TransformError(`customJvp(${p.fn.name}): the rule's tangent must mirror its output`);
  touts.forEach((t, i) => {
    if (!shapesEqual(t.shape, outs[i]!.shape))
      throw new TransformError(`customJvp(${p.fn.name}): tangent ${i} has shape ${showShape(t.shape)}, output has ${showShape(outs[i]!.shape)}`);
  });
  p.fn.outDef = odef;
  return [outs, touts];
}

const fill = (ts: readonly MaybeTensor[], like: readonly Tensor[]): Tensor[] => ts.map((t, i) => t ?? zerosLike(like[i]!));

/**
 * A function with a user-supplied forward rule. In forward mode the rule runs instead of
 * differentiating `f`; in reverse mode the engine transposes the rule's (linear) tangent map
 * t ↦ rule(x, t)[1] by reverse-differentiating it, so one rule serves both modes and every order.
 */
export const customJvpP: Primitive<CustomJvpParams> = {
  name: "customJvp",
  differentiable: true,
  vmap: batchCustomJvp,
  // NOTE: the output shape of a call primitive is only known by running it.
  shape: () => [],
  impl: (args, p) => evaluateFlat(p.fn, args),
  jvp: (primals, tangents, p) => runRule(p, primals, fill(tangents, primals)),
  vjp(primals, outputs, cts, p) {
    // vjp = transpose of the linear map t ↦ rule(x, t)[1], obtained as its reverse-mode derivative at t = 0.
    const zeros = primals.map((x) => zerosLike(x));
    const rec = recordFlat((ts) => runRule(p, primals, ts)[1], zeros, `customJvp(${p.fn.name}) transpose`);
    return pullbackFlat(rec, fill(cts, outputs), zeros);
  },
  testSpec: [
    {
      args: [{ shape: [2, 3] }],
      params: {
        fn: flatFunction((x: Tensor) => sin(x), { kind: "array", children: [{ kind: "leaf" }] }, "sin"),
        inDef: { kind: "array", children: [{ kind: "leaf" }] },
        rule: ([x], [t]) => [sin(x!), mul(cos(x!), t!)],
      },
    },
  ],
};
registerPrimitive(customJvpP);

/**
 * Gives `f` a custom forward-mode rule (JAX's `custom_jvp`), used by every transform: `jvp` calls
 * it directly, reverse mode transposes it. Use it for numerical stability or speed.
 *
 * @example
 * const softplus = customJvp(
 *   (x: Tensor) => log1p(exp(x)),
 *   ([x], [t]) => [log1p(exp(x)), mul(t, sigmoid(x))],
 * );
 */
export function customJvp<F extends AnyFunction>(f: F, rule: JvpRule): F {
  checkFunction(f, "customJvp", "f");
  checkFunction(rule, "customJvp", "rule");
  const name = f.name || "f";
  const wrapped = (...args: unknown[]) =>
    bindCall(customJvpP, args, (inDef) => ({ fn: flatFunction(f, inDef, name, "customJvp"), inDef, rule }));
  return wrapped as unknown as F;
}

