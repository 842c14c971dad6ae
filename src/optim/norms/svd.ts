/**
 * A small dense SVD for the exact spectral and nuclear norms: one-sided Jacobi (Hestenes 1958) in
 * float64. It orthogonalises the columns of A by plane rotations until every pair is orthogonal to
 * working precision; then σ_j = ‖column j‖, u_j = column j / σ_j, and V is the product of the
 * rotations.
 *
 * Accuracy: one-sided Jacobi is backward stable and computes singular values to high *relative*
 * accuracy (Demmel & Veselić 1992). On random matrices up to 64×64 the tests measure
 * ‖A − UΣVᵀ‖_F / ‖A‖_F < 1e-14, ‖UᵀU − I‖ and ‖VᵀV − I‖ < 1e-14, and σ within 1e-13 relative of
 * closed forms. Cost is O(sweeps · m n²) with typically 6–10 sweeps: fine for the matrices of a small
 * network, slow beyond a few hundred columns, which is what Newton–Schulz is for.
 *
 * NOTE: this stays private to the norms until `linalg.svd` exists; then the norms switch to it.
 */

/** A reduced SVD A = U diag(s) Vᵀ of an m×n matrix, k = min(m, n), s sorted descending. Row-major. */
export interface DenseSVD {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** m×k, orthonormal columns (a column is 0 where σ = 0). */
  readonly u: Float64Array;
  /** k singular values, descending. */
  readonly s: Float64Array;
  /** n×k, orthonormal columns. */
  readonly v: Float64Array;
}

const EPS = 2 ** -52;
const MAX_SWEEPS = 60;

/** SVD of the row-major m×n matrix `a`. */
export function jacobiSVD(a: ArrayLike<number>, m: number, n: number): DenseSVD {
  if (m < n) {
    // Decompose Aᵀ (n×m, tall) and swap the roles of U and V.
    const at = new Float64Array(n * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at[j * m + i] = a[i * n + j]!;
    const t = tallSVD(at, n, m);
    return { m, n, k: t.k, u: t.v, s: t.s, v: t.u };
  }
  return tallSVD(a, m, n);
}

/** m ≥ n. Columns are stored contiguously (w[j*m + i] = A[i, j]) so rotations stream through memory. */
function tallSVD(a: ArrayLike<number>, m: number, n: number): DenseSVD {
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a[i * n + j]!;
  const v = new Float64Array(n * n); // column-major too: v[j*n + i] = V[i, j]
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        const op = p * m;
        const oq = q * m;
        for (let i = 0; i < m; i++) {
          const x = w[op + i]!;
          const y = w[oq + i]!;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const x = w[op + i]!;
          const y = w[oq + i]!;
          w[op + i] = c * x - s * y;
          w[oq + i] = s * x + c * y;
        }
        const vp = p * n;
        const vq = q * n;
        for (let i = 0; i < n; i++) {
          const x = v[vp + i]!;
          const y = v[vq + i]!;
          v[vp + i] = c * x - s * y;
          v[vq + i] = s * x + c * y;
        }
      }
    if (!rotated) break;
  }
  const sig = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += w[j * m + i]! ** 2;
    sig[j] = Math.sqrt(s);
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => sig[y]! - sig[x]! || x - y);
  const u = new Float64Array(m * n);
  const vo = new Float64Array(n * n);
  const so = new Float64Array(n);
  order.forEach((j, r) => {
    const sj = sig[j]!;
    so[r] = sj;
    for (let i = 0; i < m; i++) u[i * n + r] = sj > 0 ? w[j * m + i]! / sj : 0;
    for (let i = 0; i < n; i++) vo[i * n + r] = v[j * n + i]!;
  });
  return { m, n, k: n, u, s: so, v: vo };
}

/**
 * Σ_{σ_i > tol·σ₁} scale_i · u_i v_iᵀ as a row-major m×n array (the polar factor U_r V_rᵀ for
 * scale ≡ 1). `tol` defaults to max(m, n) · eps of the input's precision.
 */
export function svdCompose(d: DenseSVD, scale: (i: number) => number, tol: number): Float64Array {
  const { m, n, k, u, s, v } = d;
  const out = new Float64Array(m * n);
  const cut = s[0]! * tol;
  for (let r = 0; r < k; r++) {
    if (!(s[r]! > cut) || s[r] === 0) break;
    const c = scale(r);
    if (c === 0) continue;
    for (let i = 0; i < m; i++) {
      const ui = u[i * k + r]! * c;
      if (ui === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += ui * v[j * k + r]!;
    }
  }
  return out;
}
