// Blocked Householder bidiagonalisation of a square matrix (LAPACK's dgebrd with dlabrd): within a
// panel of 32 columns the trailing matrix is updated lazily (each new row and column is brought up
// to date from the panel's vectors), and after the panel the update A −= V·Yᵀ + X·Uᵀ runs as two
// matrix–matrix products. Half of the 8n³/3 flops move into gemm; the other half, the products
// Aᵀ·v and A·u, stay matrix–vector. The same reflectors and rounding bounds as the unblocked
// reduction (Golub & Van Loan, Alg. 5.4.2). Under the wasm backend the matrix and the panel's
// X and Y live in one array in wasm memory, where A·u and Aᵀ·v run the SIMD gemv kernels, as do
// the panel's corrections of each new row, column, x and y (products with the panel's j vectors),
// and the two trailing products the strided gemm, in place.
import { householderVector } from "../primitives/householder-vector.js";
import { gemmUpdate, inWasmMemory, residentKernels } from "./gemm-update.js";
import type { Reflector } from "./householder-wy.js";
import { releaseScratch, takeScratch } from "./bidiagonal-scratch.js";

/** Columns per panel. */
const PANEL = 32;

/**
 * Bidiagonalises the n×n row-major `b` (overwritten): diagonal s, superdiagonal e and the
 * reflectors of b = Uᵦ·B·Vᵦᵀ, Uᵦ = H_0⋯H_{n−1} (H_j on rows j…) and Vᵦ = G_0⋯G_{n−3} (G_j on rows j+1…).
 */
export function bidiagonaliseBlocked(b: Float64Array, n: number): [Float64Array, Float64Array, Reflector[], Reflector[]] {
  const s = new Float64Array(n);
  const e = new Float64Array(n);
  const left: Reflector[] = [];
  const right: Reflector[] = [];
  // NOTE: one array [A (n×n) | Vᵀ | Uᵀ | Xᵀ | Yᵀ (each PANEL×n) | scratch (2·PANEL + 2n)] so that the trailing products run on
  // blocks of it in wasm memory; the panel's vectors are kept as rows so that every loop is a long
  // contiguous one (row-major A: its columns would be strided).
  const buf = takeScratch(n * n + 4 * n * PANEL + 2 * PANEL + 2 * n).fill(0, n * n);
  buf.set(b.subarray(0, n * n));
  inWasmMemory(buf, (data) => reduce(data, n, s, e, left, right));
  b.set(buf.subarray(0, n * n));
  releaseScratch(buf);
  return [s, e, left, right];
}

/** x[o + i] −= α·y[p + i] for i < len. */
function axpy(x: Float64Array, o: number, alpha: number, y: Float64Array, p: number, len: number): void {
  if (alpha !== 0) for (let i = 0; i < len; i++) x[o + i]! -= alpha * y[p + i]!;
}

/** y[o + q] += Σ_r v_r·A(r, q) for q < cols, A(r, q) = a[off + r·ld + q], r < rows: four rows per pass. */
function gemvT(y: Float64Array, o: number, a: Float64Array, off: number, ld: number, rows: number, cols: number, v: Float64Array): void {
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const [v0, v1, v2, v3] = [v[r]!, v[r + 1]!, v[r + 2]!, v[r + 3]!];
    const a0 = off + r * ld;
    const a1 = a0 + ld;
    const a2 = a1 + ld;
    const a3 = a2 + ld;
    for (let q = 0; q < cols; q++) y[o + q]! += v0 * a[a0 + q]! + v1 * a[a1 + q]! + v2 * a[a2 + q]! + v3 * a[a3 + q]!;
  }
  for (; r < rows; r++) axpy(y, o, -v[r]!, a, off + r * ld, cols);
}

/** y[o + r] = Σ_q A(r, q)·v_q for r < rows, A(r, q) = a[off + r·ld + q], q < cols: four rows per pass. */
function gemv(y: Float64Array, o: number, a: Float64Array, off: number, ld: number, rows: number, cols: number, v: Float64Array): void {
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const a0 = off + r * ld;
    const a1 = a0 + ld;
    const a2 = a1 + ld;
    const a3 = a2 + ld;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let q = 0; q < cols; q++) {
      const vq = v[q]!;
      d0 += a[a0 + q]! * vq;
      d1 += a[a1 + q]! * vq;
      d2 += a[a2 + q]! * vq;
      d3 += a[a3 + q]! * vq;
    }
    y[o + r] = d0;
    y[o + r + 1] = d1;
    y[o + r + 2] = d2;
    y[o + r + 3] = d3;
  }
  for (; r < rows; r++) y[o + r] = dot(a, off + r * ld, v, 0, cols);
}

/** x[o + i] −= α·y[p + i] + β·y[q + i] for i < len (one pass for two vectors of y). */
function axpy2(x: Float64Array, o: number, alpha: number, p: number, beta: number, q: number, y: Float64Array, len: number): void {
  for (let i = 0; i < len; i++) x[o + i]! -= alpha * y[p + i]! + beta * y[q + i]!;
}

/** Σ x[o + i]·y[p + i] for i < len. */
function dot(x: Float64Array, o: number, y: Float64Array, p: number, len: number): number {
  let d = 0;
  for (let i = 0; i < len; i++) d += x[o + i]! * y[p + i]!;
  return d;
}

/**
 * The reduction on `w` = [A | Vᵀ | Uᵀ | Xᵀ | Yᵀ]: row p of Vᵀ (Uᵀ) is the panel's p-th left (right)
 * reflector vector placed at its rows (columns), rows of Xᵀ and Yᵀ are dlabrd's X and Y columns.
 */
function reduce(w: Float64Array, n: number, s: Float64Array, e: Float64Array, left: Reflector[], right: Reflector[]): void {
  const nb = PANEL;
  const oV = n * n;
  const oU = oV + nb * n;
  const oX = oU + nb * n;
  const oY = oX + nb * n;
  const oS = oY + nb * n; // two coefficient vectors (nb each), then two products (n each)
  const oT = oS + 2 * nb;
  const col = new Float64Array(n);
  // NOTE: all 2n − 1 reflector vectors (n(n+1)/2 + n(n−1)/2 = n² elements) as views of one array:
  // one allocation instead of 2n small off-heap ones.
  const store = new Float64Array(n * n);
  let used = 0;
  const kernels = residentKernels(w);
  const at = w.byteOffset;
  /** Byte address of element `i` of `w` in wasm memory. */
  const ptr = (i: number): number => at + i * 8;
  /**
   * With the kernels: w[dst + i·stride] −= Σ_p w[oS + p]·w[m1 + p·n + i] + Σ_p w[oS + nb + p]·w[m2 + p·n + i]
   * for i < len, p < r1 (first sum) and p < r2 (second): two gemvᵀ on the panel's rows.
   */
  const subtract2 = (kx: NonNullable<typeof kernels>, dst: number, stride: number, len: number, m1: number, r1: number, m2: number, r2: number): void => {
    if (r1 > 0) kx.gemvTWideF64(r1, len, ptr(m1), n, ptr(oS), ptr(oT));
    else w.fill(0, oT, oT + len);
    if (r2 > 0) kx.gemvTWideF64(r2, len, ptr(m2), n, ptr(oS + nb), ptr(oT + n));
    else w.fill(0, oT + n, oT + n + len);
    for (let i = 0, d = dst; i < len; i++, d += stride) w[d]! -= w[oT + i]! + w[oT + n + i]!;
  };
  for (let i0 = 0; i0 < n; i0 += nb) {
    const b = Math.min(nb, n - i0);
    for (let j = 0; j < b; j++) {
      const c = i0 + j;
      const len = n - c;
      // Column c up to date: A(c:, c) −= V(c:, :j)·Y(c, :j)ᵀ + X(c:, :j)·U(:j, c).
      if (j > 0 && kernels) {
        for (let p = 0; p < j; p++) {
          w[oS + p] = w[oY + p * n + c]!;
          w[oS + nb + p] = w[oU + p * n + c]!;
        }
        subtract2(kernels, c * n + c, n, len, oV + c, j, oX + c, j);
      } else if (j > 0) {
        col.fill(0, 0, len);
        for (let p = 0; p < j; p++) {
          axpy2(col, 0, -w[oY + p * n + c]!, oV + p * n + c, -w[oU + p * n + c]!, oX + p * n + c, w, len);
        }
        for (let r = 0; r < len; r++) w[(c + r) * n + c]! -= col[r]!;
      }
      const vl = store.subarray(used, (used += len));
      const [bl, al] = householderVector(w, c * n + c, n, len, vl);
      s[c] = al;
      left.push({ v: vl, beta: bl, start: c });
      w.set(vl, oV + j * n + c);
      if (c === n - 1) break;
      const rest = len - 1; // columns c+1…
      const c1 = c + 1;
      // Y(c+1:, j) = β·(A(c:, c+1:)ᵀ·v − Y(c+1:, :j)·(V(c:, :j)ᵀ·v) − U(:j, c+1:)ᵀ·(X(c:, :j)ᵀ·v))
      const y = oY + j * n + c1;
      if (kernels) kernels.gemvTWideF64(len, rest, ptr(c * n + c1), n, ptr(oV + j * n + c), ptr(y));
      else {
        w.fill(0, y, y + rest);
        gemvT(w, y, w, c * n + c1, n, len, rest, vl);
      }
      if (kernels && j > 0) {
        kernels.gemvF64(j, len, ptr(oV + c), n, ptr(oV + j * n + c), ptr(oS));
        kernels.gemvF64(j, len, ptr(oX + c), n, ptr(oV + j * n + c), ptr(oS + nb));
        subtract2(kernels, y, 1, rest, oY + c1, j, oU + c1, j);
      } else
        for (let p = 0; p < j; p++) {
          axpy2(w, y, dot(w, oV + p * n + c, vl, 0, len), oY + p * n + c1, dot(w, oX + p * n + c, vl, 0, len), oU + p * n + c1, w, rest);
        }
      for (let q = 0; q < rest; q++) w[y + q]! *= bl;
      // Row c up to date: A(c, c+1:) −= Y(c+1:, :j+1)·V(c, :j+1)ᵀ + X(c, :j)·U(:j, c+1:).
      const rc = c * n + c1;
      if (kernels) {
        for (let p = 0; p <= j; p++) w[oS + p] = w[oV + p * n + c]!;
        for (let p = 0; p < j; p++) w[oS + nb + p] = w[oX + p * n + c]!;
        subtract2(kernels, rc, 1, rest, oY + c1, j + 1, oU + c1, j);
      } else {
        for (let p = 0; p < j; p++) axpy2(w, rc, w[oV + p * n + c]!, oY + p * n + c1, w[oX + p * n + c]!, oU + p * n + c1, w, rest);
        axpy(w, rc, w[oV + j * n + c]!, w, oY + j * n + c1, rest);
      }
      const vr = store.subarray(used, (used += rest));
      const [br, ar] = householderVector(w, rc, 1, rest, vr);
      e[c] = ar;
      if (c < n - 2) right.push({ v: vr, beta: br, start: c1 });
      w.set(vr, oU + j * n + c1);
      // X(c+1:, j) = β·(A(c+1:, c+1:)·u − V(c+1:, :j+1)·(Y(c+1:, :j+1)ᵀ·u) − X(c+1:, :j)·(U(:j, c+1:)·u))
      const x = oX + j * n + c1;
      if (kernels) kernels.gemvF64(rest, rest, ptr(c1 * n + c1), n, ptr(oU + j * n + c1), ptr(x));
      else gemv(w, x, w, c1 * n + c1, n, rest, rest, vr);
      if (kernels) {
        kernels.gemvF64(j + 1, rest, ptr(oY + c1), n, ptr(oU + j * n + c1), ptr(oS));
        if (j > 0) kernels.gemvF64(j, rest, ptr(oU + c1), n, ptr(oU + j * n + c1), ptr(oS + nb));
        subtract2(kernels, x, 1, rest, oV + c1, j + 1, oX + c1, j);
      } else {
        for (let p = 0; p < j; p++) axpy2(w, x, dot(w, oY + p * n + c1, vr, 0, rest), oV + p * n + c1, dot(w, oU + p * n + c1, vr, 0, rest), oX + p * n + c1, w, rest);
        axpy(w, x, dot(w, oY + j * n + c1, vr, 0, rest), w, oV + j * n + c1, rest);
      }
      for (let r = 0; r < rest; r++) w[x + r]! *= br;
    }
    // Trailing matrix: A(i1:, i1:) −= V·Yᵀ + X·U over the panel's b vectors.
    const i1 = i0 + b;
    if (i1 < n) {
      const k = n - i1;
      const at = (off: number, ld: number): { data: Float64Array; off: number; ld: number } => ({ data: w, off, ld });
      gemmUpdate(k, k, b, -1, at(oV + i1, n), true, at(oY + i1, n), false, at(i1 * n + i1, n));
      gemmUpdate(k, k, b, -1, at(oX + i1, n), true, at(oU + i1, n), false, at(i1 * n + i1, n));
    }
  }
}
