import { Arena, ArenaOverflow, wasmArenaLimits } from "./arena.js";
import { getKernels, instantiateKernels, MAX_PAGES_MT, MAX_PAGES_ST, type KernelExports, type WasmKernels } from "./module.js";
import { WasmStorage } from "./wasm-storage.js";

let arena: Arena | null = null;
let storage: WasmStorage | null = null;

/**
 * The tensor storage in the loaded kernels' memory (created with the first kernel call), or null:
 * kernels not loaded yet, or a plain (unshared) memory, where results are copied out instead.
 */
export function wasmStorage(): WasmStorage | null {
  return storage;
}

/**
 * Runs a wasm kernel call — `call(kernels, arena)`, which returns null when the kernels do not
 * handle its case — and returns its result, or null when the caller should run the JS kernels
 * (kernels not loaded, case not handled, or too large for any wasm memory). `bytes` is a lower
 * bound of the scratch the call needs (its operands' bytes).
 * NOTE: a call whose scratch does not fit the reusable arena (`wasmArenaLimits.shared`; known
 * from `bytes`, or found when an allocation fails) runs on one thread in a fresh instance over a
 * memory of its own that is dropped when it returns, so one huge op does not pin its memory for
 * the rest of the process; past the wasm ceiling (or `wasmArenaLimits.transient`) it returns
 * null, and the op runs in JS.
 */
export function arenaCall<T>(bytes: number, call: (kernels: WasmKernels, arena: Arena) => T | null): T | null {
  const k = getKernels();
  if (k === null) return null;
  if (bytes <= wasmArenaLimits.shared) {
    if (arena === null) {
      // NOTE: only over a shared memory, whose growth never detaches the views handed out (see WasmStorage).
      storage = k.shared ? new WasmStorage(k, () => wasmArenaLimits.shared) : null;
      arena = new Arena(k, () => wasmArenaLimits.shared, storage);
    }
    try {
      return call(k, arena);
    } catch (e) {
      if (!(e instanceof ArenaOverflow)) throw e;
    }
  }
  try {
    const t = transientKernels(k);
    return call(t, new Arena(t, () => wasmArenaLimits.transient));
  } catch (e) {
    if (!(e instanceof ArenaOverflow)) throw e;
    return null;
  }
}

/** A fresh instance of the loaded kernel module over a new, small memory (grown by its arena as needed). */
function transientKernels(k: WasmKernels): WasmKernels {
  let memory: WebAssembly.Memory;
  let exports: KernelExports;
  try {
    memory = new WebAssembly.Memory({ initial: 16, maximum: k.shared ? MAX_PAGES_MT : MAX_PAGES_ST, shared: k.shared });
    exports = instantiateKernels(k.module, memory);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new ArenaOverflow(`wasm arena: no memory for a transient instance (${e.message})`, { cause: e });
  }
  // NOTE: `getPool(kernels)` gives no pool for these: worker threads run over the loaded kernels' memory only.
  return { module: k.module, memory, exports, shared: k.shared };
}
