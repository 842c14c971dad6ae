// General matrix product C = op(A)·op(B) for float32 and float64, 128-bit SIMD (no FMA: a multiply
// and an add per lane, which is what wasm SIMD without relaxed-simd offers).
//
// The structure is Goto/BLIS: the k axis is cut in blocks of KC, the output columns in blocks of
// NC and the rows in blocks of MC; a KC×NC block of B is packed into NR-wide column panels and a
// MC×KC block of A into MR-tall row panels (zero-padded at the edges), so the micro-kernel streams
// both operands sequentially from cache. The micro-kernel keeps an MR×NR tile of C in MR·NR/lanes
// v128 registers across the whole k block. x86-64 V8 gives wasm 15 usable xmm registers (xmm15 is
// its scratch), which bounds the tile: 12 accumulators + 2 B vectors + 1 splat of A fits.
//
// Operands are addressed through element strides, so transposed operands cost nothing: A(i, p) is
// at a + (i·rsA + p·csA)·size and B(p, j) at b + (p·rsB + j·csB)·size. Only the packing routines
// see the strides (assembly/gemm-pack.ts); the micro-kernel is the same for all four transposition variants.
//
// The update forms (gemmUpdateF32/F64) add the product into C or subtract it (by packing −A:
// negation is exact) on a sub-block with leading dimension ldc, which is what the blocked Cholesky
// and LU in src/linalg/dense run their trailing updates with, in place in wasm memory.
//
// Scratch (caller-provided, per thread): packed A (MC·KC), packed B (KC·NC), one C tile.

// Row panels of A are MR tall; B column panels are NR = 2 vectors wide.
// NOTE: block sizes measured on this repository's bench machine (32 KiB L1d, 512 KiB L2 per core):
// KC = 512 keeps a B micro-panel (KC·32 bytes = 16 KiB) in L1 and halves the C-tile loads and
// stores per multiply-add against KC = 256 (+5-8% at 1024², paired runs); the packed A block
// (MC·KC) is 256 KiB, half the L2, for both element sizes.
import { MR, packA, packB } from "./gemm-pack";

const KC: i32 = 512;
const MC_F32: i32 = 128; // multiple of MR
const MC_F64: i32 = 64;
const NC_F32: i32 = 1024; // multiple of NR
const NC_F64: i32 = 512;

/** Bytes of scratch one gemm call needs for element size `size` (4 or 8). */
export function gemmScratchBytes(size: i32): i32 {
  const nc = size == 4 ? NC_F32 : NC_F64;
  const mc = size == 4 ? MC_F32 : MC_F64;
  return (mc * KC + KC * nc + MR * 16) * size + 64;
}

// ---------------------------------------------------------------------------------------------
// Micro-kernel: C[MR×NR] (+)= packedA panel · packedB panel over kc steps.

// @ts-ignore: decorator
@inline function storeRow<T>(p: usize, x0: v128, x1: v128, accumulate: bool): void {
  if (accumulate) {
    x0 = v128.add<T>(x0, v128.load(p));
    x1 = v128.add<T>(x1, v128.load(p, 16));
  }
  v128.store(p, x0);
  v128.store(p, x1, 16);
}

// @ts-ignore: decorator
@inline function micro<T>(kc: i32, pa: usize, pb: usize, c: usize, ldcBytes: usize, accumulate: bool): void {
  const sz = sizeof<T>();
  let c00 = v128.splat<T>(<T>0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  let c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  // NOTE: the loop runs on the A pointer against its end (kc ≥ 1): no separate counter, one
  // register and one add fewer in V8's loop (+5% paired against a counted loop).
  const paEnd = pa + <usize>(kc * MR) * sz;
  do {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    {
      const a = v128.load_splat<T>(pa, 0 * sz);
      c00 = v128.add<T>(c00, v128.mul<T>(a, b0));
      c01 = v128.add<T>(c01, v128.mul<T>(a, b1));
    }
    {
      const a = v128.load_splat<T>(pa, 1 * sz);
      c10 = v128.add<T>(c10, v128.mul<T>(a, b0));
      c11 = v128.add<T>(c11, v128.mul<T>(a, b1));
    }
    {
      const a = v128.load_splat<T>(pa, 2 * sz);
      c20 = v128.add<T>(c20, v128.mul<T>(a, b0));
      c21 = v128.add<T>(c21, v128.mul<T>(a, b1));
    }
    {
      const a = v128.load_splat<T>(pa, 3 * sz);
      c30 = v128.add<T>(c30, v128.mul<T>(a, b0));
      c31 = v128.add<T>(c31, v128.mul<T>(a, b1));
    }
    if (MR > 4) {
      const a = v128.load_splat<T>(pa, 4 * sz);
      c40 = v128.add<T>(c40, v128.mul<T>(a, b0));
      c41 = v128.add<T>(c41, v128.mul<T>(a, b1));
    }
    if (MR > 5) {
      const a = v128.load_splat<T>(pa, 5 * sz);
      c50 = v128.add<T>(c50, v128.mul<T>(a, b0));
      c51 = v128.add<T>(c51, v128.mul<T>(a, b1));
    }
    pa += MR * sz;
    pb += 32;
  } while (pa < paEnd);
  storeRow<T>(c + 0 * ldcBytes, c00, c01, accumulate);
  storeRow<T>(c + 1 * ldcBytes, c10, c11, accumulate);
  storeRow<T>(c + 2 * ldcBytes, c20, c21, accumulate);
  storeRow<T>(c + 3 * ldcBytes, c30, c31, accumulate);
  if (MR > 4) storeRow<T>(c + 4 * ldcBytes, c40, c41, accumulate);
  if (MR > 5) storeRow<T>(c + 5 * ldcBytes, c50, c51, accumulate);
}

// ---------------------------------------------------------------------------------------------

/**
 * C[m×nc] (+)= A[m×kc]·(one packed kc×nc block of B): the loops over MC row blocks (packing A),
 * NR column panels and MR row panels. The packed-B paths (gemm, gemmPackedB) both run it, so a
 * product has the same bits whichever path or split computed it.
 */
// @ts-ignore: decorator
@inline function multiplyBlock<T>(
  m: i32, nc: i32, kc: i32, a: usize, rsA: i32, csA: i32, pB: usize, c: usize, ldc: i32, accumulate: bool, negate: bool, pA: usize, tile: usize,
): void {
  const sz = sizeof<T>();
  const NR = 32 / sz;
  const MC = sz == 4 ? MC_F32 : MC_F64;
  const ldcBytes = <usize>ldc * sz;
  for (let ic = 0; ic < m; ic += MC) {
    const mc = min(MC, m - ic);
    packA<T>(mc, kc, a + <usize>(ic * rsA) * sz, rsA, csA, pA, negate);
    for (let jr = 0; jr < nc; jr += NR) {
      const cols = min(NR, nc - jr);
      const pb = pB + <usize>(jr * kc) * sz;
      for (let ir = 0; ir < mc; ir += MR) {
        const rows = min(MR, mc - ir);
        const pa = pA + <usize>(ir * kc) * sz;
        const cp = c + <usize>((ic + ir) * ldc + jr) * sz;
        if (rows == MR && cols == NR) {
          micro<T>(kc, pa, pb, cp, ldcBytes, accumulate);
        } else {
          // Edge tile: compute into the scratch tile, then add/copy the valid part.
          micro<T>(kc, pa, pb, tile, 32, false);
          for (let r = 0; r < rows; r++)
            for (let q = 0; q < cols; q++) {
              const dst = cp + <usize>(r * ldc + q) * sz;
              const v = load<T>(tile + <usize>(r * NR + q) * sz);
              store<T>(dst, accumulate ? load<T>(dst) + v : v);
            }
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function gemm<T>(
  m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, mode: i32, scratch: usize,
): void {
  const sz = sizeof<T>();
  const NC = sz == 4 ? NC_F32 : NC_F64;
  const MC = sz == 4 ? MC_F32 : MC_F64;
  if (m <= 0 || n <= 0) return;
  const update = (mode & 1) != 0;
  const negate = (mode & 2) != 0;
  if (k <= 0) {
    if (!update) for (let i = 0; i < m; i++) memory.fill(c + <usize>(i * ldc) * sz, 0, <usize>n * sz);
    return;
  }
  const base = (scratch + 63) & ~(<usize>63);
  const pA = base;
  const pB = pA + <usize>(MC * KC) * sz;
  const tile = pB + <usize>(KC * NC) * sz;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB<T>(kc, nc, b + <usize>(pc * rsB + jc * csB) * sz, rsB, csB, pB);
      multiplyBlock<T>(m, nc, kc, a + <usize>(pc * csA) * sz, rsA, csA, pB, c + <usize>jc * sz, ldc, update || pc > 0, negate, pA, tile);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// B packed once, shared by every thread of a parallel product (gemmPackB, then gemmPackedB per row
// block). Layout of the whole packed B (k × roundUp(n, NR) elements): column strips of NC, each
// KC blocks of packB's layout; block (jc, pc) starts at element jc·k + pc·roundUp(nc, NR), nc the
// strip's width.

/** Elements of B packed whole for gemmPackedB: k · roundUp(n, NR). */
export function gemmPackedBElements(k: i32, n: i32, size: i32): i32 {
  const NR = 32 / size;
  return k * ((n + NR - 1) / NR * NR);
}

// @ts-ignore: decorator
@inline function packBRange<T>(k: i32, n: i32, b: usize, rsB: i32, csB: i32, dst: usize, j0: i32, j1: i32): void {
  const sz = sizeof<T>();
  const NR = 32 / sz;
  const NC = sz == 4 ? NC_F32 : NC_F64;
  j1 = min(j1, n);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    const s = max(j0, jc);
    const e = min(j1, jc + nc);
    if (s >= e) continue;
    const ncp = (nc + NR - 1) / NR * NR;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB<T>(kc, e - s, b + <usize>(pc * rsB + s * csB) * sz, rsB, csB, dst + <usize>(jc * k + pc * ncp + (s - jc) * kc) * sz);
    }
  }
}

// @ts-ignore: decorator
@inline function gemmPackedB<T>(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, packed: usize, c: usize, ldc: i32, accumulate: bool, scratch: usize): void {
  const sz = sizeof<T>();
  const NR = 32 / sz;
  const NC = sz == 4 ? NC_F32 : NC_F64;
  const MC = sz == 4 ? MC_F32 : MC_F64;
  if (m <= 0 || n <= 0 || k <= 0) return;
  const pA = (scratch + 63) & ~(<usize>63);
  const tile = pA + <usize>(MC * KC) * sz;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    const ncp = (nc + NR - 1) / NR * NR;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const pB = packed + <usize>(jc * k + pc * ncp) * sz;
      multiplyBlock<T>(m, nc, kc, a + <usize>(pc * csA) * sz, rsA, csA, pB, c + <usize>jc * sz, ldc, accumulate || pc > 0, false, pA, tile);
    }
  }
}

/**
 * float32: packs the column panels [j0, j1) of the k×n matrix B (strides rsB, csB; j0 a multiple
 * of NR = 8) into `dst`, in gemmPackedBF32's layout; tasks over disjoint ranges may run at once.
 */
export function gemmPackBF32(k: i32, n: i32, b: usize, rsB: i32, csB: i32, dst: usize, j0: i32, j1: i32, _scratch: usize): void {
  packBRange<f32>(k, n, b, rsB, csB, dst, j0, j1);
}

/** float64 version of gemmPackBF32 (j0 a multiple of NR = 4). */
export function gemmPackBF64(k: i32, n: i32, b: usize, rsB: i32, csB: i32, dst: usize, j0: i32, j1: i32, _scratch: usize): void {
  packBRange<f64>(k, n, b, rsB, csB, dst, j0, j1);
}

/**
 * float32 C[m×n] = A·B (accumulate 0) or C += A·B (1) with B packed by gemmPackBF32 (`packed`), A
 * by element strides; the same bits as gemmF32 (gemmUpdateF32 mode 1). `scratch` holds gemmScratchBytes(4).
 */
export function gemmPackedBF32(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, packed: usize, c: usize, ldc: i32, accumulate: i32, scratch: usize): void {
  gemmPackedB<f32>(m, n, k, a, rsA, csA, packed, c, ldc, accumulate != 0, scratch);
}

/** float64 version of gemmPackedBF32. */
export function gemmPackedBF64(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, packed: usize, c: usize, ldc: i32, accumulate: i32, scratch: usize): void {
  gemmPackedB<f64>(m, n, k, a, rsA, csA, packed, c, ldc, accumulate != 0, scratch);
}

/** float32 C[m×n] = A·B with element strides (see the header); `scratch` holds gemmScratchBytes(4). */
export function gemmF32(
  m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, scratch: usize,
): void {
  gemm<f32>(m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, 0, scratch);
}

/** float64 version of gemmF32; `scratch` holds gemmScratchBytes(8). */
export function gemmF64(
  m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, scratch: usize,
): void {
  gemm<f64>(m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, 0, scratch);
}

/**
 * float32 C = A·B (mode 0), C += A·B (mode 1) or C −= A·B (mode 3) on a sub-block: C(i, j) at
 * c + (i·ldc + j)·4, A and B addressed by element strides as in gemmF32. k = 0 leaves C as it is
 * in the accumulating modes (and zeroes it in mode 0).
 */
export function gemmUpdateF32(
  m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, mode: i32, scratch: usize,
): void {
  gemm<f32>(m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, mode, scratch);
}

/** float64 version of gemmUpdateF32. */
export function gemmUpdateF64(
  m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, ldc: i32, mode: i32, scratch: usize,
): void {
  gemm<f64>(m, n, k, a, rsA, csA, b, rsB, csB, c, ldc, mode, scratch);
}
