// The blocked tridiagonalisation (dense/tridiagonalise-blocked.ts) in wasm memory: under the wasm
// backend its S·v products run the gemv kernel and its rank-2·32 updates the in-place gemm, with
// no backend matmul (no operand copies); the result agrees with the plain-JS run of the cpu backend.
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { tridiagonaliseBlocked } from "../../src/linalg/dense/tridiagonalise-blocked.js";
import { countingMatmul } from "./counting-matmul.js";

/** A seeded symmetric n×n matrix with entries in (−1, 1). */
function symmetric(n: number, seed: number): Float64Array {
  let s = seed;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return a;
}

describe("tridiagonaliseBlocked in wasm memory", () => {
  const original = getBackend();
  afterEach(() => setBackend(original));

  it.skipIf(original.name !== "wasm")("calls no backend matmul under wasm and matches the cpu backend (n = 101: four panels, a short last one)", () => {
    const n = 101;
    const a = symmetric(n, 5);
    const { backend, count } = countingMatmul(original);
    setBackend(backend);
    const [d, e, refl] = tridiagonaliseBlocked(a.slice(), n);
    expect(count.calls).toBe(0);
    setBackend(cpuBackend);
    const [d0, e0, refl0] = tridiagonaliseBlocked(a.slice(), n);
    // The same reflectors up to rounding: both runs reduce the same matrix in the same order of steps.
    let scale = 0;
    for (const x of a) scale = Math.max(scale, Math.abs(x));
    for (let i = 0; i < n; i++) {
      expect(Math.abs(d[i]! - d0[i]!)).toBeLessThan(1e-12 * n * scale);
      expect(Math.abs(e[i]! - e0[i]!)).toBeLessThan(1e-12 * n * scale);
    }
    expect(refl.length).toBe(refl0.length);
    // Trace and Frobenius norm are invariant under the similarity: Σ d = tr A, Σ d² + 2Σ e² = ‖A‖²_F.
    let tr = 0;
    let fro = 0;
    let fd = 0;
    for (let i = 0; i < n; i++) tr += a[i * n + i]!;
    for (const x of a) fro += x * x;
    for (let i = 0; i < n; i++) fd += d[i]! ** 2 + 2 * e[i]! ** 2 * (i < n - 1 ? 1 : 0);
    expect(Math.abs(d.reduce((p, q) => p + q, 0) - tr)).toBeLessThan(1e-11 * n);
    expect(Math.abs(fd - fro) / fro).toBeLessThan(1e-13 * n);
  });
});
