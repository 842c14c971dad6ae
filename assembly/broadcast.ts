// Binary kernels under general numpy broadcasting, 128-bit SIMD: arithmetic (add/sub/mul/div/
// max/min), comparisons (float operands, 0/1 bytes out) and `where` (a 0/1 byte condition).
//
// The JS side collapses the broadcast (src/backend/cpu/broadcast-index.ts: size-1 axes dropped,
// mergeable neighbours merged) and passes `nd` merged axes as int32s at `dims`: the output's sizes,
// then each operand's strides, then nd int32s of scratch for the odometer. The innermost strides
// are 0 or 1 and not all 0, so each output row has every operand either advancing or repeating one
// value. Rows run whole vectors, then a scalar tail, so nothing is read or written past a row.

import { OP_ADD, OP_DIV, OP_MAX, OP_MIN, OP_MUL, OP_SUB, apply } from "./elementwise";

// ---------------------------------------------------------------------------------------------
// Arithmetic rows

// @ts-ignore: decorator
@inline function scalarApply<T>(op: i32, x: T, y: T): T {
  if (op == OP_ADD) return x + y;
  if (op == OP_SUB) return x - y;
  if (op == OP_MUL) return x * y;
  if (op == OP_DIV) return x / y;
  if (op == OP_MAX) return max(x, y); // wasm max/min propagate NaN, as the vector ones
  return min(x, y);
}

/** One output row of `n`: mode 0 both advance, 1 a advances (b[0] repeated), 2 b advances. */
// @ts-ignore: decorator
@inline function row<T>(op: i32, mode: i32, a: usize, b: usize, out: usize, n: i32): void {
  const lanes = <i32>(16 / sizeof<T>());
  const whole = n - n % lanes;
  let i = 0;
  if (mode == 0) {
    for (; i < whole; i += lanes) {
      const o = <usize>i * sizeof<T>();
      v128.store(out + o, apply<T>(op, v128.load(a + o), v128.load(b + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i * sizeof<T>();
      store<T>(out + o, scalarApply<T>(op, load<T>(a + o), load<T>(b + o)));
    }
  } else if (mode == 1) {
    const s = v128.splat<T>(load<T>(b));
    for (; i < whole; i += lanes) {
      const o = <usize>i * sizeof<T>();
      v128.store(out + o, apply<T>(op, v128.load(a + o), s));
    }
    for (; i < n; i++) {
      const o = <usize>i * sizeof<T>();
      store<T>(out + o, scalarApply<T>(op, load<T>(a + o), load<T>(b)));
    }
  } else {
    const s = v128.splat<T>(load<T>(a));
    for (; i < whole; i += lanes) {
      const o = <usize>i * sizeof<T>();
      v128.store(out + o, apply<T>(op, s, v128.load(b + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i * sizeof<T>();
      store<T>(out + o, scalarApply<T>(op, load<T>(a), load<T>(b + o)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Comparison and where rows

const CMP_LT: i32 = 0;
const CMP_LE: i32 = 1;
const CMP_GT: i32 = 2;
const CMP_GE: i32 = 3;
const CMP_EQ: i32 = 4;
// 5: not equal. Comparisons with NaN are false except not-equal (IEEE; the vector ops agree).

// @ts-ignore: decorator
@inline function cmpVec<T>(op: i32, a: v128, b: v128): v128 {
  if (op == CMP_LT) return v128.lt<T>(a, b);
  if (op == CMP_LE) return v128.le<T>(a, b);
  if (op == CMP_GT) return v128.gt<T>(a, b);
  if (op == CMP_GE) return v128.ge<T>(a, b);
  if (op == CMP_EQ) return v128.eq<T>(a, b);
  return v128.ne<T>(a, b);
}

// @ts-ignore: decorator
@inline function cmpScalar<T>(op: i32, x: T, y: T): u8 {
  if (op == CMP_LT) return <u8>(x < y);
  if (op == CMP_LE) return <u8>(x <= y);
  if (op == CMP_GT) return <u8>(x > y);
  if (op == CMP_GE) return <u8>(x >= y);
  if (op == CMP_EQ) return <u8>(x == y);
  return <u8>(x != y);
}

/** Stores the lanes of a comparison mask (all ones or zeros) as 0/1 bytes at `out`. */
// @ts-ignore: decorator
@inline function storeMask<T>(out: usize, mask: v128): void {
  const one = i8x16.splat(1);
  if (sizeof<T>() == 4) v128.store32_lane(out, v128.and(i8x16.shuffle(mask, mask, 0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), one), 0);
  else v128.store16_lane(out, v128.and(i8x16.shuffle(mask, mask, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), one), 0);
}

/** One row of `n` comparisons; `ia`/`ib` (0 or 1) say whether each operand advances. */
// @ts-ignore: decorator
@inline function cmpRow<T>(op: i32, ia: i32, ib: i32, a: usize, b: usize, out: usize, n: i32): void {
  const lanes = <i32>(16 / sizeof<T>());
  const whole = n - n % lanes;
  const size = <usize>sizeof<T>();
  let i = 0;
  if (ia != 0 && ib != 0) {
    for (; i < whole; i += lanes) storeMask<T>(out + <usize>i, cmpVec<T>(op, v128.load(a + <usize>i * size), v128.load(b + <usize>i * size)));
    for (; i < n; i++) store<u8>(out + <usize>i, cmpScalar<T>(op, load<T>(a + <usize>i * size), load<T>(b + <usize>i * size)));
  } else if (ia != 0) {
    const s = v128.splat<T>(load<T>(b));
    for (; i < whole; i += lanes) storeMask<T>(out + <usize>i, cmpVec<T>(op, v128.load(a + <usize>i * size), s));
    for (; i < n; i++) store<u8>(out + <usize>i, cmpScalar<T>(op, load<T>(a + <usize>i * size), load<T>(b)));
  } else {
    const s = v128.splat<T>(load<T>(a));
    for (; i < whole; i += lanes) storeMask<T>(out + <usize>i, cmpVec<T>(op, s, v128.load(b + <usize>i * size)));
    for (; i < n; i++) store<u8>(out + <usize>i, cmpScalar<T>(op, load<T>(a), load<T>(b + <usize>i * size)));
  }
}

/** The lane mask of `cond` bytes at `c` (0 → zeros, nonzero → ones), one byte per lane of T. */
// @ts-ignore: decorator
@inline function condMask<T>(c: usize): v128 {
  const bytes = v128.load32_zero(c);
  const w32 = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes));
  if (sizeof<T>() == 4) return i32x4.ne(w32, i32x4.splat(0));
  return i64x2.ne(i64x2.extend_low_i32x4_u(w32), i64x2.splat(0));
}

/** One row of `n` selections; `ic`/`ia`/`ib` (0 or 1) say whether each operand advances. */
// @ts-ignore: decorator
@inline function whereRow<T>(ic: i32, ia: i32, ib: i32, c: usize, a: usize, b: usize, out: usize, n: i32): void {
  const lanes = <i32>(16 / sizeof<T>());
  const whole = n - n % lanes;
  const size = <usize>sizeof<T>();
  const step = <usize>lanes * size;
  // Stride-0 operands are splatted once; the branches below are fixed for the whole row.
  const sc = load<u8>(c) != 0 ? i8x16.splat(-1) : i8x16.splat(0);
  const sa = v128.splat<T>(load<T>(a));
  const sb = v128.splat<T>(load<T>(b));
  let pc = c, pa = a, pb = b, po = out;
  const dc = ic != 0 ? <usize>lanes : 0;
  const da = ia != 0 ? step : 0;
  const db = ib != 0 ? step : 0;
  let i = 0;
  for (; i < whole; i += lanes, pc += dc, pa += da, pb += db, po += step) {
    const m = ic != 0 ? condMask<T>(pc) : sc;
    const va = ia != 0 ? v128.load(pa) : sa;
    const vb = ib != 0 ? v128.load(pb) : sb;
    v128.store(po, v128.bitselect(va, vb, m));
  }
  for (; i < n; i++) {
    const ci = load<u8>(c + <usize>(i * ic));
    store<T>(out + <usize>i * size, ci != 0 ? load<T>(a + <usize>(i * ia) * size) : load<T>(b + <usize>(i * ib) * size));
  }
}

// ---------------------------------------------------------------------------------------------
// The rows of a collapsed broadcast

const KIND_COMPARE: i32 = 0;
const KIND_WHERE: i32 = 1;
const KIND_ARITH: i32 = 2;

/**
 * Walks the rows of the collapsed output with an odometer over the outer axes (`nops` operands,
 * strides after the sizes at `dims`), calling the row kernel of `kind` with each row's addresses.
 */
// @ts-ignore: decorator
@inline function rowsLoop<T>(kind: i32, op: i32, p0: usize, p1: usize, p2: usize, out: usize, nd: i32, dims: usize): void {
  const nops = kind == KIND_WHERE ? 3 : 2;
  const last = nd - 1;
  const len = load<i32>(dims + (<usize>last << 2));
  const s0 = dims + (<usize>nd << 2);
  const s1 = s0 + (<usize>nd << 2);
  const s2 = s1 + (<usize>nd << 2);
  const counter = dims + (<usize>((nops + 1) * nd) << 2);
  const i0 = load<i32>(s0 + (<usize>last << 2));
  const i1 = load<i32>(s1 + (<usize>last << 2));
  const i2 = kind == KIND_WHERE ? load<i32>(s2 + (<usize>last << 2)) : 0;
  let rows = 1;
  for (let d = 0; d < last; d++) {
    rows *= load<i32>(dims + (<usize>d << 2));
    store<i32>(counter + (<usize>d << 2), 0);
  }
  const size = <usize>sizeof<T>();
  let q0: usize = 0, q1: usize = 0, q2: usize = 0, po: usize = 0;
  for (let r = 0; r < rows; r++) {
    // where: p0 is the condition (bytes), p1 and p2 the choices; otherwise p0 and p1 the operands (T).
    if (kind == KIND_COMPARE) cmpRow<T>(op, i0, i1, p0 + q0 * size, p1 + q1 * size, out + po, len);
    else if (kind == KIND_WHERE) whereRow<T>(i0, i1, i2, p0 + q0, p1 + q1 * size, p2 + q2 * size, out + po * size, len);
    else row<T>(op, i0 == 0 ? 2 : i1 == 0 ? 1 : 0, p0 + q0 * size, p1 + q1 * size, out + po * size, len);
    po += <usize>len;
    for (let d = last - 1; d >= 0; d--) {
      const dp = <usize>d << 2;
      const cnt = load<i32>(counter + dp) + 1;
      const t0 = <usize>load<i32>(s0 + dp);
      const t1 = <usize>load<i32>(s1 + dp);
      const t2 = kind == KIND_WHERE ? <usize>load<i32>(s2 + dp) : 0;
      if (cnt < load<i32>(dims + dp)) {
        store<i32>(counter + dp, cnt);
        q0 += t0;
        q1 += t1;
        q2 += t2;
        break;
      }
      store<i32>(counter + dp, 0);
      const back = <usize>(cnt - 1);
      q0 -= t0 * back;
      q1 -= t1 * back;
      q2 -= t2 * back;
    }
  }
}

// @ts-ignore: decorator
@inline function arithmetic<T>(op: i32, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  switch (op) {
    case OP_ADD: rowsLoop<T>(KIND_ARITH, OP_ADD, a, b, 0, out, nd, dims); break;
    case OP_SUB: rowsLoop<T>(KIND_ARITH, OP_SUB, a, b, 0, out, nd, dims); break;
    case OP_MUL: rowsLoop<T>(KIND_ARITH, OP_MUL, a, b, 0, out, nd, dims); break;
    case OP_DIV: rowsLoop<T>(KIND_ARITH, OP_DIV, a, b, 0, out, nd, dims); break;
    case OP_MAX: rowsLoop<T>(KIND_ARITH, OP_MAX, a, b, 0, out, nd, dims); break;
    default: rowsLoop<T>(KIND_ARITH, OP_MIN, a, b, 0, out, nd, dims); break;
  }
}

/** out = a ∘ b (add/sub/mul/div/max/min by `op`) over the collapsed broadcast at `dims`, float32. */
export function binaryBroadcastF32(op: i32, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  arithmetic<f32>(op, a, b, out, nd, dims);
}

/** As binaryBroadcastF32, float64. */
export function binaryBroadcastF64(op: i32, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  arithmetic<f64>(op, a, b, out, nd, dims);
}

// @ts-ignore: decorator
@inline function compare<T>(op: i32, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  switch (op) {
    case CMP_LT: rowsLoop<T>(KIND_COMPARE, CMP_LT, a, b, 0, out, nd, dims); break;
    case CMP_LE: rowsLoop<T>(KIND_COMPARE, CMP_LE, a, b, 0, out, nd, dims); break;
    case CMP_GT: rowsLoop<T>(KIND_COMPARE, CMP_GT, a, b, 0, out, nd, dims); break;
    case CMP_GE: rowsLoop<T>(KIND_COMPARE, CMP_GE, a, b, 0, out, nd, dims); break;
    case CMP_EQ: rowsLoop<T>(KIND_COMPARE, CMP_EQ, a, b, 0, out, nd, dims); break;
    default: rowsLoop<T>(KIND_COMPARE, 5, a, b, 0, out, nd, dims); break;
  }
}

/** out[i] = a ⋈ b as 0/1 bytes (op 0 <, 1 ≤, 2 >, 3 ≥, 4 =, 5 ≠) over the collapsed broadcast at `dims`, float32. */
export function compareF32(op: i32, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  compare<f32>(op, a, b, out, nd, dims);
}

/** As compareF32, float64. */
export function compareF64(op: i32, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  compare<f64>(op, a, b, out, nd, dims);
}

/** out = cond ? a : b (cond bytes, nonzero true) over the collapsed broadcast at `dims`, float32. */
export function whereF32(cond: usize, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  rowsLoop<f32>(KIND_WHERE, 0, cond, a, b, out, nd, dims);
}

/** As whereF32, float64. */
export function whereF64(cond: usize, a: usize, b: usize, out: usize, nd: i32, dims: usize): void {
  rowsLoop<f64>(KIND_WHERE, 0, cond, a, b, out, nd, dims);
}
