// Tensor storage in wasm memory: kernel results live in wasm blocks (views over the shared memory),
// later kernels read them in place, the views survive memory growth, and blocks come back through
// the FinalizationRegistry when their views are collected.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Conv2dGeometry } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { Arena } from "../../src/backend/wasm/arena.js";
import { arenaCall, wasmStorage } from "../../src/backend/wasm/arena-call.js";
import { getKernels } from "../../src/backend/wasm/module.js";
import { sizeClass, wasmStorageLimits, WasmStorage } from "../../src/backend/wasm/wasm-storage.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import type { TypedArray } from "../../src/core/dtype.js";
import { exp, tensor } from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 0)); // let FinalizationRegistry callbacks run
  }
}

const saved = { ...wasmStorageLimits };
const on = { results: 128 * 1024 * 1024, minBytes: 8192 }; // results in wasm memory (off by default)
beforeEach(() => Object.assign(wasmStorageLimits, on));
afterEach(() => Object.assign(wasmStorageLimits, saved));

let seed = 12345;
const random = (n: number, f64: boolean): Float32Array | Float64Array => {
  const out = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
  return out;
};
const randInt = (lo: number, hi: number): number => lo + ((seed = (seed * 16807) % 2147483647) % (hi - lo + 1));

const expectSameBits = (a: TypedArray, b: TypedArray): void => {
  expect(a.constructor).toBe(b.constructor);
  expect(a.length).toBe(b.length);
  const bad = Array.from(a).findIndex((v, i) => !Object.is(v, b[i]));
  expect(bad, `element ${bad}: ${a[bad]} vs ${b[bad]}`).toBe(-1);
};

/** A storage over the loaded kernels' memory of its own, for the allocator tests (same memory, separate bookkeeping is unsafe: use a fresh instance). */
function freshStorage(limit = 64 * 1024 * 1024): WasmStorage {
  const k = getKernels()!;
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 4096, shared: true });
  const instance = new WebAssembly.Instance(k.module, { env: { memory, abort: () => { throw new Error("abort"); } } });
  return new WasmStorage({ module: k.module, memory, exports: instance.exports as never, shared: true }, () => limit);
}

describe.runIf(wasmReady() && getKernels()?.shared)("wasm tensor storage", () => {
  it("size classes: 64-byte multiples up to 4 KiB, then 8 steps per power of two", () => {
    expect(sizeClass(1)).toBe(64);
    expect(sizeClass(4096)).toBe(4096);
    expect(sizeClass(4097)).toBe(4608);
    expect(sizeClass(1 << 20)).toBe(1 << 20);
    expect(sizeClass((1 << 20) + 1)).toBe((1 << 20) + (1 << 17));
  });

  it("reuses a freed block of the same size, merges neighbours, and lowers the top when the top block is freed", () => {
    const s = freshStorage();
    const a = s.alloc(10_000);
    const b = s.alloc(10_000);
    const c = s.alloc(10_000);
    const region = s.stats().regionBytes;
    s.free(b);
    expect(s.alloc(10_000)).toBe(b); // same size: the freed block
    s.free(a);
    s.free(b); // merged with a
    expect(s.stats().freeBytes).toBe(2 * sizeClass(10_000));
    expect(s.alloc(15_000)).toBe(a); // first fit in the merged block, split
    expect(s.stats().regionBytes).toBe(region);
    s.free(c);
    s.free(a);
    expect(s.stats()).toMatchObject({ regionBytes: 0, freeBytes: 0 });
  });

  it("the memory a huge temporary grew is reused by later allocations of any size", () => {
    const s = freshStorage();
    const huge = s.alloc(40 * 1024 * 1024);
    const keep = s.alloc(1000); // above the huge block: its space cannot go back to the top
    const grown = (getKernels(), s["kernels"].memory.buffer.byteLength);
    s.free(huge);
    const small: number[] = [];
    for (let i = 0; i < 300; i++) small.push(s.alloc(100_000 + 37 * i));
    expect(small.every((p) => p < keep)).toBe(true); // all inside the huge block's space
    expect(s["kernels"].memory.buffer.byteLength).toBe(grown);
    for (const p of small) s.free(p);
    s.free(keep);
    expect(s.stats()).toMatchObject({ regionBytes: 0, freeBytes: 0 });
  });

  it("refuses (returns -1) past its limit instead of growing", () => {
    const s = freshStorage(8 * 1024 * 1024);
    expect(s.alloc(16 * 1024 * 1024)).toBe(-1);
    expect(s.alloc(1024 * 1024)).toBeGreaterThan(0);
  });

  it("repeated identical kernel calls: the bookkeeping work per call, the free blocks and the top do not grow", () => {
    // The scratch pattern of the 1,000 × 5 logistic regression's compiled gradient: per call, the
    // arena frees the previous call's blocks (merging them into sizes no call asks for) and allocates
    // again; with `kept`, a live block above the first call's scratch keeps the top from dropping,
    // so every later call's blocks come out of the free bins.
    for (const kept of [false, true]) {
      const s = freshStorage();
      const arena = new Arena(s["kernels"], () => 64 * 1024 * 1024, s);
      const call = (): void => {
        arena.reset();
        for (const bytes of [40_000, 48, 8_000, 2_228_800]) arena.alloc(bytes);
      };
      const work = (n: number): { examined: number; freeBlocks: number; regionBytes: number } => {
        const before = s.stats().examined;
        for (let i = 0; i < n; i++) call();
        const st = s.stats();
        return { examined: st.examined - before, freeBlocks: st.freeBlocks, regionBytes: st.regionBytes };
      };
      call();
      if (kept) s.alloc(100);
      work(100);
      const early = work(100);
      for (let i = 0; i < 20; i++) work(100);
      const late = work(100);
      expect(late.examined).toBeLessThanOrEqual(early.examined);
      expect(late.examined).toBeLessThanOrEqual(100 * 4 * 10); // O(1) per alloc: at most the bitmap's 9 words and one entry
      expect(late.freeBlocks).toBeLessThanOrEqual(early.freeBlocks);
      expect(late.regionBytes).toBe(early.regionBytes);
      if (kept) expect(late.examined).toBeGreaterThan(0); // the bins were used
    }
  });

  it("random alloc/free sequences: blocks never overlap, counters stay consistent, everything merges back", () => {
    const s = freshStorage();
    const live = new Map<number, number>();
    for (let step = 0; step < 20_000; step++) {
      if (live.size > 200 || (live.size > 0 && randInt(0, 1) === 0)) {
        const keys = [...live.keys()];
        const p = keys[randInt(0, keys.length - 1)]!;
        live.delete(p);
        s.free(p);
      } else {
        const bytes = randInt(0, 3) === 0 ? randInt(1, 300_000) : randInt(1, 5000);
        const p = s.alloc(bytes);
        expect(p % 64).toBe(0);
        live.set(p, sizeClass(bytes));
      }
      if (step % 500 === 0) {
        const spans = [...live].sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![0] + spans[i - 1]![1]);
        const st = s.stats();
        const used = spans.reduce((t, [, n]) => t + n, 0);
        expect(used + st.freeBytes).toBeLessThanOrEqual(st.regionBytes); // split remainders below 64 B never occur
        expect(st.freeBlocks === 0).toBe(st.freeBytes === 0);
      }
    }
    for (const p of live.keys()) s.free(p);
    expect(s.stats()).toMatchObject({ regionBytes: 0, freeBytes: 0, freeBlocks: 0 });
  });

  it("kernel chains read storage operands in place and give results bit-identical to the cpu backend, on random shapes", () => {
    const g: Conv2dGeometry = { stride: [1, 1], padding: [[1, 1], [1, 1]], dilation: [1, 1], groups: 1 };
    for (const f64 of [false, true]) {
      for (let trial = 0; trial < 6; trial++) {
        const rows = randInt(20, 70); // ≥ 2,200 elements: past wasmElementwiseTuning.minElements
        const cols = randInt(110, 130);
        const x = random(rows * cols, f64);
        const dt = f64 ? "float64" : "float32";
        const ex = wasmBackend.unary("tanh", x, dt); // a fresh JS array in, a storage view out
        expect(wasmStorage()?.owns(ex), "result in wasm storage").toBe(true);
        const sq = wasmBackend.binary("mul", ex, [rows, cols], ex, [rows, cols], [rows, cols], dt);
        const row = random(cols, f64);
        const y = wasmBackend.binary("add", sq, [rows, cols], row, [1, cols], [rows, cols], dt);
        const m = wasmBackend.matmul(y, [rows, cols], sq, [rows, cols], [cols, cols], true, false);
        const sums = wasmBackend.reduce("sum", m, [cols, cols], [0]);
        // tanh itself is within a documented ulp bound of Math.tanh (elementwise.ts): the cpu chain starts from the same values.
        const cex = ex.slice();
        const csq = cpuBackend.binary("mul", cex, [rows, cols], cex, [rows, cols], [rows, cols], dt);
        const cy = cpuBackend.binary("add", csq, [rows, cols], row, [1, cols], [rows, cols], dt);
        const cm = cpuBackend.matmul(cy, [rows, cols], csq, [rows, cols], [cols, cols], true, false);
        expectSameBits(sq, csq);
        expectSameBits(y, cy);
        for (const [w, c] of [[m, cm], [sums, cpuBackend.reduce("sum", cm, [cols, cols], [0])]] as const)
          for (let i = 0; i < c.length; i++) expect(Math.abs(w[i]! - c[i]!)).toBeLessThanOrEqual((f64 ? 1e-12 : 1e-5) * (1 + Math.abs(c[i]!)));
      }
      const img = random(2 * 3 * 24 * 24, f64);
      const w = random(4 * 3 * 3 * 3, f64);
      const ximg = wasmBackend.unary("exp", img, f64 ? "float64" : "float32");
      const y = wasmBackend.conv2d(ximg, [2, 3, 24, 24], w, [4, 3, 3, 3], [2, 4, 24, 24], g);
      expect(wasmStorage()?.owns(y)).toBe(true);
      const cy = cpuBackend.conv2d(ximg.slice(), [2, 3, 24, 24], w, [4, 3, 3, 3], [2, 4, 24, 24], g);
      for (let i = 0; i < cy.length; i++) expect(Math.abs(y[i]! - cy[i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(cy[i]!)));
    }
  });

  it("an operand in storage is not copied: the kernel reads its block", () => {
    const x = wasmBackend.unary("exp", random(5000, false), "float32");
    const s = wasmStorage()!;
    const p = s.offsetOf(x);
    expect(p).toBeGreaterThan(0);
    expect(arenaCall(0, (_k, arena) => { arena.reset(); return arena.copyIn(x); })).toBe(p);
  });

  it("a tensor in storage: data() is a copy in an ArrayBuffer of its own, toArray() reads the view", () => {
    const t = exp(tensor(random(5000, false)));
    expect(wasmStorage()!.owns(t._data!)).toBe(true);
    const d = t.data();
    expect(d.buffer).toBeInstanceOf(ArrayBuffer);
    expect(wasmStorage()!.owns(d)).toBe(false);
    expect(Array.from(d)).toEqual(t.toArray());
    d[0] = 123;
    expect((t.toArray() as number[])[0]).not.toBe(123);
  });

  it("results past the bound, and small results, are plain typed arrays", () => {
    wasmStorageLimits.results = 0;
    const big = wasmBackend.unary("exp", random(5000, false), "float32");
    expect(wasmStorage()?.owns(big)).toBe(false);
    expect(big.buffer).toBeInstanceOf(ArrayBuffer);
    Object.assign(wasmStorageLimits, on);
    wasmStorageLimits.minBytes = 1 << 30;
    expect(wasmStorage()?.owns(wasmBackend.unary("exp", random(5000, false), "float32"))).toBe(false);
  });

  it("views survive memory.grow, and a kept view never changes after its tensor's other references die", async () => {
    const x = random(6000, true);
    const kept = wasmBackend.unary("exp", x, "float64");
    const want = Array.from(kept);
    const memory = getKernels()!.memory;
    const before = memory.buffer.byteLength;
    // A scratch call large enough to grow the memory.
    const n = Math.ceil((before / 8) * 1.5);
    wasmBackend.binary("add", new Float64Array(n), [n], new Float64Array(n), [n], [n], "float64");
    expect(memory.buffer.byteLength).toBeGreaterThan(before);
    expect(kept.length).toBe(6000);
    for (let i = 0; i < 50; i++) wasmBackend.unary("exp", random(6000, true), "float64");
    await collect();
    for (let i = 0; i < 50; i++) wasmBackend.binary("mul", random(6000, true), [6000], random(6000, true), [6000], [6000], "float64");
    expect(Array.from(kept)).toEqual(want);
    expect(wasmStorage()!.owns(kept)).toBe(true);
  });

  it("blocks are released when their views are collected, and the memory stops growing over many steps", async () => {
    const s = wasmStorage()!;
    const memory = getKernels()!.memory;
    const x = random(32 * 128, false);
    const w = random(128 * 128, false);
    const step = (): void => {
      const h = wasmBackend.matmul(x, [32, 128], w, [128, 128], [32, 128]);
      const a = wasmBackend.unary("tanh", h, "float32");
      const b = wasmBackend.binary("mul", a, [32, 128], a, [32, 128], [32, 128], "float32");
      wasmBackend.reduce("sum", b, [32, 128], [0]);
    };
    // NOTE: blocks come back only after a full collection and a turn of the event loop (when the
    // FinalizationRegistry callbacks run); in between, results past the bound are plain arrays.
    wasmStorageLimits.results = 4 * 1024 * 1024;
    const rounds = async (n: number): Promise<void> => {
      for (let round = 0; round < n; round++) {
        for (let i = 0; i < 100; i++) step();
        await new Promise((r) => setTimeout(r, 0));
      }
    };
    await collect();
    const released0 = s.stats().resultsReleased;
    await rounds(10);
    await collect();
    const sizeAt1000 = memory.buffer.byteLength;
    const regionAt1000 = s.stats().regionBytes;
    await rounds(40);
    await collect();
    const st = s.stats();
    expect(st.resultsReleased - released0).toBeGreaterThan(1000); // blocks really went back
    expect(st.resultBytes).toBeLessThan(1024 * 1024); // what is live after collection: a few blocks
    expect(memory.buffer.byteLength).toBe(sizeAt1000); // the memory stopped growing
    expect(st.regionBytes).toBeLessThanOrEqual(regionAt1000 + 2 * 1024 * 1024);
  }, 120_000);
});
