// Blocked bidiagonalisation (dense/bidiagonalise-blocked.ts, LAPACK's dgebrd/dlabrd): Uᵦ·B·Vᵦᵀ
// reproduces A to working precision at sizes around the panel width (32) and over several panels,
// for matrices that make reflectors trivial (zero columns and rows), under the wasm backend (the
// trailing updates in wasm memory) and the cpu backend (plain JS).
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { bidiagonaliseBlocked } from "../../src/linalg/dense/bidiagonalise-blocked.js";
import { applyReflectors } from "../../src/linalg/dense/householder-wy.js";

const EPS = 2 ** -52;

/** A seeded uniform(−½, ½) sequence (Park–Miller). */
function uniform(count: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: count }, () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5);
}

function transpose(x: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = x[i * n + j]!;
  return t;
}

/** max |Uᵦ·B·Vᵦᵀ − A| ÷ max(max|A|, tiny) for A's bidiagonalisation, and B's entries off the two diagonals (must be none). */
function residual(a: Float64Array, n: number): number {
  const [s, e, left, right] = bidiagonaliseBlocked(a.slice(), n);
  expect(left.length).toBe(n);
  expect(right.length).toBe(Math.max(0, n - 2));
  const b = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    b[i * n + i] = s[i]!;
    if (i + 1 < n) b[i * n + i + 1] = e[i]!;
  }
  const bt = transpose(b, n);
  applyReflectors(bt, n, n, right); // Vᵦ·Bᵀ
  const x = transpose(bt, n); // B·Vᵦᵀ
  applyReflectors(x, n, n, left); // Uᵦ·B·Vᵦᵀ
  const scale = Math.max(1e-300, ...Array.from(a, Math.abs));
  let worst = 0;
  for (let i = 0; i < n * n; i++) worst = Math.max(worst, Math.abs(x[i]! - a[i]!) / scale);
  return worst;
}

describe("bidiagonaliseBlocked", () => {
  const original = getBackend();
  afterEach(() => setBackend(original));

  for (const backend of ["wasm (default)", "cpu"] as const)
    it(`Uᵦ·B·Vᵦᵀ = A to working precision around and across panels (${backend} backend)`, () => {
      if (backend === "cpu") setBackend(cpuBackend);
      for (const n of [1, 2, 3, 31, 32, 33, 64, 97]) {
        const res = residual(uniform(n * n, 7 + n), n);
        expect(res, `n = ${n}`).toBeLessThanOrEqual(20 * n * EPS);
      }
    });

  it("trivial reflectors: zero columns and rows, a rank-one and the zero matrix", () => {
    const n = 70;
    const a = uniform(n * n, 3);
    for (let i = 0; i < n; i++) {
      a[i * n + 5] = 0; // a zero column in the first panel
      a[40 * n + i] = 0; // a zero row in the second
    }
    expect(residual(a, n)).toBeLessThanOrEqual(20 * n * EPS);
    const x = uniform(n, 4);
    const y = uniform(n, 5);
    const rankOne = Float64Array.from({ length: n * n }, (_, k) => x[Math.floor(k / n)]! * y[k % n]!);
    expect(residual(rankOne, n)).toBeLessThanOrEqual(20 * n * EPS);
    expect(residual(new Float64Array(n * n), n)).toBe(0);
  });
});
