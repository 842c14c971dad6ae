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
 * Measured since (Node 20, V8 11.3): scavenges run no callbacks at all (bench/storage/finalization-scavenge.mjs:
 * 0 of 20,000 young registered views released over 16 scavenges). An untouched `ArrayBuffer` of
 * the block's size held beside each view (a ballast: V8 counts it as external memory and schedules
 * full collections by it) does make release work — 776 of 900 chain results resident at 128 MiB,
 * against 32 without — but is no net win: paired CPU 0.99× (0.93–1.13) at 128 MiB, 1.10× at 32 MiB,
 * since the collector's time doubles and glibc zeroes each ballast (~1 ms per 4 MB) once its
 * mmap threshold adapts. So results stay off; only kernel scratch lives here, freed when the next call starts.
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
  /** Free blocks below the top (fragments). */
  freeBlocks: number;
  /** Free-list entries examined by `alloc` and `free` since the storage was made (its bookkeeping work). */
  examined: number;
}

/**
 * Blocks of wasm memory for kernel scratch and for tensor data: a segregated-fit allocator with
 * coalescing free blocks over [heapBase, top) of the kernels' memory, growing the memory when the
 * top passes its end, up to `limit()` bytes. A block handed out as a result (`adopt`) becomes a
 * typed-array view over the memory, released to the free blocks by a FinalizationRegistry when
 * the view is collected, so users never free anything.
 * NOTE: used only over a shared memory: growing a shared memory never detaches the views over it
 * (each keeps its SharedArrayBuffer), so a tensor's view stays valid; over a plain memory, growing
 * would detach every view, and the kernels copy results out instead (see `storageFor`).
 * NOTE: a freed block that ends at the top lowers the top (merged with free blocks below it), so
 * the space of a huge temporary is reused by any later size; wasm memory itself cannot shrink.
 * NOTE: free blocks sit in bins by size class (`binOf`, the size classes of `sizeClass`), each an
 * array with swap-remove, plus a bitmap of the non-empty bins: `alloc` takes the most recently
 * freed block of the first non-empty bin that fits (every block there is large enough), and
 * `free` merges neighbours through start/end maps, so both are O(1) whatever the fragmentation
 * (a first-fit scan, or lazily pruned lists, grew with every call: 3× slower kernels after 8,000).
 */
export class WasmStorage {
  private readonly base: number;
  private top: number;
  /** Size of every block (allocated or free), by offset. */
  private readonly sizes = new Map<number, number>();
  /** Free blocks: start → size, and end → start. */
  private readonly freeByStart = new Map<number, number>();
  private readonly freeByEnd = new Map<number, number>();
  /** Free blocks by bin (`binOf(size)`), and each free block's index in its bin. */
  private readonly bins: number[][] = Array.from({ length: BINS }, () => []);
  private readonly slot = new Map<number, number>();
  /** Bit b of word b >> 5: bin b is non-empty. */
  private readonly nonEmpty = new Uint32Array(Math.ceil(BINS / 32));
  private freeTotal = 0;
  private resultTotal = 0;
  private made = 0;
  private released = 0;
  private examined = 0;
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

  /** A block of at least `bytes` (64-byte aligned, rounded up to its size class), or -1 when it would pass the limit or the memory cannot grow. */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    if (this.freeTotal >= size) {
      const bin = this.firstBinFrom(binOf(size));
      if (bin >= 0) {
        const list = this.bins[bin]!;
        const p = list[list.length - 1]!;
        const s = this.freeByStart.get(p)!;
        this.examined++;
        this.removeFree(p, s);
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
    return { regionBytes: this.top - this.base, freeBytes: this.freeTotal, resultBytes: this.resultTotal, resultsMade: this.made, resultsReleased: this.released, freeBlocks: this.freeByStart.size, examined: this.examined };
  }

  private release(p: number): void {
    this.resultTotal -= this.sizes.get(p)!;
    this.released++;
    this.free(p);
  }

  /** The first non-empty bin at or above `from`, or -1. */
  private firstBinFrom(from: number): number {
    const words = this.nonEmpty;
    for (let w = from >>> 5; w < words.length; w++) {
      this.examined++;
      const bits = w === from >>> 5 ? words[w]! & (-1 << (from & 31)) : words[w]!;
      if (bits !== 0) return (w << 5) + 31 - Math.clz32(bits & -bits);
    }
    return -1;
  }

  private addFree(p: number, size: number): void {
    this.freeByStart.set(p, size);
    this.freeByEnd.set(p + size, p);
    this.freeTotal += size;
    const bin = binOf(size);
    const list = this.bins[bin]!;
    this.slot.set(p, list.length);
    list.push(p);
    this.nonEmpty[bin >>> 5]! |= 1 << (bin & 31);
  }

  private removeFree(p: number, size: number): void {
    this.freeByStart.delete(p);
    this.freeByEnd.delete(p + size);
    this.freeTotal -= size;
    const bin = binOf(size);
    const list = this.bins[bin]!;
    const i = this.slot.get(p)!;
    const last = list.pop()!;
    if (last !== p) {
      list[i] = last;
      this.slot.set(last, i);
    }
    this.slot.delete(p);
    if (list.length === 0) this.nonEmpty[bin >>> 5]! &= ~(1 << (bin & 31));
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

/** Bins of 64-byte steps below 8 KiB, then 8 per power of two up to 4 GiB. */
const LINEAR_BINS = 127;
const BINS = LINEAR_BINS + (32 - 13) * 8;

/**
 * The bin of a free block of `size` bytes (a multiple of 64): the largest size class not above it,
 * so every block in a bin at or above `binOf(sizeClass(n))` holds `n` bytes.
 * NOTE: sizes stay below 2³² (the wasm32 ceiling), so `Math.clz32` gives the power of two.
 */
export function binOf(size: number): number {
  if (size < 8192) return (size >>> 6) - 1;
  const e = 31 - Math.clz32(size);
  return LINEAR_BINS + (e - 13) * 8 + (Math.floor(size / 2 ** (e - 3)) - 8);
}
