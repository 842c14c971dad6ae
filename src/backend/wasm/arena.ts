import type { TypedArray } from "../../core/dtype.js";
import { unfilled } from "../../core/unfilled.js";
import type { WasmKernels } from "./module.js";
import { wasmStorageLimits, type WasmStorage } from "./wasm-storage.js";

const PAGE = 65536;
const ALIGN = 64;

const alignUp = (x: number, a: number): number => Math.ceil(x / a) * a;

/**
 * The most bytes of scratch an arena over a storage keeps as one block between calls (see `Arena`).
 * NOTE: 16 MiB holds every call of `wengert train`'s MLP and CNN steps at batch 128 (their largest
 * calls need 3.5 and 13.8 MiB), and stays a small part of the storage's bound
 * (`wasmArenaLimits.shared`); a call that needs more takes storage blocks for the rest.
 */
const KEEP_MAX = 16 * 1024 * 1024;

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
 * Scratch space in wasm memory for one kernel call, which `reset()` empties at the start of every
 * call. Two kinds:
 * - over a `WasmStorage` (the loaded kernels, shared memory): scratch comes from one storage block
 *   kept between calls (bump-allocated, regrown at a reset to the most a call needed, up to
 *   `KEEP_MAX`), and beyond it (or while results may live in the storage) from blocks of the storage;
 *   an operand that is a storage view is read in place (`copyIn` returns its offset), and a result
 *   block becomes a storage view (`copyOut` hands the block over) — no copy either way. Results
 *   past `wasmStorageLimits` are copied out to plain typed arrays.
 * - otherwise (transient instances, plain memory): a bump allocator over [heapBase, top), growing
 *   the memory when a call needs more than it ever did; inputs are copied in, results copied out
 *   into fresh garbage-collected typed arrays. The memory only grows (wasm cannot shrink it).
 * Either way users never free anything, and the region stays within the arena's limit (see `wasmArenaLimits`).
 */
export class Arena {
  private readonly base: number;
  private top: number;
  /** Storage blocks allocated as scratch since the last reset. */
  private readonly blocks: number[] = [];
  /** The kept storage block [region, regionEnd) (region -1: none), its next free byte, and the bytes this call asked for. */
  private region = -1;
  private regionEnd = 0;
  private bump = 0;
  private wanted = 0;

  /**
   * @param limit the most bytes of wasm memory this arena may grow its memory to (see `wasmArenaLimits`).
   * @param storage where scratch and results live (the loaded kernels' memory), or null for the bump allocator.
   */
  constructor(
    private readonly kernels: WasmKernels,
    private readonly limit: () => number = () => wasmArenaLimits.shared,
    private readonly storage: WasmStorage | null = null,
  ) {
    this.base = alignUp(kernels.exports.heapBase(), ALIGN);
    this.top = this.base;
  }

  /** Frees everything allocated since the last reset (except blocks handed over as results). */
  reset(): void {
    this.top = this.base;
    const s = this.storage;
    if (s === null) return;
    for (const p of this.blocks) s.free(p);
    this.blocks.length = 0;
    // NOTE: one kept block bump-allocated instead of a storage block per allocation, freed at the
    // next reset: the storage's bookkeeping (its maps) took ~5% of the MLP training step's CPU time.
    // While results may live in the storage (wasmStorageLimits.results > 0) every scratch
    // allocation is a block of its own, which copyOut may hand over as a result.
    const keep = wasmStorageLimits.results === 0;
    const want = this.wanted;
    this.wanted = 0;
    const size = this.regionEnd - this.region;
    // A kept block past a lowered limit is given back too (the limit bounds every call's scratch).
    if (this.region >= 0 && (!keep || this.regionEnd > this.limit() || (want > size && size < KEEP_MAX))) {
      s.free(this.region);
      this.region = -1;
      this.regionEnd = 0;
    }
    if (keep && this.region < 0 && want > 0) {
      const bytes = Math.min(KEEP_MAX, want);
      const q = s.alloc(bytes);
      if (q >= 0) {
        this.region = q;
        this.regionEnd = q + bytes;
      }
    }
    this.bump = this.region;
  }

  /**
   * `bytes` of scratch aligned to 64 bytes; its contents are undefined. Throws `ArenaOverflow`
   * (before anything is computed: kernels allocate first) when the memory would pass the limit or
   * cannot grow.
   */
  alloc(bytes: number): number {
    if (this.storage !== null) {
      this.wanted += alignUp(bytes, ALIGN);
      const r = this.bump;
      if (r >= 0 && r + bytes <= this.regionEnd && wasmStorageLimits.results === 0) {
        this.bump = alignUp(r + bytes, ALIGN);
        return r;
      }
      const q = this.storage.alloc(bytes);
      if (q < 0) throw new ArenaOverflow(`wasm arena: ${bytes} bytes of scratch do not fit the storage (limit ${this.limit()})`);
      this.blocks.push(q);
      return q;
    }
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

  /**
   * The offset of `x` in wasm memory: a storage view is read in place; anything else is copied in
   * (rounded up to whole 16-byte vectors, which the kernels read).
   * NOTE: the offset may be the operand's own storage: write only to blocks from `alloc`, never to
   * a `copyIn` block (a caller that works in place on a copy copies with `alloc` and `view`).
   */
  copyIn(x: TypedArray): number {
    const q = this.storage === null ? -1 : this.storage.offsetOf(x);
    if (q >= 0) return q;
    const p = this.alloc(Math.ceil(x.byteLength / 16) * 16);
    new Uint8Array(this.kernels.memory.buffer, p, x.byteLength).set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    return p;
  }

  /** A view of `n` elements at `p` (valid until the memory grows). */
  view<T extends TypedArray>(ctor: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T }, p: number, n: number): T {
    return new ctor(this.kernels.memory.buffer, p, n);
  }

  /**
   * The result of `n` elements at `p`: when `p` is a scratch block of this call and the storage
   * takes it (`WasmStorage.canAdopt`), that block itself as a storage view (no copy); otherwise a
   * fresh garbage-collected copy.
   */
  copyOut<T extends TypedArray>(ctor: { new (n: number): T; new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number }, p: number, n: number): T {
    const s = this.storage;
    if (s !== null && s.canAdopt(n * ctor.BYTES_PER_ELEMENT)) {
      const i = this.blocks.indexOf(p);
      if (i >= 0) {
        this.blocks.splice(i, 1);
        return s.adopt(ctor, p, n);
      }
    }
    const out = unfilled(ctor, n);
    const bytes = n * ctor.BYTES_PER_ELEMENT;
    new Uint8Array(out.buffer, out.byteOffset, bytes).set(new Uint8Array(this.kernels.memory.buffer, p, bytes));
    return out;
  }
}
