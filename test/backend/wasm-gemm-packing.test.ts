// The wasm gemm's packing (vector block transposes for row-major A, transposed A and transposed B)
// moves data only: every transposition variant and update mode is bit-compared with a JS model of
// the kernel's summation order (per KC block of k: a sum from +0 in k order of rounded products; the
// blocks then added to C in order), at shapes that cross the MR/NR/MC/KC block edges and k steps
// that are not whole vectors, with operands inside larger matrices (leading dimensions > their size).
import { describe, expect, it } from "vitest";
import { Arena } from "../../src/backend/wasm/arena.js";
import { getKernels } from "../../src/backend/wasm/module.js";
import { wasmReady } from "../../src/backend/wasm/wasm-backend.js";

const wasmAvailable = wasmReady();
// NOTE: the kernel's k block (assembly/gemm.ts KC); the model's sums restart at each block.
const KC = 512;

let seed = 99;
const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) - 0.5;

/** C (mode 0: =, 1: +=, 3: −=) op(A)·op(B) in the kernel's order, rounded by `round` after each operation. */
function model(
  m: number, n: number, k: number, a: ArrayLike<number>, rsA: number, csA: number, b: ArrayLike<number>, rsB: number, csB: number,
  c: Float64Array, ldc: number, mode: number, round: (x: number) => number,
): void {
  const sign = mode === 3 ? -1 : 1;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let cij = c[i * ldc + j]!;
      for (let p0 = 0; p0 < k; p0 += KC) {
        let s = 0;
        for (let p = p0; p < Math.min(k, p0 + KC); p++) s = round(s + round(sign * a[i * rsA + p * csA]! * b[p * rsB + j * csB]!));
        cij = p0 === 0 && mode === 0 ? s : round(cij + s);
      }
      c[i * ldc + j] = cij;
    }
}

describe.runIf(wasmAvailable)("wasm gemm packing", () => {
  // [m, n, k]: m past one MC block (128 float32, 64 float64) and not a multiple of MR = 4; n not a
  // multiple of NR (8 float32, 4 float64); k past KC and not a multiple of the vector's 4 or 2 steps,
  // and k smaller than one vector step.
  const shapes: [number, number, number][] = [[133, 21, 517], [67, 13, 6], [5, 9, 3], [8, 16, 1], [4, 8, 4], [12, 10, 256]];

  for (const f32 of [true, false])
    it(`${f32 ? "float32" : "float64"}: every transposition and update mode equals the summation-order model bit for bit`, () => {
      const kern = getKernels()!;
      const ex = kern.exports;
      const arena = new Arena(kern);
      const sz = f32 ? 4 : 8;
      const round = f32 ? Math.fround : (x: number): number => x;
      const make = (len: number): Float32Array | Float64Array => (f32 ? Float32Array.from({ length: len }, next) : Float64Array.from({ length: len }, next));
      const view = (p: number, len: number): Float32Array | Float64Array => (f32 ? arena.view(Float32Array, p, len) : arena.view(Float64Array, p, len));
      const update = f32 ? ex.gemmUpdateF32 : ex.gemmUpdateF64;
      for (const [m, n, k] of shapes)
        for (const transA of [false, true])
          for (const transB of [false, true])
            for (const mode of [0, 1, 3]) {
              arena.reset();
              // Stored with 3 spare columns per row: strides differ from the matrix sizes.
              const [rowsA, colsA] = transA ? [k, m + 3] : [m, k + 3];
              const [rowsB, colsB] = transB ? [n, k + 3] : [k, n + 3];
              const a = make(rowsA * colsA);
              const b = make(rowsB * colsB);
              const [rsA, csA] = transA ? [1, colsA] : [colsA, 1];
              const [rsB, csB] = transB ? [1, colsB] : [colsB, 1];
              const ldc = n + 2;
              const c0 = make(m * ldc);
              const pa = arena.copyIn(a);
              const pb = arena.copyIn(b);
              const pc = arena.copyIn(c0);
              const scratch = arena.alloc(ex.gemmScratchBytes(sz));
              update(m, n, k, pa, rsA, csA, pb, rsB, csB, pc, ldc, mode, scratch);
              const want = Float64Array.from(c0);
              model(m, n, k, a, rsA, csA, b, rsB, csB, want, ldc, mode, round);
              const got = view(pc, m * ldc);
              const label = `[${m}, ${n}, ${k}] transA ${transA} transB ${transB} mode ${mode}`;
              for (let i = 0; i < m; i++)
                for (let j = 0; j < ldc; j++) {
                  const w = j < n ? want[i * ldc + j]! : c0[i * ldc + j]!; // columns past n untouched
                  if (!Object.is(got[i * ldc + j], w)) expect.fail(`${label}: C(${i}, ${j}) ${got[i * ldc + j]} vs ${w}`);
                }
            }
    });
});
