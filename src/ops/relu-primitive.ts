import { ShapeError } from "../core/errors.js";
import type { TypedArray } from "../core/dtype.js";
import { unfilledFloats } from "../core/unfilled.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { allBatched, batchElementwise, materializeAll } from "../primitives/batching.js";
import { bind, bind1, noParams } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import { registerPrimitive } from "../primitives/registry.js";
import { requireFloat, requireSameDtype } from "../primitives/rule-helpers.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";

/** The bits of a float32 array (same memory). */
const bitsOf = (a: Float32Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, a.length);

/**
 * All ones where the float32 with bits v is > 0 or NaN, else 0 (+0, −0, negatives): as an int32,
 * v > 0 exactly for the positive floats and positive NaNs, so the sign of ¬(v ∨ (v − 1)) is the test
 * (v − 1 wraps at −0's bits to a positive int, whose ∨ with −0's is still negative); NaNs of either
 * sign keep their bits.
 * NOTE: bit operations instead of a branch on the sign, which mispredicts on mixed-sign data (3× the
 * time of this loop on random activations).
 */
const passMask = (v: number): number => ((v & 0x7fffffff) > 0x7f800000 ? -1 : ~(v | (v - 1)) >> 31);

/**
 * y = (x ≤ 0 ? 0 : x) in one pass: the composite `where(x ≤ 0, 0, x)` bit for bit (−0 and negatives
 * give +0, NaN stays NaN), without its boolean mask and second kernel.
 */
export function reluForward(x: TypedArray, out: TypedArray): void {
  if (x instanceof Float32Array && out instanceof Float32Array) {
    const [xi, oi] = [bitsOf(x), bitsOf(out)];
    for (let i = 0, n = xi.length; i < n; i++) {
      const v = xi[i]!;
      oi[i] = v & passMask(v);
    }
    return;
  }
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i]!;
    out[i] = v <= 0 ? 0 : v;
  }
}

/**
 * x̄ = (y ≤ 0 ? 0 : ḡ) in one pass: relu's cotangent from its output y. y ≤ 0 exactly where x ≤ 0
 * (y is +0 there, x itself elsewhere), so NaN inputs pass their cotangent (PyTorch's threshold_backward).
 */
export function reluBackward(y: TypedArray, g: TypedArray, out: TypedArray): void {
  if (y instanceof Float32Array && g instanceof Float32Array && out instanceof Float32Array) {
    const [yi, gi, oi] = [bitsOf(y), bitsOf(g), bitsOf(out)];
    for (let i = 0, n = yi.length; i < n; i++) oi[i] = gi[i]! & passMask(yi[i]!);
    return;
  }
  for (let i = 0, n = y.length; i < n; i++) out[i] = y[i]! <= 0 ? 0 : g[i]!;
}

/**
 * relu(x) = max(x, 0) for floats as one primitive (PyTorch's native `relu`), instead of a compare, a
 * boolean mask and a `where`. Its tangent and cotangent are `reluGrad(y, ·)`: dy = [x > 0]·dx, and
 * the mask is read from the output, so nothing else is kept for the backward pass.
 * NOTE: relu'(0) = 0, and NaN passes its (co)tangent, as the composite `where(x ≤ 0, 0, x)`.
 */
export const reluP: Primitive = {
  name: "relu",
  differentiable: true,
  vmap: batchElementwise,
  shape([x]) {
    requireFloat("relu", x!);
    return [x!];
  },
  impl([x], _p, [o]) {
    const out = unfilledFloats(o!.dtype as "float32" | "float64", x!.size);
    reluForward(x!._data!, out);
    return [fromData(out, o!.shape, o!.dtype)];
  },
  jvp([x], [t]) {
    const y = reluPrim(x!);
    return [[y], [reluGrad(y, t!)]];
  },
  vjp: (_x, [y], [ct]) => [reluGrad(y!, ct!)],
  testSpec: [
    { args: [{ shape: [2, 3], domain: [0.2, 2] }], params: noParams },
    { args: [{ shape: [3], domain: [-2, -0.2] }], params: noParams },
  ],
};

/**
 * reluGrad(y, g) = (y ≤ 0 ? 0 : g): the (co)tangent of relu from its output, one pass (PyTorch's
 * threshold_backward). Linear in g, so g's rules are reluGrad(y, ·) again; piecewise constant in y
 * (derivative 0 almost everywhere), so y gets no tangent and no cotangent.
 */
export const reluGradP: Primitive = {
  name: "reluGrad",
  differentiable: true,
  vmap: (args, batched, params, size, prim) => allBatched(bind(prim, materializeAll(args, batched, size), params)),
  shape([y, g]) {
    requireFloat("reluGrad", y!);
    requireSameDtype("reluGrad", y!, g!);
    if (!shapesEqual(y!.shape, g!.shape)) throw new ShapeError(`reluGrad: the output ${showShape(y!.shape)} and its cotangent ${showShape(g!.shape)} must have one shape`);
    return [g!];
  },
  impl([y, g], _p, [o]) {
    const out = unfilledFloats(o!.dtype as "float32" | "float64", y!.size);
    reluBackward(y!._data!, g!._data!, out);
    return [fromData(out, o!.shape, o!.dtype)];
  },
  jvp([y, g], [, tg]) {
    return [[reluGrad(y!, g!)], [tg === null ? null : reluGrad(y!, tg)]];
  },
  vjp: ([y], _out, [h], _p, _r, needed) => [null, needed?.[1] === false ? null : reluGrad(y!, h!)],
  testSpec: [
    { args: [{ shape: [2, 3], domain: [0.2, 2] }, { shape: [2, 3] }], params: noParams },
    { args: [{ shape: [4], domain: [-2, -0.2] }, { shape: [4] }], params: noParams },
  ],
};

/** relu of a float tensor (the fused primitive). */
export function reluPrim(x: Tensor): Tensor {
  return bind1(reluP, [x], noParams);
}

/** (y ≤ 0 ? 0 : g) elementwise: relu's cotangent from its output y (the fused primitive). */
export function reluGrad(y: Tensor, g: Tensor): Tensor {
  return bind1(reluGradP, [y, g], noParams);
}

registerPrimitive(reluP);
registerPrimitive(reluGradP);
