// The dense SVD kernel at the benchmark's sizes (golubKahanSvd, src/linalg/primitives/svd-golub-kahan.ts):
// a tall 784×256 matrix (Householder QR, bidiagonalisation of R, divide and conquer, U = Q·[U_R; 0],
// all products in wasm memory) and a square 256×256 one: A = U·diag(s)·Vᵀ, UᵀU = VᵀV = I to
// n·ε·‖A‖ (measured: 2·ε·‖A‖ and 12–34·ε), s descending, Σ s² = ‖A‖²_F.
import { describe, expect, it } from "vitest";
import { golubKahanSvd } from "../../src/linalg/primitives/svd-golub-kahan.js";

const EPS = 2 ** -52;

function random(len: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: len }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

/** max |A − U·diag(s)·Vᵀ| and the largest |XᵀX − I| of U (m×n) and V (n×n). */
function residuals(a: Float64Array, u: Float64Array, s: Float64Array, v: Float64Array, m: number, n: number): [number, number] {
  let rec = 0;
  const us = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < n; k++) us[k] = u[i * n + k]! * s[k]!;
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let k = 0; k < n; k++) t += us[k]! * v[j * n + k]!;
      rec = Math.max(rec, Math.abs(a[i * n + j]! - t));
    }
  }
  let orth = 0;
  for (const [x, rows] of [[u, m], [v, n]] as const) {
    const g = new Float64Array(n * n);
    for (let r = 0; r < rows; r++) for (let p = 0; p < n; p++) for (let q = p, xp = x[r * n + p]!; q < n; q++) g[p * n + q]! += xp * x[r * n + q]!;
    for (let p = 0; p < n; p++) for (let q = p; q < n; q++) orth = Math.max(orth, Math.abs(g[p * n + q]! - (p === q ? 1 : 0)));
  }
  return [rec, orth];
}

describe("golubKahanSvd at the benchmark sizes", () => {
  for (const [m, n] of [[784, 256], [256, 256]] as const) {
    it(`${m}×${n}: A = U·diag(s)·Vᵀ and UᵀU = VᵀV = I to n·ε·‖A‖, s descending`, () => {
      const a = random(m * n, 17 + m);
      const [u, s, v] = golubKahanSvd(a, m, n)!;
      const [rec, orth] = residuals(a, u, s, v, m, n);
      expect(rec).toBeLessThanOrEqual(n * EPS * s[0]!);
      expect(orth).toBeLessThanOrEqual(n * EPS);
      for (let i = 1; i < n; i++) expect(s[i]!).toBeLessThanOrEqual(s[i - 1]!);
      // ‖A‖²_F = Σ s²
      let fro = 0;
      for (const x of a) fro += x * x;
      expect(Math.abs(s.reduce((t, x) => t + x * x, 0) - fro) / fro).toBeLessThanOrEqual(n * EPS);
    });
  }
});
