// In-place blocked float64 factorisations in wasm memory: the matrix is copied in once, the
// factorisation's JS loops read and write it through a view, and its trailing updates
// C −= A·B run the wasm gemm on sub-blocks of that one array (strides and leading dimensions),
// so no panel is copied across the boundary.
import { arenaCall } from "./arena-call.js";
import { getNumThreads, getPool } from "./threads.js";
import type { KernelExports } from "./module.js";

/** The gemm kernel's mode bits: 0 C = A·B; 1 C += A·B; 3 C −= A·B (bit 0 accumulates, bit 1 negates). */
export type GemmMode = 0 | 1 | 3;

/**
 * C (m×n) = / += / −= op(A)·op(B) on blocks of the resident array, offsets in elements: A(i, p) at
 * a + i·rsA + p·csA, B(p, j) at b + p·rsB + j·csB, C(i, j) at c + i·ldc + j. The blocks must not
 * overlap C.
 */
export type ResidentGemm = (
  m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number, mode: GemmMode,
) => void;

/** Below this many multiply-adds an update runs on the calling thread (as for matmul: waking workers costs ~10-50 µs). */
const PARALLEL_MIN_MACS = 1 << 21;
/** int32 arguments per pool task of gemmUpdateF64 (the scratch offset is appended by the pool). */
const ARGS = 12;
/** Most column blocks one update is split into. */
const MAX_SPLIT = 64;

/**
 * Copies `x` into wasm memory (followed by `extra` float64 elements of scratch), runs `body` on a float64 view of the copy and the scratch with a gemm over blocks
 * of it (and the kernels, for other calls on the view at `view.byteOffset`, with `temp`: the byte offset of gemmScratchBytes(8)
 * bytes that such a call may use and that nothing keeps between calls), and copies the result back into `x` unless `back` is false
 * (with `lower` = n > 0, `x` is n×n and only its lower triangle is copied either way: the rest of the view is undefined; a float32 `x` is
 * read as float64, and rounded when copied back). Returns false, having run nothing, where the wasm
 * kernels are not loaded or `x` fits no wasm memory (the caller then runs its JS path on `x`).
 * NOTE: `body` must not call the backend (a kernel call resets the arena the copy lives in) and
 * nothing may grow the memory while it runs: all scratch is allocated before it starts.
 */
export function withResidentF64(
  x: Float64Array | Float32Array, body: (view: Float64Array, gemm: ResidentGemm, kernels: KernelExports, temp: number) => void, extra = 0, lower = 0, back = true,
): boolean {
  return (
    arenaCall((x.length + extra) * 8, (k, arena) => {
      arena.reset();
      // NOTE: alloc + set, not copyIn: copyIn may hand back x's own storage block, which must not be written.
      const p = arena.alloc((x.length + extra) * 8);
      copyRows(arena.view(Float64Array, p, x.length), x, lower);
      const scratchBytes = k.exports.gemmScratchBytes(8);
      const pool = getPool(k);
      const threads = pool ? getNumThreads() : 1;
      const scratch = arena.alloc(scratchBytes * (pool ? pool.size + 1 : 1));
      const argsPtr = pool ? arena.alloc(MAX_SPLIT * ARGS * 4) : 0;
      const args = pool ? arena.view(Int32Array, argsPtr, MAX_SPLIT * ARGS) : null;
      const view = arena.view(Float64Array, p, x.length + extra);
      const f = k.exports.gemmUpdateF64;
      const gemm: ResidentGemm = (m, n, kk, a, rsA, csA, b, rsB, csB, c, ldc, mode) => {
        if (m <= 0 || n <= 0) return;
        if (!pool || !args || m * n * kk < PARALLEL_MIN_MACS || n < 16) {
          f(m, n, kk, p + a * 8, rsA, csA, p + b * 8, rsB, csB, p + c * 8, ldc, mode, scratch);
          return;
        }
        // Column blocks of C (multiples of the kernel's 4-column panels), about two per thread.
        const block = Math.max(16, Math.ceil(n / (2 * threads) / 4) * 4);
        let q = 0;
        for (let s = 0; s < n; s += block) {
          args.set([m, Math.min(block, n - s), kk, p + a * 8, rsA, csA, p + (b + s * csB) * 8, rsB, csB, p + (c + s) * 8, ldc, mode], q * ARGS);
          q++;
        }
        pool.run("gemmUpdateF64", q, argsPtr, ARGS, scratch, scratchBytes, k.memory, threads - 1);
      };
      // NOTE: temp is the calling thread's gemm scratch, free between calls.
      body(view, gemm, k.exports, scratch);
      if (back) copyRows(x, arena.view(Float64Array, p, x.length), lower);
      return true;
    }) === true
  );
}

/** dst ← src, or with `lower` = n > 0 only the lower triangle of the n×n row-major arrays. */
function copyRows(dst: Float64Array | Float32Array, src: Float64Array | Float32Array, lower: number): void {
  if (lower === 0) return dst.set(src);
  for (let i = 0; i < lower; i++) dst.set(src.subarray(i * lower, i * lower + i + 1), i * lower);
}
