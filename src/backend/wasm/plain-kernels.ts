import { Arena } from "./arena.js";
import { instantiateKernels, MAX_PAGES_ST, plainKernelBytes, type WasmKernels } from "./module.js";

/**
 * The most bytes the plain instance's arena may grow its memory to.
 * NOTE: a fixed bound, not `wasmArenaLimits.shared`: the streamed paths need a few chunks
 * (elementwise-stream.ts), which the memory's first 16 pages hold, whatever the operands' size.
 */
const PLAIN_LIMIT = 16 * 1024 * 1024;

/** The plain-memory kernels and their arena, once made; null while not made, false when they cannot be. */
let plain: { kernels: WasmKernels; arena: Arena } | null | false = null;

/**
 * The kernels over a plain (unshared) memory with an arena of their own, for the streamed
 * elementwise paths (elementwise-stream.ts) where the loaded kernels' memory is shared: a second
 * instance of the plain build, compiled on the first call. Null when that build cannot be compiled here.
 * NOTE: V8 copies between a typed array and a SharedArrayBuffer word by word (relaxed atomics), at
 * about half the speed of a plain memcpy (32 KiB chunks of a 4 MB array: 0.30 against 0.18 ms in,
 * 0.29 against 0.14 ms out); the streamed paths are all copies and one kernel, so they run over a
 * plain memory. Its arena holds only their chunk buffers, so it stays small (it never shrinks).
 */
export function plainKernels(): { kernels: WasmKernels; arena: Arena } | null {
  if (plain !== null) return plain === false ? null : plain;
  try {
    const bytes = plainKernelBytes();
    if (bytes === null) throw new Error("no plain build");
    const module = new WebAssembly.Module(bytes);
    const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES_ST });
    const kernels = { module, memory, exports: instantiateKernels(module, memory), shared: false };
    plain = { kernels, arena: new Arena(kernels, () => PLAIN_LIMIT) };
  } catch {
    // e.g. a browser that refuses to compile a large module synchronously: the callers use the loaded kernels.
    plain = false;
    return null;
  }
  return plain;
}

/** Where the streamed paths run: the plain-memory kernels when `k`'s memory is shared (and they compile here), else `k` and `arena`. */
export function streamingKernels(k: WasmKernels, arena: Arena): { kernels: WasmKernels; arena: Arena } {
  return (k.shared ? plainKernels() : null) ?? { kernels: k, arena };
}
