// Review of the streamed wasm elementwise paths (4779262 and after): against the session-start build
// (/tmp/base-be49c06/dist, whole-array copies) bit for bit, and against the CPU backend's JS loops,
// for operands that are views at a byte offset into a larger buffer, the same array on both sides,
// row broadcasts whose rows fill a chunk exactly or leave a remainder, size-1 axes, scalars of every
// rank, both-sides broadcasts, NaN/±∞/−0/denormals, float32 and float64; results never alias each
// other or the operands, operands are never written, and a matmul that grows the plain instance's
// memory between calls leaves later calls right.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend, BinaryOp, UnaryOp } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmElementwiseTuning } from "../../src/backend/wasm/elementwise.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import type { Shape } from "../../src/core/shape.js";

type Floats = Float32Array | Float64Array;
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

const BASE = "/tmp/base-be49c06/dist/index.js";
const BASE_TUNING = "/tmp/base-be49c06/dist/backend/wasm/elementwise.js";
const haveBase = existsSync(BASE);
let base: { wasmBackend: Backend; wasmReady(): boolean };
/** The session-start build's elementwise tuning (its minElements set to 0 with ours, so both take wasm at every size). */
let baseTuning: { minElements: number };

let seed = 99;
const next = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 5e-324, -5e-324, 1e-310, 3.4e38, 88.8, -104, 710, -746];
const size = (s: Shape): number => s.reduce((a, b) => a * b, 1);

/** `n` values (specials every 7th) in an array of type `Arr` at an element offset `off` into a larger buffer. */
function values(Arr: Ctor, n: number, off = 0): Floats {
  const buf = new Arr(n + off + 3);
  for (let i = 0; i < buf.length; i++) buf[i] = next() < 0.5 ? (next() - 0.5) * 30 : Math.exp(next() * 40 - 20) * (next() < 0.5 ? -1 : 1);
  const v = buf.subarray(off, off + n);
  for (let i = 0; i < n; i += 7) v[i] = specials[Math.floor(next() * specials.length)]!;
  return v;
}

/** The first index where the values differ (the sign of zero counts; NaN equals NaN), or −1; −2 for different lengths. */
function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>, zeros: "signed" | "either" = "signed"): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)) || (zeros === "either" && x === y)) continue;
    return i;
  }
  return -1;
}

const wasmAvailable = wasmReady();
const savedMin = wasmElementwiseTuning.minElements;

describe.runIf(wasmAvailable)("review: streamed wasm elementwise against the session-start build", () => {
  beforeAll(async () => {
    wasmElementwiseTuning.minElements = 0;
    // NOTE: without the session-start build (CI) only the CPU-backend comparisons run.
    if (!haveBase) return;
    base = (await import(/* @vite-ignore */ BASE)) as unknown as typeof base;
    expect(base.wasmReady()).toBe(true);
    baseTuning = ((await import(/* @vite-ignore */ BASE_TUNING)) as { wasmElementwiseTuning: { minElements: number } }).wasmElementwiseTuning;
    baseTuning.minElements = 0;
  });
  afterAll(() => void (wasmElementwiseTuning.minElements = savedMin));

  const ops: BinaryOp[] = ["add", "sub", "mul", "div", "max", "min"];

  for (const Arr of [Float32Array, Float64Array] as Ctor[]) {
    const dtype = Arr === Float32Array ? "float32" : "float64";
    const chunk = 32768 / Arr.BYTES_PER_ELEMENT;
    const shapes: [string, Shape, Shape][] = [
      ["same shape, 3 chunks + 5", [3 * chunk + 5], [3 * chunk + 5]],
      ["same shape, one chunk − 1", [chunk - 1], [chunk - 1]],
      ["scalar b of rank 0", [2 * chunk + 1, 3], []],
      ["scalar a of rank 2", [1, 1], [chunk + 7]],
      ["row b, rows of 3 (not a vector multiple)", [4 * chunk + 1, 3], [3]],
      ["row b [1, 1, len], len 5", [7, 1000, 5], [1, 1, 5]],
      ["row a, rows of 7", [7], [chunk, 7]],
      ["row b, one row per chunk exactly", [9, chunk], [1, chunk]],
      ["row b, rows just under a chunk", [5, chunk - 1], [chunk - 1]],
      ["row b, rows longer than a chunk (not streamed)", [3, chunk + 1], [chunk + 1]],
      ["column broadcast [n, 1] (general path)", [chunk + 3, 4], [chunk + 3, 1]],
      ["both sides [r, 1] ∘ [1, c]", [301, 1], [1, 257]],
      ["size-1 axes on both, same shape", [chunk + 9, 1], [chunk + 9, 1]],
    ];
    for (const [name, as, bs] of shapes)
      it(`${dtype} binary: ${name}`, () => {
          const out = broadcast(as, bs);
        const a = values(Arr, size(as), 1);
        const b = values(Arr, size(bs), 3);
        const a0 = a.slice();
        const b0 = b.slice();
        for (const op of ops) {
          const y = wasmBackend.binary(op, a, as, b, bs, out, dtype);
          if (haveBase) expect(firstDiff(y, base.wasmBackend.binary(op, a, as, b, bs, out, dtype)), `${op} vs base`).toBe(-1);
          // max/min of ±0 may differ from the JS loops in the sign of zero (documented)
          expect(firstDiff(y, cpuBackend.binary(op, a, as, b, bs, out, dtype), op === "max" || op === "min" ? "either" : "signed"), `${op} vs cpu`).toBe(-1);
          expect(y.buffer === a.buffer || y.buffer === b.buffer, "result shares an operand's buffer").toBe(false);
        }
        expect(firstDiff(a, a0), "a written").toBe(-1);
        expect(firstDiff(b, b0), "b written").toBe(-1);
      });

    it(`${dtype} binary: the same array on both sides (x∘x), at a byte offset`, () => {
      const n = 2 * chunk + 11;
      const x = values(Arr, n, 1);
      for (const op of ops) {
        const y = wasmBackend.binary(op, x, [n], x, [n], [n], dtype);
        if (haveBase) expect(firstDiff(y, base.wasmBackend.binary(op, x, [n], x, [n], [n], dtype)), op).toBe(-1);
        expect(firstDiff(y, cpuBackend.binary(op, x, [n], x, [n], [n], dtype), op === "max" || op === "min" ? "either" : "signed"), `${op} vs cpu`).toBe(-1);
      }
    });

    it(`${dtype} unary exp/tanh/log at a byte offset, sizes around chunks`, () => {
      for (const n of [1, 3, 4, 5, chunk - 3, chunk, chunk + 1, 5 * chunk + 2]) {
        const x = values(Arr, n, 1);
        const x0 = x.slice();
        for (const op of ["exp", "tanh", "log"] as UnaryOp[]) {
          const y = wasmBackend.unary(op, x, dtype);
          if (haveBase) expect(firstDiff(y, base.wasmBackend.unary(op, x, dtype)), `${op} n=${n}`).toBe(-1);
        }
        expect(firstDiff(x, x0), "x written").toBe(-1);
      }
    });

    it(`${dtype}: successive results do not alias, and a large matmul in between (growing wasm memory) leaves later calls right`, () => {
      const n = 3 * chunk + 1;
      const x = values(Arr, n);
      const y1 = wasmBackend.unary("exp", x, dtype);
      const tanhBefore = wasmBackend.unary("tanh", x, dtype);
      const keep = y1.slice();
      const z1 = wasmBackend.binary("mul", x, [n], x, [n], [n], dtype);
      const zk = z1.slice();
      // a matmul that grows the plain-memory instance's memory (float32, 4 MiB of operands and result)
      // or overflows its 16 MiB arena and falls back to the loaded kernels (float64, 17 MiB)
      const m = Arr === Float32Array ? 600 : 850;
      const a = values(Arr, m * m);
      const b = values(Arr, m * m);
      for (let i = 0; i < a.length; i++) {
        a[i] = Number.isFinite(a[i]!) ? Math.tanh(a[i]!) : 0.5;
        b[i] = Number.isFinite(b[i]!) ? Math.tanh(b[i]!) : -0.5;
      }
      const p = wasmBackend.matmul(a, [m, m], b, [m, m], [m, m]);
      if (haveBase) expect(firstDiff(p, base.wasmBackend.matmul(a, [m, m], b, [m, m], [m, m])), "matmul vs base").toBe(-1);
      const y2 = wasmBackend.unary("tanh", x, dtype);
      const z2 = wasmBackend.binary("add", x, [n], y1, [n], [n], dtype);
      expect(firstDiff(y1, keep), "first result changed by later calls").toBe(-1);
      expect(firstDiff(z1, zk), "second result changed by later calls").toBe(-1);
      if (haveBase) expect(firstDiff(y2, base.wasmBackend.unary("tanh", x, dtype)), "tanh after the matmul").toBe(-1);
      if (haveBase) expect(firstDiff(z2, base.wasmBackend.binary("add", x, [n], y1, [n], [n], dtype)), "add after the matmul").toBe(-1);
      expect(firstDiff(y2, tanhBefore), "tanh after the matmul vs before it").toBe(-1);
      expect(firstDiff(z2, cpuBackend.binary("add", x, [n], y1, [n], [n], dtype)), "add after the matmul vs cpu").toBe(-1);
    });
  }
});

/** numpy broadcast of two shapes. */
function broadcast(a: Shape, b: Shape): Shape {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    out.push(x === 1 ? y : x);
  }
  return out;
}
