// Reusable float64 scratch for the dense SVD (the bidiagonal divide and conquer's merges and the
// bidiagonalisation's work array): each 256×256 SVD otherwise allocates ≈ 24·n² doubles of large
// temporaries (12 MB), whose external-memory pressure forced about one full mark-compact GC
// (4–14 ms) per call. Buffers released here are handed out again by later takes, in this and later
// calls. Single-threaded JS, and no user code runs between a take and its release.

/**
 * At most this many bytes stay pooled between calls, and no single buffer larger is kept.
 * NOTE: 16 MiB: the working sets of a 256×256 and a 784×256 SVD together (≈ 5.5 and 7.5 MiB);
 * larger SVDs reuse what fits and are dominated by their O(n³) arithmetic anyway.
 */
const MAX_POOLED_BYTES = 16 * 1024 * 1024;

const free: ArrayBuffer[] = [];
let pooledBytes = 0;

/** A float64 array of `length` elements from the pool (its contents unspecified), or a new one. */
export function takeScratch(length: number): Float64Array {
  const bytes = length * 8;
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    const size = free[i]!.byteLength;
    if (size >= bytes && (best < 0 || size < free[best]!.byteLength)) best = i;
  }
  if (best < 0) return new Float64Array(length);
  const buf = free[best]!;
  free[best] = free[free.length - 1]!;
  free.pop();
  pooledBytes -= buf.byteLength;
  return new Float64Array(buf, 0, length);
}

/** `takeScratch` filled with zeros. */
export function takeZeroedScratch(length: number): Float64Array {
  return takeScratch(length).fill(0);
}

/**
 * Gives `x`'s whole buffer back to the pool; the caller must not use `x` (or any other view of its
 * buffer) afterwards. Buffers that would exceed the pool's bound are left to the GC.
 */
export function releaseScratch(x: Float64Array): void {
  const buf = x.buffer;
  if (!(buf instanceof ArrayBuffer) || pooledBytes + buf.byteLength > MAX_POOLED_BYTES || free.includes(buf)) return;
  free.push(buf);
  pooledBytes += buf.byteLength;
}

/** Bytes held in the pool now (for tests). */
export function pooledScratchBytes(): number {
  return pooledBytes;
}
