// The wasm backend's memory bounds: a call too large for the reusable arena runs in a transient
// wasm memory (dropped afterwards, so the loaded memory does not grow); one too large for any wasm
// memory, or whose memory cannot grow (the 2 GiB ceiling), runs the JS kernels. The limits are
// lowered here, so nothing near 2 GiB is allocated.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Backend, Conv2dGeometry } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmArenaLimits } from "../../src/backend/wasm/arena.js";
import { getKernels } from "../../src/backend/wasm/module.js";
import { setNumThreads, getNumThreads } from "../../src/backend/wasm/threads.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import type { TypedArray } from "../../src/core/dtype.js";

const saved = { ...wasmArenaLimits };
const threads = getNumThreads();
beforeEach(() => Object.assign(wasmArenaLimits, saved));
afterEach(() => {
  Object.assign(wasmArenaLimits, saved);
  setNumThreads(threads);
  vi.restoreAllMocks();
});

let seed = 99;
const random = (n: number, f64 = false): Float32Array | Float64Array => {
  const out = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
  return out;
};

const expectSameBits = (a: TypedArray, b: TypedArray): void => {
  expect(a.constructor).toBe(b.constructor);
  expect(a.length).toBe(b.length);
  const bad = Array.from(a).findIndex((v, i) => !Object.is(v, b[i]));
  expect(bad, `element ${bad}: ${a[bad]} vs ${b[bad]}`).toBe(-1);
};

const g: Conv2dGeometry = { stride: [1, 1], padding: [[1, 1], [1, 1]], dilation: [1, 1], groups: 1 };

/** Calls of every kind the wasm backend routes through its arena, each needing ~0.2–2 MB of scratch. */
const calls: [string, (b: Backend) => TypedArray][] = (() => {
  const a = random(300 * 200, true);
  const b = random(200 * 250, true);
  const x = random(40_000);
  const y = random(40_000);
  const cond = Uint8Array.from(x, (v) => (v > 0 ? 1 : 0));
  const img = random(4 * 8 * 20 * 20);
  const w = random(16 * 8 * 3 * 3);
  const ct = random(4 * 16 * 20 * 20);
  const pool = { kernelSize: [2, 2] as const, stride: [2, 2] as const, padding: [0, 0] as const, dilation: [1, 1] as const, ceilMode: false };
  return [
    ["matmul", (k) => k.matmul(a, [300, 200], b, [200, 250], [300, 250])],
    ["matmul (transposed, threads)", (k) => k.matmul(b, [200, 250], b, [200, 250], [250, 250], true, false)],
    ["add", (k) => k.binary("add", x, [200, 200], y, [200, 200], [200, 200], "float32")],
    ["greater", (k) => k.binary("greater", x, [200, 200], y, [200, 200], [200, 200], "bool")],
    ["tanh", (k) => k.unary("tanh", x, "float32")],
    ["sum over rows", (k) => k.reduce("sum", x, [200, 200], [1])],
    ["where", (k) => k.where(cond, [200, 200], x, [200, 200], y, [200, 200], [200, 200], "float32")],
    ["conv2d", (k) => k.conv2d(img, [4, 8, 20, 20], w, [16, 8, 3, 3], [4, 16, 20, 20], g)],
    ["conv2d weight gradient", (k) => k.conv2dWeightGrad(img, [4, 8, 20, 20], ct, [4, 16, 20, 20], [16, 8, 3, 3], g)],
    ["maxPool2d", (k) => k.maxPool2d(img, [4, 8, 20, 20], [4, 8, 10, 10], pool)],
  ];
})();

describe.runIf(wasmReady())("wasm arena limits", () => {
  it.each(calls)("%s over the reusable arena's limit runs in a transient memory: same bits, the loaded memory does not grow", (_name, run) => {
    setNumThreads(2);
    const expected = run(wasmBackend); // in the reusable arena
    const memory = getKernels()!.memory;
    wasmArenaLimits.shared = 64 * 1024; // below every call here
    const before = memory.buffer.byteLength;
    const spies = (["matmul", "binary", "unary", "reduce", "where", "conv2d", "conv2dWeightGrad", "maxPool2d"] as const).map((m) => vi.spyOn(cpuBackend, m));
    for (let i = 0; i < 3; i++) expectSameBits(run(wasmBackend), expected);
    expect(memory.buffer.byteLength).toBe(before);
    for (const s of spies) expect(s).not.toHaveBeenCalled(); // wasm kernels, not the JS fallback
  });

  it.each(calls)("%s beyond the transient limit as well runs the JS kernels, with their results (streamed kernels: their own)", (name, run) => {
    // Elementwise arithmetic and exp/log/tanh stream through a few chunks of a memory of their own
    // (elementwise-stream.ts), so no limit applies to them.
    const expected = name === "add" || name === "tanh" ? run(wasmBackend) : run(cpuBackend);
    wasmArenaLimits.shared = 64 * 1024;
    wasmArenaLimits.transient = 64 * 1024;
    expectSameBits(run(wasmBackend), expected);
  });

  it("a memory that cannot grow (RangeError from Memory.grow, as at the 2 GiB ceiling) gives the JS result, not the RangeError", () => {
    const n = 1 << 20; // 4 MB per operand: more than the loaded memory holds now
    expect(n * 4 * 3).toBeGreaterThan(getKernels()!.memory.buffer.byteLength);
    const a = random(n);
    const b = random(n);
    // A comparison: arithmetic streams through a few chunks (elementwise-stream.ts) and grows nothing.
    const expected = cpuBackend.binary("greater", a, [n], b, [n], [n], "bool");
    const grow = vi.spyOn(WebAssembly.Memory.prototype, "grow").mockImplementation(() => {
      throw new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded");
    });
    expectSameBits(wasmBackend.binary("greater", a, [n], b, [n], [n], "bool"), expected);
    expect(grow).toHaveBeenCalled();
  });
});
