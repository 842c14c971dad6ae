// SVD of an n×n upper bidiagonal B by divide and conquer on B itself (LAPACK's dbdsdc/dlasd0–dlasd3;
// Gu & Eisenstat 1995, Jessup & Sorensen 1994). B is split at a middle row r into the r×(r+1)
// bidiagonal B₁ above it (one column more than rows, so with a null vector f₁), the row
// (…, α at column r, β at column r+1, …) and the bidiagonal B₂ below; with B₁ = U₁·[Σ₁ 0]·V₁ᵀ and
// B₂ = U₂·Σ₂·V₂ᵀ (or [Σ₂ 0] when the node itself has the extra column),
//   B = diag(U₁, 1, U₂) · M · diag(V₁, V₂)ᵀ,  M = Σ₁ ⊕ Σ₂ plus the row z = (α·(last row of V₁), β·(first row of V₂)),
// i.e. after a permutation M = [z; diag(d)] with d₀ = 0 (the column of f₁). Its singular values are
// the roots of 1 + Σ z_i²/(d_i² − σ²) = 0 (secular-singular.ts); negligible z_i and close d_i deflate
// first (dlasd2), ẑ is recomputed from the roots (Gu–Eisenstat) so that the singular vectors
// v_j ∝ ẑ_i/(d_i² − σ_j²) and u_j ∝ (−1, d_i·ẑ_i/(d_i² − σ_j²)) are orthogonal to working precision,
// and the products diag(U₁, 1, U₂)·Û and diag(V₁, V₂)·V̂ run in the backend's gemm, on the
// nonzero blocks only (dlasd3's column types). Leaves of up to 25 rows use Golub–Kahan QR.
// About (4/3)·2n³ multiply-adds in gemm for the vectors, against ≈ 12n³ flops of rotations for QR
// and 8·(2n)³/3 for divide and conquer on the 2n×2n Golub–Kahan tridiagonal.
import { bidiagonalQr } from "./bidiagonal-qr.js";
import { releaseScratch, takeScratch, takeZeroedScratch } from "./bidiagonal-scratch.js";
import { gemmProduct } from "./gemm-product.js";
import { gemmUpdate, onFloat64Copy } from "./gemm-update.js";
import { singularSecularRoot } from "./secular-singular.js";

const EPS = 2 ** -52;
/** Subproblems up to this many rows are solved by Golub–Kahan QR (LAPACK's SMLSIZ). */
const LEAF = 25;

/** Where a column of diag(U₁, 1, U₂) or diag(V₁, V₂) has nonzeros: the top rows, the bottom rows, or both. */
const TOP = 1;
const DENSE = 2;
const BOTTOM = 3;

/**
 * The SVD of an n×(n + sqre) upper bidiagonal: σ (≥ 0, unordered), U (n×n) and V ((n + sqre)²),
 * row-major, singular vectors as columns (U's column j and V's column j belong to σ_j); with
 * sqre = 1, V's last column is the null vector.
 */
interface Node {
  sigma: Float64Array;
  u: Float64Array;
  v: Float64Array;
}

/**
 * SVD of the upper bidiagonal n×n B (diagonal s, superdiagonal e, e_i = B_i,i+1; not modified):
 * σ (≥ 0, in no particular order) and U, V (n×n row-major, singular vectors as columns) with
 * B = U·diag(σ)·Vᵀ. Null if an iteration did not converge. U and V come from the scratch pool
 * (bidiagonal-scratch.ts): the caller may give them back with `releaseScratch` once done with them.
 */
export function bidiagonalSvdDivideConquer(s: Float64Array, e: Float64Array, n: number): [Float64Array, Float64Array, Float64Array] | null {
  // NOTE: scaled by a power of 2 (exact) to max |B| ≈ 1, so that the squares in the secular
  // equations neither overflow nor underflow.
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(s[i]!), i < n - 1 ? Math.abs(e[i]!) : 0);
  const scale = top > 0 && Number.isFinite(top) ? 2 ** Math.round(Math.log2(top)) : 1;
  const ss = Float64Array.from(s.subarray(0, n), (x) => x / scale);
  const es = Float64Array.from(e.subarray(0, Math.max(n - 1, 0)), (x) => x / scale);
  const node = solve(ss, es, n, 0);
  if (!node) return null;
  for (let i = 0; i < n; i++) node.sigma[i]! *= scale;
  return [node.sigma, node.u, node.v];
}

/** The SVD of the n×(n + sqre) upper bidiagonal with diagonal s (n) and superdiagonal e (n − 1 + sqre). */
function solve(s: Float64Array, e: Float64Array, n: number, sqre: number): Node | null {
  if (n <= LEAF) return leaf(s, e, n, sqre);
  const n1 = (n - 1) >> 1;
  const nr = n - n1 - 1;
  const left = solve(s.subarray(0, n1), e.subarray(0, n1), n1, 1);
  if (!left) return null;
  const right = solve(s.subarray(n1 + 1), e.subarray(n1 + 1), nr, sqre);
  if (!right) return null;
  return merge(left, right, s[n1]!, e[n1]!, n1, nr, sqre);
}

/** The n×n identity, row-major. */
function identity(n: number): Float64Array {
  const x = takeZeroedScratch(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  return x;
}

/**
 * A leaf: with sqre = 1 the extra column is first rotated away from the right (dlasdq), B·G = [B′ 0],
 * then B′ = U·Σ·Wᵀ by Golub–Kahan QR and V = G·diag(W, 1).
 */
function leaf(s: Float64Array, e: Float64Array, n: number, sqre: number): Node | null {
  const m = n + sqre;
  const sigma = Float64Array.from(s);
  const off = new Float64Array(Math.max(n, 1));
  off.set(e.subarray(0, Math.max(n - 1, 0)));
  const g = identity(m);
  if (sqre) {
    // Row i holds s_i at column i and the fill f at column n: a rotation of columns i and n zeroes
    // f and moves the fill up to row i − 1 (through e_{i−1} at column i).
    let f = e[n - 1]!;
    for (let i = n - 1; i >= 0; i--) {
      const h = Math.hypot(sigma[i]!, f);
      if (h === 0) continue; // f = 0: nothing to chase (and the fill above stays 0)
      const c = sigma[i]! / h;
      const sn = f / h;
      sigma[i] = h;
      for (let r = 0; r < m * m; r += m) {
        const x = g[r + i]!;
        const y = g[r + n]!;
        g[r + i] = c * x + sn * y;
        g[r + n] = c * y - sn * x;
      }
      if (i > 0) {
        f = -sn * off[i - 1]!;
        off[i - 1] = c * off[i - 1]!;
      } else f = 0;
    }
  }
  const ut = identity(n);
  const wt = identity(n);
  if (!bidiagonalQr(sigma, off, ut, wt, n)) return null;
  const u = takeScratch(n * n); // all written
  for (let r = 0; r < n; r++) for (let j = 0; j < n; j++) u[r * n + j] = ut[j * n + r]!;
  const v = takeScratch(m * m); // all written (column n with sqre)
  for (let r = 0; r < m; r++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let t = 0; t < n; t++) acc += g[r * m + t]! * wt[j * n + t]!;
      v[r * m + j] = acc;
    }
    if (sqre) v[r * m + n] = g[r * m + n]!;
  }
  for (const x of [g, ut, wt]) releaseScratch(x);
  return { sigma, u, v };
}

/** Rotates columns p, j of the row-major rows×cols x: [x_p, x_j] ← [c·x_p + s·x_j, c·x_j − s·x_p]. */
function rotateColumns(x: Float64Array, rows: number, cols: number, p: number, j: number, c: number, s: number): void {
  for (let r = 0; r < rows * cols; r += cols) {
    const a = x[r + p]!;
    const b = x[r + j]!;
    x[r + p] = c * a + s * b;
    x[r + j] = c * b - s * a;
  }
}

/**
 * Merges the SVDs of B₁ (n1 rows, with its null vector) and B₂ (nr rows, sqre) joined by the row
 * (α, β) into the SVD of the n×(n + sqre) bidiagonal, n = n1 + nr + 1 (dlasd1–dlasd3).
 */
function merge(left: Node, right: Node, alpha: number, beta: number, n1: number, nr: number, sqre: number): Node | null {
  const n = n1 + nr + 1;
  const m = n + sqre;
  const m1 = n1 + 1;
  const m2 = nr + sqre;
  // The natural order of M's columns: Σ₁'s (0 … n1−1), f₁ (n1), Σ₂'s (n1+1 … n−1), f₂ (n, with sqre);
  // row c < n of M is the one of column c (row n1 the z row).
  // NOTE: the merge's n×n temporaries come from the scratch pool and go back to it (with the
  // children's vectors once read), so that repeated SVDs allocate almost nothing.
  const ub = takeZeroedScratch(n * n);
  for (let r = 0; r < n1; r++) ub.set(left.u.subarray(r * n1, (r + 1) * n1), r * n);
  ub[n1 * n + n1] = 1;
  for (let r = 0; r < nr; r++) ub.set(right.u.subarray(r * nr, (r + 1) * nr), (m1 + r) * n + m1);
  const vb = takeZeroedScratch(m * m);
  for (let r = 0; r < m1; r++) vb.set(left.v.subarray(r * m1, (r + 1) * m1), r * m);
  for (let r = 0; r < m2; r++) vb.set(right.v.subarray(r * m2, (r + 1) * m2), (m1 + r) * m + m1);
  const z = new Float64Array(m);
  const d = new Float64Array(n);
  for (let c = 0; c < m1; c++) z[c] = alpha * left.v[n1 * m1 + c]!;
  for (let c = 0; c < m2; c++) z[m1 + c] = beta * right.v[c]!;
  for (const x of [left.u, left.v, right.u, right.v]) releaseScratch(x);
  let dmax = 0;
  for (let c = 0; c < n1; c++) dmax = Math.max(dmax, (d[c] = left.sigma[c]!));
  for (let c = 0; c < nr; c++) dmax = Math.max(dmax, (d[m1 + c] = right.sigma[c]!));
  const tol = 8 * EPS * Math.max(dmax, Math.abs(alpha), Math.abs(beta));
  const typeU = new Uint8Array(n).fill(TOP, 0, m1).fill(BOTTOM, m1);
  const typeV = Uint8Array.from(typeU);
  if (sqre) {
    // f₁ and f₂ both meet M only in the z row: one rotation leaves z's weight on f₁ and makes the
    // other the null vector of the merged problem (dlasd2).
    const h = Math.hypot(z[n1]!, z[n]!);
    if (h > tol) {
      rotateColumns(vb, m, m, n1, n, z[n1]! / h, z[n]! / h);
      typeV[n1] = DENSE;
      z[n1] = h;
    } else z[n1] = tol;
    z[n] = 0;
  } else if (Math.abs(z[n1]!) <= tol) z[n1] = tol;
  // Deflation (dlasd2): a negligible z_c leaves (d_c, e_c, V's column c) a singular triplet; two d
  // closer than tol are rotated (both sides: their rows of M are diagonal) so that one z vanishes.
  const order = Array.from({ length: n - 1 }, (_, i) => (i < n1 ? i : i + 1)).sort((i, j) => d[i]! - d[j]! || i - j);
  const kept: number[] = [n1];
  const deflated: number[] = [];
  let prev = -1;
  for (const j of order) {
    if (Math.abs(z[j]!) <= tol) {
      deflated.push(j);
      continue;
    }
    if (prev >= 0 && d[j]! - d[prev]! <= tol) {
      const tau = Math.hypot(z[prev]!, z[j]!);
      const c = z[j]! / tau;
      const s = -z[prev]! / tau;
      z[j] = tau;
      z[prev] = 0;
      rotateColumns(ub, n, n, prev, j, c, s);
      rotateColumns(vb, m, m, prev, j, c, s);
      if (typeU[prev] !== typeU[j]) typeU[prev] = typeU[j] = DENSE;
      if (typeV[prev] !== typeV[j]) typeV[prev] = typeV[j] = DENSE;
      deflated.push(prev);
    } else if (prev >= 0) kept.push(prev);
    prev = j;
  }
  if (prev >= 0) kept.push(prev);
  const k = kept.length;
  const dk = Float64Array.from(kept, (c) => d[c]!);
  dk[0] = 0;
  if (k > 1 && dk[1]! <= tol / 2) dk[1] = tol / 2; // keep d₁ apart from d₀ = 0 (dlasd2)
  const zk = Float64Array.from(kept, (c) => z[c]!);
  const w = Float64Array.from(zk, (x) => x * x);
  let zz = 0;
  for (let i = 0; i < k; i++) zz += w[i]!;
  const delta = takeScratch(k * k); // every column written by its root
  const roots = new Float64Array(k);
  const scratch = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const root = singularSecularRoot(dk, w, j, delta, k, zz, scratch);
    if (root === null) return null;
    roots[j] = root;
  }
  // Û and V̂ (k×k): the singular vectors of the deflated M, from ẑ recomputed out of the roots:
  // ẑ_i² = −Π_j (d_i² − σ_j²) / Π_{j≠i} (d_i² − d_j²).
  // Their rows are written in the order of the column groups of diag(U₁, 1, U₂) and diag(V₁, V₂).
  const groupU = groups(kept, typeU);
  const groupV = groups(kept, typeV);
  const uh = takeScratch(k * k); // every entry written below (pos is a permutation)
  const vh = takeScratch(k * k);
  if (k === 1) {
    uh[0] = -1;
    vh[0] = zk[0]! < 0 ? 1 : -1; // M = [z₀] = σ·(−1)·(−sign z₀)
  } else {
    for (let i = 0; i < k; i++) {
      let p = delta[i * k + i]!;
      const di = dk[i]!;
      for (let j = 0; j < k; j++) if (j !== i) p *= delta[i * k + j]! / ((di - dk[j]!) * (di + dk[j]!));
      const zi = Math.sqrt(Math.max(-p, 0));
      zk[i] = zk[i]! < 0 ? -zi : zi;
    }
    const nu = new Float64Array(k);
    const nv = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const zi = zk[i]!;
      const di = dk[i]!;
      const row = i * k;
      const ru = groupU.pos[i]! * k;
      const rv = groupV.pos[i]! * k;
      for (let j = 0; j < k; j++) {
        const x = zi / delta[row + j]!;
        const y = i === 0 ? -1 : di * x;
        vh[rv + j] = x;
        uh[ru + j] = y;
        nv[j]! += x * x;
        nu[j]! += y * y;
      }
    }
    for (let j = 0; j < k; j++) {
      nu[j] = 1 / Math.sqrt(nu[j]!);
      nv[j] = 1 / Math.sqrt(nv[j]!);
    }
    for (let r = 0; r < k * k; r += k)
      for (let j = 0; j < k; j++) {
        uh[r + j]! *= nu[j]!;
        vh[r + j]! *= nv[j]!;
      }
  }
  const sigma = new Float64Array(n);
  sigma.set(roots);
  deflated.forEach((c, t) => (sigma[k + t] = d[c]!));
  const u = takeScratch(n * n); // columns 0…k−1 by the products, k…n−1 the deflated ones, n the null vector
  const v = takeScratch(m * m);
  updateVectors(ub, n, n, m1, groupU, uh, u);
  updateVectors(vb, m, m, m1, groupV, vh, v);
  for (let r = 0; r < n; r++) for (let t = 0; t < deflated.length; t++) u[r * n + k + t] = ub[r * n + deflated[t]!]!;
  for (let r = 0; r < m; r++) {
    for (let t = 0; t < deflated.length; t++) v[r * m + k + t] = vb[r * m + deflated[t]!]!;
    if (sqre) v[r * m + n] = vb[r * m + n]!;
  }
  for (const x of [ub, vb, delta, uh, vh]) releaseScratch(x);
  return { sigma, u, v };
}

/** The kept columns grouped top, dense, bottom: `src` the columns in that order, `pos` each one's place. */
interface Groups {
  src: Int32Array;
  pos: Int32Array;
  nTop: number;
  nUp: number;
}

/** Groups the kept columns by type (dlasd3): TOP first, then DENSE, then BOTTOM. */
function groups(kept: readonly number[], type: Uint8Array): Groups {
  const k = kept.length;
  const src = new Int32Array(k);
  const pos = new Int32Array(k);
  let at = 0;
  let nTop = 0;
  for (const t of [TOP, DENSE, BOTTOM]) {
    for (let j = 0; j < k; j++)
      if (type[kept[j]!] === t) {
        pos[j] = at;
        src[at++] = kept[j]!;
      }
    if (t === TOP) nTop = at;
  }
  return { src, pos, nTop, nUp: k - countType(kept, type, BOTTOM) };
}

function countType(kept: readonly number[], type: Uint8Array, t: number): number {
  let c = 0;
  for (const j of kept) if (type[j] === t) c++;
  return c;
}

/**
 * out[:, 0…k−1] = big[:, src]·hp for the rows×rows `big` (row-major, rows×cols in `out`; hp k×k with
 * its rows in the order of `src`), whose columns are TOP (nonzero in rows < top only), BOTTOM
 * (rows ≥ top only) or DENSE: the top rows multiply the first two groups, the bottom rows the last two.
 * NOTE: under the wasm backend the gathered columns, hp and both products live in one block of wasm
 * memory (the products run the resident gemm there and are copied once, into `out`): the backend's
 * matmul would copy its operands in and return each product as a fresh array (≈ 2n² doubles of
 * garbage per merge, a 256×256 SVD's largest source of GC work).
 */
function updateVectors(big: Float64Array, rows: number, cols: number, top: number, group: Groups, hp: Float64Array, out: Float64Array): void {
  const { src, nTop, nUp } = group;
  const k = src.length;
  const bottom = rows - top;
  const nLow = k - nTop;
  // [hp (k×k) | top rows of big[:, src[0…nUp)] | bottom rows of big[:, src[nTop…k)] | their products (top×k, bottom×k)]
  const oQt = k * k;
  const oQb = oQt + top * nUp;
  const oPt = oQb + bottom * nLow;
  const oPb = oPt + top * k;
  let done = false;
  onFloat64Copy(hp.subarray(0, k * k), (d, resident) => {
    if (!resident) return;
    gather(big, cols, 0, top, src, 0, nUp, d, oQt);
    gather(big, cols, top, bottom, src, nTop, nLow, d, oQb);
    product(d, top, nUp, k, oQt, 0, oPt);
    product(d, bottom, nLow, k, oQb, nTop * k, oPb);
    for (let r = 0; r < top; r++) out.set(d.subarray(oPt + r * k, oPt + (r + 1) * k), r * cols);
    for (let r = 0; r < bottom; r++) out.set(d.subarray(oPb + r * k, oPb + (r + 1) * k), (top + r) * cols);
    done = true;
  }, oPb + bottom * k - oQt);
  if (done) return;
  const qTop = takeScratch(top * nUp);
  gather(big, cols, 0, top, src, 0, nUp, qTop, 0);
  const qBot = takeScratch(bottom * nLow);
  gather(big, cols, top, bottom, src, nTop, nLow, qBot, 0);
  const pTop = gemmProduct(qTop, hp, top, nUp, k);
  const pBot = gemmProduct(qBot, hp.subarray(nTop * k), bottom, nLow, k);
  releaseScratch(qTop);
  releaseScratch(qBot);
  for (let r = 0; r < top; r++) out.set(pTop.subarray(r * k, (r + 1) * k), r * cols);
  for (let r = 0; r < bottom; r++) out.set(pBot.subarray(r * k, (r + 1) * k), (top + r) * cols);
}

/** q[o + r·len + c] = big[(r0 + r)·cols + src[c0 + c]] for r < rows, c < len: the listed columns of a block of rows, contiguous. */
function gather(big: Float64Array, cols: number, r0: number, rows: number, src: Int32Array, c0: number, len: number, q: Float64Array, o: number): void {
  for (let r = 0; r < rows; r++) for (let c = 0, row = (r0 + r) * cols, at = o + r * len; c < len; c++) q[at + c] = big[row + src[c0 + c]!]!;
}

/** d[c …] = d[a …]·d[b …] (m×inner times inner×k, contiguous row-major), in place in `d`; zeros for inner = 0. */
function product(d: Float64Array, m: number, inner: number, k: number, a: number, b: number, c: number): void {
  if (inner === 0) d.fill(0, c, c + m * k);
  else gemmUpdate(m, k, inner, 0, { data: d, off: a, ld: inner }, false, { data: d, off: b, ld: k }, false, { data: d, off: c, ld: k });
}
