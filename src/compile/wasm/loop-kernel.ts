import { Literal, Variable, type Atom } from "../../trace/equation.js";
import { isScalarOperand, loopIndex, type Loop } from "../fusion-plan.js";
import { uniformValue } from "../uniform-literal.js";
import { encodeModule, ValType } from "./wasm-binary.js";
import { Code } from "./wasm-code.js";
import { vectorPlan, type LaneType } from "./vector-ops.js";
import { VectorValues, type Vec } from "./vector-values.js";

/**
 * A fused loop as a WebAssembly function, `kernel(arrays..., outputs..., scalars...)`: byte
 * offsets of the operand arrays and of the stored results in the imported memory, then the
 * one-element operands as float64 numbers. `arrays`, `outputs` and `scalars` say which values to pass.
 */
export interface LoopKernel {
  /** The module's bytes for an unshared and for a shared memory import. */
  readonly bytes: { readonly plain: Uint8Array<ArrayBuffer>; readonly shared: Uint8Array<ArrayBuffer> };
  readonly arrays: readonly Atom[];
  readonly outputs: readonly Variable[];
  /** The loop's sums: each written as one float64 (not yet rounded to its dtype) after the outputs. */
  readonly sums: readonly Variable[];
  readonly scalars: readonly Variable[];
}

/** Vectors per main-loop iteration of a kernel without sums (tests set 1 to compare). */
export const loopKernelTuning = { unroll: 4 };

/** How a vector's sums accumulate: into block accumulators (the block's `block`-th vector), or its first `lanes` lanes one at a time. */
type SumMode = { readonly block: number } | { readonly lanes: number };

/** Where an array operand's element for loop element i sits: `(i / inner | 0) % block` (see `loopIndex`). */
interface Pattern {
  readonly block: number;
  readonly inner: number;
}

/**
 * The vector kernel of a loop, or null when an equation has no vector op (see `vectorPlan`). Sums
 * of all elements of a loop value accumulate as the wasm backend's whole-array sum does (see
 * `accumulate`), so they have its bits. NOTE: whole vectors run over the first `n − n mod lanes` elements and one more vector
 * covers the rest (the scalar tail): its lanes read the last elements one at a time (lanes past the
 * end repeat the last element) and only the lanes inside the array are stored, so the kernel never
 * reads or writes past an array. Operands broadcast along rows are read with counters: a row of a
 * length that is a multiple of the lane count as vectors, a column (a run of `inner` equal elements,
 * `inner` a multiple of the lane count) as a splat; any other broadcast lane by lane.
 */
export function loopKernel(loop: Loop): LoopKernel | null {
  let lanes: LaneType | null = null;
  const plans = [];
  for (const eq of loop.equations) {
    if (loop.sums.has(eq.outputs[0]!)) {
      plans.push({ op: null });
      continue;
    }
    const plan = vectorPlan(eq);
    if (plan === null || (plan.lanes !== null && lanes !== null && plan.lanes !== lanes)) return null;
    lanes ??= plan.lanes;
    plans.push(plan);
  }
  return new KernelBuilder(loop, lanes ?? "float32", plans.map((p) => p.op)).build();
}

/** An equation's vector op; null for a sum (accumulated, see `KernelBuilder.accumulate`). */
type Op = NonNullable<ReturnType<typeof vectorPlan>>["op"] | null;

class KernelBuilder {
  private readonly arrays: Atom[] = [];
  private readonly scalars: Variable[] = [];
  private readonly outputs: Variable[];
  private readonly sums: Variable[];
  /** Per sum: four float64x2 accumulators, and the float64 total after them. */
  private readonly accumulators = new Map<Variable, { vecs: Vec[]; total: number }>();
  private readonly L: number;
  private readonly bytes: number;
  private readonly inLoop: Set<Variable>;
  /** While the main loop's body is built: its vector stores, emitted after all its loads (see `build`). */
  private deferred: (() => void)[] | null = null;
  /** Counters of the broadcast patterns read as vectors or splats: [j (index in the block), q (index in the inner run)]. */
  private readonly counters = new Map<string, [number, number]>();

  constructor(
    private readonly loop: Loop,
    private readonly lanes: LaneType,
    private readonly ops: readonly Op[],
  ) {
    this.outputs = [...loop.stored].filter((v) => !loop.sums.has(v));
    this.sums = [...loop.sums];
    this.L = lanes === "float32" ? 4 : 2;
    this.bytes = lanes === "float32" ? 4 : 8;
    this.inLoop = new Set(loop.equations.map((eq) => eq.outputs[0]!));
    for (const eq of loop.equations)
      for (const a of eq.inputs) {
        if (a instanceof Variable && this.inLoop.has(a)) continue;
        if (loop.sums.has(eq.outputs[0]!)) continue;
        if (isScalarOperand(a)) {
          if (a instanceof Variable && !this.scalars.includes(a)) this.scalars.push(a);
        } else if (!this.arrays.includes(a)) this.arrays.push(a);
      }
  }

  build(): LoopKernel {
    const params = [...this.arrays, ...this.outputs, ...this.sums].map(() => ValType.i32 as ValType).concat(this.scalars.map(() => ValType.f64));
    const code = new Code(params);
    const v = new VectorValues(code);
    const n = this.loop.size;
    const full = n - (n % this.L);
    const i = code.local(ValType.i32);
    // Scalars and uniform constants, splat once.
    const splats = new Map<Atom, Vec>();
    const scalarVec = (a: Atom): Vec => {
      let s = splats.get(a);
      if (s !== undefined) return s;
      const bool = a.value.dtype === "bool";
      if (a instanceof Literal) {
        const x = uniformValue(a.value)!;
        s = bool ? v.i32(x !== 0 ? -1 : 0) : this.lanes === "float32" ? v.f32(x) : v.f64(x);
      } else {
        if (bool) code.i32(0);
        code.get(this.arrays.length + this.outputs.length + this.sums.length + this.scalars.indexOf(a));
        if (bool) code.f64(0).op("f64.ne").op("i32.sub").simd("i32x4.splat"); // 0 − (s ≠ 0): all ones for true
        else if (this.lanes === "float32") code.op("f32.demote_f64").simd("f32x4.splat");
        else code.simd("f64x2.splat");
        s = v.store();
      }
      splats.set(a, s);
      return s;
    };
    const sumEqs = new Set(this.loop.equations.filter((eq) => this.loop.sums.has(eq.outputs[0]!)));
    for (const eq of this.loop.equations)
      if (!sumEqs.has(eq)) for (const a of eq.inputs) if (!(a instanceof Variable && this.inLoop.has(a)) && isScalarOperand(a)) scalarVec(a);
    for (const sum of this.sums) {
      const vecs = [0, 1, 2, 3].map(() => v.f64(0));
      const copies = vecs.map(() => code.local(ValType.v128));
      vecs.forEach((z, k) => code.get(z).set(copies[k]!));
      this.accumulators.set(sum, { vecs: copies, total: code.local(ValType.f64) });
    }
    // With sums, the main loop runs whole blocks of 8 elements (the backend's sum's blocks): `unroll` vectors an iteration.
    // NOTE: without sums, `loopKernelTuning.unroll` vectors an iteration (V8 overlaps their chains: paired CPU 0.55× for a float32 exp at 10⁶).
    const unroll = this.sums.length > 0 ? 8 / this.L : loopKernelTuning.unroll;
    const blocks = n - (n % (unroll * this.L));
    code.i32(0).set(i);
    for (const eq of this.loop.equations)
      if (!sumEqs.has(eq)) for (const a of eq.inputs) if (!(a instanceof Variable && this.inLoop.has(a)) && !isScalarOperand(a)) this.counterOf(code, this.patternOf(a, eq.outputs[0]!));
    const step = (mode: SumMode, tail: number | null): void => {
      this.body(v, scalarVec, i, tail, mode);
      if (tail !== null) return;
      code.get(i).i32(this.L).op("i32.add").set(i);
      this.advanceCounters(code);
    };
    if (blocks > 0) {
      code.block().loop();
      code.get(i).i32(blocks).op("i32.ge_u").brIf(1);
      // NOTE: the iteration's vector stores come after all its loads (as in assembly/exp-f32.ts):
      // V8 keeps wasm loads and stores in program order, so a store between two vectors' chains
      // serialises them (kernel-only CPU time of exp(x) + x·x at 10⁶: 0.72× of storing each as it is computed).
      this.deferred = [];
      for (let u = 0; u < unroll; u++) step({ block: u }, null);
      for (const store of this.deferred) store();
      this.deferred = null;
      code.br(0).end().end();
    }
    // t = (s0 + s1) + (s2 + s3), total = t[0] + t[1]; then the remaining elements one at a time.
    for (const { vecs: [s0, s1, s2, s3], total } of this.accumulators.values()) {
      const t = v.op("f64x2.add", v.op("f64x2.add", s0!, s1!), v.op("f64x2.add", s2!, s3!));
      code.get(t).lane("f64x2.extract_lane", 0).get(t).lane("f64x2.extract_lane", 1).op("f64.add").set(total);
    }
    for (let at = blocks; at < full; at += this.L) step({ lanes: this.L }, null);
    if (full < n) step({ lanes: n - full }, full);
    this.sums.forEach((sum, k) => {
      code.get(this.arrays.length + this.outputs.length + k).get(this.accumulators.get(sum)!.total).scalarMem("f64.store");
    });
    code.end();
    const fn = { params, results: [], locals: code.locals, body: code.body(), name: "kernel" };
    return {
      bytes: { plain: encodeModule([fn], false), shared: encodeModule([fn], true) },
      arrays: this.arrays,
      outputs: this.outputs,
      sums: this.sums,
      scalars: this.scalars,
    };
  }

  private patternOf(a: Atom, out: Variable): Pattern {
    return loopIndex(a.value.shape, out.value.shape)!;
  }

  /** True for an operand with all the loop's elements, in its order: read at i. */
  private contiguous(p: Pattern): boolean {
    return p.inner === 1 && p.block === this.loop.size;
  }

  /** How the main loop reads an operand: whole vectors ("vector"), one element splat ("splat"), or lane by lane. */
  private readKind(p: Pattern): "vector" | "splat" | "lanes" {
    if (this.contiguous(p)) return "vector";
    if (p.inner === 1 && p.block % this.L === 0) return "vector";
    if (p.inner % this.L === 0) return "splat";
    return "lanes";
  }

  /** The counter locals of a broadcast pattern read as vectors or splats (created, zeroed, once). */
  private counterOf(code: Code, p: Pattern): [number, number] | null {
    if (this.contiguous(p) || this.readKind(p) === "lanes") return null;
    const key = `${p.block}/${p.inner}`;
    let c = this.counters.get(key);
    if (c === undefined) {
      c = [code.local(ValType.i32), code.local(ValType.i32)];
      code.i32(0).set(c[0]).i32(0).set(c[1]);
      this.counters.set(key, c);
    }
    return c;
  }

  /** Moves every counter one vector on: j by the lane count (rows), or q, and j when q completes a run (columns). */
  private advanceCounters(code: Code): void {
    for (const [key, [j, q]] of this.counters) {
      const [block, inner] = key.split("/").map(Number) as [number, number];
      if (inner === 1) {
        code.get(j).i32(this.L).op("i32.add").set(j);
      } else {
        code.get(q).i32(this.L).op("i32.add").set(q);
        // j += (q == inner); q = 0 then.
        code.get(j).get(q).i32(inner).op("i32.eq").op("i32.add").set(j);
        code.i32(0).get(q).get(q).i32(inner).op("i32.eq").op("select").set(q);
      }
      code.i32(0).get(j).get(j).i32(block).op("i32.eq").op("select").set(j);
    }
  }

  /** Bytes per element of an array operand or result. */
  private elementBytes(a: Atom): number {
    return a.value.dtype === "bool" ? 1 : this.bytes;
  }

  /** Pushes `param + index·bytes` for an index local (or a constant when `at` is a number). */
  private address(code: Code, param: number, index: number | { at: number }, bytes: number): void {
    code.get(param);
    if (typeof index === "number") code.get(index).i32(Math.log2(bytes)).op("i32.shl");
    else code.i32(index.at * bytes);
    code.op("i32.add");
  }

  /**
   * One vector of the loop: element i (a local) onwards in the main loop, or the tail from element
   * `tail` (a constant) with lane-by-lane reads and stores.
   */
  private body(v: VectorValues, scalarVec: (a: Atom) => Vec, i: number, tail: number | null, mode: SumMode): void {
    const code = v.code;
    const values = new Map<Variable, Vec>();
    const loads = new Map<string, Vec>();
    const load = (a: Atom, out: Variable): Vec => {
      const p = this.patternOf(a, out);
      const key = `${this.arrays.indexOf(a)}@${p.block}/${p.inner}`;
      let x = loads.get(key);
      if (x === undefined) loads.set(key, (x = this.read(v, a, p, i, tail)));
      return x;
    };
    this.loop.equations.forEach((eq, k) => {
      const out = eq.outputs[0]!;
      const op = this.ops[k]!;
      if (op === null) {
        this.accumulate(v, out, values.get(eq.inputs[0] as Variable)!, mode);
        return;
      }
      const args = eq.inputs.map((a) => (a instanceof Variable && this.inLoop.has(a) ? values.get(a)! : isScalarOperand(a) ? scalarVec(a) : load(a, out)));
      const y = op.emit(v, args, this.lanes);
      values.set(out, y);
      const o = this.outputs.indexOf(out);
      if (o >= 0) this.write(code, this.arrays.length + o, out, y, i, tail);
    });
  }

  /**
   * Adds one vector of a summed value, as the wasm backend's whole-array sum (sumRowsF32/F64 over
   * one row) does: in a block of 8 elements, float64 lanes into four float64x2 accumulators (float32
   * values promoted: lanes 0–1 of the block's first vector into s0, 2–3 into s1, the second vector's
   * into s2, s3; float64: one vector each); after the blocks, the rest element by element into the total.
   */
  private accumulate(v: VectorValues, sum: Variable, x: Vec, mode: SumMode): void {
    const code = v.code;
    const { vecs, total } = this.accumulators.get(sum)!;
    if ("block" in mode) {
      const halves = this.lanes === "float32" ? [v.op("f64x2.promote_low_f32x4", x), v.op("f64x2.promote_low_f32x4", v.shuffle(x, x, [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]))] : [x];
      halves.forEach((h, k) => {
        const s = vecs[mode.block * halves.length + k]!;
        code.get(s).get(h).simd("f64x2.add").set(s);
      });
      return;
    }
    for (let l = 0; l < mode.lanes; l++) {
      code.get(total).get(x);
      if (this.lanes === "float32") code.lane("f32x4.extract_lane", l).op("f64.promote_f32");
      else code.lane("f64x2.extract_lane", l);
      code.op("f64.add").set(total);
    }
  }

  /** Reads one vector of an array operand (see `readKind`), as float lanes or bool lane masks. */
  private read(v: VectorValues, a: Atom, p: Pattern, i: number, tail: number | null): Vec {
    const code = v.code;
    const param = this.arrays.indexOf(a);
    const bool = a.value.dtype === "bool";
    const eb = this.elementBytes(a);
    const kind = tail === null ? this.readKind(p) : "lanes";
    if (kind === "lanes") {
      // Lane by lane: element e = min(i + l, n − 1) sits at (e / inner | 0) % block.
      code.v128(new Int32Array(4));
      for (let l = 0; l < this.L; l++) {
        code.get(param);
        if (tail !== null) code.i32((Math.floor(Math.min(tail + l, this.loop.size - 1) / p.inner) % p.block) * eb);
        else code.get(i).i32(l).op("i32.add").i32(p.inner).op("i32.div_u").i32(p.block).op("i32.rem_u").i32(Math.log2(eb)).op("i32.shl");
        code.op("i32.add");
        if (bool) {
          code.scalarMem("i32.load8_u");
          if (this.lanes === "float32") code.lane("i32x4.replace_lane", l);
          else code.op("i64.extend_i32_u").lane("i64x2.replace_lane", l);
        } else if (this.lanes === "float32") code.scalarMem("f32.load").lane("f32x4.replace_lane", l);
        else code.scalarMem("f64.load").lane("f64x2.replace_lane", l);
      }
      const x = v.store();
      return bool ? this.mask(v, x) : x;
    }
    const c = this.contiguous(p) ? null : this.counters.get(`${p.block}/${p.inner}`)!;
    this.address(code, param, c === null ? i : c[0], eb);
    if (kind === "splat") {
      code.mem(bool ? "v128.load8_splat" : this.lanes === "float32" ? "v128.load32_splat" : "v128.load64_splat");
      const x = v.store();
      return bool ? this.mask(v, x) : x;
    }
    if (!bool) {
      code.mem("v128.load");
      return v.store();
    }
    // L bools (bytes) spread to one per lane.
    if (this.lanes === "float32") code.mem("v128.load32_zero");
    else code.v128(new Int32Array(4)).lane("v128.load16_lane", 0);
    const bytes = v.store();
    const spread = this.lanes === "float32" ? [0, 16, 16, 16, 1, 16, 16, 16, 2, 16, 16, 16, 3, 16, 16, 16] : [0, 16, 16, 16, 16, 16, 16, 16, 1, 16, 16, 16, 16, 16, 16, 16];
    return this.mask(v, v.shuffle(bytes, v.i32(0), spread));
  }

  /** Lanes that are not zero, as all-ones masks. */
  private mask(v: VectorValues, x: Vec): Vec {
    return this.lanes === "float32" ? v.op("i32x4.ne", x, v.i32(0)) : v.op("i64x2.ne", x, v.i32(0));
  }

  /** Stores one vector of a result: whole in the main loop, lane by lane (inside the array) in the tail. */
  private write(code: Code, param: number, out: Variable, y: Vec, i: number, tail: number | null): void {
    const bool = out.value.dtype === "bool";
    const eb = this.elementBytes(out);
    if (bool) {
      // Lane masks to one byte each (1 for true).
      const gather = this.lanes === "float32" ? [0, 4, 8, 12] : [0, 8];
      code.get(y).get(y).shuffle([...gather, ...Array<number>(16 - gather.length).fill(0)]).v128(new Int32Array([0x01010101, 0x01010101, 0x01010101, 0x01010101])).simd("v128.and");
      const b = code.local(ValType.v128);
      code.set(b);
      if (tail === null) {
        this.address(code, param, i, 1);
        const store = (): void => void code.get(b).lane(this.lanes === "float32" ? "v128.store32_lane" : "v128.store16_lane", 0);
        if (this.deferred === null) store();
        else {
          const at = code.local(ValType.i32);
          code.set(at);
          this.deferred.push(() => {
            code.get(at);
            store();
          });
        }
      } else
        for (let l = 0; tail + l < this.loop.size; l++) {
          this.address(code, param, { at: tail + l }, 1);
          code.get(b).lane("i32x4.extract_lane", 0).i32(8 * l).op("i32.shr_u").scalarMem("i32.store8");
        }
      return;
    }
    if (tail === null) {
      this.address(code, param, i, eb);
      const deferred = this.deferred;
      if (deferred === null) {
        code.get(y).mem("v128.store");
        return;
      }
      // The address now (i moves on with each vector), the store after the iteration's loads.
      const at = code.local(ValType.i32);
      code.set(at);
      deferred.push(() => code.get(at).get(y).mem("v128.store"));
      return;
    }
    for (let l = 0; tail + l < this.loop.size; l++) {
      this.address(code, param, { at: tail }, eb);
      code.get(y).lane(this.lanes === "float32" ? "v128.store32_lane" : "v128.store64_lane", l, l * eb);
    }
  }
}
