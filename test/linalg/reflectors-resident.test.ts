// The blocked QR (dense/householder-qr-blocked.ts) and the compact-WY reflector products
// (dense/householder-wy.ts) in wasm memory: under the wasm backend their products run the wasm
// gemm in place, with no backend matmul (no operand copies), and the results agree with the plain
// JS run of the cpu backend to rounding; T is formed from one product WᵀW.
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { householderQrInPlace } from "../../src/linalg/dense/householder-qr-blocked.js";
import { applyReflectors, type Reflector } from "../../src/linalg/dense/householder-wy.js";
import { countingMatmul } from "./counting-matmul.js";

function random(len: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: len }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

/** Z ← H_0⋯H_{r−1}·Z (or the reverse order) one reflector at a time: the definition. */
function oneByOne(z: Float64Array, rows: number, cols: number, hs: readonly Reflector[], transpose: boolean): Float64Array {
  const x = Float64Array.from(z);
  const order = transpose ? hs : [...hs].reverse();
  for (const h of order)
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let i = 0; i < h.v.length; i++) s += h.v[i]! * x[(h.start + i) * cols + c]!;
      for (let i = 0; i < h.v.length; i++) x[(h.start + i) * cols + c]! -= h.beta * s * h.v[i]!;
    }
  expect(rows * cols).toBe(x.length);
  return x;
}

const maxDiff = (x: Float64Array, y: Float64Array): number => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);

describe("reflector products and blocked QR in wasm memory", () => {
  const original = getBackend();
  afterEach(() => setBackend(original));

  it.skipIf(original.name !== "wasm")("qr of 300×130 and the product of its 130 reflectors call no backend matmul and match the cpu backend", () => {
    const [m, n] = [300, 130];
    const a = random(m * n, 3);
    const { backend, count } = countingMatmul(original);
    setBackend(backend);
    const r = a.slice();
    const hs = householderQrInPlace(r, m, n);
    const z = random(m * 70, 4);
    const qz = z.slice();
    applyReflectors(qz, m, 70, hs);
    const qtz = z.slice();
    applyReflectors(qtz, m, 70, hs, true);
    expect(count.calls).toBe(0);
    setBackend(cpuBackend);
    const r0 = a.slice();
    householderQrInPlace(r0, m, n);
    expect(maxDiff(r, r0)).toBeLessThan(1e-13 * m);
    expect(maxDiff(qz, oneByOne(z, m, 70, hs, false))).toBeLessThan(1e-14 * m);
    expect(maxDiff(qtz, oneByOne(z, m, 70, hs, true))).toBeLessThan(1e-14 * m);
  });

  it("a block of a wider matrix (ld, off), a zero reflector (β = 0), and Qᵀ·(Q·Z) = Z", () => {
    const [rows, cols, ld] = [90, 40, 57];
    const hs: Reflector[] = Array.from({ length: 70 }, (_, j) => {
      const v = random(rows - j, 100 + j);
      let vv = 0;
      for (const x of v) vv += x * x;
      return { v, beta: j === 33 ? 0 : 2 / vv, start: j };
    });
    const wide = random(rows * ld, 5);
    const z = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) z.set(wide.subarray(i * ld + 9, i * ld + 9 + cols), i * cols);
    const x = wide.slice();
    applyReflectors(x, rows, cols, hs, false, ld, 9);
    const expected = oneByOne(z, rows, cols, hs, false);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < ld; j++) {
        const want = j >= 9 && j < 9 + cols ? expected[i * cols + j - 9]! : wide[i * ld + j]!;
        expect(Math.abs(x[i * ld + j]! - want)).toBeLessThan(1e-13);
      }
    }
    const back = x.slice();
    applyReflectors(back, rows, cols, hs, true, ld, 9);
    expect(maxDiff(back, wide)).toBeLessThan(1e-13);
  });
});
