// The leaves of the recursive LU (src/linalg/dense/lu-recursive.ts): unblocked Gaussian elimination
// with partial pivoting of a narrow panel, in place in a row-major float64 matrix in wasm memory,
// row swaps applied to whole rows there. The same operations in the same order as the JS panel
// (each entry: l = a·(1/pivot) once, then a −= l·u per column; no FMA), so the same bits.

/** Swaps the `len` float64 values at x and y (disjoint). */
// @ts-ignore: decorator
@inline function swapRows(x: usize, y: usize, len: i32): void {
  const bytes = <usize>len << 3;
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    const t = v128.load(x + o);
    v128.store(x + o, v128.load(y + o));
    v128.store(y + o, t);
  }
  if (o < bytes) {
    const t = load<f64>(x + o);
    store<f64>(x + o, load<f64>(y + o));
    store<f64>(y + o, t);
  }
}

/** The first row i in [from, m) with the largest |x(i, 0)| (rows `stride` bytes apart; NaN is never larger). */
// @ts-ignore: decorator
@inline function argmaxAbs(x: usize, stride: usize, from: i32, m: i32): i32 {
  let p = from;
  let big = abs<f64>(load<f64>(x + <usize>from * stride));
  for (let i = from + 1; i < m; i++) {
    const v = abs<f64>(load<f64>(x + <usize>i * stride));
    if (v > big) {
      p = i;
      big = v;
    }
  }
  return p;
}

/** The smallest normal float64: 1/x is finite for |x| at or above it. */
const SFMIN: f64 = 2.2250738585072014e-308;

/** x_i −= l_i·x_j for i in (j, m), where l_i ≠ 0 (columns of a column-major panel at byte offsets). */
// @ts-ignore: decorator
@inline function update1(l: usize, x: usize, j: i32, m: i32): void {
  const u = load<f64>(x + (<usize>j << 3));
  const uv = f64x2.splat(u);
  const zero = f64x2.splat(0);
  let i = j + 1;
  for (; i + 1 < m; i += 2) {
    const o = <usize>i << 3;
    const lv = v128.load(l + o);
    const v = v128.load(x + o);
    v128.store(x + o, v128.bitselect(v, f64x2.sub(v, f64x2.mul(lv, uv)), f64x2.eq(lv, zero)));
  }
  if (i < m) {
    const o = <usize>i << 3;
    const li = load<f64>(l + o);
    if (li != 0) store<f64>(x + o, load<f64>(x + o) - li * u);
  }
}

/** `update1` on two columns x and y in one pass over l. */
// @ts-ignore: decorator
@inline function update2(l: usize, x: usize, y: usize, j: i32, m: i32): void {
  const ux = load<f64>(x + (<usize>j << 3));
  const uy = load<f64>(y + (<usize>j << 3));
  const uxv = f64x2.splat(ux);
  const uyv = f64x2.splat(uy);
  const zero = f64x2.splat(0);
  let i = j + 1;
  for (; i + 1 < m; i += 2) {
    const o = <usize>i << 3;
    const lv = v128.load(l + o);
    const z = f64x2.eq(lv, zero);
    const vx = v128.load(x + o);
    const vy = v128.load(y + o);
    v128.store(x + o, v128.bitselect(vx, f64x2.sub(vx, f64x2.mul(lv, uxv)), z));
    v128.store(y + o, v128.bitselect(vy, f64x2.sub(vy, f64x2.mul(lv, uyv)), z));
  }
  if (i < m) {
    const o = <usize>i << 3;
    const li = load<f64>(l + o);
    if (li != 0) {
      store<f64>(x + o, load<f64>(x + o) - li * ux);
      store<f64>(y + o, load<f64>(y + o) - li * uy);
    }
  }
}

/**
 * Eliminates the m×w panel whose top-left entry is (r0, r0) of the row-major matrix at byte offset
 * `a` (row stride `ld` elements, rows swapped over their first `n` columns): at column j the first
 * row i ≥ j with the largest |a_ij| is the pivot and is swapped with row j, the entries below the
 * pivot p become l_ij = a_ij·(1/p) (a_ij/p where 1/p is not finite, |p| < 2⁻¹⁰²², as LAPACK's
 * dgetf2) and the panel's columns right of j are updated, a_ic −= l_ij·a_jc (columns right of the
 * panel are the caller's). A zero pivot leaves its column as it is. Writes the w pivot rows
 * (0-based, of the whole matrix) as i32 at byte offset `piv`. `work`: 8·m·w bytes where the
 * panel is eliminated as a column-major copy (each column contiguous, so the pivot search and the
 * updates stream through cache instead of striding across rows, page after page).
 */
export function luPanelF64(a: usize, ld: i32, n: i32, r0: i32, m: i32, w: i32, piv: usize, work: usize): void {
  const stride = <usize>ld << 3;
  const top = a + <usize>r0 * stride + (<usize>r0 << 3);
  const col = <usize>m << 3; // bytes per column of the copy
  for (let i = 0; i < m; i++) {
    const row = top + <usize>i * stride;
    for (let c = 0; c < w; c++) store<f64>(work + <usize>c * col + (<usize>i << 3), load<f64>(row + (<usize>c << 3)));
  }
  const left = r0;
  const right = r0 + w;
  for (let j = 0; j < w; j++) {
    const cj = work + <usize>j * col;
    const p = argmaxAbs(cj, 8, j, m);
    store<i32>(piv + (<usize>j << 2), r0 + p);
    if (p != j) {
      for (let c = 0; c < w; c++) {
        const x = work + <usize>c * col;
        const t = load<f64>(x + (<usize>j << 3));
        store<f64>(x + (<usize>j << 3), load<f64>(x + (<usize>p << 3)));
        store<f64>(x + (<usize>p << 3), t);
      }
      // the rows outside the panel (its own columns are in the copy)
      const rj = a + <usize>(r0 + j) * stride;
      const rp = a + <usize>(r0 + p) * stride;
      swapRows(rj, rp, left);
      swapRows(rj + (<usize>right << 3), rp + (<usize>right << 3), n - right);
    }
    const pivot = load<f64>(cj + (<usize>j << 3));
    if (pivot == 0) continue;
    // NOTE: LAPACK's dgetf2: times 1/pivot where that is finite (|pivot| ≥ 2⁻¹⁰²²), else divided.
    if (abs<f64>(pivot) >= SFMIN) {
      const r = 1 / pivot;
      for (let i = j + 1; i < m; i++) store<f64>(cj + (<usize>i << 3), load<f64>(cj + (<usize>i << 3)) * r);
    } else {
      for (let i = j + 1; i < m; i++) store<f64>(cj + (<usize>i << 3), load<f64>(cj + (<usize>i << 3)) / pivot);
    }
    // a_ic −= l_i·u_c, skipped where l_i = 0 (as the JS panel, whose skip keeps −0 and an infinite u_c
    // out), two columns per pass over l
    let c = j + 1;
    for (; c + 1 < w; c += 2) update2(cj, work + <usize>c * col, work + <usize>(c + 1) * col, j, m);
    if (c < w) update1(cj, work + <usize>c * col, j, m);
  }
  for (let i = 0; i < m; i++) {
    const row = top + <usize>i * stride;
    for (let c = 0; c < w; c++) store<f64>(row + (<usize>c << 3), load<f64>(work + <usize>c * col + (<usize>i << 3)));
  }
}
