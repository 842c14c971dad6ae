import type { Backend } from "../backend.js";
import { cpuBackend } from "../cpu/cpu-backend.js";
import { Arena } from "./arena.js";
import { wasmMatmul } from "./matmul.js";
import { wasmKernels } from "./module.js";

/**
 * The WebAssembly backend: the CPU backend's kernels, with the hot ones replaced by AssemblyScript
 * kernels compiled to wasm with 128-bit SIMD (assembly/). Inputs are copied into a reusable arena
 * in wasm memory and results copied out to fresh typed arrays, so tensors stay ordinary
 * garbage-collected arrays. Large matmuls are split across worker threads (setNumThreads).
 *
 * When the kernels are unavailable (not built yet, or no WebAssembly SIMD) `wasmAvailable` is false
 * and this backend is the CPU backend under another name.
 */
export const wasmAvailable = wasmKernels !== null;

function makeWasmBackend(): Backend {
  const kernels = wasmKernels;
  if (!kernels) return { ...cpuBackend, name: "wasm" };
  const arena = new Arena(kernels);
  return {
    ...cpuBackend,
    name: "wasm",
    matmul(a, aShape, b, bShape, outShape, transA = false, transB = false) {
      if ((a instanceof Float32Array && b instanceof Float32Array) || (a instanceof Float64Array && b instanceof Float64Array))
        return wasmMatmul(kernels, arena, a, aShape, b, bShape, outShape, transA, transB);
      return cpuBackend.matmul(a, aShape, b, bShape, outShape, transA, transB);
    },
  };
}

/** The wasm backend (the default when its kernels load; `setBackend(cpuBackend)` switches to plain JS). */
export const wasmBackend: Backend = makeWasmBackend();
