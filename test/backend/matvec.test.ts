// Matrix–vector products (one row or one column of output) on both backends: the in-place matvec
// (src/backend/cpu/matvec.ts) bit-compared with the plain kernel on materialised transposes, on
// random shapes (1×n, n×1, 1×1, k = 0, transposed operands, broadcast batches), with NaN/±∞ and
// float32/float64/int32; the wasm backend gives the same bits as the cpu backend, and stays within
// the usual rounding bound of its own gemm.
import { describe, expect, it } from "vitest";
import type { TypedArray } from "../../src/core/dtype.js";
import { matmul } from "../../src/backend/cpu/matmul.js";
import { matmulTransposed } from "../../src/backend/cpu/matmul-transposed.js";
import { transpose } from "../../src/backend/cpu/movement.js";
import { matvec } from "../../src/backend/cpu/matvec.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmBackend, wasmBackendLoaded } from "../../src/backend/wasm/wasm-backend.js";
import { rng } from "./naive-helpers.js";

type Ctor = Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor;

/** The pre-matvec reference: transposes materialised, then the plain 4×4-tile kernel. */
function reference(a: TypedArray, aShape: number[], b: TypedArray, bShape: number[], outShape: number[], ta: boolean, tb: boolean): TypedArray {
  const swap = (s: number[]): number[] => [...s.slice(0, -2), s[s.length - 1]!, s[s.length - 2]!];
  const perm = (r: number): number[] => [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
  if (ta) [a, aShape] = [transpose(a, aShape, perm(aShape.length)), swap(aShape)];
  if (tb) [b, bShape] = [transpose(b, bShape, perm(bShape.length)), swap(bShape)];
  return matmul(a, aShape, b, bShape, outShape);
}

/** Random values (a few NaN/±∞/−0 when `special`) of the given type. */
function fill(C: Ctor, size: number, next: () => number, special: boolean): TypedArray {
  const x = new C(size);
  const odd = [Number.NaN, Infinity, -Infinity, -0];
  for (let i = 0; i < size; i++)
    x[i] = special && next() < 0.05 ? odd[Math.floor(next() * 4)]! : C === Int32Array ? Math.floor(next() * 21) - 10 : 4 * next() - 2;
  return x;
}

interface Case { aShape: number[]; bShape: number[]; outShape: number[]; ta: boolean; tb: boolean }

/** A random matvec: batch dims (some broadcast), m = 1 or n = 1, random transposition flags. */
function randomCase(next: () => number): Case {
  const pick = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const kind = pick(0, 2); // 0: n = 1, 1: m = 1, 2: both
  const big = (): number => (next() < 0.3 ? pick(1, 4) : pick(5, 70));
  const m = kind === 1 || kind === 2 ? 1 : big();
  const n = kind === 0 || kind === 2 ? 1 : big();
  const k = next() < 0.05 ? 0 : big();
  const ta = next() < 0.5, tb = next() < 0.5;
  const batch = next() < 0.6 ? [] : next() < 0.5 ? [pick(1, 3)] : [pick(1, 2), 3];
  const bA = batch.map((d) => (next() < 0.3 ? 1 : d)), bB = batch.map((d) => (next() < 0.3 ? 1 : d));
  const aShape = [...bA, ...(ta ? [k, m] : [m, k])];
  const bShape = [...bB, ...(tb ? [n, k] : [k, n])];
  const outShape = [...batch, m, n];
  return { aShape, bShape, outShape, ta, tb };
}

const size = (s: number[]): number => s.reduce((p, q) => p * q, 1);

describe("matvec (cpu)", () => {
  for (const C of [Float64Array, Float32Array, Int32Array] as const)
    it(`is bit-identical to the plain kernel on materialised transposes (${C.name}, 300 random shapes)`, () => {
      const next = rng(C === Float64Array ? 11 : C === Float32Array ? 12 : 13);
      for (let t = 0; t < 300; t++) {
        const c = randomCase(next);
        const special = C !== Int32Array && t % 3 === 0;
        const a = fill(C, size(c.aShape), next, special), b = fill(C, size(c.bShape), next, special);
        const want = reference(a, c.aShape, b, c.bShape, c.outShape, c.ta, c.tb);
        const got = matvec(a, c.aShape, b, c.bShape, c.outShape, c.ta, c.tb);
        expect(got.constructor, JSON.stringify(c)).toBe(C);
        expect(Array.from(got), JSON.stringify(c)).toEqual(Array.from(want));
        // The cpu backend's entry point dispatches matvecs here.
        expect(Array.from(matmulTransposed(a, c.aShape, b, c.bShape, c.outShape, c.ta, c.tb))).toEqual(Array.from(want));
      }
    });

  it("sums each output from 0 in increasing p (−0·x gives +0, as the kernel)", () => {
    const a = new Float64Array([-0, -0, -0, -0, -0, -0]);
    const b = new Float64Array([1, 1, 1]);
    for (const [ta, aShape] of [[false, [2, 3]], [true, [3, 2]]] as const) {
      const y = matvec(a, [...aShape], b, [3, 1], [2, 1], ta, false);
      expect(Object.is(y[0], 0) && Object.is(y[1], 0)).toBe(true);
    }
  });
});

describe("matvec (wasm backend)", () => {
  it("gives the same bits as the cpu backend for matrix–vector products (float64 and float32)", async () => {
    expect(await wasmBackendLoaded).toBe(true);
    const next = rng(21);
    for (const C of [Float64Array, Float32Array] as const)
      for (const [aShape, bShape, outShape, ta] of [
        [[1000, 5], [5, 1], [1000, 1], false], [[1000, 5], [1000, 1], [5, 1], true],
        [[1, 777], [777, 33], [1, 33], false], [[2, 300, 41], [2, 300, 1], [2, 41, 1], true],
      ] as const) {
        const a = fill(C, size([...aShape]), next, false), b = fill(C, size([...bShape]), next, false);
        const want = cpuBackend.matmul(a, [...aShape], b, [...bShape], [...outShape], ta, false);
        const got = wasmBackend.matmul(a, [...aShape], b, [...bShape], [...outShape], ta, false);
        expect(got.constructor).toBe(C);
        expect(Array.from(got)).toEqual(Array.from(want));
      }
  });

  it("agrees with the wasm gemm within the rounding bound k·ε·Σ|a||b|", async () => {
    expect(await wasmBackendLoaded).toBe(true);
    const next = rng(22);
    for (const [m, k, ta] of [[1000, 5, false], [5, 1000, true], [64, 64, true], [257, 130, false]] as const) {
      const a = fill(Float64Array, m * k, next, false) as Float64Array;
      const x = fill(Float64Array, k, next, false) as Float64Array;
      const aShape = ta ? [k, m] : [m, k];
      const y = wasmBackend.matmul(a, aShape, x, [k, 1], [m, 1], ta, false);
      // Two columns [x, x] keep the product on the wasm gemm; its first column is the reference.
      const x2 = new Float64Array(2 * k).map((_, i) => x[i >> 1]!);
      const y2 = wasmBackend.matmul(a, aShape, x2, [k, 2], [m, 2], ta, false);
      for (let i = 0; i < m; i++) {
        let bound = 0;
        for (let p = 0; p < k; p++) bound += Math.abs((ta ? a[p * m + i]! : a[i * k + p]!) * x[p]!);
        expect(Math.abs(y[i]! - y2[2 * i]!)).toBeLessThanOrEqual(k * Number.EPSILON * bound);
      }
    }
  });
});
