import { shapesEqual } from "../core/shape.js";
import { noParams } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import { scalarFastPath } from "../primitives/rule-helpers.js";
import type { Shape } from "../core/shape.js";
import { scalarTensor, scalarValue, Tensor, type GradNodeRef, type TracerOwner } from "../tensor/tensor.js";
import { ScalarOp, scalarRuleOf, type ScalarRule } from "./scalar-rules.js";
import { materializeRows } from "./scalar-tape-materialize.js";
import { clearFlags, propagateRows } from "./scalar-tape-sweep.js";
import { doubled, NO_SLOT, noFlts, noInts, ROW_FLTS, ROW_INTS, spareRows, takeSpareFlts, takeSpareInts } from "./scalar-tape-storage.js";

export { scalarTapeEnabled, setScalarTape } from "./scalar-tape-storage.js";

/** Per row: op code, input slots (a constant is −1 − its index in `consts`; −1 − 2³⁰ none; a leaf's index in `leaves`), and the reached flag of a sweep. */
const I = ROW_INTS;
/** Per row: the input values a, b, the output y and the cotangent of a sweep. */
const F = ROW_FLTS;
const NONE = NO_SLOT;
// NOTE: I and F are module-local constants: reading the imported bindings in the hot loops made
// valueAndGrad ~8% slower (paired, bench/scalar-entry-ab.mjs).
const noLeaves: Tensor[] = [];

/**
 * `rule.value(a, b)`, called from a call site of its op code's own.
 * NOTE: one site per op code keeps each monomorphic, so the engine inlines the kernel there (as the sweep's vjps).
 * NOTE: literal case labels (each checked against `ScalarOp` by `satisfies`), which V8 dispatches by a jump
 * table before the recorder is optimised: the cold 10⁵ chain's forward took 1.3× the time with `case ScalarOp.x`.
 */
function valueOf(rule: ScalarRule, a: number, b: number): number {
  switch (rule.code) {
    case 1 satisfies typeof ScalarOp.add:
      return rule.value(a, b);
    case 2 satisfies typeof ScalarOp.sub:
      return rule.value(a, b);
    case 3 satisfies typeof ScalarOp.mul:
      return rule.value(a, b);
    case 4 satisfies typeof ScalarOp.div:
      return rule.value(a, b);
    case 5 satisfies typeof ScalarOp.neg:
      return rule.value(a, b);
    case 6 satisfies typeof ScalarOp.log:
      return rule.value(a, b);
    case 7 satisfies typeof ScalarOp.exp:
      return rule.value(a, b);
    case 8 satisfies typeof ScalarOp.sin:
      return rule.value(a, b);
    case 9 satisfies typeof ScalarOp.cos:
      return rule.value(a, b);
    case 10 satisfies typeof ScalarOp.tanh:
      return rule.value(a, b);
    case 11 satisfies typeof ScalarOp.sqrt:
      return rule.value(a, b);
    default:
      return rule.value(a, b);
  }
}

/**
 * Reverse mode's compact tape for one-element float64 programs: one functional transform's scalar
 * ops, recorded as rows of two typed arrays (op code, operand slots; input values, output value)
 * instead of a `GradNode` each, and swept backwards with a switch over op codes. The tracers it
 * hands out are real tensors whose `_node` is the tape and whose `_outputIndex` is their row; they
 * carry no primal tensor: the value is the row's output, and `primalOf` builds the primal on the
 * tracer's first `_primal` read (most never have one). The tape keeps its leaves' tracers but not
 * its ops': an op's tracer that the program drops is garbage at once (a deep chain's die young).
 *
 * NOTE: the tape serves only while every op of its transform is scalar: before the transform
 * records its first `GradNode`, or a sweep must run rules as tensors (nested transforms, anomaly
 * mode), `materialize()` turns every row into the `GradNode` that `recordScalar` would have made,
 * in recording order (so node ids stay topological), each with a tracer of its own, and the tape
 * retires; `resolve` maps the tape's tracers still in use to those. The sweep performs the
 * scalar rules' own float64 operations in the general sweep's order (rows latest first, input 0
 * before input 1, a first contribution taken as is), so results are bit-identical to it
 * (test/interpreters/scalar-sweep.test.ts).
 */
export class ScalarTape implements GradNodeRef {
  /** A tape is not a node: no creation order of its own. */
  readonly id = -1;
  /** False once materialized or swept for good: the transform records `GradNode`s then. */
  live = true;
  private n = 0;
  private ints: Int32Array;
  private flts: Float64Array;
  /** The leaves' tracers (the transform's inputs), by the index in their rows. */
  private leaves: Tensor[] = [];
  /** Constant operands (tensors of no transform), by −1 − slot. */
  private consts: Tensor[] | null = null;
  /** Once retired: each row's output value (for `primalOf`) when the rows' storage went to the next tape; null while `flts` holds them. */
  private ys: number[] | null = null;
  /** Once materialized: the tracer of each row's `GradNode` (a leaf's own tracer for a leaf), for `resolve`. */
  private nodeTracers: Tensor[] | null = null;

  constructor(private readonly owner: TracerOwner) {
    this.ints = takeSpareInts() ?? new Int32Array(64 * I);
    this.flts = takeSpareFlts() ?? new Float64Array(64 * F);
  }

  private row(op: number, in0: number, in1: number, a: number, b: number, y: number): number {
    const r = this.n++;
    if (r * I >= this.ints.length) this.grow();
    const i = r * I;
    const ints = this.ints;
    ints[i] = op;
    ints[i + 1] = in0;
    ints[i + 2] = in1;
    const f = r * F;
    const flts = this.flts;
    flts[f] = a;
    flts[f + 1] = b;
    flts[f + 2] = y;
    return r;
  }

  private grow(): void {
    this.ints = doubled(this.ints);
    this.flts = doubled(this.flts);
  }

  /** Registers an input tracer of the transform as a leaf row. */
  leaf(t: Tensor): void {
    t._outputIndex = this.row(ScalarOp.leaf, this.leaves.length, NONE, 0, 0, 0);
    this.leaves.push(t);
  }

  /** Whether `t` (this transform's tracer without a node) is the leaf of row `r`. */
  private isLeafRow(t: Tensor, r: number): boolean {
    return r < this.n && this.ints[r * I] === ScalarOp.leaf && this.leaves[this.ints[r * I + 1]!] === t;
  }

  /** The slot of operand `x` (a row, or −1 − a constant's index), or NONE when the tape cannot take it. */
  private slotOf(x: Tensor): number {
    if (x._owner === this.owner) {
      const r = x._outputIndex;
      const n = x._node;
      // A row's output never requires grad; a leaf's primal may (the general path takes it then).
      if (n === this) return r;
      return n === null && !x._primal!.requiresGrad && this.isLeafRow(x, r) ? r : NONE;
    }
    if (x._owner !== null || x.requiresGrad) return NONE;
    const consts = (this.consts ??= []);
    consts.push(x);
    return -consts.length;
  }

  /**
   * Records `prim` applied to `args` when it has a scalar rule and its operands are one-element
   * float64 values of one shape (the transform's leaves and tape tracers, or constants, at least one
   * of the former); returns the output tracer, or null (nothing recorded) when the tape cannot take it.
   */
  record<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor | null {
    const rule = scalarRuleOf(prim);
    if (rule === undefined || params !== (noParams as unknown)) return null;
    return this.recordRule(rule, args[0]!, args.length === 2 ? args[1]! : null);
  }

  /**
   * `record` for the scalar entry (`applyScalar`): `rule` applied to `x` (and `w`; null for a unary
   * rule), without argument arrays.
   */
  recordRule(rule: ScalarRule, x: Tensor, w: Tensor | null): Tensor | null {
    if (!scalarFastPath()) return null;
    // The common case inside a deep program: every operand a row of this tape (its value and slot at hand).
    // NOTE: checked before `rowOf` and its leaf checks (in `recordLeaves`): this function is inlined into
    // the loop that records, whose inlining budget the leaf checks used up (cold 10⁵ chain forward 0.84x CPU).
    if (x._node === this && (w === null || (w._node === this && (w.shape === x.shape || shapesEqual(w.shape, x.shape))))) {
      const flts = this.flts;
      const s0 = x._outputIndex;
      const s1 = w === null ? NONE : w._outputIndex;
      return this.push(rule, s0, s1, flts[s0 * F + 2]!, w === null ? 0 : flts[s1 * F + 2]!, x.shape);
    }
    return this.recordLeaves(rule, x, w);
  }

  /** `recordRule` when an operand is not a row: rows and plain leaves (`rowOf`), else leaves and constants checked as such. */
  private recordLeaves(rule: ScalarRule, x: Tensor, w: Tensor | null): Tensor | null {
    // Every operand a row or a plain leaf of this tape (its value and slot at hand).
    const s0 = this.rowOf(x);
    if (s0 >= 0) {
      const flts = this.flts;
      if (w === null) return this.push(rule, s0, NONE, flts[s0 * F + 2]!, 0, x.shape);
      const s1 = this.rowOf(w);
      if (s1 >= 0 && (w.shape === x.shape || shapesEqual(w.shape, x.shape))) return this.push(rule, s0, s1, flts[s0 * F + 2]!, flts[s1 * F + 2]!, x.shape);
    }
    return this.recordOperands(rule, x, w);
  }

  /**
   * The row of operand `t` when it is an op's output on this tape, or a leaf whose primal the tape
   * takes as is (a one-element float64 value not requiring grad: `recordOperands`' and `slotOf`'s
   * conditions), with the leaf's current value written to its row's output slot; else −1.
   */
  private rowOf(t: Tensor): number {
    if (t._node === this) return t._outputIndex;
    if (t._node !== null || t._owner !== this.owner) return -1;
    const r = t._outputIndex;
    if (!this.isLeafRow(t, r)) return -1;
    const p = t._p!;
    const v = p.dtype === "float64" && !p.requiresGrad ? scalarValue(p) : undefined;
    if (v === undefined) return -1;
    // NOTE: a leaf row's output slot is otherwise unused; the value is read again at each op (the primal may have changed).
    this.flts[r * F + 2] = v;
    return r;
  }

  /** `recordRule` for operands that are not all rows: leaves and constants (checked as such). */
  private recordOperands(rule: ScalarRule, x: Tensor, w: Tensor | null): Tensor | null {
    const owner = this.owner;
    const flts = this.flts;
    let a: number | undefined;
    let shape: Shape;
    // A row's output: its value is on the tape (no primal tensor to read).
    if (x._node === this) {
      a = flts[x._outputIndex * F + 2]!;
      shape = x.shape;
    } else {
      const px = x._owner === owner ? x._primal! : x;
      if (px.dtype !== "float64") return null;
      a = scalarValue(px);
      if (a === undefined) return null;
      shape = px.shape;
    }
    let b = 0;
    let s1 = NONE;
    if (w !== null) {
      if (x._owner !== owner && w._owner !== owner) return null;
      if (w._node === this) {
        if (w.shape !== shape && !shapesEqual(w.shape, shape)) return null;
        b = flts[w._outputIndex * F + 2]!;
      } else {
        const pw = w._owner === owner ? w._primal! : w;
        if (pw.dtype !== "float64" || (pw.shape !== shape && !shapesEqual(pw.shape, shape))) return null;
        const bv = scalarValue(pw);
        if (bv === undefined) return null;
        b = bv;
      }
    } else if (x._owner !== owner) return null;
    const nConsts = this.consts === null ? 0 : this.consts.length;
    const s0 = this.slotOf(x);
    if (s0 !== NONE && w !== null) s1 = this.slotOf(w);
    if (s0 === NONE || (w !== null && s1 === NONE)) {
      if (this.consts !== null) this.consts.length = nConsts;
      return null;
    }
    return this.push(rule, s0, s1, a, b, shape);
  }

  /** Records `rule` on operand slots `s0`, `s1` with values `a`, `b`: the row and its output tracer. */
  private push(rule: ScalarRule, s0: number, s1: number, a: number, b: number, shape: Shape): Tensor {
    const y = valueOf(rule, a, b);
    const r = this.row(rule.code, s0, s1, a, b, y);
    const t = new Tensor(shape, "float64", null, this.owner, null, null);
    t._node = this;
    t._outputIndex = r;
    return t;
  }

  /** The primal of row tracer `t` (`GradNodeRef.primalOf`): its output value as a number-stored scalar. */
  primalOf(t: Tensor): Tensor {
    const r = t._outputIndex;
    const ys = this.ys;
    return scalarTensor(ys === null ? this.flts[r * F + 2]! : ys[r]!, t.shape, "float64");
  }

  /**
   * The tensor that stands for `t` (this tape's tracer) in the graph: once materialized, the tracer
   * of its row's `GradNode`; else `t` itself.
   */
  resolve(t: Tensor): Tensor {
    const nodes = this.nodeTracers;
    return nodes !== null && t._node === this ? nodes[t._outputIndex]! : t;
  }

  /** `xs` with this tape's tracers resolved (`resolve`): `xs` itself when none needs it. */
  resolveAll(xs: readonly Tensor[]): readonly Tensor[] {
    let out: Tensor[] | null = null;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (x._node !== this) continue;
      out ??= xs.slice();
      out[i] = this.resolve(x);
    }
    return out ?? xs;
  }

  /** The row of root `t` when it is one of this tape's tracers (an op's output or a leaf), else −1. */
  private rootRow(t: Tensor): number {
    if (t._owner !== this.owner) return -1;
    const r = t._outputIndex;
    if (t._node === this) return r < this.n ? r : -1;
    return t._node === null && this.isLeafRow(t, r) ? r : -1;
  }

  /**
   * Sweeps the tape from `roots` (this transform's tracers) seeded with `seeds`, as numbers: the
   * cotangent of every leaf reached, or null (nothing changed) when a root or seed is not a plain
   * one-element float64 value of its root's shape (the caller materializes and runs the general sweep).
   * `once`: the tape is never swept again; its storage goes to the next tape.
   */
  sweep(roots: readonly Tensor[], seeds: readonly Tensor[], tracked: (t: Tensor) => boolean, gradOn: boolean, once: boolean): Map<Tensor, Tensor> | null {
    const top = this.sweepRows(roots, seeds, tracked, gradOn);
    if (top < -1) return null;
    const ints = this.ints;
    const flts = this.flts;
    const leafCts = new Map<Tensor, Tensor>();
    const leaves = this.leaves;
    for (let r = 0; r <= top; r++) {
      const i = r * I;
      if (ints[i] !== ScalarOp.leaf || ints[i + 3] === 0) continue;
      const t = leaves[ints[i + 1]!]!;
      leafCts.set(t, scalarTensor(flts[r * F + 3]!, t.shape, t.dtype));
    }
    if (once) this.retire();
    else clearFlags(this.ints, top);
    return leafCts;
  }

  /**
   * `sweep` for a functional pullback: the cotangent of each of `leaves` (this tape's input tracers,
   * null for an input not differentiated) in `out[i]`, undefined where none reached it; false (nothing
   * changed) where `sweep` gives null. No map: the leaves' rows are their tracers' `_outputIndex`.
   */
  sweepLeaves(roots: readonly Tensor[], seeds: readonly Tensor[], tracked: (t: Tensor) => boolean, gradOn: boolean, once: boolean, leaves: readonly (Tensor | null)[], out: (Tensor | undefined)[]): boolean {
    const top = this.sweepRows(roots, seeds, tracked, gradOn);
    if (top < -1) return false;
    this.readLeaves(top, leaves, out);
    if (once) this.retire();
    else clearFlags(this.ints, top);
    return true;
  }

  /**
   * The lean `valueAndGrad`'s one-shot sweep: `sweepLeaves` from the one root `root` (an op's output
   * on this tape) seeded with the number `seed`, with no seed tensor, root arrays or tracking closure.
   * Returns false, having changed nothing, when `root` is not one of this tape's op outputs.
   */
  sweepLeavesFrom(root: Tensor, seed: number, leaves: readonly (Tensor | null)[], out: (Tensor | undefined)[]): boolean {
    if (root._node !== this) return false;
    const r = this.rootRow(root);
    if (r < 0) return false;
    // The flags are clear outside a sweep (`clearFlags`): no pass over the rows before this one.
    this.ints[r * I + 3] = 1;
    this.flts[r * F + 3] = seed;
    propagateRows(this.ints, this.flts, r);
    this.readLeaves(r, leaves, out);
    this.retire();
    return true;
  }

  /** Each of `leaves`' cotangent after a sweep that reached rows up to `top` (undefined where none reached it). */
  private readLeaves(top: number, leaves: readonly (Tensor | null)[], out: (Tensor | undefined)[]): void {
    const ints = this.ints;
    for (let k = 0; k < leaves.length; k++) {
      const t = leaves[k];
      const r = t === null || t === undefined ? -1 : this.rootRow(t);
      out[k] = r < 0 || r > top || ints[r * I] !== ScalarOp.leaf || ints[r * I + 3] === 0 ? undefined : scalarTensor(this.flts[r * F + 3]!, t!.shape, t!.dtype);
    }
  }

  /**
   * The numeric sweep shared by `sweep` and `sweepLeaves`: each reached row's cotangent in its
   * `flts` slot 3 and flag in its `ints` slot 3. Returns the latest row reached (−1 when none), or
   * −2 when a root or seed does not qualify (nothing swept).
   */
  private sweepRows(roots: readonly Tensor[], seeds: readonly Tensor[], tracked: (t: Tensor) => boolean, gradOn: boolean): number {
    const ints = this.ints;
    const flts = this.flts;
    let top = -1;
    for (let k = 0; k < roots.length; k++) {
      const t = roots[k]!;
      if (!tracked(t)) continue;
      const r = this.rootRow(t);
      const s = seeds[k]!;
      const v = r < 0 || t.dtype !== "float64" || s.dtype !== "float64" || s._owner !== null || (gradOn && s.requiresGrad) || (s.shape !== t.shape && !shapesEqual(s.shape, t.shape)) ? undefined : scalarValue(s);
      if (v === undefined) {
        clearFlags(this.ints, top);
        return -2;
      }
      const c = r * I + 3;
      if (ints[c] === 0) {
        ints[c] = 1;
        flts[r * F + 3] = v;
      } else flts[r * F + 3] += v;
      if (r > top) top = r;
    }
    return propagateRows(this.ints, this.flts, top);
  }

  /**
   * Turns every row into the `GradNode` the node-based scalar path records (same primitive, inputs,
   * output; the output's tracer a new one, which `resolve` maps the row's tracer to), and retires the tape.
   */
  materialize(): void {
    if (!this.live) return;
    this.nodeTracers = materializeRows(this.ints, this.flts, this.n, this.leaves, this.consts, this.owner);
    this.retire();
  }

  /** Stops recording and hands the storage to the next tape (keeping the rows' output values for `primalOf`). */
  private retire(): void {
    this.live = false;
    // NOTE: the output values outlive the rows (the tape's tracers may still be read): a small
    // tape copies them out and hands its storage on, a large one keeps its values' storage.
    this.ys = spareRows(this.ints, this.flts, this.n);
    if (this.ys !== null) this.flts = noFlts;
    this.ints = noInts;
    this.n = 0;
    // A shared empty list rather than `length = 0` (a runtime call); tracers that outlive the transform keep nothing alive.
    this.leaves = noLeaves;
    this.consts = null;
  }
}
