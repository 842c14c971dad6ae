import { ShapeError } from "../core/errors.js";
import { showShape } from "../core/shape.js";
import { allocArray, type TypedArray } from "../core/dtype.js";
import { allBatched } from "../primitives/batching.js";
import { bind, bind1, noParams } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import { registerPrimitive } from "../primitives/registry.js";
import { requireFloat } from "../primitives/rule-helpers.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { mul, sub } from "./arithmetic.js";
import { exp } from "./elementwise.js";
import { logSoftmaxGrad } from "./log-softmax-grad-primitive.js";
import { sum } from "./reductions.js";
import { rowKernelHooks } from "./row-kernel-hooks.js";

/**
 * log softmax over the last axis of rows [rows, n], in one read of each row for the maximum and one
 * for the exponential sum, the result written in the same pass as the shift.
 * NOTE: the shift m is the row's maximum, or 0 where that is ±∞ or NaN (as `maxShift`), so rows with
 * NaN or ±∞ give the composite's NaN/−∞ pattern; the sum accumulates in float64 and each term and the
 * logarithm are rounded to the dtype first (float32 stays within an ulp or two of the composite).
 */
export function logSoftmaxRows(x: TypedArray, out: TypedArray, rows: number, n: number, f32: boolean): void {
  for (let r = 0, o = 0; r < rows; r++, o += n) {
    let m = -Infinity;
    for (let j = o; j < o + n; j++) {
      const v = x[j]!;
      if (v > m || v !== v) m = v;
      if (v !== v) break;
    }
    if (m - m !== 0) m = 0;
    let s = 0;
    if (f32)
      for (let j = o; j < o + n; j++) {
        const v = Math.fround(x[j]! - m);
        out[j] = v;
        s += Math.fround(Math.exp(v));
      }
    else
      for (let j = o; j < o + n; j++) {
        const v = x[j]! - m;
        out[j] = v;
        s += Math.exp(v);
      }
    const lse = f32 ? Math.fround(Math.log(Math.fround(s))) : Math.log(s);
    for (let j = o; j < o + n; j++) out[j] = out[j]! - lse;
  }
}

/**
 * The fused log softmax over the last axis (one kernel instead of max, shift, exp, sum, log, sub).
 * y = x − m − log Σ e^(x−m); dy = dx − Σ eʸ ⊙ dx and x̄ = ȳ − eʸ ⊙ Σ ȳ (Σ over the last axis,
 * eʸ = softmax(x)), written with primitives (x̄ is the fused `logSoftmaxGrad`) so that higher orders
 * come for free.
 */
export const logSoftmaxP: Primitive<Readonly<Record<string, never>>> = {
  name: "logSoftmax",
  differentiable: true,
  // the axis is the last per-example axis, which stays last under a leading batch axis
  vmap: (args, _batched, params, _size, prim) => allBatched(bind(prim, args, params)),
  shape([x]) {
    requireFloat("logSoftmax", x!);
    if (x!.shape.length === 0) throw new ShapeError(`logSoftmax: the input must have rank ≥ 1 (a class axis), got shape ${showShape(x!.shape)}`);
    return [{ shape: x!.shape, dtype: x!.dtype }];
  },
  impl([x], _p, [out]) {
    const data = x!._data!;
    const n = out!.shape[out!.shape.length - 1]!;
    const y = allocArray(out!.dtype, data.length);
    const f32 = out!.dtype === "float32";
    if (n > 0 && !(f32 && rowKernelHooks.logSoftmax?.([data as Float32Array], y as Float32Array, data.length / n, n))) logSoftmaxRows(data, y, data.length / n, n, f32);
    return [fromData(y, out!.shape, out!.dtype)];
  },
  jvp([x], [t]) {
    const y = logSoftmax(x!);
    return [[y], [t === null ? null : sub(t, sum(mul(exp(y), t), -1, true))]];
  },
  vjp: (_x, [y], [ct]) => [logSoftmaxGrad(y!, ct!)],
  testSpec: [
    { args: [{ shape: [3, 4] }], params: noParams },
    { args: [{ shape: [5] }], params: noParams },
    { args: [{ shape: [2, 1, 3], domain: [-30, 30] }], params: noParams },
  ],
};

/** log softmax over the last axis (the fused primitive; `logSoftmax` in ops is the public entry). */
export function logSoftmax(x: Tensor): Tensor {
  return bind1(logSoftmaxP, [x], noParams);
}

registerPrimitive(logSoftmaxP);
