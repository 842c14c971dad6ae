import { arenaCall } from "../backend/wasm/arena-call.js";
import type { TypedArray } from "../core/dtype.js";

/**
 * Elements from which float32 [rows, channels] batch norm runs in wasm.
 * NOTE: measured at [128, 256]: the wasm kernels with their copies in and out take ~0.3× the CPU time
 * of the JS loops (which run 1–2.5 ns per element and pass); below a few thousand elements the
 * call's fixed cost is a larger part and the JS loops stay.
 */
export const batchNormWasmFrom = { elements: 4096 };

/**
 * `batchNormForward` on float32 x of [rows, count] in wasm (`batchNormRowsF32`, the same bits): x
 * copied in, x̂ and the statistics written to the given arrays. False (nothing written) where the
 * wasm kernels are not loaded.
 */
export function batchNormRowsWasm(x: Float32Array, rows: number, count: number, eps: number, xhat: TypedArray, mean: TypedArray, variance: TypedArray): boolean {
  return (
    arenaCall(x.byteLength * 2, (k, arena) => {
      arena.reset();
      const px = arena.copyIn(x);
      const py = arena.alloc(x.byteLength);
      const ps = arena.alloc(count * 16);
      k.exports.batchNormRowsF32(rows, count, px, py, ps, eps);
      xhat.set(arena.view(Float32Array, py, x.length));
      mean.set(arena.view(Float64Array, ps, count));
      variance.set(arena.view(Float64Array, ps + count * 8, count));
      return true;
    }) === true
  );
}

/**
 * `batchNormBackward` on float32 x̂ and ḡ of [rows, count] in wasm (`batchNormGradRowsF32`, the same
 * bits), into `out`. False (nothing written) where the wasm kernels are not loaded.
 */
export function batchNormGradRowsWasm(xhat: Float32Array, variance: Float32Array, g: Float32Array, rows: number, count: number, eps: number, out: TypedArray): boolean {
  return (
    arenaCall(xhat.byteLength * 3, (k, arena) => {
      arena.reset();
      const px = arena.copyIn(xhat);
      const pg = arena.copyIn(g);
      const pv = arena.copyIn(variance);
      const po = arena.alloc(xhat.byteLength);
      k.exports.batchNormGradRowsF32(rows, count, px, pv, pg, po, eps);
      out.set(arena.view(Float32Array, po, xhat.length));
      return true;
    }) === true
  );
}
