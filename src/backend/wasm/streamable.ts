import type { TypedArray } from "../../core/dtype.js";
import { wasmStorage } from "./arena-call.js";
import { wasmStorageLimits } from "./wasm-storage.js";

/**
 * Whether a kernel call may stream its operands through wasm memory in chunks, copying its result
 * out to a fresh array: not while results may live in the wasm storage (a whole result block is
 * handed over, no copy), nor when an operand already lives there (the kernel reads it in place).
 */
export function streamable(a: TypedArray, b: TypedArray | null = null): boolean {
  if (wasmStorageLimits.results > 0) return false;
  const s = wasmStorage();
  return s === null || (!s.owns(a) && (b === null || !s.owns(b)));
}
