import { isFloat } from "../core/dtype.js";
import { escapedTracerError, within, type Interpreter } from "../primitives/bind.js";
import type { MaybeTensor, Primitive } from "../primitives/primitive.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * Forward mode: a tracer is a dual number (primal, tangent) owned by one `JvpInterpreter`. Applying
 * a primitive unpacks this interpreter's own tracers, treats every other value as a constant (zero
 * tangent), runs the primitive's `jvp` rule one level down (in `parent`) and packs the results.
 * When no argument carries a tangent the primitive goes straight to the parent (the zero
 * short-circuit), so nested levels cost little.
 */
export class JvpInterpreter implements Interpreter {
  readonly name: string;
  active = true;
  constructor(readonly parent: Interpreter, name = "jvp") {
    this.name = name;
  }

  /** A dual number owned by this interpreter. */
  dual(primal: Tensor, tangent: MaybeTensor): Tensor {
    return Tensor._tracer(this, primal, tangent);
  }

  apply<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[] {
    const n = args.length;
    const primals = new Array<Tensor>(n);
    const tangents = new Array<MaybeTensor>(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      const a = args[i]!;
      if (a._owner === this) {
        primals[i] = a._primal!;
        tangents[i] = a._tangent;
        if (a._tangent !== null) any = true;
      } else {
        if (a._owner !== null && !a._owner.active) throw escapedTracerError(a, prim);
        primals[i] = a;
        tangents[i] = null;
      }
    }
    if (!any || !prim.differentiable) return this.parent.apply(prim, primals, params);
    const [outs, outTangents] = within(this.parent, () => prim.jvp(primals, tangents, params));
    const duals = new Array<Tensor>(outs.length);
    for (let i = 0; i < outs.length; i++) {
      const o = outs[i]!;
      const t = outTangents[i] ?? null;
      duals[i] = t === null || !isFloat(o.dtype) ? o : Tensor._tracer(this, o, t);
    }
    return duals;
  }
}
