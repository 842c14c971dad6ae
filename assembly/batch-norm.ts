// Batch normalisation over [rows, count] float32 (BatchNorm1d: one element per channel and row), by
// blocks of four channels whose float64 sums stay in registers while the rows stream past. Each
// channel's sums add its rows in order and every other step is one IEEE operation in the order that
// src/ops/batch-norm-kernels.ts writes it, so the results have the JS loops' bits.

// @ts-ignore: decorator
@inline function lo(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

// @ts-ignore: decorator
@inline function hi(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** Two f64x2 rounded to float32, side by side in one vector. */
// @ts-ignore: decorator
@inline function demote(a: v128, b: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}

/**
 * x̂ = (x − μ)·r per channel, μ = Σx/rows, v = Σ(x − μ)²/rows, r = 1/√(v + eps) (float64 sums in
 * row order): x̂ to `xhat` (float32), μ and v to `stats` as float64 (μ at stats, v at stats + 8·count).
 */
export function batchNormRowsF32(rows: i32, count: i32, x: usize, xhat: usize, stats: usize, eps: f64): void {
  const rowBytes = <usize>count << 2;
  const end = <usize>rows * rowBytes;
  const m = <f64>rows;
  const M = f64x2.splat(m), EPS = f64x2.splat(eps), ONE = f64x2.splat(1);
  const vars = stats + (<usize>count << 3);
  let c = 0;
  for (; c + 4 <= count; c += 4) {
    const off = <usize>c << 2;
    let s0 = f64x2.splat(0), s1 = s0;
    for (let p: usize = off; p < end; p += rowBytes) {
      const v = v128.load(x + p);
      s0 = f64x2.add(s0, lo(v));
      s1 = f64x2.add(s1, hi(v));
    }
    const mu0 = f64x2.div(s0, M), mu1 = f64x2.div(s1, M);
    let q0 = f64x2.splat(0), q1 = q0;
    for (let p: usize = off; p < end; p += rowBytes) {
      const v = v128.load(x + p);
      const d0 = f64x2.sub(lo(v), mu0), d1 = f64x2.sub(hi(v), mu1);
      q0 = f64x2.add(q0, f64x2.mul(d0, d0));
      q1 = f64x2.add(q1, f64x2.mul(d1, d1));
    }
    q0 = f64x2.div(q0, M);
    q1 = f64x2.div(q1, M);
    v128.store(stats + (<usize>c << 3), mu0);
    v128.store(stats + (<usize>c << 3), mu1, 16);
    v128.store(vars + (<usize>c << 3), q0);
    v128.store(vars + (<usize>c << 3), q1, 16);
    const r0 = f64x2.div(ONE, f64x2.sqrt(f64x2.add(q0, EPS))), r1 = f64x2.div(ONE, f64x2.sqrt(f64x2.add(q1, EPS)));
    for (let p: usize = off; p < end; p += rowBytes) {
      const v = v128.load(x + p);
      v128.store(xhat + p, demote(f64x2.mul(f64x2.sub(lo(v), mu0), r0), f64x2.mul(f64x2.sub(hi(v), mu1), r1)));
    }
  }
  for (; c < count; c++) {
    const off = <usize>c << 2;
    let s: f64 = 0;
    for (let p: usize = off; p < end; p += rowBytes) s += <f64>load<f32>(x + p);
    const mu = s / m;
    let q: f64 = 0;
    for (let p: usize = off; p < end; p += rowBytes) {
      const d = <f64>load<f32>(x + p) - mu;
      q += d * d;
    }
    q /= m;
    store<f64>(stats + (<usize>c << 3), mu);
    store<f64>(vars + (<usize>c << 3), q);
    const r = 1 / Math.sqrt(q + eps);
    for (let p: usize = off; p < end; p += rowBytes) store<f32>(xhat + p, <f32>((<f64>load<f32>(x + p) - mu) * r));
  }
}

/**
 * The cotangent of batchNormRowsF32's x̂ with respect to x: x̄ = s·((ḡ − a) − x̂·b) per channel,
 * a = Σḡ/rows, b = Σx̂ḡ/rows (float64, row order), s = 1/√(v + eps) with v the float32 variances at `variance`.
 */
export function batchNormGradRowsF32(rows: i32, count: i32, xhat: usize, variance: usize, g: usize, out: usize, eps: f64): void {
  const rowBytes = <usize>count << 2;
  const end = <usize>rows * rowBytes;
  const m = <f64>rows;
  const M = f64x2.splat(m), EPS = f64x2.splat(eps), ONE = f64x2.splat(1);
  let c = 0;
  for (; c + 4 <= count; c += 4) {
    const off = <usize>c << 2;
    let a0 = f64x2.splat(0), a1 = a0, b0 = a0, b1 = a0;
    for (let p: usize = off; p < end; p += rowBytes) {
      const gv = v128.load(g + p), xv = v128.load(xhat + p);
      const g0 = lo(gv), g1 = hi(gv);
      a0 = f64x2.add(a0, g0);
      a1 = f64x2.add(a1, g1);
      b0 = f64x2.add(b0, f64x2.mul(lo(xv), g0));
      b1 = f64x2.add(b1, f64x2.mul(hi(xv), g1));
    }
    a0 = f64x2.div(a0, M);
    a1 = f64x2.div(a1, M);
    b0 = f64x2.div(b0, M);
    b1 = f64x2.div(b1, M);
    const vv = v128.load(variance + off);
    const s0 = f64x2.div(ONE, f64x2.sqrt(f64x2.add(lo(vv), EPS))), s1 = f64x2.div(ONE, f64x2.sqrt(f64x2.add(hi(vv), EPS)));
    for (let p: usize = off; p < end; p += rowBytes) {
      const gv = v128.load(g + p), xv = v128.load(xhat + p);
      const y0 = f64x2.mul(s0, f64x2.sub(f64x2.sub(lo(gv), a0), f64x2.mul(lo(xv), b0)));
      const y1 = f64x2.mul(s1, f64x2.sub(f64x2.sub(hi(gv), a1), f64x2.mul(hi(xv), b1)));
      v128.store(out + p, demote(y0, y1));
    }
  }
  for (; c < count; c++) {
    const off = <usize>c << 2;
    let a: f64 = 0, b: f64 = 0;
    for (let p: usize = off; p < end; p += rowBytes) {
      const gi = <f64>load<f32>(g + p);
      a += gi;
      b += <f64>load<f32>(xhat + p) * gi;
    }
    a /= m;
    b /= m;
    const s = 1 / Math.sqrt(<f64>load<f32>(variance + off) + eps);
    for (let p: usize = off; p < end; p += rowBytes) store<f32>(out + p, <f32>(s * (<f64>load<f32>(g + p) - a - <f64>load<f32>(xhat + p) * b)));
  }
}
