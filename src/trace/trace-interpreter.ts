import { escapedTracerError, type Interpreter } from "../primitives/bind.js";
import type { Primitive } from "../primitives/primitive.js";
import { Tensor } from "../tensor/tensor.js";
import { Literal, Variable, type Atom, type Equation } from "./equation.js";

/**
 * Records a Wengert list. It sits on top of the interpreter stack while `trace` runs a function:
 * each primitive applied to one of its tracers is computed by the parent interpreter and appended
 * as an equation, with the values. Its tracers stand for concrete values (so code may branch on
 * them); anything else reaching it is a constant and is passed through without being recorded.
 */
export class TraceInterpreter implements Interpreter {
  readonly name = "trace";
  active = true;
  /** The equations in the order the primitives ran. */
  readonly equations: Equation[] = [];
  private readonly variables = new Map<Tensor, Variable>();
  private nextId = 0;

  /**
   * @param valueReadError when given, reading a tracer's value throws it (control flow frozen, as
   * `compile` needs); otherwise tracers read as the values they stand for.
   */
  constructor(
    readonly parent: Interpreter,
    readonly valueReadError?: (op: string) => Error,
  ) {}

  /** A tracer for an input of the traced function. */
  input(value: Tensor, name: string): Tensor {
    return this.track(value, name);
  }

  /** The variable a tracer of this interpreter stands for, or a literal for any other value. */
  atomOf(t: Tensor): Atom {
    return (t._owner === this ? this.variables.get(t) : undefined) ?? new Literal(t);
  }

  apply<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor[] {
    const n = args.length;
    const primals = new Array<Tensor>(n);
    const inputs = new Array<Atom>(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      const a = args[i]!;
      if (a._owner === this) {
        primals[i] = a._primal!;
        inputs[i] = this.variables.get(a)!;
        any = true;
      } else {
        if (a._owner !== null && !a._owner.active) throw escapedTracerError(a, prim);
        primals[i] = a;
        inputs[i] = new Literal(a);
      }
    }
    if (!any) return this.parent.apply(prim, primals, params);
    const outs = this.parent.apply(prim, primals, params);
    const tracers = outs.map((o) => this.track(o, null));
    this.equations.push({
      prim,
      params,
      inputs,
      outputs: tracers.map((t) => this.variables.get(t)!),
      step: this.equations.length,
    });
    return tracers;
  }

  private track(value: Tensor, name: string | null): Tensor {
    const t = Tensor._tracer(this, value);
    this.variables.set(t, new Variable(this.nextId++, value, name));
    return t;
  }
}
