// Review of the wasm arena's kept scratch block (7db19d0) and of the streamed paths' hand-off to the
// storage (641b63e): a run of kernel calls of growing and shrinking sizes (the kept block regrown,
// calls past 16 MiB taking storage blocks for the rest, one past the arena limit running in a
// transient instance), with results kept in wasm memory switched on and off between calls and
// those results fed back in as operands, gives the session-start build's bits (/tmp/base-be49c06/dist)
// call by call; no result changes when later calls reuse the scratch; 1 and 2 threads agree.
import { existsSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Backend, Conv2dGeometry, Pool2dGeometry } from "../../src/backend/backend.js";
import { wasmArenaLimits } from "../../src/backend/wasm/arena.js";
import { wasmStorage } from "../../src/backend/wasm/arena-call.js";
import { getNumThreads, setNumThreads } from "../../src/backend/wasm/threads.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { wasmStorageLimits } from "../../src/backend/wasm/wasm-storage.js";

type Floats = Float32Array | Float64Array;
const BASE = "/tmp/base-be49c06/dist/index.js";
const haveBase = existsSync(BASE);
let base: { wasmBackend: Backend; setNumThreads(n: number): void; wasmReady(): boolean };

let seed = 31;
const next = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
function fill(Arr: Float32ArrayConstructor | Float64ArrayConstructor, n: number): Floats {
  const a = new Arr(n);
  for (let i = 0; i < n; i++) a[i] = next() * 2 - 1;
  return a;
}
function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  return -1;
}

const conv: Conv2dGeometry = { stride: [1, 1], padding: [[1, 1], [1, 1]], dilation: [1, 1], groups: 1 };
const pool: Pool2dGeometry = { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] };

/** One step of the run: a product of m×k by k×n, then tanh and an add on the product, a convolution and a pooling of it. */
function step(be: Backend, Arr: Float32ArrayConstructor | Float64ArrayConstructor, m: number, k: number, n: number, a: Floats, b: Floats): Floats[] {
  const p = be.matmul(a, [m, k], b, [k, n], [m, n]) as Floats;
  const t = be.unary("tanh", p, Arr === Float32Array ? "float32" : "float64") as Floats;
  const s = be.binary("add", t, [m, n], p, [m, n], [m, n], Arr === Float32Array ? "float32" : "float64") as Floats;
  // the product as a batch of m/4 one-channel images of 4×n (when m is a multiple of 4)
  const imgs = m / 4;
  const w = new Arr(9).fill(0.125);
  const c = be.conv2d(s, [imgs, 1, 4, n], w, [1, 1, 3, 3], [imgs, 1, 4, n], conv) as Floats;
  const q = be.maxPool2d(c, [imgs, 1, 4, n], [imgs, 1, 2, n / 2], pool) as Floats;
  const gw = be.conv2dWeightGrad(s, [imgs, 1, 4, n], c, [imgs, 1, 4, n], [1, 1, 3, 3], conv) as Floats;
  return [p, t, s, c, q, gw];
}

const wasmAvailable = wasmReady();
let threads = 1;
const savedShared = wasmArenaLimits.shared;

describe.runIf(wasmAvailable && haveBase)("review: the wasm arena's kept scratch against the session-start build", () => {
  beforeAll(async () => {
    base = (await import(/* @vite-ignore */ BASE)) as unknown as typeof base;
    expect(base.wasmReady()).toBe(true);
    threads = getNumThreads();
  });
  afterEach(() => {
    wasmStorageLimits.results = 0;
    wasmArenaLimits.shared = savedShared;
  });
  afterAll(() => {
    setNumThreads(threads);
    base.setNumThreads(threads);
  });

  // [m, k, n]: small, larger (kept block regrown), past 16 MiB of scratch (float64 1024×1024 operands), small again
  const sizes: [number, number, number][] = [[8, 16, 8], [256, 300, 128], [64, 64, 64], [1024, 1024, 1024], [16, 8, 32], [512, 256, 256], [4, 3, 2]];
  for (const t of [1, 2])
    for (const Arr of [Float32Array, Float64Array]) {
      const dtype = Arr === Float32Array ? "float32" : "float64";
      it(`${dtype}, ${t} thread(s): a run of growing and shrinking calls, results in wasm memory on and off, results fed back in`, () => {
        setNumThreads(t);
        base.setNumThreads(t);
        const kept: [Floats, Floats, string][] = [];
        let prev: Floats | null = null;
        sizes.forEach(([m, k, n], j) => {
          // every other call keeps results in wasm memory (storage views), the rest copy them out
          wasmStorageLimits.results = j % 2 === 1 ? 64 * 1024 * 1024 : 0;
          const a = prev !== null && prev.length >= m * k ? (prev.subarray(0, m * k) as Floats) : fill(Arr, m * k);
          const b = fill(Arr, k * n);
          const got = step(wasmBackend, Arr, m, k, n, a, b);
          const want = step(base.wasmBackend, Arr, m, k, n, a, b);
          got.forEach((g, i) => {
            expect(firstDiff(g, want[i]!), `call ${j} (${m}×${k}×${n}) result ${i}`).toBe(-1);
            kept.push([g, g.slice() as Floats, `call ${j} result ${i}`]);
          });
          prev = got[2]!;
        });
        // later calls (scratch reused, blocks handed back) changed no earlier result
        for (const [g, copy, what] of kept) expect(firstDiff(g, copy), what).toBe(-1);
      });
    }

  it("a lowered arena limit between calls (kept block past it given back; huge calls run transient) keeps the bits", () => {
    setNumThreads(1);
    base.setNumThreads(1);
    const m = 700;
    const a = fill(Float64Array, m * m);
    const b = fill(Float64Array, m * m);
    const first = wasmBackend.matmul(a, [m, m], b, [m, m], [m, m]);
    const before = wasmStorage()?.stats().regionBytes ?? 0;
    wasmArenaLimits.shared = 2 * 1024 * 1024;
    const second = wasmBackend.matmul(a, [m, m], b, [m, m], [m, m]);
    const small = wasmBackend.matmul(a.subarray(0, 64 * 64), [64, 64], b.subarray(0, 64 * 64), [64, 64], [64, 64]);
    wasmArenaLimits.shared = savedShared;
    const third = wasmBackend.matmul(a, [m, m], b, [m, m], [m, m]);
    const want = base.wasmBackend.matmul(a, [m, m], b, [m, m], [m, m]);
    for (const [r, what] of [[first, "first"], [second, "under a lowered limit"], [third, "after"]] as const) expect(firstDiff(r, want), what).toBe(-1);
    expect(firstDiff(small, base.wasmBackend.matmul(a.subarray(0, 64 * 64), [64, 64], b.subarray(0, 64 * 64), [64, 64], [64, 64]))).toBe(-1);
    // the storage's region does not keep growing over the same calls
    expect(wasmStorage()?.stats().regionBytes ?? 0).toBeLessThanOrEqual(Math.max(before, 64 * 1024 * 1024));
  });
});
