import { ScalarOp, vjpOfScalarOp } from "./scalar-rules.js";
import { ROW_FLTS, ROW_INTS } from "./scalar-tape-storage.js";

// The compact scalar tape's sweep (scalar-tape.ts): the rules' vjps on the rows, through a call
// site of its own per op code, and the reached flags.

/** Per row: op code, input slots (−1 − … for constants and none), and the reached flag of a sweep. */
const I = ROW_INTS;
/** Per row: the input values a, b, the output y and the cotangent of a sweep. */
const F = ROW_FLTS;
// NOTE: I and F are module-local constants: reading the imported bindings in the hot loops made
// valueAndGrad ~8% slower (paired, bench/scalar-entry-ab.mjs).
/** The two input cotangents of one row, written by the rule's vjp. */
const pair = new Float64Array(2);
/** Each op code's vjp on numbers, as module-local constants (the sweep's call sites name them). */
const vjpAdd = vjpOfScalarOp[ScalarOp.add]!;
const vjpSub = vjpOfScalarOp[ScalarOp.sub]!;
const vjpMul = vjpOfScalarOp[ScalarOp.mul]!;
const vjpDiv = vjpOfScalarOp[ScalarOp.div]!;
const vjpNeg = vjpOfScalarOp[ScalarOp.neg]!;
const vjpLog = vjpOfScalarOp[ScalarOp.log]!;
const vjpExp = vjpOfScalarOp[ScalarOp.exp]!;
const vjpSin = vjpOfScalarOp[ScalarOp.sin]!;
const vjpCos = vjpOfScalarOp[ScalarOp.cos]!;
const vjpTanh = vjpOfScalarOp[ScalarOp.tanh]!;
const vjpSqrt = vjpOfScalarOp[ScalarOp.sqrt]!;

/** Propagates the cotangents seeded on the rows of `ints`/`flts` up to `top` down to row 0 (the scalar rules' vjps on numbers); returns `top`. */
export function propagateRows(ints: Int32Array, flts: Float64Array, top: number): number {
  const out = pair;
  for (let r = top; r >= 0; r--) {
    const i = r * I;
    if (ints[i + 3] === 0) continue;
    const f = r * F;
    const ct = flts[f + 3]!;
    const a = flts[f]!;
    const b = flts[f + 1]!;
    const y = flts[f + 2]!;
    // The scalar rule's own vjp on numbers (scalar-rules.ts): d0, d1 into `pair`.
    // NOTE: a call site per op code (as the eager sweep's `scalarVjp`): each sees one function, which
    // the engine inlines; one shared site sees every rule and makes a full call per row. The case
    // labels are literals (`satisfies` checks each against ScalarOp): V8 turns a switch over small
    // integer literals into a jump table, where `case ScalarOp.add:` loads and compares each code in
    // turn, a cost per row until the sweep is optimized (cold 10⁵-row sweep 0.78x CPU).
    switch (ints[i]) {
      case 1 satisfies typeof ScalarOp.add:
        vjpAdd(ct, a, b, y, out);
        break;
      case 2 satisfies typeof ScalarOp.sub:
        vjpSub(ct, a, b, y, out);
        break;
      case 3 satisfies typeof ScalarOp.mul:
        vjpMul(ct, a, b, y, out);
        break;
      case 4 satisfies typeof ScalarOp.div:
        vjpDiv(ct, a, b, y, out);
        break;
      case 5 satisfies typeof ScalarOp.neg:
        vjpNeg(ct, a, b, y, out);
        break;
      case 6 satisfies typeof ScalarOp.log:
        vjpLog(ct, a, b, y, out);
        break;
      case 7 satisfies typeof ScalarOp.exp:
        vjpExp(ct, a, b, y, out);
        break;
      case 8 satisfies typeof ScalarOp.sin:
        vjpSin(ct, a, b, y, out);
        break;
      case 9 satisfies typeof ScalarOp.cos:
        vjpCos(ct, a, b, y, out);
        break;
      case 10 satisfies typeof ScalarOp.tanh:
        vjpTanh(ct, a, b, y, out);
        break;
      case 11 satisfies typeof ScalarOp.sqrt:
        vjpSqrt(ct, a, b, y, out);
        break;
      default:
        // A leaf: nothing below it.
        continue;
    }
    // Input 0 before input 1, a first contribution taken as is (the general sweep's order).
    const s0 = ints[i + 1]!;
    if (s0 >= 0) {
      const c = s0 * I + 3;
      if (ints[c] === 0) {
        ints[c] = 1;
        flts[s0 * F + 3] = out[0]!;
      } else flts[s0 * F + 3] += out[0]!;
    }
    const s1 = ints[i + 2]!;
    if (s1 >= 0) {
      const c = s1 * I + 3;
      if (ints[c] === 0) {
        ints[c] = 1;
        flts[s1 * F + 3] = out[1]!;
      } else flts[s1 * F + 3] += out[1]!;
    }
  }
  return top;
}

/**
 * Clears the reached flags of rows 0..`last` after a sweep that leaves the tape live.
 * NOTE: the flags are clear outside a sweep (new storage is zeroed, a retired tape's storage is
 * cleared when it is handed on: `spareRows`), so the lean one-shot sweep of a 10⁵-row tape makes
 * no pass over its rows before propagating.
 */
export function clearFlags(ints: Int32Array, last: number): void {
  for (let r = 0; r <= last; r++) ints[r * I + 3] = 0;
}
