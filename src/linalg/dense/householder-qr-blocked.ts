// Blocked Householder QR (LAPACK's dgeqrf): each panel of 32 columns is factored column by column
// (reflections applied to the panel only), then its reflectors are applied to the trailing columns
// at once in compact WY form (householder-wy.ts), so that most of the 2mn² − 2n³/3 flops are
// matrix–matrix products. The same reflectors and rounding bounds as the unblocked algorithm
// (Higham, ASNA §19.5).
import { householderVector } from "../primitives/householder-vector.js";
import { applyReflectors, type Reflector } from "./householder-wy.js";

/** Columns per panel. */
const PANEL = 32;

/**
 * Householder QR of the m×n row-major `a` in place: afterwards its upper triangle (the first
 * k = min(m, n) rows) is R (R_jj = α_j, either sign) and everything below the diagonal is zero;
 * returns the reflectors with A = H_0⋯H_{k−1}·R, H_j acting on rows j…m−1.
 */
export function householderQrInPlace(a: Float64Array, m: number, n: number): Reflector[] {
  const k = Math.min(m, n);
  const reflectors: Reflector[] = [];
  const w = new Float64Array(n);
  for (let j0 = 0; j0 < k; j0 += PANEL) {
    const j1 = Math.min(k, j0 + PANEL);
    for (let j = j0; j < j1; j++) {
      const v = new Float64Array(m - j);
      const [beta, alpha] = householderVector(a, j * n + j, n, m - j, v);
      reflectors.push({ v, beta, start: j });
      if (beta !== 0) reflectPanel(a, n, m, j, j + 1, j1, v, beta, w);
      a[j * n + j] = alpha;
      for (let i = j + 1; i < m; i++) a[i * n + j] = 0;
    }
    if (j1 < n) applyReflectors(a, m, n - j1, reflectors.slice(j0, j1), true, n, j1);
  }
  return reflectors;
}

/** (I − β·v·vᵀ)·X for rows r0… and columns c0…c1−1 of the row-major x (cols wide): w = β·vᵀX, X −= v·w. */
function reflectPanel(x: Float64Array, cols: number, rows: number, r0: number, c0: number, c1: number, v: Float64Array, beta: number, w: Float64Array): void {
  if (c0 >= c1) return;
  w.fill(0, c0, c1);
  for (let i = r0; i < rows; i++) {
    const vi = v[i - r0]!;
    if (vi === 0) continue;
    for (let c = c0, row = i * cols; c < c1; c++) w[c]! += vi * x[row + c]!;
  }
  for (let c = c0; c < c1; c++) w[c]! *= beta;
  for (let i = r0; i < rows; i++) {
    const vi = v[i - r0]!;
    if (vi === 0) continue;
    for (let c = c0, row = i * cols; c < c1; c++) x[row + c]! -= vi * w[c]!;
  }
}
