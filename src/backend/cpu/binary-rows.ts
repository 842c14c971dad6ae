import type { TypedArray } from "../../core/dtype.js";
import type { BinaryOp } from "../backend.js";

/** How a row's operands advance: both (0), `a` only with `b` one repeated value (1), `b` only (2). */
export type RowMode = 0 | 1 | 2;

/** Both operands advance along the row. */
export const BOTH: RowMode = 0;
/** `a` advances; `b[pb]` is used for every element. */
export const A_ONLY: RowMode = 1;
/** `b` advances; `a[pa]` is used for every element. */
export const B_ONLY: RowMode = 2;

/** out[po + i] = a(i) ∘ b(i) for i < n, where a(i) is a[pa + i] or a[pa] by `mode` (likewise b). */
export type BinaryRow = (mode: RowMode, a: TypedArray, pa: number, b: TypedArray, pb: number, out: TypedArray, po: number, n: number) => void;

/** Scratch for branch-free selection: slot 0 or 1 read back by a comparison's 0/1 (float64 holds every dtype exactly). */
const pick = new Float64Array(2);

// One function per op, each with its own literal loops: V8 keeps separate type feedback per
// function literal, so the operation is inlined into its loop (a shared loop calling per-op
// closures runs ~20× slower). The three loops per op are the three row modes.
export const binaryRows: Record<BinaryOp, BinaryRow> = {
  add(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = a[pa + i]! + b[pb + i]!;
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = a[pa + i]! + s;
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = s + b[pb + i]!;
  },
  sub(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = a[pa + i]! - b[pb + i]!;
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = a[pa + i]! - s;
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = s - b[pb + i]!;
  },
  mul(m, a, pa, b, pb, o, po, n) {
    // int32 × int32 wraps modulo 2³² (NumPy, PyTorch): Math.imul keeps the low 32 bits, which a
    // float64 product loses beyond 2⁵³ ((2³¹ − 1)² would store 0 instead of 1).
    if (o instanceof Int32Array) {
      if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = Math.imul(a[pa + i]!, b[pb + i]!);
      else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = Math.imul(a[pa + i]!, s);
      else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = Math.imul(s, b[pb + i]!);
      return;
    }
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = a[pa + i]! * b[pb + i]!;
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = a[pa + i]! * s;
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = s * b[pb + i]!;
  },
  div(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = a[pa + i]! / b[pb + i]!;
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = a[pa + i]! / s;
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = s / b[pb + i]!;
  },
  pow(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = Math.pow(a[pa + i]!, b[pb + i]!);
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = Math.pow(a[pa + i]!, s);
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = Math.pow(s, b[pb + i]!);
  },
  // NOTE: max/min propagate NaN from either side, like numpy's maximum/minimum. max(x, y) is y when
  // y ≥ x or y is NaN, else x. The pick is an index into a two-slot scratch array, not a branch:
  // on data in random order a branch mispredicts half the time and runs ~4× slower.
  max(m, a, pa, b, pb, o, po, n) {
    const t = pick;
    if (m === BOTH)
      for (let i = 0; i < n; i++) {
        const x = (t[0] = a[pa + i]!), y = (t[1] = b[pb + i]!);
        o[po + i] = t[+(y >= x) | +(y !== y)]!;
      }
    else if (m === A_ONLY)
      for (let i = 0, y = (t[1] = b[pb]!); i < n; i++) {
        const x = (t[0] = a[pa + i]!);
        o[po + i] = t[+(y >= x) | +(y !== y)]!;
      }
    else
      for (let i = 0, x = (t[0] = a[pa]!); i < n; i++) {
        const y = (t[1] = b[pb + i]!);
        o[po + i] = t[+(y >= x) | +(y !== y)]!;
      }
  },
  min(m, a, pa, b, pb, o, po, n) {
    const t = pick;
    if (m === BOTH)
      for (let i = 0; i < n; i++) {
        const x = (t[0] = a[pa + i]!), y = (t[1] = b[pb + i]!);
        o[po + i] = t[+(y <= x) | +(y !== y)]!;
      }
    else if (m === A_ONLY)
      for (let i = 0, y = (t[1] = b[pb]!); i < n; i++) {
        const x = (t[0] = a[pa + i]!);
        o[po + i] = t[+(y <= x) | +(y !== y)]!;
      }
    else
      for (let i = 0, x = (t[0] = a[pa]!); i < n; i++) {
        const y = (t[1] = b[pb + i]!);
        o[po + i] = t[+(y <= x) | +(y !== y)]!;
      }
  },
  atan2(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = Math.atan2(a[pa + i]!, b[pb + i]!);
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = Math.atan2(a[pa + i]!, s);
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = Math.atan2(s, b[pb + i]!);
  },
  // Comparisons are false when either side is NaN, except notEqual (IEEE).
  less(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = +(a[pa + i]! < b[pb + i]!);
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = +(a[pa + i]! < s);
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = +(s < b[pb + i]!);
  },
  lessEqual(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = +(a[pa + i]! <= b[pb + i]!);
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = +(a[pa + i]! <= s);
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = +(s <= b[pb + i]!);
  },
  greater(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = +(a[pa + i]! > b[pb + i]!);
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = +(a[pa + i]! > s);
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = +(s > b[pb + i]!);
  },
  greaterEqual(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = +(a[pa + i]! >= b[pb + i]!);
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = +(a[pa + i]! >= s);
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = +(s >= b[pb + i]!);
  },
  equal(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = +(a[pa + i]! === b[pb + i]!);
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = +(a[pa + i]! === s);
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = +(s === b[pb + i]!);
  },
  notEqual(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = +(a[pa + i]! !== b[pb + i]!);
    else if (m === A_ONLY) for (let i = 0, s = b[pb]!; i < n; i++) o[po + i] = +(a[pa + i]! !== s);
    else for (let i = 0, s = a[pa]!; i < n; i++) o[po + i] = +(s !== b[pb + i]!);
  },
  // NOTE: nonzero is true, NaN included (numpy's logical_and/or; `cast` to bool agrees).
  logicalAnd(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = +(a[pa + i] !== 0) & +(b[pb + i] !== 0);
    else if (m === A_ONLY) for (let i = 0, s = +(b[pb] !== 0); i < n; i++) o[po + i] = s & +(a[pa + i] !== 0);
    else for (let i = 0, s = +(a[pa] !== 0); i < n; i++) o[po + i] = s & +(b[pb + i] !== 0);
  },
  logicalOr(m, a, pa, b, pb, o, po, n) {
    if (m === BOTH) for (let i = 0; i < n; i++) o[po + i] = +(a[pa + i] !== 0) | +(b[pb + i] !== 0);
    else if (m === A_ONLY) for (let i = 0, s = +(b[pb] !== 0); i < n; i++) o[po + i] = s | +(a[pa + i] !== 0);
    else for (let i = 0, s = +(a[pa] !== 0); i < n; i++) o[po + i] = s | +(b[pb + i] !== 0);
  },
};
