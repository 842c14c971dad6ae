// SVD of an upper bidiagonal B by divide and conquer, through its Golub–Kahan form: with
// y = (v₀, u₀, v₁, u₁, …) the 2n×2n tridiagonal T_GK with zero diagonal and off-diagonal
// (s₀, e₀, s₁, e₁, …, s_{n−1}) has T_GK·y = σ·y exactly when B·v = σ·u and Bᵀ·u = σ·v, so its
// eigenvalues are ±σ_i and the eigenvector of +σ_i is (v_i, u_i) interleaved over √2 (Golub & Kahan
// 1965; Fernando 1998). Cuppen's divide and conquer (tridiagonal-divide-conquer.ts) solves T_GK
// with its products in the wasm gemm. The u and v halves are accurate to O(ε‖B‖/σ_i) only (the
// eigenvectors of +σ and −σ mix when σ is tiny), so for σ_i ≤ τ = 2⁻⁷·σ_max they are replaced
// (Willems & Lang 2013 discuss the effect): orthonormal bases U_S, V_S of the complements of the
// accurate U_L, V_L are taken from the halves of the 2c middle eigenvectors, and the small c×c
// problem U_Sᵀ·B·V_S is solved by `smallSvd`. The cross terms U_Lᵀ·B·V_S and U_Sᵀ·B·V_L are
// O(ε‖B‖), so the result is backward stable like the rest.
import { gemmUpdate } from "./gemm-update.js";
import { tridiagonalDivideConquer } from "./tridiagonal-divide-conquer.js";

/**
 * Singular values below this fraction of the largest are recomputed from the complements.
 * NOTE: 2⁻⁷: the halves of the other vectors are orthonormal to ≈ ε/τ·n, within the 1e-13 the
 * decompositions are tested to; a smaller τ saves work on rank-deficient matrices but loses digits.
 */
const SMALL = 2 ** -7;

/** SVD of a small dense c×c matrix (row-major): U, s (≥ 0), V with C = U·diag(s)·Vᵀ; null on failure. */
export type SmallSvd = (c: Float64Array, rows: number, cols: number) => [Float64Array, Float64Array, Float64Array] | null;

/**
 * SVD of the upper bidiagonal n×n B (diagonal s, superdiagonal e, e_i = B_i,i+1; not modified):
 * σ (≥ 0, in no particular order) and U, V (n×n row-major, singular vectors as columns) with
 * B = U·diag(σ)·Vᵀ. Null if an iteration did not converge.
 */
export function bidiagonalDivideConquer(s: Float64Array, e: Float64Array, n: number, smallSvd: SmallSvd): [Float64Array, Float64Array, Float64Array] | null {
  const size = 2 * n;
  const off = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    off[2 * i] = s[i]!;
    if (i < n - 1) off[2 * i + 1] = e[i]!;
  }
  // Only the eigenvectors of the σ (≥ 0) and of the −σ below τ are formed: from index n − c on.
  let large = 0;
  let top = 0;
  const dc = tridiagonalDivideConquer(new Float64Array(size), off, size, (w) => {
    top = Math.max(Math.abs(w[0]!), Math.abs(w[size - 1]!));
    while (large < n && w[size - 1 - large]! > SMALL * top) large++;
    return top === 0 ? size - n : large;
  });
  if (!dc) return null;
  const [w, z] = dc;
  const width = size - (top === 0 ? size - n : large); // z is size×width: eigenvectors large … size − 1
  const sigma = new Float64Array(n);
  const u = new Float64Array(n * n);
  const v = new Float64Array(n * n);
  if (top === 0) { // B = 0
    for (let i = 0; i < n; i++) u[i * n + i] = v[i * n + i] = 1;
    return [sigma, u, v];
  }
  // The accurate ones, σ descending: eigenvectors size − 1, size − 2, … (columns width − 1, …).
  for (let j = 0; j < large; j++) {
    const col = width - 1 - j;
    sigma[j] = w[size - 1 - j]!;
    let nu = 0;
    let nv = 0;
    for (let i = 0; i < n; i++) {
      nv += z[2 * i * width + col]! ** 2;
      nu += z[(2 * i + 1) * width + col]! ** 2;
    }
    nu = 1 / Math.sqrt(nu);
    nv = 1 / Math.sqrt(nv);
    for (let i = 0; i < n; i++) {
      v[i * n + j] = z[2 * i * width + col]! * nv;
      u[i * n + j] = z[(2 * i + 1) * width + col]! * nu;
    }
  }
  const c = n - large;
  if (c === 0) return [sigma, u, v];
  // The 2c middle eigenvectors (±σ for the c smallest σ: columns 0 … 2c − 1) span [V_S; 0] ⊕ [0; U_S].
  const xv = new Float64Array(n * 2 * c);
  const xu = new Float64Array(n * 2 * c);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < 2 * c; j++) {
      xv[i * 2 * c + j] = z[2 * i * width + j]!;
      xu[i * 2 * c + j] = z[(2 * i + 1) * width + j]!;
    }
  const vs = complementBasis(xv, 2 * c, v, n, large, c);
  const us = complementBasis(xu, 2 * c, u, n, large, c);
  // C = U_Sᵀ·B·V_S (c×c), B·V_S row by row: (B·V_S)_i = s_i·V_S,i + e_i·V_S,i+1.
  const bv = new Float64Array(n * c);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < c; j++) bv[i * c + j] = s[i]! * vs[i * c + j]! + (i < n - 1 ? e[i]! * vs[(i + 1) * c + j]! : 0);
  const small = new Float64Array(c * c);
  gemmUpdate(c, c, n, 1, { data: us, off: 0, ld: c }, true, { data: bv, off: 0, ld: c }, false, { data: small, off: 0, ld: c });
  // Scaled by a power of 2 to max |C| ≈ 1 (exact), as the kernels expect.
  const scale = 2 ** Math.round(Math.log2(small.reduce((mx, x) => Math.max(mx, Math.abs(x)), 0)));
  const svd = scale > 0 ? smallSvd(small.map((x) => x / scale), c, c) : identitySvd(c);
  if (!svd) return null;
  const [uc, sc, vc] = svd;
  for (let j = 0; j < c; j++) sc[j]! *= scale > 0 ? scale : 0;
  // U_S·U_c and V_S·V_c into the last c columns.
  const us2 = new Float64Array(n * c);
  const vs2 = new Float64Array(n * c);
  gemmUpdate(n, c, c, 1, { data: us, off: 0, ld: c }, false, { data: uc, off: 0, ld: c }, false, { data: us2, off: 0, ld: c });
  gemmUpdate(n, c, c, 1, { data: vs, off: 0, ld: c }, false, { data: vc, off: 0, ld: c }, false, { data: vs2, off: 0, ld: c });
  for (let j = 0; j < c; j++) {
    sigma[large + j] = sc[j]!;
    for (let i = 0; i < n; i++) {
      u[i * n + large + j] = us2[i * c + j]!;
      v[i * n + large + j] = vs2[i * c + j]!;
    }
  }
  return [sigma, u, v];
}

/**
 * An orthonormal basis (n×c, row-major) of the part of span(x) (x n×cols) orthogonal to the first
 * `known` columns of `q` (n×n, orthonormal columns), which must have dimension c: x projected on
 * the complement, then Gram–Schmidt with column pivoting (largest remaining norm first), and both
 * steps once more on the result ("twice is enough").
 */
function complementBasis(x: Float64Array, cols: number, q: Float64Array, n: number, known: number, c: number): Float64Array {
  const basis = new Float64Array(known * n); // Q_Lᵀ: known×n
  for (let i = 0; i < n; i++) for (let j = 0; j < known; j++) basis[j * n + i] = q[i * n + j]!;
  let cur = x;
  let width = cols;
  for (let pass = 0; pass < 2; pass++) {
    for (let twice = 0; twice < 2; twice++) {
      // cur −= Q_L·(Q_Lᵀ·cur)
      const p = new Float64Array(known * width);
      gemmUpdate(known, width, n, 1, { data: basis, off: 0, ld: n }, false, { data: cur, off: 0, ld: width }, false, { data: p, off: 0, ld: width });
      gemmUpdate(n, width, known, -1, { data: basis, off: 0, ld: n }, true, { data: p, off: 0, ld: width }, false, { data: cur, off: 0, ld: width });
    }
    // Columns as rows (contiguous), pivoted modified Gram–Schmidt keeping c of them.
    const rows = new Float64Array(width * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) rows[j * n + i] = cur[i * width + j]!;
    const norms = Float64Array.from({ length: width }, (_, j) => dot(rows, j, j, n));
    const used = new Uint8Array(width);
    const out = new Float64Array(n * c);
    for (let t = 0; t < c; t++) {
      let best = -1;
      for (let j = 0; j < width; j++) if (!used[j] && (best < 0 || norms[j]! > norms[best]!)) best = j;
      used[best] = 1;
      const nrm = Math.sqrt(dot(rows, best, best, n));
      const inv = nrm > 0 ? 1 / nrm : 0;
      for (let i = 0; i < n; i++) rows[best * n + i]! *= inv;
      for (let j = 0; j < width; j++) {
        if (used[j]) continue;
        const d = dot(rows, best, j, n);
        for (let i = 0; i < n; i++) rows[j * n + i]! -= d * rows[best * n + i]!;
        norms[j] = dot(rows, j, j, n);
      }
      for (let i = 0; i < n; i++) out[i * c + t] = rows[best * n + i]!;
    }
    cur = out;
    width = c;
  }
  return cur;
}

/** The SVD of the c×c zero matrix: I, 0, I. */
function identitySvd(c: number): [Float64Array, Float64Array, Float64Array] {
  const u = new Float64Array(c * c);
  for (let i = 0; i < c; i++) u[i * c + i] = 1;
  return [u, new Float64Array(c), Float64Array.from(u)];
}

function dot(x: Float64Array, i: number, j: number, len: number): number {
  let s = 0;
  for (let r = 0, a = i * len, b = j * len; r < len; r++) s += x[a + r]! * x[b + r]!;
  return s;
}
