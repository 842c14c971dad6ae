// Blocked Householder tridiagonalisation of a symmetric matrix (LAPACK's dsytrd with dlatrd):
// within a panel of 32 columns the trailing matrix is updated lazily (each new column is brought up
// to date from the panel's vectors v_j, w_j, and S·v is corrected by them), and after the panel the
// rank-2·32 update S −= V·Wᵀ + W·Vᵀ runs as two matrix–matrix products. Half of the 4n³/3 flops
// move into gemm; the other half, the products S·v, stay matrix–vector. The same reflectors and
// rounding bounds as the unblocked reduction (Golub & Van Loan §8.3.1).
import { householderVector } from "../primitives/householder-vector.js";
import { gemmUpdate } from "./gemm-update.js";
import type { Reflector } from "./householder-wy.js";

/** Columns per panel. */
const PANEL = 32;

/**
 * Tridiagonalises the symmetric n×n row-major `a` (both triangles read: it must be exactly
 * symmetric; overwritten): the
 * diagonal d, the off-diagonal e (e_i = T_i,i+1) and the reflectors, A = Q·T·Qᵀ with
 * Q = H_0⋯H_{n−3}, H_k acting on rows k+1…n−1.
 */
export function tridiagonaliseBlocked(a: Float64Array, n: number): [Float64Array, Float64Array, Reflector[]] {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const reflectors: Reflector[] = [];
  for (let k0 = 0; k0 < n - 2; k0 += PANEL) {
    const k1 = Math.min(n - 2, k0 + PANEL);
    const vs: Float64Array[] = []; // full-length v_j (zero above row j+1) and w_j of the panel
    const ws: Float64Array[] = [];
    for (let k = k0; k < k1; k++) {
      // Bring column k (rows k…n−1) up to date: a_ik −= Σ_j v_j[i]·w_j[k] + w_j[i]·v_j[k].
      for (let j = 0; j < vs.length; j++) {
        const v = vs[j]!;
        const w = ws[j]!;
        const wk = w[k]!;
        const vk = v[k]!;
        for (let i = k; i < n; i++) a[i * n + k]! -= v[i]! * wk + w[i]! * vk;
      }
      const len = n - k - 1;
      const vShort = new Float64Array(len);
      const [beta, alpha] = householderVector(a, (k + 1) * n + k, n, len, vShort);
      d[k] = a[k * n + k]!;
      e[k] = alpha;
      reflectors.push({ v: vShort, beta, start: k + 1 });
      const v = new Float64Array(n);
      v.set(vShort, k + 1);
      const w = new Float64Array(n);
      vs.push(v);
      ws.push(w);
      if (beta === 0) continue;
      // p = β·S·v with S = A_stale − Σ_j (v_j·w_jᵀ + w_j·v_jᵀ) on rows and columns k+1…
      // NOTE: both triangles of the stale trailing matrix are current (it starts symmetric and the
      // panel updates are symmetric products on the whole square), so S·v is a dot product per row.
      const base = k + 1;
      let i = base;
      for (; i + 1 < n; i += 2) {
        const row = i * n;
        const next = row + n;
        let s0 = 0;
        let s1 = 0;
        for (let c = base; c < n; c++) {
          const vc = v[c]!;
          s0 += a[row + c]! * vc;
          s1 += a[next + c]! * vc;
        }
        w[i] = s0;
        w[i + 1] = s1;
      }
      if (i < n) {
        let s0 = 0;
        for (let c = base, row = i * n; c < n; c++) s0 += a[row + c]! * v[c]!;
        w[i] = s0;
      }
      for (let j = 0; j < vs.length - 1; j++) {
        const vj = vs[j]!;
        const wj = ws[j]!;
        let wv = 0;
        let vv = 0;
        for (let i = base; i < n; i++) {
          wv += wj[i]! * v[i]!;
          vv += vj[i]! * v[i]!;
        }
        for (let i = base; i < n; i++) w[i]! -= vj[i]! * wv + wj[i]! * vv;
      }
      // w = p − (β/2)(pᵀv)·v
      let pv = 0;
      for (let i = base; i < n; i++) {
        w[i]! *= beta;
        pv += w[i]! * v[i]!;
      }
      const half = (beta / 2) * pv;
      for (let i = base; i < n; i++) w[i]! -= half * v[i]!;
    }
    // The trailing block (rows and columns k1…): S −= V·Wᵀ + W·Vᵀ.
    const m = n - k1;
    const b = vs.length;
    const vm = new Float64Array(m * b);
    const wm = new Float64Array(m * b);
    for (let r = 0; r < m; r++)
      for (let j = 0; j < b; j++) {
        vm[r * b + j] = vs[j]![k1 + r]!;
        wm[r * b + j] = ws[j]![k1 + r]!;
      }
    const block = { data: a, off: k1 * n + k1, ld: n };
    gemmUpdate(m, m, b, -1, { data: vm, off: 0, ld: b }, false, { data: wm, off: 0, ld: b }, true, block);
    gemmUpdate(m, m, b, -1, { data: wm, off: 0, ld: b }, false, { data: vm, off: 0, ld: b }, true, block);
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2]!;
    e[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  d[n - 1] = a[n * n - 1]!;
  return [d, e, reflectors];
}
