import type { TypedArray } from "../../core/dtype.js";
import type { WasmKernels } from "./module.js";

const PAGE = 65536;
const ALIGN = 64;

const alignUp = (x: number, a: number): number => Math.ceil(x / a) * a;

/**
 * Scratch space in wasm memory for one kernel call: a bump allocator over [heapBase, top) that
 * `reset()` empties at the start of every call, growing the memory when a call needs more than it
 * ever did. Tensors never live here: inputs are copied in, results copied out into fresh
 * garbage-collected typed arrays, so users never free anything. The memory only grows (wasm
 * cannot shrink it); it stays at the high-water mark of the largest call and is reused.
 */
export class Arena {
  private readonly base: number;
  private top: number;

  constructor(private readonly kernels: WasmKernels) {
    this.base = alignUp(kernels.exports.heapBase(), ALIGN);
    this.top = this.base;
  }

  /** Frees everything allocated since the last reset. */
  reset(): void {
    this.top = this.base;
  }

  /** `bytes` of scratch aligned to 64 bytes; its contents are undefined. */
  alloc(bytes: number): number {
    const p = alignUp(this.top, ALIGN);
    const end = p + bytes;
    const have = this.kernels.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      // Grow by at least a quarter of the current size so a sequence of growing calls stays cheap.
      this.kernels.memory.grow(Math.max(pages, Math.ceil(have / PAGE / 4)));
    }
    this.top = end;
    return p;
  }

  /** Copies `x` in; returns its offset. */
  copyIn(x: TypedArray): number {
    const p = this.alloc(x.byteLength);
    new Uint8Array(this.kernels.memory.buffer, p, x.byteLength).set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    return p;
  }

  /** A view of `n` elements at `p` (valid until the memory grows). */
  view<T extends TypedArray>(ctor: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T }, p: number, n: number): T {
    return new ctor(this.kernels.memory.buffer, p, n);
  }

  /** A fresh garbage-collected copy of `n` elements at `p`. */
  copyOut<T extends TypedArray>(ctor: { new (n: number): T }, p: number, n: number): T {
    const out = new ctor(n);
    const bytes = n * (out as TypedArray).BYTES_PER_ELEMENT;
    new Uint8Array(out.buffer).set(new Uint8Array(this.kernels.memory.buffer, p, bytes));
    return out;
  }
}
