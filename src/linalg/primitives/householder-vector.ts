// Householder reflector H = I − β·v·vᵀ that maps a vector x onto α·e₁ (LAPACK dlarfg), for the
// dense kernels of eigh and svd.

/** √(a² + b²) without overflow or destructive underflow (one division, cheaper than Math.hypot). */
export function pythag(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  if (a < b) [a, b] = [b, a];
  if (a === 0) return 0;
  const r = b / a;
  return a * Math.sqrt(1 + r * r);
}

/**
 * Writes into v[0..len) the Householder vector of x = src[off + i·stride] (i < len) and returns
 * [β, α] with (I − β·v·vᵀ)·x = α·e₁; β = 0 (H = I) when x is already a multiple of e₁.
 * NOTE: α = −sign(x₀)·‖x‖ (v₀ = x₀ − α without cancellation); ‖x‖ is computed on x/max|xᵢ| so that
 * squares neither overflow nor underflow.
 */
export function householderVector(src: Float64Array, off: number, stride: number, len: number, v: Float64Array): [number, number] {
  let big = 0;
  for (let i = 0; i < len; i++) {
    const x = src[off + i * stride]!;
    v[i] = x;
    const ax = Math.abs(x);
    if (ax > big) big = ax;
  }
  const x0 = v[0]!;
  if (big === 0) return [0, x0];
  let tail = 0;
  for (let i = 1; i < len; i++) tail += (v[i]! / big) ** 2;
  if (tail === 0) return [0, x0];
  const norm = big * Math.sqrt((x0 / big) ** 2 + tail);
  const alpha = x0 >= 0 ? -norm : norm;
  v[0] = x0 - alpha;
  return [1 / (norm * (norm + Math.abs(x0))), alpha]; // 2 / vᵀv
}
