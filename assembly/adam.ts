// Adam's step for float32 in one SIMD pass (src/optim/functional/fused-adam-moments.ts drives it
// over chunks of the arrays): the moments and the stepped parameter (or the bare update).

/**
 * Over n float32 elements (n a multiple of 4, or the tail's lanes ignored by the caller):
 *   mo = m·b1 + g·c1,   vo = v·b2 + (g·g)·c2,   u = mo / (√vo / s2 + eps) / bc1
 * and po = u (mode 0), p + u·nlr (mode 1) or p + (u + p·wd)·nlr (mode 2). Each operation is one
 * IEEE float32 operation in the order written (operands in this order), as the ops that spell Adam
 * compute it, so the results are bit-identical to theirs.
 */
export function adamStepF32(
  n: i32, g: usize, m: usize, v: usize, p: usize, mo: usize, vo: usize, po: usize,
  b1: f32, c1: f32, b2: f32, c2: f32, s2: f32, eps: f32, bc1: f32, nlr: f32, wd: f32, mode: i32,
): void {
  const B1 = f32x4.splat(b1), C1 = f32x4.splat(c1), B2 = f32x4.splat(b2), C2 = f32x4.splat(c2);
  const S2 = f32x4.splat(s2), EPS = f32x4.splat(eps), BC1 = f32x4.splat(bc1), NLR = f32x4.splat(nlr), WD = f32x4.splat(wd);
  const end = <usize>n << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), B1), f32x4.mul(gi, C1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), B2), f32x4.mul(f32x4.mul(gi, gi), C2));
    v128.store(mo + o, mi);
    v128.store(vo + o, vi);
    let u = f32x4.div(f32x4.div(mi, f32x4.add(f32x4.div(f32x4.sqrt(vi), S2), EPS)), BC1);
    if (mode != 0) {
      const pi = v128.load(p + o);
      if (mode == 2) u = f32x4.add(u, f32x4.mul(pi, WD));
      u = f32x4.add(pi, f32x4.mul(u, NLR));
    }
    v128.store(po + o, u);
  }
}
