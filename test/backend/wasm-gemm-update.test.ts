// The strided, accumulating wasm gemm (gemmUpdateF32/F64: C = / += / −= op(A)·op(B) on sub-blocks
// with leading dimensions) bit-compared with a reference that performs the same operations in the
// same order, on random and edge shapes and special values; and the resident workspace that the
// blocked factorisations run in (withResidentF64), on 1 and 2 threads.
import { describe, expect, it } from "vitest";
import { getKernels, instantiateKernels, MAX_PAGES_MT, MAX_PAGES_ST } from "../../src/backend/wasm/module.js";
import { withResidentF64, type GemmMode } from "../../src/backend/wasm/resident-gemm.js";
import { getNumThreads, multithreadingAvailable, setNumThreads } from "../../src/backend/wasm/threads.js";

/** The kernel's k block (KC in assembly/gemm.ts): C accumulates one partial sum per block of k. */
const KC = 512;

type Arr = Float32Array | Float64Array;

/**
 * C (m×n at c + i·ldc + j) op= op(A)·op(B) as the kernel computes it: per k block, a sum from 0 in
 * increasing p of a(i, p)·b(p, j) (A negated in mode 3), added to C (or stored, for the first block
 * in mode 0); float32 rounds after every operation.
 */
function reference(
  f32: boolean, m: number, n: number, k: number, a: Arr, rsA: number, csA: number, b: Arr, rsB: number, csB: number, c: Arr, ldc: number, mode: GemmMode,
): void {
  const r = f32 ? Math.fround : (x: number): number => x;
  const neg = mode === 3;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      if (k === 0) {
        if (mode === 0) c[i * ldc + j] = 0;
        continue;
      }
      for (let p0 = 0; p0 < k; p0 += KC) {
        let s = 0;
        for (let p = p0; p < Math.min(k, p0 + KC); p++) {
          const x = neg ? -a[i * rsA + p * csA]! : a[i * rsA + p * csA]!;
          s = r(s + r(x * b[p * rsB + j * csB]!));
        }
        const acc = mode !== 0 || p0 > 0;
        c[i * ldc + j] = acc ? r(c[i * ldc + j]! + s) : s;
      }
    }
}

/** Deterministic values in [−1, 1) with a sprinkling of `specials`. */
function fill(x: Arr, seed: number, specials: readonly number[] = []): void {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    x[i] = (s / 2 ** 32) * 2 - 1;
    if (specials.length && s % 97 === 0) x[i] = specials[s % specials.length]!;
  }
}

let own: { ex: ReturnType<typeof instantiateKernels>; memory: WebAssembly.Memory } | null = null;

/** A private instance of the kernels over a memory of its own, so the test does not touch the arena. */
function privateKernels(): { ex: ReturnType<typeof instantiateKernels>; memory: WebAssembly.Memory } {
  if (own) return own;
  const k = getKernels()!;
  const memory = new WebAssembly.Memory({ initial: 64, maximum: k.shared ? MAX_PAGES_MT : MAX_PAGES_ST, shared: k.shared });
  own = { ex: instantiateKernels(k.module, memory), memory };
  return own;
}

interface Case {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  mode: GemmMode;
  specials?: readonly number[];
}

/** Runs one case through the kernel and the reference on padded (ld > width) sub-blocks; returns both C. */
function run(f32: boolean, cs: Case, seed: number): [Arr, Arr] {
  const { ex, memory } = privateKernels();
  const { m, n, k, transA, transB, mode } = cs;
  const sz = f32 ? 4 : 8;
  const Ctor = f32 ? Float32Array : Float64Array;
  // Stored A is (k×m if transA else m×k) inside a wider matrix (leading dimension + 3); B likewise; C (m×n) in ldc = n + 5, at offset 2.
  const [ar, ac] = transA ? [k, m] : [m, k];
  const [br, bc] = transB ? [n, k] : [k, n];
  const lda = ac + 3;
  const ldb = bc + 3;
  const ldc = n + 5;
  const aLen = Math.max(1, ar * lda);
  const bLen = Math.max(1, br * ldb);
  const cLen = m * ldc + 2;
  const base = 1 << 16;
  const pa = base;
  const pb = pa + aLen * sz + 64;
  const pc = pb + bLen * sz + 64;
  const scratch = pc + cLen * sz + 64;
  const need = scratch + ex.gemmScratchBytes(sz) + 64;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const A = new Ctor(memory.buffer, pa, aLen);
  const B = new Ctor(memory.buffer, pb, bLen);
  const C = new Ctor(memory.buffer, pc, cLen);
  fill(A, seed, cs.specials);
  fill(B, seed + 1, cs.specials);
  fill(C, seed + 2);
  const want = C.slice();
  const rsA = transA ? 1 : lda;
  const csA = transA ? lda : 1;
  const rsB = transB ? 1 : ldb;
  const csB = transB ? ldb : 1;
  const f = f32 ? ex.gemmUpdateF32 : ex.gemmUpdateF64;
  f(m, n, k, pa, rsA, csA, pb, rsB, csB, pc + 2 * sz, ldc, mode, scratch);
  reference(f32, m, n, k, A, rsA, csA, B, rsB, csB, want.subarray(2), ldc, mode);
  return [C.slice(), want];
}

/** Bitwise equality, NaN included (Object.is: NaN equals NaN, −0 differs from +0); names the first difference. */
const same = (x: Arr, y: Arr, what = ""): void => {
  expect(x.length).toBe(y.length);
  const i = x.findIndex((v, j) => !Object.is(v, y[j]));
  expect(i, `${what} first difference at ${i}: ${x[i]} vs ${y[i]}`).toBe(-1);
};

const SHAPES: readonly [number, number, number][] = [
  [1, 1, 1], [1, 1, 0], [3, 5, 0], [1, 9, 3], [7, 1, 4], [4, 8, 16], [5, 9, 7], [13, 17, 11], [33, 29, 70], [64, 65, 257], [70, 12, 300], [9, 13, 513], [6, 10, 1100], [133, 9, 20], [5, 1030, 7],
];

describe("wasm gemmUpdate (strided C = / += / −= op(A)·op(B))", () => {
  for (const f32 of [false, true])
    for (const mode of [0, 1, 3] as const)
      it(`${f32 ? "float32" : "float64"} mode ${mode}: every transposition, edge and non-multiple-of-tile shapes, k = 0, k > one k block`, () => {
        let seed = 1;
        for (const [m, n, k] of SHAPES)
          for (const transA of [false, true])
            for (const transB of [false, true]) {
              const [got, want] = run(f32, { m, n, k, transA, transB, mode }, seed++);
              same(got, want, `${m}×${n}×${k} transA ${transA} transB ${transB}:`);
            }
      });

  it("propagates NaN and ±∞ (0·∞ is NaN) and leaves the padding around C untouched", () => {
    for (const f32 of [false, true])
      for (const mode of [0, 1, 3] as const) {
        const [got, want] = run(f32, { m: 9, n: 11, k: 13, transA: false, transB: true, mode, specials: [NaN, Infinity, -Infinity, 0, -0] }, 7);
        same(got, want);
        expect(got.some((v) => Number.isNaN(v))).toBe(true);
      }
  });
});

describe("withResidentF64 (the factorisations' wasm workspace)", () => {
  /** C −= A·Bᵀ on blocks of one resident 300×300 array, on `threads` threads; returns the array. */
  function update(threads: number): Float64Array {
    const n = 300;
    const x = new Float64Array(n * n);
    fill(x, 11);
    const before = getNumThreads();
    setNumThreads(threads);
    try {
      const ran = withResidentF64(x, (view, gemm) => {
        // C = rows 100.., cols 100.. (200×200); A = rows 100.., cols 0..99; B = rows 100.., cols 0..99 (transposed).
        gemm(200, 200, 100, 100 * n, n, 1, 100 * n, 1, n, 100 * n + 100, n, 3);
        expect(view.buffer).not.toBe(x.buffer);
      });
      expect(ran).toBe(true);
    } finally {
      setNumThreads(before);
    }
    return x;
  }

  it("updates a block in place, as the reference does, and copies the result back", () => {
    const n = 300;
    const x = new Float64Array(n * n);
    fill(x, 11);
    const want = x.slice();
    // A and B (rows 100.., columns 0..99) do not overlap C (rows 100.., columns 100..), so the order of updates does not matter.
    reference(false, 200, 200, 100, want.subarray(100 * n), n, 1, want.subarray(100 * n), 1, n, want.subarray(100 * n + 100), n, 3);
    const got = update(1);
    same(got, want);
  });

  it.runIf(multithreadingAvailable())("gives the same bits on 1 and 2 threads", () => {
    same(update(2), update(1));
  });
});
