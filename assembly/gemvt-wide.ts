// y = Aᵀ·x on row-major float64 blocks, four rows per pass: y is loaded and stored once per four rows
// instead of once per row as in gemv.ts's gemvTF64 (whose summation order the eigh tridiagonalisation
// keeps), 1.8× its rate on 64–256-square blocks. Used by the SVD's bidiagonalisation
// (src/linalg/dense/bidiagonalise-blocked.ts).
// NOTE: A·x stays gemv.ts's gemvF64: two accumulators per row (to shorten the add chains) measured
// 0.88× its rate.

/**
 * y (k) = Aᵀ·x with A m×k row-major, row stride `lda` elements (byte offsets; y must not overlap A or
 * x): y_c = Σ_i x_i·A(i, c), summed as ((x₀A₀ + x₁A₁) + (x₂A₂ + x₃A₃)) per four rows, in increasing i.
 */
export function gemvTWideF64(m: i32, k: i32, a: usize, lda: i32, x: usize, y: usize): void {
  const stride = <usize>lda << 3;
  const pairs = k & ~1;
  memory.fill(y, 0, <usize>k << 3);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const r0 = a + <usize>i * stride;
    const r1 = r0 + stride;
    const r2 = r1 + stride;
    const r3 = r2 + stride;
    const xi = x + (<usize>i << 3);
    const c0 = load<f64>(xi);
    const c1 = load<f64>(xi, 8);
    const c2 = load<f64>(xi, 16);
    const c3 = load<f64>(xi, 24);
    const x0 = f64x2.splat(c0);
    const x1 = f64x2.splat(c1);
    const x2 = f64x2.splat(c2);
    const x3 = f64x2.splat(c3);
    for (let c = 0; c < pairs; c += 2) {
      const off = <usize>c << 3;
      const p = f64x2.add(f64x2.mul(v128.load(r0 + off), x0), f64x2.mul(v128.load(r1 + off), x1));
      const q = f64x2.add(f64x2.mul(v128.load(r2 + off), x2), f64x2.mul(v128.load(r3 + off), x3));
      v128.store(y + off, f64x2.add(v128.load(y + off), f64x2.add(p, q)));
    }
    if (pairs < k) {
      const off = <usize>pairs << 3;
      const p = load<f64>(r0 + off) * c0 + load<f64>(r1 + off) * c1;
      const q = load<f64>(r2 + off) * c2 + load<f64>(r3 + off) * c3;
      store<f64>(y + off, load<f64>(y + off) + (p + q));
    }
  }
  for (; i < m; i++) {
    const r = a + <usize>i * stride;
    const ci = load<f64>(x + (<usize>i << 3));
    const xv = f64x2.splat(ci);
    for (let c = 0; c < pairs; c += 2) {
      const off = <usize>c << 3;
      v128.store(y + off, f64x2.add(v128.load(y + off), f64x2.mul(v128.load(r + off), xv)));
    }
    if (pairs < k) {
      const off = <usize>pairs << 3;
      store<f64>(y + off, load<f64>(y + off) + load<f64>(r + off) * ci);
    }
  }
}
