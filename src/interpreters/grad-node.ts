/** A recorded primitive application of reverse mode (`GradNode`), the unit of its graph. */
import { noParams } from "../primitives/bind.js";
import type { AnyPrimitive, MaybeTensor } from "../primitives/primitive.js";
import type { ScalarRule } from "../primitives/scalar-rule.js";
import { Tensor, type GradNodeRef, type TracerOwner } from "../tensor/tensor.js";
import { countNode } from "./graph-stats.js";

let nextNodeId = 0;

/** A gradient hook: sees a cotangent and may replace it. */
export type GradHook = (grad: Tensor) => Tensor | void;

/** The rarely set parts of a node, kept out of line so that a typical node carries one null. */
interface NodeExtra {
  versions: readonly number[] | null;
  hooks: Map<number, GradHook[]> | null;
  creationSite: string | null;
}

const noInputs: readonly Tensor[] = Object.freeze([]);

/**
 * One recorded primitive application.
 *
 * NOTE: a node is the per-op memory of reverse mode, so it stores no array it can do without: one
 * or two inputs, a single output and its cotangent (the common cases) are plain fields, the input
 * primals are derived from the inputs and `owner` at sweep time (the tracers point at them), and the rarely used fields
 * (versions, hooks, creation site) live in one side object created on first use.
 */
export class GradNode implements GradNodeRef {
  // NOTE: fields are `declare`d and assigned once in the constructor, in one order: initialised class
  // fields compile to a define-then-assign per field, which made constructing a node ~2× slower.
  /** Creation order; larger ids were created later. */
  declare readonly id: number;
  /** The sweep that last reached this node. */
  declare sweep: number;
  /**
   * Single-output nodes: the output cotangent during a sweep; a number where the sweep's scalar path
   * produced it (a one-element float64 cotangent of the output's shape, not yet a tensor).
   */
  declare ct: MaybeTensor | number;
  /** Multi-output nodes: the output cotangents during a sweep, by output index. */
  declare cts: MaybeTensor[] | null;
  declare private extra: NodeExtra | null;
  /** How many outputs the primitive produced. */
  declare readonly nOut: number;
  /** @internal The first two inputs as the recording interpreter saw them (tracers or eager tensors); null when absent. */
  declare in0: Tensor | null;
  /** @internal */
  declare in1: Tensor | null;
  /** Three or more inputs: all of them (else null). */
  declare private inMany: readonly Tensor[] | null;
  /** The output (one) or outputs (several), one level down; null once released. */
  declare private outs: Tensor | readonly Tensor[] | null;
  /** The primitive applied. */
  declare readonly prim: AnyPrimitive;
  /** Its params. */
  declare readonly params: unknown;
  /** The interpreter whose tracers among the inputs stand for primals one level down; null in eager mode (inputs are the primals). */
  declare private readonly owner: TracerOwner | null;
  /** Extra values saved by the primitive's `fwd` (custom rules). */
  declare residuals: unknown;

  constructor(
    prim: AnyPrimitive,
    params: unknown,
    inputs: readonly Tensor[],
    /** The interpreter whose tracers among `inputs` stand for primals one level down; null in eager mode (inputs are the primals). */
    owner: TracerOwner | null,
    /** The outputs; a lone tensor for a single output (the scalar path: no array to make). */
    outputs: readonly Tensor[] | Tensor,
    /** Extra values saved by the primitive's `fwd` (custom rules). */
    residuals: unknown,
  ) {
    this.id = nextNodeId++;
    this.sweep = 0;
    this.ct = null;
    this.cts = null;
    this.extra = null;
    const n = inputs.length;
    const single = outputs instanceof Tensor;
    this.nOut = single ? 1 : outputs.length;
    this.in0 = n > 0 && n < 3 ? inputs[0]! : null;
    this.in1 = n === 2 ? inputs[1]! : null;
    this.inMany = n > 2 ? inputs : null;
    this.outs = single ? outputs : outputs.length === 1 ? outputs[0]! : outputs;
    this.prim = prim;
    this.params = params;
    this.owner = owner;
    this.residuals = residuals;
    countNode(this);
  }

  /** How many inputs the node has (0 once freed). */
  get nIn(): number {
    return this.inMany !== null ? this.inMany.length : this.in1 !== null ? 2 : this.in0 !== null ? 1 : 0;
  }

  /** Input `i` as the recording interpreter saw it. */
  input(i: number): Tensor {
    return this.inMany !== null ? this.inMany[i]! : i === 0 ? this.in0! : this.in1!;
  }

  /** The inputs as the recording interpreter saw them (a fresh array unless there are three or more). */
  get inputs(): readonly Tensor[] {
    if (this.inMany !== null) return this.inMany;
    return this.in1 !== null ? [this.in0!, this.in1] : this.in0 !== null ? [this.in0] : noInputs;
  }

  /** Whether the saved values were dropped (after a backward without `retainGraph`). */
  get released(): boolean {
    return this.outs === null;
  }

  /** Input values one level down, as the rule saw them in the forward pass. */
  primals(): readonly Tensor[] {
    const owner = this.owner;
    if (owner === null) return this.inputs;
    const n = this.nIn;
    const out = new Array<Tensor>(n);
    for (let i = 0; i < n; i++) {
      const a = this.input(i);
      out[i] = a._owner === owner ? a._primal! : a;
    }
    return out;
  }

  /** Input `i`'s value one level down (what `primals()[i]` is, without the array). */
  primal(i: number): Tensor {
    const a = this.input(i);
    return this.owner !== null && a._owner === this.owner ? a._primal! : a;
  }

  /** The only output of a single-output node (null once released). */
  output0(): Tensor | null {
    return this.nOut === 1 ? (this.outs as Tensor | null) : null;
  }

  /** Output values one level down (a fresh array for a single output). */
  outputs(): readonly Tensor[] {
    const o = this.outs!;
    return this.nOut === 1 ? [o as Tensor] : (o as readonly Tensor[]);
  }

  /**
   * Input versions at record time (eager mode; null for the functional transforms, which do not
   * check them). A missing entry is version 0; eager nodes whose inputs were never assigned share
   * `allVersionsZero` and store nothing.
   */
  get versions(): readonly number[] | null {
    const v = this.extra === null ? null : this.extra.versions;
    return v !== null ? v : this.owner === null ? allVersionsZero : null;
  }
  set versions(v: readonly number[] | null) {
    if (v !== null && v !== allVersionsZero) this.side().versions = v;
    else if (this.extra !== null) this.extra.versions = null;
  }

  /** Hooks on this node's outputs, by output index (eager `registerHook` on non-leaves). */
  get hooks(): Map<number, GradHook[]> | null {
    return this.extra === null ? null : this.extra.hooks;
  }
  set hooks(h: Map<number, GradHook[]> | null) {
    if (h !== null) this.side().hooks = h;
    else if (this.extra !== null) this.extra.hooks = null;
  }

  /** Where the forward op was created (stack text), when anomaly detection was on. */
  get creationSite(): string | null {
    return this.extra === null ? null : this.extra.creationSite;
  }
  set creationSite(s: string | null) {
    if (s !== null) this.side().creationSite = s;
    else if (this.extra !== null) this.extra.creationSite = null;
  }

  private side(): NodeExtra {
    return (this.extra ??= { versions: null, hooks: null, creationSite: null });
  }

  /** @internal Whether any rarely set field (versions, hooks, creation site) was ever set: the eager scalar sweep's quick test. */
  get hasExtra(): boolean {
    return this.extra !== null;
  }

  /** Drops the saved values (after an eager backward without `retainGraph`). */
  release(): void {
    this.outs = null;
    this.residuals = undefined;
  }

  /**
   * Drops everything, inputs included (a one-shot functional pullback): the part of the graph
   * behind this node becomes garbage as soon as the sweep has passed it.
   */
  free(): void {
    this.release();
    this.in0 = null;
    this.in1 = null;
    this.inMany = null;
  }
}

/**
 * A node recorded by the eager scalar path: `rule`'s primitive (no params) applied to one or two
 * one-element float64 values of one shape, its output a number-stored scalar of that shape.
 * NOTE: a subclass rather than a field of every node, so that other nodes stay as small as they
 * are; the sweep (eager/scalar-backward.ts) reads the rule here instead of looking it up, and skips
 * the dtype and shape checks that recording already made (they cannot change).
 */
export class ScalarGradNode extends GradNode {
  /** The scalar rule recorded. */
  declare readonly rule: ScalarRule;

  constructor(rule: ScalarRule, a: Tensor, b: Tensor | null, out: Tensor) {
    super(rule.prim, noParams, noInputs, null, out, undefined);
    this.in0 = a;
    this.in1 = b;
    this.rule = rule;
  }
}

/** Recorded input versions when all are 0: one shared array, nothing allocated per node. */
export const allVersionsZero: readonly number[] = Object.freeze([]);
