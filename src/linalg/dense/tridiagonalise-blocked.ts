// Blocked Householder tridiagonalisation of a symmetric matrix (LAPACK's dsytrd with dlatrd):
// within a panel of 32 columns the trailing matrix is updated lazily (each new column is brought up
// to date from the panel's vectors v_j, w_j, and S·v is corrected by them), and after the panel the
// rank-2·32 update S −= V·Wᵀ + W·Vᵀ runs as one matrix–matrix product. Half of the 4n³/3 flops
// move into gemm; the other half, the products S·v, stay matrix–vector. The same reflectors and
// rounding bounds as the unblocked reduction (Golub & Van Loan §8.3.1). Under the wasm backend the
// matrix and the panel's vectors live in one array in wasm memory: S·v runs the SIMD gemv kernel
// and the rank-2·32 update the strided gemm, in place.
import { householderVector } from "../primitives/householder-vector.js";
import { gemmUpdate, inWasmMemory, residentKernels } from "./gemm-update.js";
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
  // NOTE: one array [A | V | W | v | w] so that the gemm and gemv run on blocks of it in wasm memory.
  const buf = new Float64Array(n * n + 2 * n * PANEL + 4 * n + 2 * PANEL);
  buf.set(a);
  inWasmMemory(buf, (s) => reduce(s, n, d, e, reflectors));
  a.set(buf.subarray(0, n * n));
  return [d, e, reflectors];
}

/** The reduction on `s` = [A (n×n) | V (n×PANEL) | W (n×PANEL) | v | w | t | u (n each) | Wᵀv | Vᵀv (PANEL each)], A overwritten. */
function reduce(s: Float64Array, n: number, d: Float64Array, e: Float64Array, reflectors: Reflector[]): void {
  const kernels = residentKernels(s);
  const nn = n * n;
  const offV = nn;
  const offW = offV + n * PANEL;
  const offVec = offW + n * PANEL;
  const a = s.subarray(0, nn);
  // The panel's v_j and w_j as the columns of n×PANEL row-major V and W (zero above row j+1).
  const vp = s.subarray(offV, offW);
  const wp = s.subarray(offW, offVec);
  const v = s.subarray(offVec, offVec + n);
  const w = s.subarray(offVec + n, offVec + 2 * n);
  const offT = offVec + 2 * n;
  const offU = offT + n;
  const offWv = offU + n;
  const offVv = offWv + PANEL;
  const t = s.subarray(offT, offU);
  const u = s.subarray(offU, offWv);
  const wv = s.subarray(offWv, offVv);
  const vv = s.subarray(offVv, offVv + PANEL);
  const at = s.byteOffset;
  /** Byte address of element `i` of `s` in wasm memory. */
  const ptr = (i: number): number => at + i * 8;
  for (let k0 = 0; k0 < n - 2; k0 += PANEL) {
    const k1 = Math.min(n - 2, k0 + PANEL);
    vp.fill(0);
    wp.fill(0);
    for (let k = k0; k < k1; k++) {
      const b = k - k0; // the panel's vectors so far
      // Bring column k (rows k…n−1) up to date: a_ik −= Σ_j V_ij·W_kj + W_ij·V_kj.
      if (b > 0 && kernels) {
        // t = V·(row k of W), u = W·(row k of V) on rows k…
        kernels.gemvF64(n - k, b, ptr(offV + k * PANEL), PANEL, ptr(offW + k * PANEL), ptr(offT + k));
        kernels.gemvF64(n - k, b, ptr(offW + k * PANEL), PANEL, ptr(offV + k * PANEL), ptr(offU + k));
        for (let i = k; i < n; i++) a[i * n + k]! -= t[i]! + u[i]!;
      } else if (b > 0)
        for (let i = k, rk = k * PANEL; i < n; i++) {
          const ri = i * PANEL;
          let sum = 0;
          for (let j = 0; j < b; j++) sum += vp[ri + j]! * wp[rk + j]! + wp[ri + j]! * vp[rk + j]!;
          a[i * n + k]! -= sum;
        }
      const len = n - k - 1;
      const vShort = new Float64Array(len);
      const [beta, alpha] = householderVector(a, (k + 1) * n + k, n, len, vShort);
      d[k] = a[k * n + k]!;
      e[k] = alpha;
      reflectors.push({ v: vShort, beta, start: k + 1 });
      if (beta === 0) continue; // v_b = w_b = 0
      const base = k + 1;
      v.set(vShort, base);
      for (let i = base; i < n; i++) vp[i * PANEL + b] = v[i]!;
      // p = β·S·v with S = A_stale − Σ_j (v_j·w_jᵀ + w_j·v_jᵀ) on rows and columns k+1…
      // NOTE: both triangles of the stale trailing matrix are current (it starts symmetric and the
      // panel updates are symmetric products on the whole square), so S·v is a dot product per row,
      // four rows per pass (a quarter of the loads of v).
      let i = kernels ? n : base;
      if (kernels) kernels.gemvF64(n - base, n - base, ptr(base * n + base), n, ptr(offVec + base), ptr(offVec + n + base));
      for (; i + 3 < n; i += 4) {
        const r0 = i * n;
        const r1 = r0 + n;
        const r2 = r1 + n;
        const r3 = r2 + n;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let c = base; c < n; c++) {
          const vc = v[c]!;
          s0 += a[r0 + c]! * vc;
          s1 += a[r1 + c]! * vc;
          s2 += a[r2 + c]! * vc;
          s3 += a[r3 + c]! * vc;
        }
        w[i] = s0;
        w[i + 1] = s1;
        w[i + 2] = s2;
        w[i + 3] = s3;
      }
      for (; i < n; i++) {
        let s0 = 0;
        for (let c = base, row = i * n; c < n; c++) s0 += a[row + c]! * v[c]!;
        w[i] = s0;
      }
      if (b > 0 && kernels) {
        // Wᵀv and Vᵀv, then w −= V·(Wᵀv) + W·(Vᵀv), on rows k+1…
        kernels.gemvTF64(n - base, b, ptr(offW + base * PANEL), PANEL, ptr(offVec + base), ptr(offWv));
        kernels.gemvTF64(n - base, b, ptr(offV + base * PANEL), PANEL, ptr(offVec + base), ptr(offVv));
        kernels.gemvF64(n - base, b, ptr(offV + base * PANEL), PANEL, ptr(offWv), ptr(offT + base));
        kernels.gemvF64(n - base, b, ptr(offW + base * PANEL), PANEL, ptr(offVv), ptr(offU + base));
        for (let r = base; r < n; r++) w[r]! -= t[r]! + u[r]!;
      } else if (b > 0) {
        wv.fill(0);
        vv.fill(0);
        for (let r = base; r < n; r++) {
          const vr = v[r]!;
          const rr = r * PANEL;
          for (let j = 0; j < b; j++) {
            wv[j]! += wp[rr + j]! * vr;
            vv[j]! += vp[rr + j]! * vr;
          }
        }
        for (let r = base; r < n; r++) {
          const rr = r * PANEL;
          let sum = 0;
          for (let j = 0; j < b; j++) sum += vp[rr + j]! * wv[j]! + wp[rr + j]! * vv[j]!;
          w[r]! -= sum;
        }
      }
      // w = p − (β/2)(pᵀv)·v
      let pv = 0;
      for (let r = base; r < n; r++) {
        w[r]! *= beta;
        pv += w[r]! * v[r]!;
      }
      const half = (beta / 2) * pv;
      for (let r = base; r < n; r++) wp[r * PANEL + b] = w[r]! - half * v[r]!;
    }
    // The trailing block (rows and columns k1…): S −= V·Wᵀ + W·Vᵀ = [V W]·[W V]ᵀ, one product.
    const m = n - k1;
    const b = k1 - k0;
    const c = { data: s, off: k1 * n + k1, ld: n };
    gemmUpdate(m, m, b, -1, { data: s, off: offV + k1 * PANEL, ld: PANEL }, false, { data: s, off: offW + k1 * PANEL, ld: PANEL }, true, c);
    gemmUpdate(m, m, b, -1, { data: s, off: offW + k1 * PANEL, ld: PANEL }, false, { data: s, off: offV + k1 * PANEL, ld: PANEL }, true, c);
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2]!;
    e[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  d[n - 1] = a[n * n - 1]!;
}
