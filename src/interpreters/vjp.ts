import { isFloat } from "../core/dtype.js";
import { escapedTracerError, within, type Interpreter } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import type { ScalarRule } from "../primitives/scalar-rule.js";
import { Tensor } from "../tensor/tensor.js";
import { GradNode } from "./reverse.js";
import { evaluatesPlainly } from "./eval.js";
import { recordScalar } from "./record-scalar.js";
import { ScalarTape, scalarTapeEnabled } from "./scalar-tape.js";

/**
 * Reverse mode for the functional transforms: a tracer stands for a primal one level down and,
 * unless it is an input, points at the `GradNode` that produced it. Applying a primitive to any of
 * this interpreter's tracers evaluates it in `parent` and records a node; other values are
 * constants. `backwardPass` (reverse.ts) later sweeps the nodes.
 */
export class VjpInterpreter implements Interpreter {
  readonly name: string;
  active = true;
  /** Whether the parent evaluates without recording (the scalar path may compute values itself). */
  private readonly scalarParent: boolean;
  /** The compact tape of scalar ops (scalar-tape.ts) while every op so far went on it; null after. */
  private tape: ScalarTape | null;
  /** The tape once it retired into nodes: its tracers still in use are resolved to its nodes' (`ScalarTape.resolve`). */
  private retired: ScalarTape | null = null;
  constructor(readonly parent: Interpreter, name = "vjp") {
    this.name = name;
    this.scalarParent = evaluatesPlainly(parent);
    this.tape = this.scalarParent && scalarTapeEnabled() ? new ScalarTape(this) : null;
  }

  /** An input tracer (a leaf of the graph). */
  leaf(primal: Tensor): Tensor {
    const t = Tensor._tracer(this, primal);
    if (this.tape !== null && this.tape.live) this.tape.leaf(t);
    return t;
  }

  private tracker: ((t: Tensor) => boolean) | null = null;
  /** Whether `t` is differentiated by this interpreter (one closure, made on first use: the lean `valueAndGrad` never asks). */
  get tracks(): (t: Tensor) => boolean {
    return (this.tracker ??= (t: Tensor): boolean => t._owner === this);
  }

  /** The compact tape while it is live (every op so far went on it), else null. */
  liveTape(): ScalarTape | null {
    const tape = this.tape;
    return tape !== null && tape.live ? tape : null;
  }

  /**
   * The scalar entry (bind.ts): the compact tape records the op without argument arrays; an op on
   * constants alone goes to the parent's scalar entry; anything else declines (null), and `apply`
   * takes it (materializing the tape when it must).
   */
  applyScalar(rule: ScalarRule, a: Tensor, b: Tensor | null): Tensor | null {
    if (a._owner !== this && (b === null || b._owner !== this)) {
      if ((a._owner !== null && !a._owner.active) || (b !== null && b._owner !== null && !b._owner.active)) return null;
      const parent = this.parent;
      return parent.applyScalar === undefined ? null : parent.applyScalar(rule, a, b);
    }
    const tape = this.tape;
    return tape !== null && tape.live ? tape.recordRule(rule, a, b) : null;
  }

  apply<P>(prim: Primitive<P>, argsIn: readonly Tensor[], params: P): Tensor[] {
    const n = argsIn.length;
    let args = argsIn;
    const tape = this.tape;
    if (tape !== null) {
      if (n <= 2 && tape.live) {
        const t = tape.record(prim, args, params);
        if (t !== null) return [t];
      }
      // NOTE: the first op on this transform's tracers that the tape cannot take turns the tape into
      // nodes (node ids must stay in recording order); ops on constants alone leave it be.
      for (let i = 0; i < n; i++)
        if (args[i]!._owner === this) {
          tape.materialize();
          this.tape = null;
          this.retired = tape;
          break;
        }
    }
    if (this.retired !== null) args = this.retired.resolveAll(args);
    if (n <= 2 && this.scalarParent) {
      const node = recordScalar(prim, args, params, this);
      if (node !== null) {
        const t = Tensor._tracer(this, node.output0()!);
        t._node = node;
        return [t];
      }
    }
    const primals = new Array<Tensor>(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      const a = args[i]!;
      if (a._owner === this) {
        primals[i] = a._primal!;
        any = true;
      } else {
        if (a._owner !== null && !a._owner.active) throw escapedTracerError(a, prim);
        primals[i] = a;
      }
    }
    if (!any || !prim.differentiable) return this.parent.apply(prim, primals, params);
    let outs: Tensor[];
    let residuals: unknown;
    if (prim.fwd !== undefined) [outs, residuals] = within(this.parent, () => prim.fwd!(primals, params));
    else outs = this.parent.apply(prim, primals, params);
    const node = new GradNode(prim, params, args, this, outs, residuals);
    const tracers = new Array<Tensor>(outs.length);
    for (let i = 0; i < outs.length; i++) {
      const o = outs[i]!;
      if (!isFloat(o.dtype)) {
        tracers[i] = o;
        continue;
      }
      const t = Tensor._tracer(this, o);
      t._node = node;
      t._outputIndex = i;
      tracers[i] = t;
    }
    return tracers;
  }
}
