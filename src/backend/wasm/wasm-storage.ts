import type { TypedArray } from "../../core/dtype.js";
import type { WasmKernels } from "./module.js";

const PAGE = 65536;
const ALIGN = 64;

const alignUp = (x: number, a: number): number => Math.ceil(x / a) * a;

/**
 * Bounds of the tensor storage in wasm memory. `results`: the most bytes that live kernel results
 * may hold there (beyond it results are copied out to plain typed arrays, so scratch space for
 * kernel calls always remains; 0 turns results in wasm memory off); `minBytes`: smaller results
 * are plain typed arrays (a view plus its finalization record costs more than a small JS array).
 * NOTE: off (0) by default, measured: V8 clears FinalizationRegistry targets only in full
 * (mark-compact) collections, which small views do not provoke, so the storage fills within tens of
 * ops and then holds dead blocks until the next full collection. At 128 MiB (half the arena limit,
 * `wasmArenaLimits.shared`) paired runs gave 0.95× the CPU time for exp(x) + x·x on 10⁶ float32 and
 * 0.99× for the MLP step, for +115–130 MB peak RSS (bench/storage/workload.mjs).
 */
export const wasmStorageLimits = { results: 0, minBytes: 8192 };

/** Counters of a storage, for tests and benchmarks. */
export interface WasmStorageStats {
  /** Bytes of the region in use: from the heap base to the top of the highest block. */
  regionBytes: number;
  /** Bytes in free blocks below the top. */
  freeBytes: number;
  /** Bytes held by live result blocks (typed-array views handed out). */
  resultBytes: number;
  /** Result blocks handed out, and how many of them were released since. */
  resultsMade: number;
  resultsReleased: number;
}

/**
 * Blocks of wasm memory for kernel scratch and for tensor data: a first-fit allocator with
 * coalescing free blocks over [heapBase, top) of the kernels' memory, growing the memory when the
 * top passes its end, up to `limit()` bytes. A block handed out as a result (`adopt`) becomes a
 * typed-array view over the memory, released to the free blocks by a FinalizationRegistry when
 * the view is collected, so users never free anything.
 * NOTE: used only over a shared memory: growing a shared memory never detaches the views over it
 * (each keeps its SharedArrayBuffer), so a tensor's view stays valid; over a plain memory, growing
 * would detach every view, and the kernels copy results out instead (see `storageFor`).
 * NOTE: a freed block that ends at the top lowers the top (merged with free blocks below it), so
 * the space of a huge temporary is reused by any later size; wasm memory itself cannot shrink.
 */
export class WasmStorage {
  private readonly base: number;
  private top: number;
  /** Size of every block (allocated or free), by offset. */
  private readonly sizes = new Map<number, number>();
  /** Free blocks: start → size, and end → start. */
  private readonly freeByStart = new Map<number, number>();
  private readonly freeByEnd = new Map<number, number>();
  /** Free blocks by exact size (the fast path: same-size reuse); entries may be stale, checked on pop. */
  private readonly bySize = new Map<number, number[]>();
  private freeTotal = 0;
  private resultTotal = 0;
  private made = 0;
  private released = 0;
  private readonly views = new WeakMap<TypedArray, number>();
  private readonly registry = new FinalizationRegistry<number>((p) => this.release(p));

  /** @param limit the most bytes of wasm memory the region may reach. */
  constructor(
    private readonly kernels: WasmKernels,
    private readonly limit: () => number,
  ) {
    this.base = alignUp(kernels.exports.heapBase(), ALIGN);
    this.top = this.base;
  }

  /** A block of at least `bytes` (64-byte aligned, rounded up to 64 bytes), or -1 when it would pass the limit or the memory cannot grow. */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const list = this.bySize.get(size);
    while (list !== undefined && list.length > 0) {
      const p = list.pop()!;
      if (this.freeByStart.get(p) === size) return this.take(p, size);
    }
    if (this.freeTotal >= size) {
      for (const [p, s] of this.freeByStart) {
        if (s < size) continue;
        this.take(p, s);
        if (s > size) {
          this.sizes.set(p, size);
          this.sizes.set(p + size, s - size);
          this.addFree(p + size, s - size);
        }
        return p;
      }
    }
    const p = this.top;
    const end = p + size;
    const limit = this.limit();
    if (end > limit) return -1;
    const memory = this.kernels.memory;
    const have = memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      // Grow by at least a quarter of the current size so a sequence of growing calls stays cheap.
      const extra = Math.min(Math.ceil(have / PAGE / 4), Math.floor((limit - have) / PAGE));
      try {
        memory.grow(Math.max(pages, extra));
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        return -1;
      }
    }
    this.top = end;
    this.sizes.set(p, size);
    return p;
  }

  /** Returns the block at `p` to the free blocks, merging it with free neighbours (and lowering the top when it ends there). */
  free(p: number): void {
    let start = p;
    let size = this.sizes.get(p)!;
    const before = this.freeByEnd.get(p);
    if (before !== undefined) {
      const s = this.freeByStart.get(before)!;
      this.removeFree(before, s);
      this.sizes.delete(p);
      start = before;
      size += s;
    }
    const after = this.freeByStart.get(start + size);
    if (after !== undefined) {
      this.removeFree(start + size, after);
      this.sizes.delete(start + size);
      size += after;
    }
    if (start + size === this.top) {
      this.sizes.delete(start);
      this.top = start;
      return;
    }
    this.sizes.set(start, size);
    this.addFree(start, size);
  }

  /** True when `x` is a view handed out by this storage. */
  owns(x: TypedArray): boolean {
    return this.views.has(x);
  }

  /** The offset of `x` in wasm memory when it is a view of this storage, else -1. */
  offsetOf(x: TypedArray): number {
    return this.views.get(x) ?? -1;
  }

  /** Whether a result of `bytes` may be kept in wasm memory (within `wasmStorageLimits`). */
  canAdopt(bytes: number): boolean {
    return bytes >= wasmStorageLimits.minBytes && this.resultTotal + bytes <= wasmStorageLimits.results;
  }

  /**
   * The block at `p` (from `alloc`) as a typed array of `n` elements over the memory, owned from
   * now on by that view: the block is freed when the view is collected.
   */
  adopt<T extends TypedArray>(ctor: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T }, p: number, n: number): T {
    const view = new ctor(this.kernels.memory.buffer, p, n);
    this.views.set(view, p);
    this.registry.register(view, p);
    this.resultTotal += this.sizes.get(p)!;
    this.made++;
    return view;
  }

  /** Counters (see `WasmStorageStats`). */
  stats(): WasmStorageStats {
    return { regionBytes: this.top - this.base, freeBytes: this.freeTotal, resultBytes: this.resultTotal, resultsMade: this.made, resultsReleased: this.released };
  }

  private release(p: number): void {
    this.resultTotal -= this.sizes.get(p)!;
    this.released++;
    this.free(p);
  }

  private take(p: number, size: number): number {
    this.removeFree(p, size);
    return p;
  }

  private addFree(p: number, size: number): void {
    this.freeByStart.set(p, size);
    this.freeByEnd.set(p + size, p);
    this.freeTotal += size;
    let list = this.bySize.get(size);
    if (list === undefined) this.bySize.set(size, (list = []));
    // Drop stale entries (blocks merged or taken since) before the list can grow without bound.
    if (list.length >= 64) this.bySize.set(size, (list = list.filter((q) => this.freeByStart.get(q) === size)));
    list.push(p);
  }

  private removeFree(p: number, size: number): void {
    this.freeByStart.delete(p);
    this.freeByEnd.delete(p + size);
    this.freeTotal -= size;
  }
}

/**
 * Block sizes: multiples of 64 bytes up to 4 KiB, then 8 steps per power of two (at most 12.5%
 * waste), so blocks of similar sizes are interchangeable in the same-size free lists.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 4096) return Math.max(ALIGN, alignUp(bytes, ALIGN));
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 3);
  return alignUp(bytes, step);
}
