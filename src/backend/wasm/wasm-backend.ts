import type { Backend } from "../backend.js";
import { cpuBackend } from "../cpu/cpu-backend.js";
import { arenaCall } from "./arena-call.js";
import { wasmConv2d, wasmConv2dInputGrad, wasmConv2dWeightGrad } from "./conv.js";
import { sizeOf } from "../../core/shape.js";
import { wasmBinary, wasmElementwiseTuning, wasmReduce, wasmUnary, wasmWhere } from "./elementwise.js";
import { wasmMatmul } from "./matmul.js";
import { wasmMaxPool2d } from "./max-pool2d.js";
import { getKernels, wasmLoaded } from "./module.js";

/**
 * The WebAssembly backend: the CPU backend's kernels, with the hot ones replaced by AssemblyScript
 * kernels compiled to wasm with 128-bit SIMD (assembly/). Over a shared memory (Node, isolated
 * pages) kernel scratch lives in a `WasmStorage`, and operands that are storage views are read in
 * place; results are copied out to fresh typed arrays unless `wasmStorageLimits.results` lets them
 * stay in wasm memory as views (off by default: see wasm-storage.ts). Large matmuls are split across worker threads (setNumThreads).
 * Replaced so far: matmul (float32/float64, every transposition variant, batched), conv2d and its
 * two gradients (im2col, gemm and col2im per image in wasm, images across threads), max pooling
 * and its two derivative kernels, exp and log (float32 and float64), add/sub/mul/div/max/min,
 * comparisons and where of float operands under any broadcast, sum/max/min over trailing axes and
 * sums over leading ones (and float32 sums over leading and trailing axes around kept ones); everything else, and arrays below `wasmElementwiseTuning.minElements`, runs the CPU backend's JS.
 *
 * While the kernels are not loaded (not built, no WebAssembly SIMD, or still loading in a browser)
 * every method runs the CPU backend's JS: see `wasmReady()`. Calls too large for the reusable
 * arena (256 MiB) run in a wasm memory of their own, dropped afterwards; calls too large for any
 * wasm memory (the 2 GiB ceiling) run the JS kernels (see `arenaCall`).
 */

/** True once the wasm kernels are loaded (in Node: at import, when `npm run build` has generated them). */
export function wasmReady(): boolean {
  return getKernels() !== null;
}

/** Resolves to whether the wasm kernels loaded (immediately in Node; after an async compile in browsers). */
export const wasmBackendLoaded: Promise<boolean> = wasmLoaded;

const isFloat = (x: unknown): x is Float32Array | Float64Array => x instanceof Float32Array || x instanceof Float64Array;

/** The two float operands when both are float arrays of one type (what the wasm kernels take), else null. */
const floatPair = (a: unknown, b: unknown): [Float32Array | Float64Array, Float32Array | Float64Array] | null =>
  isFloat(a) && isFloat(b) && a.constructor === b.constructor ? [a, b] : null;

/** The wasm backend (the default once its kernels load; `setBackend(cpuBackend)` switches to plain JS). */
export const wasmBackend: Backend = {
  ...cpuBackend,
  name: "wasm",
  // NOTE: the SIMD kernels, copies included, measured faster than a fused JS loop with a Math.fround
  // per operation from the size where they take over (a compiled MLP step: 5.2–5.8 ms, against
  // 5.3–7.1 ms fused).
  nativeElementwiseFrom: () => (getKernels() ? wasmElementwiseTuning.minElements : Infinity),
  matmul(a, aShape, b, bShape, outShape, transA = false, transB = false) {
    const f = floatPair(a, b);
    return (f && arenaCall(f[0].byteLength + f[1].byteLength, (k, ar) => wasmMatmul(k, ar, f[0], aShape, f[1], bShape, outShape, transA, transB))) ?? cpuBackend.matmul(a, aShape, b, bShape, outShape, transA, transB);
  },
  unary(op, x, outDtype) {
    if (x.length < wasmElementwiseTuning.minElements) return cpuBackend.unary(op, x, outDtype); // small: JS, before any other check
    return arenaCall(2 * x.byteLength, (k, ar) => wasmUnary(k, ar, op, x, outDtype)) ?? cpuBackend.unary(op, x, outDtype);
  },
  binary(op, a, aShape, b, bShape, outShape, outDtype) {
    if (outShape.length === 0 || (a.length < wasmElementwiseTuning.minElements && b.length < wasmElementwiseTuning.minElements && sizeOf(outShape) < wasmElementwiseTuning.minElements))
      return cpuBackend.binary(op, a, aShape, b, bShape, outShape, outDtype);
    return arenaCall(a.byteLength + b.byteLength, (k, ar) => wasmBinary(k, ar, op, a, aShape, b, bShape, outShape, outDtype)) ?? cpuBackend.binary(op, a, aShape, b, bShape, outShape, outDtype);
  },
  conv2d(x, xShape, w, wShape, outShape, g, bias = null) {
    const f = floatPair(x, w);
    const b = bias === null || (isFloat(bias) && bias.constructor === x.constructor) ? bias : null;
    return (f && b === bias && arenaCall(x.byteLength + w.byteLength, (k, ar) => wasmConv2d(k, ar, f[0], xShape, f[1], wShape, outShape, g, b))) || cpuBackend.conv2d(x, xShape, w, wShape, outShape, g, bias);
  },
  conv2dInputGrad(ct, ctShape, w, wShape, xShape, g) {
    const f = floatPair(ct, w);
    return (f && arenaCall(ct.byteLength + w.byteLength, (k, ar) => wasmConv2dInputGrad(k, ar, f[0], ctShape, f[1], wShape, xShape, g))) || cpuBackend.conv2dInputGrad(ct, ctShape, w, wShape, xShape, g);
  },
  conv2dWeightGrad(x, xShape, ct, ctShape, wShape, g) {
    const f = floatPair(x, ct);
    return (f && arenaCall(x.byteLength + ct.byteLength, (k, ar) => wasmConv2dWeightGrad(k, ar, f[0], xShape, f[1], ctShape, wShape, g))) || cpuBackend.conv2dWeightGrad(x, xShape, ct, ctShape, wShape, g);
  },
  where(cond, condShape, a, aShape, b, bShape, outShape, outDtype) {
    return arenaCall(cond.byteLength + a.byteLength + b.byteLength, (k, ar) => wasmWhere(k, ar, cond, condShape, a, aShape, b, bShape, outShape, outDtype)) ?? cpuBackend.where(cond, condShape, a, aShape, b, bShape, outShape, outDtype);
  },
  maxPool2d(x, xShape, outShape, g) {
    return (isFloat(x) && arenaCall(x.byteLength, (k, ar) => wasmMaxPool2d(k, ar, "maxPool2d", x, xShape, outShape, g, null))) || cpuBackend.maxPool2d(x, xShape, outShape, g);
  },
  maxPool2dTangent(x, xShape, t, outShape, g) {
    const f = floatPair(x, t);
    return (f && arenaCall(x.byteLength + t.byteLength, (k, ar) => wasmMaxPool2d(k, ar, "maxPool2dTangent", f[0], xShape, outShape, g, f[1]))) || cpuBackend.maxPool2dTangent(x, xShape, t, outShape, g);
  },
  maxPool2dGrad(x, xShape, ct, ctShape, g) {
    const f = floatPair(x, ct);
    return (f && arenaCall(2 * x.byteLength + ct.byteLength, (k, ar) => wasmMaxPool2d(k, ar, "maxPool2dGrad", f[0], xShape, ctShape, g, f[1]))) || cpuBackend.maxPool2dGrad(x, xShape, ct, ctShape, g);
  },
  reduce(op, x, shape, axes) {
    if (x.length < wasmElementwiseTuning.minElements) return cpuBackend.reduce(op, x, shape, axes);
    return arenaCall(x.byteLength, (k, ar) => wasmReduce(k, ar, op, x, shape, axes)) ?? cpuBackend.reduce(op, x, shape, axes);
  },
};
