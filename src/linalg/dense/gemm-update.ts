// C += α·op(A)·op(B) on row-major float64 blocks inside larger arrays: the matrix–matrix product
// that the blocked factorisations (Cholesky, LU, triangular solves, Householder WY updates) spend
// most of their flops in.
import { getBackend } from "../../backend/backend.js";
import type { KernelExports } from "../../backend/wasm/module.js";
import { withResidentF64, type ResidentGemm } from "../../backend/wasm/resident-gemm.js";

/**
 * Below this many multiply-adds a product runs as a JS loop: the backend call copies the operands
 * in and the product out, which costs more than it saves on small blocks.
 * NOTE: 32³; measured on the wasm backend, where the crossover lies between 24³ and 48³.
 */
const BACKEND_MIN_MACS = 32 * 32 * 32;

/** The array a factorisation is running on in wasm memory (see `inWasmMemory`), with its gemm. */
let resident: { data: Float64Array; gemm: ResidentGemm; kernels: KernelExports; scratch: number; temp: number } | null = null;

/** Below this many multiply-adds an update of the resident array runs as a JS loop (no copies to save: only the call and packing). */
const RESIDENT_MIN_MACS = 8 * 8 * 8;

/**
 * Runs `body` on `a` itself or, under the wasm backend with its kernels loaded, on a copy of it in wasm memory
 * (copied back afterwards, followed by `extra` elements of scratch: see `residentScratch`; with `lower` = n > 0
 * only the lower triangle of the n×n `a` is copied either way, and the rest is undefined in `body`), where `gemmUpdate`
 * on blocks of it runs the wasm gemm in place. `body` must not call the backend; it reports whether it ran in wasm memory.
 */
export function inWasmMemory(a: Float64Array, body: (data: Float64Array, resident: boolean) => void, extra = 0, lower = 0): void {
  if (!runResident(a, body, extra, lower, true)) body(a, false);
}

/**
 * As `inWasmMemory` on a float64 copy of `src`, which is left as it is (nothing is copied back): `body`
 * reads its results from the array it gets (in wasm memory, or a fresh float64 copy of `src` in JS).
 */
export function onFloat64Copy(src: Float64Array | Float32Array, body: (data: Float64Array, resident: boolean) => void, extra = 0): void {
  if (!runResident(src, body, extra, 0, false)) body(Float64Array.from(src), false);
}

/** Runs `body` in wasm memory on a copy of `a` (see `withResidentF64`); false where it did not run. */
function runResident(a: Float64Array | Float32Array, body: (data: Float64Array, resident: boolean) => void, extra: number, lower: number, back: boolean): boolean {
  // NOTE: only under the wasm backend: `setBackend(cpuBackend)` keeps every kernel in JS.
  return getBackend().name === "wasm" && withResidentF64(a, (view, gemm, kernels, temp) => {
    const outer = resident;
    resident = { data: view, gemm, kernels, scratch: a.length, temp };
    try {
      body(view, true);
    } finally {
      resident = outer;
    }
  }, extra, lower, back);
}

/** Where the scratch after the matrix starts in the array `inWasmMemory` is running on (its `extra` elements), or -1 outside it. */
export function residentScratch(data: Float64Array): number {
  return resident && resident.data === data ? resident.scratch : -1;
}

/** The wasm kernels over the array `inWasmMemory` is running on (its elements at byte `data.byteOffset`), or null outside it. */
export function residentKernels(data: Float64Array): KernelExports | null {
  return resident && resident.data === data ? resident.kernels : null;
}

/** A byte offset of temporary wasm scratch for a kernel call on the array `inWasmMemory` is running on (see `withResidentF64`'s `temp`), or -1 outside it. */
export function residentTemp(data: Float64Array): number {
  return resident && resident.data === data ? resident.temp : -1;
}

/** A row-major block: element (i, j) at data[off + i·ld + j]. */
export interface Block {
  /** The array holding the block. */
  readonly data: Float64Array;
  /** Offset of element (0, 0). */
  readonly off: number;
  /** Row stride (the width of the enclosing matrix). */
  readonly ld: number;
}

/** The block of `x` starting at row i, column j. */
export function at(x: Block, i: number, j: number): Block {
  return { data: x.data, off: x.off + i * x.ld + j, ld: x.ld };
}

/** A contiguous rows×cols copy of a block (or a view of it when it is contiguous already). */
function contiguous(x: Block, rows: number, cols: number): Float64Array {
  if (x.ld === cols) return x.data.subarray(x.off, x.off + rows * cols);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) out.set(x.data.subarray(x.off + i * x.ld, x.off + i * x.ld + cols), i * cols);
  return out;
}

/**
 * C (m×n) += α·op(A)·op(B), op(A) m×k and op(B) k×n; `transA` means A is stored k×m (and B n×k
 * for `transB`). Large products run in the backend's matmul (the wasm gemm, on worker threads when
 * large), small ones in a JS loop.
 * NOTE: α = 0 means C = op(A)·op(B) (C is overwritten, not scaled: BLAS's β = 0, α = 1).
 */
export function gemmUpdate(
  m: number, n: number, k: number, alpha: number, a: Block, transA: boolean, b: Block, transB: boolean, c: Block,
): void {
  if (m === 0 || n === 0 || k === 0) return;
  const cd = c.data;
  const r = resident;
  if (r && (alpha === 1 || alpha === -1 || alpha === 0) && cd === r.data && a.data === cd && b.data === cd && m * n * k >= RESIDENT_MIN_MACS) {
    // In place in wasm memory: op(A)(i, p) = A[i·ld + p] or, transposed, A[p·ld + i] (B likewise).
    r.gemm(m, n, k, a.off, transA ? 1 : a.ld, transA ? a.ld : 1, b.off, transB ? 1 : b.ld, transB ? b.ld : 1, c.off, c.ld, alpha === 1 ? 1 : alpha === 0 ? 0 : 3);
    return;
  }
  if (alpha === 0) {
    for (let i = 0; i < m; i++) cd.fill(0, c.off + i * c.ld, c.off + i * c.ld + n);
    alpha = 1;
  }
  if (m * n * k < BACKEND_MIN_MACS || r) {
    const ad = a.data;
    const bd = b.data;
    for (let i = 0; i < m; i++) {
      const ci = c.off + i * c.ld;
      for (let p = 0; p < k; p++) {
        const aip = alpha * ad[transA ? a.off + p * a.ld + i : a.off + i * a.ld + p]!;
        if (aip === 0) continue;
        if (transB) for (let j = 0, bj = b.off + p; j < n; j++, bj += b.ld) cd[ci + j]! += aip * bd[bj]!;
        else for (let j = 0, bp = b.off + p * b.ld; j < n; j++) cd[ci + j]! += aip * bd[bp + j]!;
      }
    }
    return;
  }
  const pa = transA ? contiguous(a, k, m) : contiguous(a, m, k);
  const pb = transB ? contiguous(b, n, k) : contiguous(b, k, n);
  const prod = getBackend().matmul(pa, transA ? [k, m] : [m, k], pb, transB ? [n, k] : [k, n], [m, n], transA, transB);
  for (let i = 0; i < m; i++) {
    const ci = c.off + i * c.ld;
    const pi = i * n;
    if (alpha === -1) for (let j = 0; j < n; j++) cd[ci + j]! -= prod[pi + j]!;
    else if (alpha === 1) for (let j = 0; j < n; j++) cd[ci + j]! += prod[pi + j]!;
    else for (let j = 0; j < n; j++) cd[ci + j]! += alpha * prod[pi + j]!;
  }
}
