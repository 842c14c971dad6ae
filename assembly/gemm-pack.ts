// Packing for the gemm (assembly/gemm.ts): A into MR-row panels and B into NR-column panels,
// by vector block transposes where the layout allows, with the same packed layout (and so the same
// summation order in the micro-kernel) for every stride and transposition.

/** Rows of a packed A panel (the micro-kernel's tile height). */
export const MR: i32 = 4;

/**
 * Four vectors x0..x3 (rows r of a 4 × 16-byte block) written as their transpose: for each lane p,
 * the four rows' lane p side by side at dst + p·stride (float32: one vector of 4; float64: two
 * vectors of 2, at dst and dst + 16).
 */
// @ts-ignore: decorator
@inline function transposeRows<T>(x0: v128, x1: v128, x2: v128, x3: v128, dst: usize, stride: usize): void {
  if (sizeof<T>() == 4) {
    const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5), t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
    const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7), t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
    v128.store(dst, i32x4.shuffle(t0, t1, 0, 1, 4, 5));
    v128.store(dst + stride, i32x4.shuffle(t0, t1, 2, 3, 6, 7));
    v128.store(dst + 2 * stride, i32x4.shuffle(t2, t3, 0, 1, 4, 5));
    v128.store(dst + 3 * stride, i32x4.shuffle(t2, t3, 2, 3, 6, 7));
  } else {
    v128.store(dst, i64x2.shuffle(x0, x1, 0, 2));
    v128.store(dst, i64x2.shuffle(x2, x3, 0, 2), 16);
    v128.store(dst + stride, i64x2.shuffle(x0, x1, 1, 3));
    v128.store(dst + stride, i64x2.shuffle(x2, x3, 1, 3), 16);
  }
}

/** Packs the mc×kc block of A at `a` into MR-row panels: panel r holds kc groups of MR values. */
// @ts-ignore: decorator
@inline export function packA<T>(mc: i32, kc: i32, a: usize, rsA: i32, csA: i32, dst: usize, negate: bool): void {
  const sz = sizeof<T>();
  if (negate) {
    // C −= A·B packs −A (negation is exact, so this equals subtracting each product).
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = min(MR, mc - ir);
      const base = a + <usize>(ir * rsA) * sz;
      let d = dst + <usize>(ir * kc) * sz;
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++)
          store<T>(d + <usize>r * sz, r < rows ? -load<T>(base + <usize>(r * rsA + p * csA) * sz) : <T>0);
        d += MR * sz;
      }
    }
    return;
  }
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const base = a + <usize>(ir * rsA) * sz;
    let d = dst + <usize>(ir * kc) * sz;
    if (rows == MR && csA == 1) {
      // Row-major A: MR rows read side by side.
      const rs = <usize>rsA * sz;
      let p = 0;
      // NOTE: blocks of the MR rows are transposed by vector shuffles (4×4 float32, 4×2 float64),
      // the remaining k steps one value at a time; the packed layout (and so every sum) is the same.
      const step = 16 / sz;
      for (; MR == 4 && p + step <= kc; p += step) {
        const s = base + <usize>p * sz;
        transposeRows<T>(v128.load(s), v128.load(s + rs), v128.load(s + 2 * rs), v128.load(s + 3 * rs), d, MR * sz);
        d += step * MR * sz;
      }
      for (; p < kc; p++) {
        const s = base + <usize>p * sz;
        store<T>(d, load<T>(s));
        store<T>(d + sz, load<T>(s + rs));
        store<T>(d + 2 * sz, load<T>(s + 2 * rs));
        store<T>(d + 3 * sz, load<T>(s + 3 * rs));
        if (MR > 4) store<T>(d + 4 * sz, load<T>(s + 4 * rs));
        if (MR > 5) store<T>(d + 5 * sz, load<T>(s + 5 * rs));
        d += MR * sz;
      }
    } else if (MR == 4 && rows == MR && rsA == 1) {
      // Transposed A (stored k×m): MR = 4 consecutive values per k step, copied as vectors.
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>(p * csA) * sz;
        v128.store(d, v128.load(s));
        if (sz == 8) v128.store(d, v128.load(s, 16), 16);
        d += MR * sz;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++)
          store<T>(d + <usize>r * sz, r < rows ? load<T>(base + <usize>(r * rsA + p * csA) * sz) : <T>0);
        d += MR * sz;
      }
    }
  }
}

/** Packs the kc×nc block of B at `b` into NR-column panels: panel j holds kc groups of NR values. */
// @ts-ignore: decorator
@inline export function packB<T>(kc: i32, nc: i32, b: usize, rsB: i32, csB: i32, dst: usize): void {
  const sz = sizeof<T>();
  const NR = 32 / sz;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const base = b + <usize>(jr * csB) * sz;
    let d = dst + <usize>(jr * kc) * sz;
    if (cols == NR && csB == 1) {
      // Row-major B: two vectors per k step.
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>(p * rsB) * sz;
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
        d += 32;
      }
    } else if (cols == NR && rsB == 1) {
      // Transposed B (stored n×k): each column's k values are contiguous, so blocks of 4 columns ×
      // 16 bytes of k are transposed by vector shuffles, the remaining k steps gathered one by one.
      const step = 16 / sz;
      const cs = <usize>csB * sz;
      let p = 0;
      for (; p + step <= kc; p += step) {
        const s = base + <usize>p * sz;
        transposeRows<T>(v128.load(s), v128.load(s + cs), v128.load(s + 2 * cs), v128.load(s + 3 * cs), d, 32);
        if (sz == 4) {
          const s4 = s + 4 * cs;
          transposeRows<T>(v128.load(s4), v128.load(s4 + cs), v128.load(s4 + 2 * cs), v128.load(s4 + 3 * cs), d + 16, 32);
        }
        d += step * 32;
      }
      for (; p < kc; p++) {
        const s = base + <usize>p * sz;
        for (let c = 0; c < NR; c++) store<T>(d + <usize>c * sz, load<T>(s + <usize>c * cs));
        d += 32;
      }
    } else if (cols == NR) {
      // B with general strides: NR columns read side by side.
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>(p * rsB) * sz;
        for (let c = 0; c < NR; c++) store<T>(d + <usize>c * sz, load<T>(s + <usize>(c * csB) * sz));
        d += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let c = 0; c < NR; c++)
          store<T>(d + <usize>c * sz, c < cols ? load<T>(base + <usize>(p * rsB + c * csB) * sz) : <T>0);
        d += 32;
      }
    }
  }
}
