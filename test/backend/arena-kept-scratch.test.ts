// The arena over the wasm storage keeps one scratch block between kernel calls and bump-allocates
// in it (while results stay out of wasm memory, the default): repeated calls do no storage
// bookkeeping, allocations within a call never overlap, a larger call takes storage blocks for the
// rest and regrows the kept block at the next reset (up to its cap), and with results in wasm
// memory every allocation is a storage block of its own again (copyOut may adopt it).
import { afterEach, describe, expect, it, vi } from "vitest";
import { Arena } from "../../src/backend/wasm/arena.js";
import { wasmStorage } from "../../src/backend/wasm/arena-call.js";
import { getKernels } from "../../src/backend/wasm/module.js";
import { wasmStorageLimits, WasmStorage } from "../../src/backend/wasm/wasm-storage.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";

const saved = { ...wasmStorageLimits };
afterEach(() => Object.assign(wasmStorageLimits, saved));

/** A storage over a memory of its own (same module), and an arena over it. */
function fresh(): { s: WasmStorage; arena: Arena } {
  const k = getKernels()!;
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 4096, shared: true });
  const instance = new WebAssembly.Instance(k.module, { env: { memory, abort: () => { throw new Error("abort"); } } });
  const kernels = { module: k.module, memory, exports: instance.exports as never, shared: true };
  const s = new WasmStorage(kernels, () => 128 * 1024 * 1024);
  return { s, arena: new Arena(kernels, () => 128 * 1024 * 1024, s) };
}

/** One call's allocations: their offsets, checked 64-byte aligned and pairwise disjoint. */
function call(arena: Arena, sizes: number[]): number[] {
  arena.reset();
  const ps = sizes.map((b) => arena.alloc(b));
  ps.forEach((p) => expect(p % 64).toBe(0));
  const spans = ps.map((p, i) => [p, p + sizes[i]!] as const).sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  return ps;
}

/** Whether two typed arrays hold the same bytes. */
const sameBytes = (x: ArrayBufferView, y: ArrayBufferView): boolean =>
  Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));

const inUse = (s: WasmStorage): number => {
  const st = s.stats();
  return st.regionBytes - st.freeBytes;
};

describe.runIf(wasmReady() && getKernels()?.shared)("arena: the scratch block kept between calls", () => {
  it("repeated calls of one pattern do no storage bookkeeping after the first and reuse the same offsets", () => {
    wasmStorageLimits.results = 0;
    const { s, arena } = fresh();
    const sizes = [40_000, 48, 8_000, 2_228_800, 100];
    call(arena, sizes);
    const second = call(arena, sizes);
    const before = s.stats();
    const alloc = vi.spyOn(s, "alloc");
    const free = vi.spyOn(s, "free");
    for (let i = 0; i < 50; i++) expect(call(arena, sizes)).toEqual(second);
    expect(alloc).not.toHaveBeenCalled();
    expect(free).not.toHaveBeenCalled();
    alloc.mockRestore();
    free.mockRestore();
    expect(s.stats().regionBytes).toBe(before.regionBytes);
  });

  it("a larger call takes storage blocks for the rest; the next reset regrows the kept block, capped at 16 MiB", () => {
    wasmStorageLimits.results = 0;
    const { s, arena } = fresh();
    call(arena, [1000]);
    call(arena, [1000, 5_000_000, 3_000_000]); // past the kept block: storage blocks
    call(arena, [1000, 5_000_000, 3_000_000]); // now all in the regrown block
    const alloc = vi.spyOn(s, "alloc");
    call(arena, [3_000_000, 1000, 5_000_000]);
    expect(alloc).not.toHaveBeenCalled();
    alloc.mockRestore();
    call(arena, [30_000_000, 10_000_000]); // 40 MB: more than the cap
    call(arena, [64]);
    expect(inUse(s)).toBeLessThanOrEqual(16 * 1024 * 1024); // kept: the cap, not the 40 MB call
    expect(inUse(s)).toBeGreaterThan(8 * 1024 * 1024);
  });

  it("with results in wasm memory, scratch is storage blocks again: the kept block is given back and results are adopted", () => {
    wasmStorageLimits.results = 0;
    const { s, arena } = fresh();
    call(arena, [100_000]);
    call(arena, [100_000]);
    expect(inUse(s)).toBeGreaterThan(0);
    wasmStorageLimits.results = 64 * 1024 * 1024;
    const [p] = call(arena, [100_000]);
    const out = arena.copyOut(Float32Array, p!, 25_000);
    expect(s.owns(out)).toBe(true);
    arena.reset();
    expect(inUse(s)).toBe(s.stats().resultBytes); // only the adopted result: no kept scratch
  });

  it("kernel calls through the backend: same bits every call, no storage bookkeeping once warm", () => {
    wasmStorageLimits.results = 0;
    const a = Float32Array.from({ length: 128 * 300 }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: 300 * 70 }, (_, i) => Math.cos(i));
    const first = wasmBackend.matmul(a, [128, 300], b, [300, 70], [128, 70], false, false);
    const e = wasmBackend.unary("exp", a, "float32");
    wasmBackend.matmul(a, [128, 300], b, [300, 70], [128, 70], false, false);
    const storage = wasmStorage()!;
    const alloc = vi.spyOn(storage, "alloc");
    const free = vi.spyOn(storage, "free");
    for (let i = 0; i < 20; i++) {
      expect(sameBytes(wasmBackend.matmul(a, [128, 300], b, [300, 70], [128, 70], false, false), first)).toBe(true);
      expect(sameBytes(wasmBackend.unary("exp", a, "float32"), e)).toBe(true);
    }
    expect(alloc).not.toHaveBeenCalled();
    expect(free).not.toHaveBeenCalled();
    alloc.mockRestore();
    free.mockRestore();
  });
});
