import type { TypedArray } from "../../core/dtype.js";
import type { WasmKernels } from "./module.js";

const PAGE = 65536;
const ALIGN = 64;

const alignUp = (x: number, a: number): number => Math.ceil(x / a) * a;

/**
 * How large the arenas may grow, in bytes. `shared` bounds the reusable arena of the loaded
 * kernels, whose memory is never returned (wasm memory cannot shrink); a call that needs more runs
 * in a memory of its own (`transient`: the wasm ceiling, 2 GiB shared, 4 GiB otherwise), dropped
 * afterwards; a call beyond that runs the JS kernels. Tests lower them to exercise both paths.
 * NOTE: 256 MiB keeps every training step of the README's models (and matmuls up to ~4096², which
 * then use the worker threads) in the reusable arena, and pins no more than that for the process.
 */
export const wasmArenaLimits = { shared: 256 * 1024 * 1024, transient: 4 * 1024 * 1024 * 1024 };

/** A kernel call's scratch does not fit its arena (over the limit, or the memory could not grow). */
export class ArenaOverflow extends Error {
  override name = "ArenaOverflow";
}

/**
 * Scratch space in wasm memory for one kernel call: a bump allocator over [heapBase, top) that
 * `reset()` empties at the start of every call, growing the memory when a call needs more than it
 * ever did. Tensors never live here: inputs are copied in, results copied out into fresh
 * garbage-collected typed arrays, so users never free anything. The memory only grows (wasm
 * cannot shrink it); it stays at the high-water mark of the largest call and is reused, up to the
 * arena's limit (see `wasmArenaLimits`).
 */
export class Arena {
  private readonly base: number;
  private top: number;

  /** @param limit the most bytes of wasm memory this arena may grow its memory to (see `wasmArenaLimits`). */
  constructor(
    private readonly kernels: WasmKernels,
    private readonly limit: () => number = () => wasmArenaLimits.shared,
  ) {
    this.base = alignUp(kernels.exports.heapBase(), ALIGN);
    this.top = this.base;
  }

  /** Frees everything allocated since the last reset. */
  reset(): void {
    this.top = this.base;
  }

  /**
   * `bytes` of scratch aligned to 64 bytes; its contents are undefined. Throws `ArenaOverflow`
   * (before anything is computed: kernels allocate first) when the memory would pass the limit or
   * cannot grow.
   */
  alloc(bytes: number): number {
    const p = alignUp(this.top, ALIGN);
    const end = p + bytes;
    const limit = this.limit();
    if (end > limit) throw new ArenaOverflow(`wasm arena: ${end} bytes needed, limit ${limit}`);
    const have = this.kernels.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      // Grow by at least a quarter of the current size so a sequence of growing calls stays cheap.
      const extra = Math.min(Math.ceil(have / PAGE / 4), Math.floor((limit - have) / PAGE));
      try {
        this.kernels.memory.grow(Math.max(pages, extra));
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        throw new ArenaOverflow(`wasm arena: could not grow the memory to ${end} bytes (${e.message})`, { cause: e });
      }
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
