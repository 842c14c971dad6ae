import { unfilled } from "../../core/unfilled.js";
import type { Arena } from "./arena.js";
import type { WasmKernels } from "./module.js";

/**
 * Bytes of each array's chunk in `streamUnary` and `streamBinary`.
 * NOTE: 32 KiB: the two or three chunk buffers of a call (64–96 KiB) stay in L2 between the copy
 * in, the kernel and the copy out, so an operand crosses DRAM once on the way in and the result once
 * on the way out; whole-array copies through a 4 MB arena crossed it three times per operand.
 */
export const STREAM_CHUNK_BYTES = 32768;

/** A float32 or float64 array (what the streamed kernels take and give). */
type Floats = Float32Array | Float64Array;

/** A fresh array of `n` elements of `x`'s type, every element of which the caller writes. */
const like = (x: Floats, n: number): Floats => (x instanceof Float32Array ? unfilled(Float32Array, n) : unfilled(Float64Array, n));

/** A view of `n` elements of `x`'s type at byte `p` of the kernels' memory. */
const viewLike = (k: WasmKernels, x: Floats, p: number, n: number): Floats =>
  x instanceof Float32Array ? new Float32Array(k.memory.buffer, p, n) : new Float64Array(k.memory.buffer, p, n);

/**
 * `kernel(in, out, n)` over `x` chunk by chunk: each chunk copied into one arena buffer, the kernel
 * run on it into another, and the result chunk copied into a fresh array of x's type. The same bits
 * as one call over the whole array (the kernels are elementwise).
 * NOTE: the kernels run whole 16-byte vectors; the last chunk's lanes past its length hold stale
 * values of the previous chunk, computed and never copied out.
 */
export function streamUnary(k: WasmKernels, arena: Arena, kernel: (x: number, out: number, n: number) => void, x: Floats): Floats {
  const n = x.length;
  const chunk = Math.min(STREAM_CHUNK_BYTES / x.BYTES_PER_ELEMENT, n);
  const bytes = Math.ceil((chunk * x.BYTES_PER_ELEMENT) / 16) * 16;
  arena.reset();
  const px = arena.alloc(bytes);
  const po = arena.alloc(bytes);
  const vx = viewLike(k, x, px, chunk);
  const vo = viewLike(k, x, po, chunk);
  const out = like(x, n);
  for (let i = 0; i < n; i += chunk) {
    const len = Math.min(chunk, n - i);
    vx.set(len === chunk && n === chunk ? x : x.subarray(i, i + len));
    kernel(px, po, len);
    out.set(len === chunk ? vo : vo.subarray(0, len), i);
  }
  return out;
}

/**
 * `kernel(code, mode, a, b, out, n)` (the arena's binary kernels: mode 0 a∘b, 1 a∘b[0], 2 a[0]∘b)
 * over chunks of the full-length operands; a one-element operand is copied in once, and an operand
 * passed as both a and b (x·x) is copied once per chunk. The result is a fresh array of a's type
 * (a and b are one type). The same bits as one call over the whole arrays.
 */
export function streamBinary(
  k: WasmKernels, arena: Arena, kernel: (code: number, mode: number, a: number, b: number, out: number, n: number) => void,
  code: number, mode: 0 | 1 | 2, a: Floats, b: Floats,
): Floats {
  const full = mode === 2 ? b : a;
  const n = full.length;
  const chunk = Math.min(STREAM_CHUNK_BYTES / full.BYTES_PER_ELEMENT, n);
  const bytes = Math.ceil((chunk * full.BYTES_PER_ELEMENT) / 16) * 16;
  arena.reset();
  const same = mode === 0 && a === b;
  const pa = mode === 2 ? arena.copyIn(a) : arena.alloc(bytes);
  const pb = mode === 1 ? arena.copyIn(b) : same ? pa : arena.alloc(bytes);
  const po = arena.alloc(bytes);
  const va = mode === 2 ? null : viewLike(k, a, pa, chunk);
  const vb = mode === 1 || same ? null : viewLike(k, b, pb, chunk);
  const vo = viewLike(k, full, po, chunk);
  const out = like(full, n);
  for (let i = 0; i < n; i += chunk) {
    const len = Math.min(chunk, n - i);
    const whole = len === chunk && n === chunk;
    if (va !== null) va.set(whole ? a : a.subarray(i, i + len));
    if (vb !== null) vb.set(whole ? b : b.subarray(i, i + len));
    kernel(code, mode, pa, pb, po, len);
    out.set(len === chunk ? vo : vo.subarray(0, len), i);
  }
  return out;
}

/**
 * `kernel(code, mode, a, b, out, rows, len)` (row broadcasting: mode 3 a[r, :]∘b[:], mode 4
 * a[:]∘b[r, :]) over chunks of whole rows of the full operand, the row operand copied in once.
 * The result is a fresh array of the full operand's type. The same bits as one call over all rows.
 * Rows of at most `STREAM_CHUNK_BYTES` (the callers' condition), so the arena stays small.
 */
export function streamRows(
  k: WasmKernels, arena: Arena, kernel: (code: number, mode: number, a: number, b: number, out: number, rows: number, len: number) => void,
  code: number, mode: 3 | 4, a: Floats, b: Floats, len: number,
): Floats {
  const full = mode === 3 ? a : b;
  const n = full.length;
  const rowsPer = Math.floor(STREAM_CHUNK_BYTES / full.BYTES_PER_ELEMENT / len);
  const chunk = Math.min(rowsPer * len, n);
  // The kernel's last vector of a chunk spills past the chunk by up to one vector.
  const bytes = Math.ceil((chunk * full.BYTES_PER_ELEMENT) / 16) * 16 + 16;
  arena.reset();
  const pr = arena.copyIn(mode === 3 ? b : a);
  const pf = arena.alloc(bytes);
  const po = arena.alloc(bytes);
  const vf = viewLike(k, full, pf, chunk);
  const vo = viewLike(k, full, po, chunk);
  const out = like(full, n);
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    vf.set(m === n ? full : full.subarray(i, i + m));
    if (mode === 3) kernel(code, mode, pf, pr, po, m / len, len);
    else kernel(code, mode, pr, pf, po, m / len, len);
    out.set(m === chunk ? vo : vo.subarray(0, m), i);
  }
  return out;
}
