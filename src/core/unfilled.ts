/** Node's Buffer where there is one (a global: nothing is imported, and browsers have none). */
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): Uint8Array<ArrayBuffer> } }).Buffer;

/**
 * Below this many bytes `unfilled` makes a plain typed array: zeroing a small block costs less than
 * the Buffer object that skips it.
 */
const UNFILLED_MIN_BYTES = 4096;

/** A float or integer typed-array constructor. */
type ArrayCtor<T> = { new (n: number): T; new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A fresh typed array of `n` elements whose contents are undefined: for results whose every
 * element the caller writes before anyone reads it.
 * NOTE: in Node over `Buffer.allocUnsafeSlow` (an ArrayBuffer of its own, from malloc): a typed
 * array's constructor takes calloc, which zeroes a block that the heap reuses (a memset of the whole
 * array, ~9% of the eager elementwise chain's CPU time) before the copies overwrite it; elsewhere,
 * and below `UNFILLED_MIN_BYTES`, a zeroed typed array.
 * @example
 * const out = unfilled(Float32Array, n);
 * for (let i = 0; i < n; i++) out[i] = f(i);
 */
export function unfilled<T>(ctor: ArrayCtor<T>, n: number): T {
  const bytes = n * ctor.BYTES_PER_ELEMENT;
  if (NodeBuffer === undefined || bytes < UNFILLED_MIN_BYTES) return new ctor(n);
  return new ctor(NodeBuffer.allocUnsafeSlow(bytes).buffer, 0, n);
}

/** `unfilled` for a float dtype: a Float32Array or Float64Array of `n` elements whose contents are undefined. */
export function unfilledFloats(dtype: "float32" | "float64", n: number): Float32Array | Float64Array {
  return dtype === "float32" ? unfilled(Float32Array, n) : unfilled(Float64Array, n);
}
