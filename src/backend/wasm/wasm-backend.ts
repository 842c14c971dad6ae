import type { Backend } from "../backend.js";
import { cpuBackend } from "../cpu/cpu-backend.js";
import { conv2d, conv2dInputGrad, conv2dWeightGrad, type Gemm } from "../cpu/conv.js";
import { gemm as jsGemm } from "../cpu/matmul.js";
import { Arena } from "./arena.js";
import { wasmBinary, wasmReduce, wasmUnary } from "./elementwise.js";
import { wasmMatmul } from "./matmul.js";
import { getKernels, wasmLoaded, type WasmKernels } from "./module.js";

/**
 * The WebAssembly backend: the CPU backend's kernels, with the hot ones replaced by AssemblyScript
 * kernels compiled to wasm with 128-bit SIMD (assembly/). Inputs are copied into a reusable arena
 * in wasm memory and results copied out to fresh typed arrays, so tensors stay ordinary
 * garbage-collected arrays. Large matmuls are split across worker threads (setNumThreads).
 * Replaced so far: matmul (float32/float64, every transposition variant, batched), the products
 * inside conv2d and its two gradients (im2col in JS, gemm in wasm), float32 exp and
 * log, add/sub/mul/div/max/min of same-shape or scalar float operands, sum/max over trailing axes;
 * everything else, and arrays below `wasmElementwiseTuning.minElements`, runs the CPU backend's JS.
 *
 * While the kernels are not loaded (not built, no WebAssembly SIMD, or still loading in a browser)
 * every method runs the CPU backend's JS: see `wasmReady()`.
 */

/** True once the wasm kernels are loaded (in Node: at import, when `npm run build` has generated them). */
export function wasmReady(): boolean {
  return getKernels() !== null;
}

/** Resolves to whether the wasm kernels loaded (immediately in Node; after an async compile in browsers). */
export const wasmBackendLoaded: Promise<boolean> = wasmLoaded;

let arena: Arena | null = null;

function ready(): [WasmKernels, Arena] | null {
  const k = getKernels();
  if (!k) return null;
  arena ??= new Arena(k);
  return [k, arena];
}

const isFloat = (x: unknown): x is Float32Array | Float64Array => x instanceof Float32Array || x instanceof Float64Array;

/** Below this many multiply-adds the convolutions' products stay in JS (copies and call overhead). */
const CONV_WASM_MIN_MACS = 1 << 14;

/** The convolutions' gemm on wasm: blocks copied in, the SIMD (and threaded) matmul, the product copied back. */
const wasmGemm: Gemm = (a, ao, b, bo, c, co, m, k, n) => {
  const r = ready();
  if (!r || !isFloat(a) || !isFloat(b) || a.constructor !== b.constructor || m * n * k < CONV_WASM_MIN_MACS) return jsGemm(a, ao, b, bo, c, co, m, k, n);
  const prod = wasmMatmul(r[0], r[1], a.subarray(ao, ao + m * k), [m, k], b.subarray(bo, bo + k * n), [k, n], [m, n], false, false);
  c.set(prod, co);
};

/** The wasm backend (the default once its kernels load; `setBackend(cpuBackend)` switches to plain JS). */
export const wasmBackend: Backend = {
  ...cpuBackend,
  name: "wasm",
  matmul(a, aShape, b, bShape, outShape, transA = false, transB = false) {
    const r = ready();
    if (r && isFloat(a) && isFloat(b) && a.constructor === b.constructor) return wasmMatmul(r[0], r[1], a, aShape, b, bShape, outShape, transA, transB);
    return cpuBackend.matmul(a, aShape, b, bShape, outShape, transA, transB);
  },
  unary(op, x, outDtype) {
    const r = ready();
    return (r && wasmUnary(r[0], r[1], op, x, outDtype)) || cpuBackend.unary(op, x, outDtype);
  },
  binary(op, a, aShape, b, bShape, outShape, outDtype) {
    const r = ready();
    return (r && wasmBinary(r[0], r[1], op, a, aShape, b, bShape, outShape, outDtype)) || cpuBackend.binary(op, a, aShape, b, bShape, outShape, outDtype);
  },
  conv2d: (x, xShape, w, wShape, outShape, g) => conv2d(x, xShape, w, wShape, outShape, g, wasmGemm),
  conv2dInputGrad: (ct, ctShape, w, wShape, xShape, g) => conv2dInputGrad(ct, ctShape, w, wShape, xShape, g, wasmGemm),
  conv2dWeightGrad: (x, xShape, ct, ctShape, wShape, g) => conv2dWeightGrad(x, xShape, ct, ctShape, wShape, g, wasmGemm),
  reduce(op, x, shape, axes) {
    const r = ready();
    return (r && wasmReduce(r[0], r[1], op, x, shape, axes)) || cpuBackend.reduce(op, x, shape, axes);
  },
};
