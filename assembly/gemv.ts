// Matrix–vector product on row-major float64 blocks (SIMD, four rows per pass): the S·v products
// of the blocked Householder tridiagonalisation, run on a matrix kept in wasm memory.

/**
 * y (m) = A·x with A m×k row-major, row stride `lda` elements; a, x, y are byte offsets (y must
 * not overlap A or x).
 */
export function gemvF64(m: i32, k: i32, a: usize, lda: i32, x: usize, y: usize): void {
  const stride = <usize>lda << 3;
  const pairs = k & ~1;
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const r0 = a + <usize>i * stride;
    const r1 = r0 + stride;
    const r2 = r1 + stride;
    const r3 = r2 + stride;
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let s2 = f64x2.splat(0);
    let s3 = f64x2.splat(0);
    for (let c = 0; c < pairs; c += 2) {
      const off = <usize>c << 3;
      const xv = v128.load(x + off);
      s0 = f64x2.add(s0, f64x2.mul(v128.load(r0 + off), xv));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(r1 + off), xv));
      s2 = f64x2.add(s2, f64x2.mul(v128.load(r2 + off), xv));
      s3 = f64x2.add(s3, f64x2.mul(v128.load(r3 + off), xv));
    }
    let t0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    let t1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
    let t2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
    let t3 = f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
    if (pairs < k) {
      const off = <usize>pairs << 3;
      const xc = load<f64>(x + off);
      t0 += load<f64>(r0 + off) * xc;
      t1 += load<f64>(r1 + off) * xc;
      t2 += load<f64>(r2 + off) * xc;
      t3 += load<f64>(r3 + off) * xc;
    }
    const yi = y + (<usize>i << 3);
    store<f64>(yi, t0);
    store<f64>(yi, t1, 8);
    store<f64>(yi, t2, 16);
    store<f64>(yi, t3, 24);
  }
  // NOTE: the leftover rows sum in the same order as the others (a row's result does not depend on m).
  for (; i < m; i++) {
    const r = a + <usize>i * stride;
    let s = f64x2.splat(0);
    for (let c = 0; c < pairs; c += 2) {
      const off = <usize>c << 3;
      s = f64x2.add(s, f64x2.mul(v128.load(r + off), v128.load(x + off)));
    }
    let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    if (pairs < k) t += load<f64>(r + (<usize>pairs << 3)) * load<f64>(x + (<usize>pairs << 3));
    store<f64>(y + (<usize>i << 3), t);
  }
}

/**
 * y (k) = Aᵀ·x with A m×k row-major, row stride `lda` elements: the rows of A scaled by x_i and
 * summed, in increasing i (byte offsets; y must not overlap A or x).
 */
export function gemvTF64(m: i32, k: i32, a: usize, lda: i32, x: usize, y: usize): void {
  const stride = <usize>lda << 3;
  const pairs = k & ~1;
  memory.fill(y, 0, <usize>k << 3);
  for (let i = 0; i < m; i++) {
    const r = a + <usize>i * stride;
    const xi = load<f64>(x + (<usize>i << 3));
    const xv = f64x2.splat(xi);
    for (let c = 0; c < pairs; c += 2) {
      const off = <usize>c << 3;
      v128.store(y + off, f64x2.add(v128.load(y + off), f64x2.mul(v128.load(r + off), xv)));
    }
    if (pairs < k) {
      const off = <usize>pairs << 3;
      store<f64>(y + off, load<f64>(y + off) + load<f64>(r + off) * xi);
    }
  }
}
