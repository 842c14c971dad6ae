// Blocked Householder QR (LAPACK's dgeqrf): each panel of 16 columns is factored column by column
// (reflections applied to the panel only), then its reflectors are applied to the trailing columns
// at once in compact WY form (householder-wy.ts), so that most of the 2mn² − 2n³/3 flops are
// matrix–matrix products. The same reflectors and rounding bounds as the unblocked algorithm
// (Higham, ASNA §19.5).
import { releaseScratch, takeScratch } from "./bidiagonal-scratch.js";
import { householderVector } from "../primitives/householder-vector.js";
import { inWasmMemory } from "./gemm-update.js";
import { applyReflectorsAt, reflectorScratch, type Reflector } from "./householder-wy.js";

/** Columns per panel. NOTE: 16: the panel is factored in JS (level 2), measured 8–16 best at 784×256. */
const PANEL = 16;

/**
 * Householder QR of the m×n row-major `a` in place: afterwards its upper triangle (the first
 * k = min(m, n) rows) is R (R_jj = α_j, either sign) and everything below the diagonal is zero;
 * returns the reflectors with A = H_0⋯H_{k−1}·R, H_j acting on rows j…m−1.
 */
export function householderQrInPlace(a: Float64Array, m: number, n: number): Reflector[] {
  const reflectors: Reflector[] = [];
  // NOTE: A and the WY scratch in one array, run in wasm memory (`inWasmMemory`), so that the
  // trailing updates run the wasm gemm on it in place.
  const buf = takeScratch(m * n + reflectorScratch(m, n)); // the WY scratch is cleared by each block
  buf.set(a.subarray(0, m * n));
  inWasmMemory(buf, (d) => factor(d, m, n, reflectors));
  a.set(buf.subarray(0, m * n));
  releaseScratch(buf);
  return reflectors;
}

/**
 * The blocked QR on the first m·n elements of `a` (scratch after them), pushing its reflectors.
 * NOTE: each panel is factored on a transposed copy (its columns as contiguous rows), so that the
 * reflections are long contiguous dot products and axpys instead of short strided row loops.
 */
function factor(a: Float64Array, m: number, n: number, reflectors: Reflector[]): void {
  const k = Math.min(m, n);
  const panel = new Float64Array(PANEL * m);
  for (let j0 = 0; j0 < k; j0 += PANEL) {
    const j1 = Math.min(k, j0 + PANEL);
    const pw = j1 - j0;
    const len0 = m - j0; // panel column c holds A(j0 + i, j0 + c) at panel[c·len0 + i]
    for (let i = 0; i < len0; i++) for (let c = 0, row = (j0 + i) * n + j0; c < pw; c++) panel[c * len0 + i] = a[row + c]!;
    for (let c = 0; c < pw; c++) {
      const len = len0 - c;
      const v = new Float64Array(len);
      const col = c * len0 + c;
      const [beta, alpha] = householderVector(panel, col, 1, len, v);
      reflectors.push({ v, beta, start: j0 + c });
      if (beta !== 0) for (let q = c + 1; q < pw; q++) reflect(panel, q * len0 + c, len, v, beta);
      panel[col] = alpha;
      panel.fill(0, col + 1, col + len);
    }
    for (let i = 0; i < len0; i++) for (let c = 0, row = (j0 + i) * n + j0; c < pw; c++) a[row + c] = panel[c * len0 + i]!;
    if (j1 < n) applyReflectorsAt(a, m, n - j1, reflectors.slice(j0, j1), true, n, j1, m * n);
  }
}

/** (I − β·v·vᵀ)·x for the contiguous x = p[o … o + len): x −= (β·vᵀx)·v. */
function reflect(p: Float64Array, o: number, len: number, v: Float64Array, beta: number): void {
  let s = 0;
  for (let i = 0; i < len; i++) s += v[i]! * p[o + i]!;
  s *= beta;
  if (s !== 0) for (let i = 0; i < len; i++) p[o + i]! -= s * v[i]!;
}
