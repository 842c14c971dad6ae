import { erf } from "../backend/cpu/erf.js";
import { digamma, erfc, erfinv, lgamma, polygamma } from "../backend/cpu/special-functions.js";
import { Tensor } from "../tensor/tensor.js";
import { runLoopKernel } from "./wasm/run-loop-kernel.js";

/** Round half to even, as the CPU backend's `round` kernel (and numpy) does. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** What generated code calls besides `Math` and typed arrays (`rt` in the source). */
export const compiledRuntime = {
  Tensor,
  erf,
  lgamma,
  digamma,
  polygamma,
  erfinv,
  erfc,
  roundHalfEven,
  runLoopKernel,
  /** What a compiled function returns for arguments of another signature. */
  MISMATCH: Symbol("compile: another signature"),
  /** True for a plain object with exactly the own keys `keys` (a signature check). */
  isPlainObject(x: unknown, keys: readonly string[]): boolean {
    if (x === null || typeof x !== "object") return false;
    const proto = Object.getPrototypeOf(x) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    let n = 0;
    for (const k in x) if (Object.prototype.hasOwnProperty.call(x, k)) n++;
    return n === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(x, k));
  },
  /** A fresh tensor with a copy of `t`'s elements (constants and inputs are never returned as they are). */
  copy(t: Tensor): Tensor {
    return new Tensor(t.shape, t.dtype, t._data!.slice());
  },
};
