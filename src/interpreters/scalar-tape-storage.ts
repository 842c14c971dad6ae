/** Row layout of the compact scalar tape, `ints` per row: op code, input slots, and the reached flag of a sweep. */
export const ROW_INTS = 4;
/** Row layout, `flts` per row: the input values a, b, the output y and the cotangent of a sweep. */
export const ROW_FLTS = 4;
/** The most rows whose storage a retired tape hands to the next one (a deep chain's would stay resident). */
const SPARE_ROWS = 4096;
/** A retired tape's empty `ints`. */
export const noInts = new Int32Array(0);
/** A retired tape's empty `flts`. */
export const noFlts = new Float64Array(0);

/** Storage of one retired tape, handed to the next tape (no typed arrays per call). */
let spareInts: Int32Array | null = null;
let spareFlts: Float64Array | null = null;

/** The spare `ints` storage, if any, now the caller's. */
export function takeSpareInts(): Int32Array | null {
  const s = spareInts;
  spareInts = null;
  return s;
}

/** The spare `flts` storage, if any, now the caller's. */
export function takeSpareFlts(): Float64Array | null {
  const s = spareFlts;
  spareFlts = null;
  return s;
}

/**
 * A retired tape's rows' output values (`flts` slot 2 of its `n` rows), its storage kept for the next
 * tape; null, keeping nothing, when the tape is large (its storage would stay resident, and a copy of
 * 10⁵ values would cost more than keeping the tape's own).
 */
export function spareRows(ints: Int32Array, flts: Float64Array, n: number): number[] | null {
  if (ints.length > SPARE_ROWS * ROW_INTS) return null;
  // NOTE: a plain array: a small Float64Array costs about twice as much to allocate. The rows' reached
  // flags (`ints` slot 3) are cleared on the way: the next tape's sweeps expect clear flags.
  const ys = new Array<number>(n);
  for (let r = 0; r < n; r++) {
    ys[r] = flts[r * ROW_FLTS + 2]!;
    ints[r * ROW_INTS + 3] = 0;
  }
  spareInts = ints;
  spareFlts = flts;
  return ys;
}

let tapeOn = true;

/** @internal Turns the compact scalar tape on or off (on by default; tests compare it with the node-based scalar path). Returns the previous setting. */
export function setScalarTape(on: boolean): boolean {
  const prev = tapeOn;
  tapeOn = on;
  return prev;
}

/** @internal Whether new reverse-mode interpreters record their scalar ops on a compact tape. */
export function scalarTapeEnabled(): boolean {
  return tapeOn;
}

/** A copy of a tape's rows storage at twice its length (the rest zeroed). */
export function doubled<T extends Int32Array | Float64Array>(a: T): T {
  const b = (a instanceof Int32Array ? new Int32Array(a.length * 2) : new Float64Array(a.length * 2)) as T;
  b.set(a);
  return b;
}

/** The operand slot of a row's missing second input (a unary op, or a leaf). */
export const NO_SLOT = -1 - (1 << 30);
