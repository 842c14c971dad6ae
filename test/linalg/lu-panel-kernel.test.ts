// The leaves of the recursive LU in wasm (assembly/lu-panel.ts: luPanelF64) and the single-copy
// entry `luOf`: the kernel gives the bits and pivots of unblocked elimination (the JS panel's
// operations in the same order), swaps whole rows, leaves the columns right of its panel alone;
// `luOf` gives luInPlace's bits without touching its input, from float32 data too.
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { inWasmMemory, residentKernels, residentTemp } from "../../src/linalg/dense/gemm-update.js";
import { luInPlace, luOf } from "../../src/linalg/dense/lu-recursive.js";
import { lu } from "../../src/linalg/primitives/lu.js";
import { tensor } from "../../src/index.js";

const backend = getBackend();
afterEach(() => setBackend(backend));

function random(len: number, seed: number): Float64Array {
  const x = new Float64Array(len);
  let s = seed;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    x[i] = (s / 2 ** 32) * 2 - 1;
  }
  return x;
}

/** Each value as a string that tells −0, NaN and ±∞ apart (exact: the shortest round-trip form). */
const bits = (x: ArrayLike<number>): string[] => Array.from(x, (v) => (Object.is(v, -0) ? "-0" : String(v)));

/**
 * Reference: unblocked elimination of the m×w panel at (r0, r0) of the row-major n×n `a`, row swaps
 * over whole rows; per entry l = a·(1/pivot) (a/pivot for a subnormal pivot, as LAPACK's dgetf2), then
 * a −= l·u for each later panel column, skipped for l = 0.
 */
function referencePanel(a: Float64Array, n: number, r0: number, w: number): number[] {
  const piv: number[] = [];
  for (let j = r0; j < r0 + w; j++) {
    let p = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(a[i * n + j]!) > Math.abs(a[p * n + j]!)) p = i;
    piv.push(p);
    if (p !== j) for (let c = 0; c < n; c++) [a[j * n + c], a[p * n + c]] = [a[p * n + c]!, a[j * n + c]!];
    const d = a[j * n + j]!;
    if (d === 0) continue;
    if (Math.abs(d) >= 2 ** -1022) for (let i = j + 1, r = 1 / d; i < n; i++) a[i * n + j]! *= r;
    else for (let i = j + 1; i < n; i++) a[i * n + j]! /= d;
    for (let c = j + 1; c < r0 + w; c++)
      for (let i = j + 1; i < n; i++) {
        const l = a[i * n + j]!;
        if (l !== 0) a[i * n + c]! -= l * a[j * n + c]!;
      }
  }
  return piv;
}

/** luPanelF64 on a copy of `a` in wasm memory: the result and the pivots. */
function wasmPanel(a: Float64Array, n: number, r0: number, w: number): [Float64Array, number[]] {
  const out = a.slice();
  let piv: number[] = [];
  inWasmMemory(out, (d, resident) => {
    expect(resident).toBe(true);
    const k = residentKernels(d)!;
    const t = residentTemp(d);
    k.luPanelF64(d.byteOffset, n, n, r0, n - r0, w, t, t + 256);
    piv = Array.from(new Int32Array(d.buffer, t, w));
  });
  return [out, piv];
}

describe.runIf(wasmReady())("the wasm LU panel kernel", () => {
  it("gives the bits and pivots of unblocked elimination, swaps whole rows and leaves the columns right of the panel as they are", () => {
    for (const [n, r0, w, seed] of [[1, 0, 1, 1], [7, 0, 7, 2], [20, 5, 7, 3], [33, 3, 16, 4], [40, 24, 16, 5]] as const) {
      const a = random(n * n, seed);
      const ref = a.slice();
      const refPiv = referencePanel(ref, n, r0, w);
      const [got, piv] = wasmPanel(a, n, r0, w);
      expect(piv).toEqual(refPiv);
      expect(bits(got)).toEqual(bits(ref));
    }
  });
  it("edge values: ties take the first row, zero columns are skipped, −0, ∞, NaN and subnormal pivots as in the JS loops", () => {
    const n = 6;
    const a = Float64Array.from([
      2, 1, -0, 3, 1, 0,
      -2, 0, 0, 1, Infinity, 2,
      2, 0, 0, -1, 1, 3,
      0, 5, 0, 4, 2, NaN,
      1, -0, 0, 0, 0, 1,
      -0, 2, 0, 7, NaN, 5,
    ]);
    // a subnormal pivot (1/p overflows): divided, not multiplied by 1/p
    const sub = Float64Array.from([3e-310, 1, 2, 1e-310, 2, 5, -2e-310, 1, 1]);
    const subRef = sub.slice();
    const subPiv = referencePanel(subRef, 3, 0, 3);
    const [subGot, subGotPiv] = wasmPanel(sub, 3, 0, 3);
    expect(subGotPiv).toEqual(subPiv);
    expect(bits(subGot)).toEqual(bits(subRef));
    expect(subGot[3]).toBe(1e-310 / 3e-310);
    const ref = a.slice();
    const refPiv = referencePanel(ref, n, 0, 5);
    const [got, piv] = wasmPanel(a, n, 0, 5);
    expect(piv).toEqual(refPiv);
    expect(piv.slice(0, 3)).toEqual([0, 3, 2]); // the tie |2| = |−2| = |2| keeps row 0; column 2 is zero (no swap)
    expect(bits(got)).toEqual(bits(ref));
  });
  it("luInPlace in wasm: the pivots and bits of the JS path for one panel, and a permutation of the rows for several", () => {
    for (const n of [5, 16, 70]) {
      const a = random(n * n, 10 + n);
      const w = a.slice();
      const [permW, signW] = luInPlace(w, n);
      setBackend(cpuBackend);
      const c = a.slice();
      const [permC, signC] = luInPlace(c, n);
      setBackend(backend);
      expect(permW).toEqual(permC);
      expect(signW).toBe(signC);
      if (n <= 16) expect(bits(w)).toEqual(bits(c));
      else for (let i = 0; i < w.length; i++) expect(Math.abs(w[i]! - c[i]!)).toBeLessThan(1e-12);
    }
  });
});

describe("luOf: LU of a copy", () => {
  it("leaves its input alone and gives luInPlace's bits, pivots and sign (float64 and float32 input), on both backends", () => {
    for (const onCpu of [false, true]) {
      if (onCpu) setBackend(cpuBackend);
      for (const n of [1, 9, 50]) {
        const a = random(n * n, 20 + n);
        for (const src of [a, Float32Array.from(a)]) {
          const before = src.slice();
          const ref = Float64Array.from(src);
          const refIpiv = new Int32Array(n);
          const [refPerm, refSign] = luInPlace(ref, n, refIpiv);
          let got: Float64Array | null = null;
          const ipiv = new Int32Array(n);
          const [perm, sign] = luOf(src, n, ipiv, (d) => (got = d.slice(0, n * n)));
          expect(bits(src)).toEqual(bits(before));
          expect(perm).toEqual(refPerm);
          expect(sign).toBe(refSign);
          expect(Array.from(ipiv)).toEqual(Array.from(refIpiv));
          expect(bits(got!)).toEqual(bits(ref));
        }
      }
      setBackend(backend);
    }
  });
  it("lu's outputs: L unit lower, U upper, P·L·U = A, for a batch of float32 matrices as for each alone", () => {
    const data = random(2 * 3 * 3, 31);
    const batch = lu(tensor(Float32Array.from(data), { shape: [2, 3, 3], dtype: "float32" }));
    for (let b = 0; b < 2; b++) {
      const one = lu(tensor(Float32Array.from(data.subarray(b * 9, b * 9 + 9)), { shape: [3, 3], dtype: "float32" }));
      for (const k of ["P", "L", "U"] as const) {
        expect(batch[k].dtype).toBe("float32");
        expect(Array.from(batch[k].data()).slice(b * 9, b * 9 + 9)).toEqual(Array.from(one[k].data()));
      }
      const L = one.L.data();
      const U = one.U.data();
      for (let i = 0; i < 3; i++) {
        expect(L[i * 3 + i]).toBe(1);
        for (let j = i + 1; j < 3; j++) expect(L[i * 3 + j]).toBe(0);
        for (let j = 0; j < i; j++) expect(U[i * 3 + j]).toBe(0);
      }
    }
  });
});
