// Cuppen's divide and conquer for the symmetric tridiagonal eigenproblem (LAPACK's dstedc/dlaed*):
// T = diag(T₁, T₂) + ρ·u·uᵀ is split at the middle, both halves solved recursively, and their
// eigen-decompositions merged by the rank-one update D + ρ·z·zᵀ: deflation of negligible z_i and of
// close d_i (Dongarra & Sorensen 1987), the secular equation 1 + ρ·Σ z_i²/(d_i − λ) = 0 solved per
// root from its nearer pole (Li's middle-way step as in dlaed4), and the eigenvectors from ẑ
// recomputed out of the roots (Gu & Eisenstat 1995), which keeps them orthogonal to working
// precision. The eigenvectors of T are Q·V, a matrix–matrix product: about 4n³/3 flops in all
// (fewer with deflation), in the wasm gemm, against ≈ 6n³ of rotations in QL.
import { gemmProduct } from "./gemm-product.js";
import { secularConverged, secularStep } from "./secular-step.js";
import { tridiagonalQl } from "./tridiagonal-ql.js";

const EPS = 2 ** -52;
/** Subproblems up to this order are solved by implicit QL (LAPACK's SMLSIZ). */
const LEAF = 25;
const MAX_ITERATIONS = 80;

/**
 * Eigenvalues (ascending) and eigenvectors (the columns of a row-major n×n matrix) of the symmetric
 * tridiagonal T with diagonal d and off-diagonal e (e_i = T_i,i+1; d and e are overwritten).
 * With `first`, which picks from the sorted eigenvalues the index of the first eigenvector wanted,
 * only the eigenvectors first…n−1 are formed (an n×(n − first) matrix; the last merge then skips
 * the others' products). Null if an iteration did not converge.
 */
export function tridiagonalDivideConquer(d: Float64Array, e: Float64Array, n: number, first?: (w: Float64Array) => number): [Float64Array, Float64Array] | null {
  if (n <= LEAF && first) {
    const all = tridiagonalDivideConquer(d, e, n);
    if (!all) return null;
    const f = first(all[0]);
    const z = new Float64Array(n * (n - f));
    for (let r = 0; r < n; r++) z.set(all[1].subarray(r * n + f, r * n + n), r * (n - f));
    return [all[0], z];
  }
  if (n <= LEAF) {
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) z[i * n + i] = 1;
    const w = Float64Array.from(d);
    const off = new Float64Array(n);
    off.set(e.subarray(0, n - 1));
    if (!tridiagonalQl(w, off, z, n)) return null;
    return sortPairs(w, z, n);
  }
  const n1 = n >> 1;
  const n2 = n - n1;
  const beta = e[n1 - 1]!;
  const d1 = d.slice(0, n1);
  const d2 = d.slice(n1);
  d1[n1 - 1]! -= Math.abs(beta);
  d2[0]! -= Math.abs(beta);
  const left = tridiagonalDivideConquer(d1, e.slice(0, n1 - 1), n1);
  const right = tridiagonalDivideConquer(d2, e.slice(n1, n - 1), n2);
  if (!left || !right) return null;
  // T = diag(Z₁, Z₂)·(diag(w₁, w₂) + ρ·z·zᵀ)·diag(Z₁, Z₂)ᵀ, z = [last row of Z₁, ±first row of Z₂]/√2, ρ = 2|β|
  const q = new Float64Array(n * n);
  const lam = new Float64Array(n);
  const z = new Float64Array(n);
  const sign = beta < 0 ? -1 : 1;
  for (let i = 0; i < n1; i++) {
    q.set(left[1].subarray(i * n1, (i + 1) * n1), i * n);
    lam[i] = left[0][i]!;
    z[i] = left[1][(n1 - 1) * n1 + i]! * Math.SQRT1_2;
  }
  for (let i = 0; i < n2; i++) {
    q.set(right[1].subarray(i * n2, (i + 1) * n2), (n1 + i) * n + n1);
    lam[n1 + i] = right[0][i]!;
    z[n1 + i] = sign * right[1][i]! * Math.SQRT1_2;
  }
  return merge(lam, z, 2 * Math.abs(beta), q, n, n1, first);
}

/** Sorts eigenvalues ascending with their columns of z (n×n). */
function sortPairs(w: Float64Array, z: Float64Array, n: number): [Float64Array, Float64Array] {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => w[i]! - w[j]! || i - j);
  const ws = new Float64Array(n);
  const zs = new Float64Array(n * n);
  order.forEach((src, dst) => {
    ws[dst] = w[src]!;
    for (let r = 0; r < n; r++) zs[r * n + dst] = z[r * n + src]!;
  });
  return [ws, zs];
}

/** Rotates columns p, j of the row-major n×n q: [q_p, q_j] ← [c·q_p + s·q_j, c·q_j − s·q_p]. */
function rotateColumns(q: Float64Array, n: number, p: number, j: number, c: number, s: number): void {
  for (let r = 0; r < n * n; r += n) {
    const x = q[r + p]!;
    const y = q[r + j]!;
    q[r + p] = c * x + s * y;
    q[r + j] = c * y - s * x;
  }
}

/** Where a column of the merge's Q has nonzeros: the top n1 rows, the bottom rows, or both. */
const TOP = 1;
const DENSE = 2;
const BOTTOM = 3;

/**
 * Eigen-decomposition of Q·(diag(lam) + ρ·z·zᵀ)·Qᵀ (ρ ≥ 0, ‖z‖ = 1, Q = diag(Q₁, Q₂) n×n
 * orthogonal with Q₁ n1×n1, row-major; all overwritten): eigenvalues ascending and the eigenvectors
 * as columns (from index `first` on, see `tridiagonalDivideConquer`).
 */
function merge(lam: Float64Array, z: Float64Array, rho: number, q: Float64Array, n: number, n1: number, first?: (w: Float64Array) => number): [Float64Array, Float64Array] | null {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => lam[i]! - lam[j]! || i - j);
  let dmax = 0;
  let zmax = 0;
  for (let i = 0; i < n; i++) {
    dmax = Math.max(dmax, Math.abs(lam[i]!));
    zmax = Math.max(zmax, Math.abs(z[i]!));
  }
  const tol = 8 * EPS * Math.max(dmax, rho * zmax);
  // Column types (dlaed2's ctot): a deflation rotation of a top and a bottom column makes both dense.
  const type = new Uint8Array(n);
  type.fill(TOP, 0, n1);
  type.fill(BOTTOM, n1);
  // Deflation (dlaed2): a negligible ρ·z_i leaves (λ_i, q_i) an eigenpair; two close λ are rotated
  // so that one of their z entries vanishes.
  const kept: number[] = []; // columns of q that take part in the secular equation, λ ascending
  const deflated: number[] = [];
  let prev = -1;
  for (const j of order) {
    if (rho * Math.abs(z[j]!) <= tol) {
      deflated.push(j);
      continue;
    }
    if (prev >= 0) {
      const tau = Math.hypot(z[prev]!, z[j]!);
      const c = z[j]! / tau;
      const s = -z[prev]! / tau;
      if (Math.abs((lam[j]! - lam[prev]!) * c * s) <= tol) {
        z[j] = tau;
        z[prev] = 0;
        rotateColumns(q, n, prev, j, c, s);
        if (type[prev] !== type[j]) type[prev] = type[j] = DENSE;
        const t = lam[prev]! * c * c + lam[j]! * s * s;
        lam[j] = lam[prev]! * s * s + lam[j]! * c * c;
        lam[prev] = t;
        deflated.push(prev);
        prev = j;
        continue;
      }
      kept.push(prev);
    }
    prev = j;
  }
  if (prev >= 0) kept.push(prev);
  const k = kept.length;
  const dk = Float64Array.from(kept, (j) => lam[j]!);
  const zk = Float64Array.from(kept, (j) => z[j]!);
  // delta[i·k + j] = dk_i − root_j, from each root's nearer pole
  const delta = new Float64Array(k * k);
  const roots = new Float64Array(k);
  let zz = 0;
  for (let i = 0; i < k; i++) zz += zk[i]! * zk[i]!;
  const scratch = new Float64Array(k);
  const rz = Float64Array.from(zk, (x) => rho * x * x); // the weights ρ·z_i² of the secular function
  for (let j = 0; j < k; j++) {
    const root = secularRoot(dk, rz, rho, j, delta, k, zz, scratch);
    if (root === null) return null;
    roots[j] = root;
  }
  // Gu–Eisenstat: ẑ_i² = −Π_j (d_i − root_j) / Π_{j≠i} (d_i − d_j), then v_j ∝ ẑ/(d − root_j)
  for (let i = 0; i < k; i++) {
    let w = delta[i * k + i]!;
    for (let j = 0; j < k; j++) if (j !== i) w *= delta[i * k + j]! / (dk[i]! - dk[j]!);
    const zi = Math.sqrt(Math.max(-w, 0));
    zk[i] = zk[i]! < 0 ? -zi : zi;
  }
  // The sorted output: entries < k of `outOrder` are roots, the rest deflated columns of q; only
  // positions from `from` on are formed.
  const values = new Float64Array(n);
  values.set(roots);
  deflated.forEach((c, t) => (values[k + t] = lam[c]!));
  const outOrder = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i]! - values[j]! || i - j);
  const sorted = Float64Array.from(outOrder, (o) => values[o]!);
  const from = first ? first(sorted) : 0;
  const width = n - from;
  const column = new Int32Array(k).fill(-1); // root j → its column among the wanted roots
  const wanted: number[] = [];
  for (let p = from; p < n; p++) if (outOrder[p]! < k) wanted.push(outOrder[p]!);
  wanted.sort((x, y) => x - y).forEach((j, c) => (column[j] = c));
  const kw = wanted.length;
  // Eigenvectors: the kept columns of Q times V, the deflated columns as they are. The kept columns
  // are grouped top-only, dense, bottom-only (dlaed3), so that the top rows of Q·V take the first two
  // groups' rows of V and the bottom rows the last two: half the flops of the full product.
  const perm: number[] = [];
  for (const t of [TOP, DENSE, BOTTOM]) for (let j = 0; j < k; j++) if (type[kept[j]!] === t) perm.push(j);
  let nTop = 0;
  let nUp = 0;
  for (const j of kept) {
    if (type[j] === TOP) nTop++;
    if (type[j] !== BOTTOM) nUp++;
  }
  // V (rows in perm order, the wanted columns): v_j ∝ ẑ/(d − root_j), row by row.
  const vp = new Float64Array(k * kw);
  const norms = new Float64Array(kw);
  for (let r = 0; r < k; r++) {
    const i = perm[r]!;
    const zi = zk[i]!;
    const row = i * k;
    for (let c = 0; c < kw; c++) {
      const x = zi / delta[row + wanted[c]!]!;
      vp[r * kw + c] = x;
      norms[c]! += x * x;
    }
  }
  for (let c = 0; c < kw; c++) norms[c] = 1 / Math.sqrt(norms[c]!);
  for (let r = 0; r < k; r++) for (let c = 0; c < kw; c++) vp[r * kw + c]! *= norms[c]!;
  const n2 = n - n1;
  const nLow = k - nTop;
  const cols = Int32Array.from(perm, (j) => kept[j]!); // the column of q behind each row of V
  const qTop = new Float64Array(n1 * nUp);
  for (let r = 0; r < n1; r++) for (let c = 0, row = r * n, out = r * nUp; c < nUp; c++) qTop[out + c] = q[row + cols[c]!]!;
  const qBot = new Float64Array(n2 * nLow);
  for (let r = 0; r < n2; r++) for (let c = 0, row = (n1 + r) * n, out = r * nLow; c < nLow; c++) qBot[out + c] = q[row + cols[nTop + c]!]!;
  const top = gemmProduct(qTop, vp, n1, nUp, kw);
  const bottom = gemmProduct(qBot, vp.subarray(nTop * kw), n2, nLow, kw);
  const src = Int32Array.from(outOrder.slice(from), (o) => (o < k ? column[o]! : -1 - deflated[o - k]!)); // −1 − column for deflated
  const vectors = new Float64Array(n * width);
  for (let r = 0; r < n; r++) {
    const rows = r < n1 ? top : bottom;
    const base = (r < n1 ? r : r - n1) * kw;
    const row = r * n;
    for (let c = 0; c < width; c++) {
      const s = src[c]!;
      vectors[r * width + c] = s >= 0 ? rows[base + s]! : q[row - 1 - s]!;
    }
  }
  return [sorted, vectors];
}

/**
 * Root j (ascending) of 1 + ρ·Σ z_i²/(d_i − λ) = 0 for sorted distinct d and ρ > 0: λ_j lies in
 * (d_j, d_{j+1}), the last one in (d_{k−1}, d_{k−1} + ρ·zᵀz]. Writes d_i − λ_j into column j of
 * `delta` (k×k), computed from the pole nearer the root so that the small differences are exact
 * to working precision, and returns λ_j (null if the iteration fails). rz_i = ρ·z_i²; zz = zᵀz; dd is
 * scratch (k).
 */
function secularRoot(d: Float64Array, rz: Float64Array, rho: number, j: number, delta: Float64Array, k: number, zz: number, dd: Float64Array): number | null {
  if (k === 1) {
    delta[0] = -rho * zz;
    return d[0]! + rho * zz;
  }
  const last = j === k - 1;
  // The origin (the nearer pole) and the bracket [lo, hi] of τ = λ − d_origin.
  let origin: number;
  let lo: number;
  let hi: number;
  let start = NaN;
  if (last) {
    origin = j;
    lo = 0;
    hi = rho * zz;
  } else {
    const gap = d[j + 1]! - d[j]!;
    const mid = gap / 2;
    let f = 1;
    for (let i = 0; i < k; i++) f += rz[i]! / (d[i]! - d[j]! - mid);
    if (f >= 0) [origin, lo, hi] = [j, 0, mid];
    else [origin, lo, hi] = [j + 1, -mid, 0];
    start = twoPoleGuess(f + (rz[j]! - rz[j + 1]!) / mid, rz[j]!, rz[j + 1]!, gap, origin === j, lo, hi);
  }
  const base = d[origin]!;
  for (let i = 0; i < k; i++) dd[i] = d[i]! - base;
  // The two poles that bound (or, for the last root, precede) the root: ψ collects the terms up to
  // the left one, φ the rest.
  const left = last ? j - 1 : j;
  let tau = Number.isNaN(start) ? (lo + hi) / 2 : start;
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    let psi = 0;
    let dpsi = 0;
    let phi = 0;
    let dphi = 0;
    let erretm = 0;
    // NOTE: two loops, the poles up to `left` and the rest, in increasing i as one loop would sum.
    for (let i = 0; i <= left; i++) {
      const del = dd[i]! - tau;
      const t = rz[i]! / del;
      psi += t;
      dpsi += t / del;
      erretm -= t;
    }
    for (let i = left + 1; i < k; i++) {
      const del = dd[i]! - tau;
      const t = rz[i]! / del;
      phi += t;
      dphi += t / del;
      erretm += t;
    }
    const w = 1 + psi + phi;
    if (w === 0) break;
    if (w < 0) lo = tau;
    else hi = tau;
    if (secularConverged(w, psi, phi, dpsi, dphi, erretm, tau, lo, hi)) break;
    tau = secularStep(w, dd[left]! - tau, dd[left + 1]! - tau, dpsi, dphi, last, tau, lo, hi);
    if (it === MAX_ITERATIONS - 1) return null;
  }
  for (let i = 0; i < k; i++) delta[i * k + j] = dd[i]! - tau;
  return base + tau;
}

/**
 * dlaed4's initial guess for a root between the poles d_j and d_j + gap: the root of the model
 * c + r_j/(d_j − λ) + r_{j+1}/(d_{j+1} − λ) (c: the rest of the secular function, frozen at the
 * midpoint) as τ = λ − d_j (`fromLeft`) or λ − d_{j+1}, or NaN when it is not inside (lo, hi).
 */
export function twoPoleGuess(c: number, rj: number, rj1: number, gap: number, fromLeft: boolean, lo: number, hi: number): number {
  // From the left: c·τ² − (c·gap + r_j + r_{j+1})·τ + r_j·gap = 0; from the right (τ ≤ 0):
  // c·τ² + (c·gap − r_j − r_{j+1})·τ − r_{j+1}·gap = 0 (both times τ·(gap ∓ τ) cleared).
  const a = fromLeft ? -(c * gap + rj + rj1) : c * gap - rj - rj1;
  const b = fromLeft ? rj * gap : -rj1 * gap;
  let x1: number;
  let x2: number;
  if (c === 0) x1 = x2 = -b / a;
  else {
    const disc = a * a - 4 * b * c;
    if (!(disc >= 0)) return NaN;
    const q = -(a + (a >= 0 ? Math.sqrt(disc) : -Math.sqrt(disc))) / 2; // the roots q/c and b/q, without cancellation
    x1 = q / c;
    x2 = b / q;
  }
  if (x1 > lo && x1 < hi) return x1;
  if (x2 > lo && x2 < hi) return x2;
  return NaN;
}
