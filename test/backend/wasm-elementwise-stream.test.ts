// The streamed elementwise paths of the wasm backend (elementwise-stream.ts): operands copied through
// the arena chunk by chunk, over a plain-memory instance of the kernels where the loaded kernels'
// memory is shared. Checked bit for bit against the JS kernels (add/sub/mul/div/max/min, log), the
// documented float32 exp/tanh, and the whole-array wasm path (results kept in wasm memory), at chunk
// edges, with sizes that are not whole chunks or whole vectors, under every streamed broadcast, with
// NaN, ±∞, −0 and denormals; and the scratch stays a few chunks whatever the size.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmStorage } from "../../src/backend/wasm/arena-call.js";
import { wasmElementwiseTuning } from "../../src/backend/wasm/elementwise.js";
import { STREAM_CHUNK_BYTES } from "../../src/backend/wasm/elementwise-stream.js";
import { getKernels } from "../../src/backend/wasm/module.js";
import { plainKernels } from "../../src/backend/wasm/plain-kernels.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { wasmStorageLimits } from "../../src/backend/wasm/wasm-storage.js";
import { add, exp, mul, tensor } from "../../src/index.js";
import { expF32Documented, tanhF32Documented } from "../compile/documented-math.js";

type Floats = Float32Array | Float64Array;

let seed = 2024;
const next = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
const specials = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 88.72, 88.73, -103.9, -87.3, 1e-45, -1e-45, 1.2e-38, 3.4e38, 1e-300, -5e-324, 710, -745.2];

/** n values of mixed magnitudes with specials (denormals of both types included) every 5th element. */
function values(Arr: Float32ArrayConstructor | Float64ArrayConstructor, n: number): Floats {
  const v = new Arr(n).map(() => (next() < 0.5 ? (next() - 0.5) * 40 : Math.exp(next() * 60 - 30) * (next() < 0.5 ? -1 : 1)));
  for (let i = 0; i < n; i += 5) v[i] = specials[Math.floor(next() * specials.length)]!;
  return v;
}

/**
 * Same value (the sign of zero too, unless `zeros` is "either") or both NaN, else a failure naming what differs.
 * NOTE: the wasm max/min of ±0 may differ from the JS kernels' in the sign of zero (as before streaming).
 */
function expectSame(what: string, out: ArrayLike<number>, ref: ArrayLike<number>, zeros: "signed" | "either" = "signed"): void {
  expect(out.length, what).toBe(ref.length);
  for (let i = 0; i < ref.length; i++)
    if (!(Object.is(out[i], ref[i]) || (zeros === "either" && out[i] === ref[i]) || (Number.isNaN(out[i]) && Number.isNaN(ref[i])))) expect.fail(`${what} at ${i}: ${out[i]} vs ${ref[i]}`);
}

/** The whole-array wasm path's result: with results kept in wasm memory the backend does not stream. */
function unstreamed<T>(f: () => T): T {
  const saved = wasmStorageLimits.results;
  wasmStorageLimits.results = 256 * 1024 * 1024;
  try {
    return f();
  } finally {
    wasmStorageLimits.results = saved;
  }
}

const wasmAvailable = wasmReady();
const shared = getKernels()?.shared === true;

describe.runIf(wasmAvailable)("streamed wasm elementwise kernels", () => {
  afterEach(() => void (wasmStorageLimits.results = 0));
  // Every size through wasm, including the small one the default threshold keeps in JS.
  const saved = wasmElementwiseTuning.minElements;
  beforeAll(() => void (wasmElementwiseTuning.minElements = 0));
  afterAll(() => void (wasmElementwiseTuning.minElements = saved));

  it("an eager chain on 2²⁰ float32 elements leaves its scratch a few chunks: the shared storage does not grow and the plain instance's memory stays at its first size", () => {
    const n = 1 << 20;
    const x = tensor(values(Float32Array, n) as Float32Array, { shape: [n] });
    const region = (): number => wasmStorage()?.stats().regionBytes ?? 0;
    const before = region();
    const y = add(exp(x), mul(x, x));
    expect(y.shape).toEqual([n]);
    // Whole-array copies put each operand and each result (4 MiB each) in wasm memory.
    expect(region() - before, "bytes of shared wasm memory the chain took").toBeLessThan(4 * STREAM_CHUNK_BYTES);
    if (shared) expect(plainKernels()!.kernels.memory.buffer.byteLength, "the plain instance's memory (16 pages to begin with)").toBe(16 * 65536);
  });

  for (const Arr of [Float32Array, Float64Array]) {
    const dtype = Arr === Float32Array ? "float32" : "float64";
    const chunk = STREAM_CHUNK_BYTES / Arr.BYTES_PER_ELEMENT;
    const sizes = [5, chunk - 1, chunk, chunk + 1, 2 * chunk + 3, 3 * chunk];

    it(`${dtype}: exp, tanh (and float32 log) equal the documented kernels and the whole-array path at chunk edges`, () => {
      for (const n of sizes) {
        const x = values(Arr, n);
        for (const op of Arr === Float32Array ? (["exp", "tanh", "log"] as const) : (["exp", "tanh"] as const)) {
          const out = wasmBackend.unary(op, x, dtype);
          expect(out.constructor).toBe(Arr);
          expectSame(`${dtype} ${op} n=${n} against the whole-array wasm path`, out, unstreamed(() => wasmBackend.unary(op, x, dtype)));
          if (Arr === Float32Array) {
            const documented = { exp: expF32Documented, tanh: tanhF32Documented, log: null }[op];
            const ref = documented === null ? cpuBackend.unary(op, x, dtype) : Float32Array.from(x, documented);
            expectSame(`${dtype} ${op} n=${n} against the documented bits`, out, ref);
          }
        }
      }
    });

    it(`${dtype}: add/sub/mul/div/max/min (same shape, one array twice, a scalar either side, a row either side) equal the JS kernels at chunk edges`, () => {
      for (const n of sizes) {
        const a = values(Arr, n);
        const b = values(Arr, n);
        const s = new Arr([specials[n % specials.length]!]);
        const pairs: [Floats, number[], Floats, number[]][] = [[a, [n], b, [n]], [a, [n], a, [n]], [a, [n], s, []], [s, [], b, [n]]];
        // Rows whose length divides n but not the chunk (or whole vectors), and a row of a whole chunk.
        for (const len of [3, 5, 7, 13, 1000, chunk].filter((l) => n % l === 0 && n > l)) {
          const row = b.subarray(0, len);
          pairs.push([a, [n / len, len], row, [len]], [row, [1, len], a, [n / len, len]]);
        }
        for (const op of ["add", "sub", "mul", "div", "max", "min"] as const) {
          for (const [x, xs, y, ys] of pairs) {
            const os = x.length >= y.length ? xs : ys;
            const out = wasmBackend.binary(op, x, xs, y, ys, os, dtype);
            expect(out.constructor).toBe(Arr);
            expectSame(`${dtype} ${op} [${xs}]∘[${ys}] against the JS kernels`, out, cpuBackend.binary(op, x, xs, y, ys, os, dtype), "either");
            expectSame(`${dtype} ${op} [${xs}]∘[${ys}] against the whole-array wasm path`, out, unstreamed(() => wasmBackend.binary(op, x, xs, y, ys, os, dtype)));
          }
        }
      }
    });
  }

  it("results are made over uninitialised memory in Node (Buffer.allocUnsafeSlow, no zeroing pass) and every element is written: poisoned allocations give the same bits", () => {
    const poisoned = vi.spyOn(Buffer, "allocUnsafeSlow").mockImplementation((size: number) => Buffer.alloc(size, 0xff)); // 0xffffffff: a NaN
    try {
      for (const Arr of [Float32Array, Float64Array]) {
        const dtype = Arr === Float32Array ? "float32" : "float64";
        const n = 7 * (Math.floor((3 * STREAM_CHUNK_BYTES) / Arr.BYTES_PER_ELEMENT / 7) + 1); // rows of 7, past 3 chunks
        const [a, b] = [values(Arr, n), values(Arr, n)];
        const row = b.subarray(0, 7);
        const calls = poisoned.mock.calls.length;
        const outs = [wasmBackend.unary("exp", a, dtype), wasmBackend.binary("mul", a, [n], b, [n], [n], dtype), wasmBackend.binary("sub", a, [n / 7, 7], row, [7], [n / 7, 7], dtype)];
        expect(poisoned.mock.calls.length - calls, "results allocated by Buffer.allocUnsafeSlow").toBe(3);
        const refs = unstreamed(() => [wasmBackend.unary("exp", a, dtype), wasmBackend.binary("mul", a, [n], b, [n], [n], dtype), wasmBackend.binary("sub", a, [n / 7, 7], row, [7], [n / 7, 7], dtype)]);
        outs.forEach((out, i) => {
          expect(out.constructor).toBe(Arr);
          expect([out.byteOffset, out.buffer.byteLength]).toEqual([0, n * Arr.BYTES_PER_ELEMENT]);
          expectSame(`${dtype} result ${i} over poisoned memory`, out, refs[i]!);
        });
      }
    } finally {
      poisoned.mockRestore();
    }
  });

  it("a row longer than a chunk, and operands kept in wasm memory, take the whole-array path with the same bits", () => {
    const len = STREAM_CHUNK_BYTES / 4 + 4;
    const a = values(Float32Array, 3 * len) as Float32Array;
    const row = values(Float32Array, len) as Float32Array;
    expectSame("long row", wasmBackend.binary("add", a, [3, len], row, [len], [3, len], "float32"), cpuBackend.binary("add", a, [3, len], row, [len], [3, len], "float32"), "either");
    const kept = unstreamed(() => wasmBackend.unary("exp", a, "float32"));
    if (shared) expect(wasmStorage()!.owns(kept), "the result is a view of wasm memory").toBe(true);
    // A storage view as an operand is read in place, not streamed.
    expectSame("storage-view operand", wasmBackend.binary("mul", kept, [kept.length], a, [a.length], [a.length], "float32"), cpuBackend.binary("mul", kept, [kept.length], a, [a.length], [a.length], "float32"), "either");
  });
});
