import { ShapeError } from "../core/errors.js";
import { allocArray, type TypedArray } from "../core/dtype.js";
import { shapesEqual, showShape } from "../core/shape.js";
import { allBatched, materializeAll } from "../primitives/batching.js";
import { bind, bind1, noParams } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import { registerPrimitive } from "../primitives/registry.js";
import { addTangents, requireFloat, requireSameDtype } from "../primitives/rule-helpers.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { mul, neg, sub } from "./arithmetic.js";
import { exp } from "./elementwise.js";
import { sum } from "./reductions.js";
import { rowKernelHooks } from "./row-kernel-hooks.js";

/**
 * c − eʸ ⊙ Σ c over the last axis of rows [rows, n] in one pass per row (after one for Σ c).
 * NOTE: Σ c accumulates in float64; for float32 each product and difference is rounded as the
 * composite's ops round them.
 */
export function logSoftmaxGradRows(y: TypedArray, c: TypedArray, out: TypedArray, rows: number, n: number, f32: boolean): void {
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    let t = 0;
    for (let j = o; j < o + n; j++) t += c[j]!;
    if (f32) {
      t = Math.fround(t);
      for (let j = o; j < o + n; j++) out[j] = c[j]! - Math.fround(Math.fround(Math.exp(y[j]!)) * t);
    } else for (let j = o; j < o + n; j++) out[j] = c[j]! - Math.exp(y[j]!) * t;
  }
}

/**
 * The cotangent of log softmax over the last axis, x̄ = ȳ − eʸ ⊙ Σ ȳ, from its output y and the
 * output cotangent ȳ, as one kernel. It is linear in ȳ; its rules: d = G(y, dȳ) − eʸ ⊙ dy ⊙ Σ ȳ,
 * and the transposes ȳ-bar = ḡ − Σ eʸ ⊙ ḡ, y-bar = −eʸ ⊙ ḡ ⊙ Σ ȳ (all Σ over the last axis).
 */
export const logSoftmaxGradP: Primitive<Readonly<Record<string, never>>> = {
  name: "logSoftmaxGrad",
  differentiable: true,
  vmap: (args, batched, params, size, prim) => allBatched(bind(prim, materializeAll(args, batched, size), params)),
  shape([y, c]) {
    requireFloat("logSoftmaxGrad", y!);
    requireSameDtype("logSoftmaxGrad", y!, c!);
    if (y!.shape.length === 0 || !shapesEqual(y!.shape, c!.shape))
      throw new ShapeError(`logSoftmaxGrad: the output ${showShape(y!.shape)} and its cotangent ${showShape(c!.shape)} must have one shape of rank ≥ 1`);
    return [{ shape: y!.shape, dtype: y!.dtype }];
  },
  impl([y, c], _p, [out]) {
    const n = out!.shape[out!.shape.length - 1]!;
    const data = allocArray(out!.dtype, y!.size);
    const f32 = out!.dtype === "float32";
    const [yd, cd] = [y!._data!, c!._data!];
    if (n > 0 && !(f32 && rowKernelHooks.logSoftmaxGrad?.([yd as Float32Array, cd as Float32Array], data as Float32Array, y!.size / n, n)))
      logSoftmaxGradRows(yd, cd, data, y!.size / n, n, f32);
    return [fromData(data, out!.shape, out!.dtype)];
  },
  jvp([y, c], [ty, tc]) {
    const g = logSoftmaxGrad(y!, c!);
    const fromC = tc === null ? null : logSoftmaxGrad(y!, tc);
    const fromY = ty === null ? null : neg(mul(mul(exp(y!), ty), sum(c!, -1, true)));
    return [[g], [addTangents(fromC, fromY)]];
  },
  vjp: ([y, c], _g, [ct], _p, _r, needed) => {
    const e = exp(y!);
    return [
      needed?.[0] === false ? null : neg(mul(mul(e, ct!), sum(c!, -1, true))),
      needed?.[1] === false ? null : sub(ct!, sum(mul(e, ct!), -1, true)),
    ];
  },
  testSpec: [
    { args: [{ shape: [3, 4], domain: [-3, 0] }, { shape: [3, 4] }], params: noParams },
    { args: [{ shape: [5] }, { shape: [5] }], params: noParams },
  ],
};

/** ȳ − e^y ⊙ Σ ȳ over the last axis (the fused cotangent of `logSoftmax`). */
export function logSoftmaxGrad(y: Tensor, c: Tensor): Tensor {
  return bind1(logSoftmaxGradP, [y, c], noParams);
}

registerPrimitive(logSoftmaxGradP);
