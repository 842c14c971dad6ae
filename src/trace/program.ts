/**
 * Programs: Wengert lists.
 *
 * A Wengert list (Wengert, 1964) is a program without control flow: a numbered list of
 * assignments, each applying one elementary operation to earlier variables or to constants.
 * Griewank & Walther write it in three parts: the inputs v_{1−n} … v_0 = x_1 … x_n, the
 * intermediates v_1 … v_l, and the outputs y = v_l (y_{m−i} = v_{l−i} for several). Any numerical
 * program *evaluated at a point* is one: loops unroll, only the branches taken remain, calls
 * inline. That is the "evaluation trace" of the design notes, and it is all automatic
 * differentiation needs: forward mode walks it top-down carrying a tangent v̇_i beside each v_i,
 * reverse mode walks it bottom-up accumulating adjoints v̄_i.
 *
 * `trace(f, ...args)` obtains the list by running `f` under a `TraceInterpreter` on top of the
 * interpreter stack. Its tracers carry concrete values, so `if (x.item() > 0)` works and records
 * the branch taken; every primitive applied to a tracer is computed one level down and appended as
 * an `Equation` together with its value. Values that do not depend on the inputs are constants
 * (`Literal`s) and are printed as numbers.
 *
 * A `Program` is data (print it, draw it, tabulate its tangents and adjoints) and also a function:
 * `evaluate` replays the equations through `bind` in whatever interpreter is current, so
 * `grad(program.evaluate)`, `jvp`, `hessian` … apply to a program as to any function. Replaying
 * at another point re-runs the branches taken when it was traced, so it computes `f` only where
 * control flow does not depend on the values (the caveat of every tracing JIT).
 *
 * NOTE: equations are numbered in level order by default (see `scheduleEquations`): each comes
 * after the equations it depends on, independent ones first, ties in the order they ran. This is
 * the order of the notes' tables (ln, ×, sin, then +, then −) whatever order `f` computed them in;
 * `inExecutionOrder()` numbers them as they ran.
 */
import { isFloat } from "../core/dtype.js";
import { ShapeError, TransformError } from "../core/errors.js";
import { shapesEqual, showShape } from "../core/shape.js";
import type { TreeDef } from "../core/tree.js";
import { bind } from "../primitives/bind.js";
import { cast } from "../primitives/other/cast.js";
import type { Tensor } from "../tensor/tensor.js";
import { flattenValues, unflattenValues } from "../transforms/tree-values.js";
import { Literal, Variable, type Atom, type Equation } from "./equation.js";
import { operandText, outputNames, primalFormula, primalSubstituted } from "./equation-text.js";
import { displayWidth, formatValue, padDisplay } from "./format-value.js";
import { programToDot } from "./graph-dot.js";
import type { GraphOptions } from "./graph-nodes.js";
import { programToMermaid } from "./graph-mermaid.js";
import { programToSVG } from "./graph-svg.js";
import { varName } from "./notation.js";
import { scheduleEquations, type ProgramOrder } from "./schedule.js";

/** Options of `Program.toString`. */
export interface ProgramTextOptions {
  /** Decimals of the printed values (default 3). */
  digits?: number;
  /** Print the values (default true). */
  values?: boolean;
  /** Also substitute operand values into each line: `v2 = v−1 × v0 = 2 × 5 = 10` (default false). */
  substitute?: boolean;
}

/**
 * An evaluation trace (Wengert list) in the three-part notation of Griewank & Walther: inputs
 * v_{1−n} … v_0, intermediates v_1 … v_l, outputs y. Made by `trace(f, ...args)`.
 *
 * @example
 * const p = trace((x1, x2) => sub(add(log(x1), mul(x1, x2)), sin(x2)), 2, 5);
 * console.log(p.toString()); // v−1 = x1 = 2 … v5 = v4 − v3 = 11.652, y = v5 = 11.652
 * grad(p.evaluate)(2, 5); // 5.5
 */
export class Program {
  /** @internal The structure of the traced arguments. */
  readonly inputDef: TreeDef;
  /** @internal The structure of the traced function's result. */
  readonly outputDef: TreeDef;

  /** Not for users: `trace(f, ...args)` makes programs. */
  constructor(
    /** The inputs v_{1−n} … v_0, in the order of the flattened arguments. */
    readonly inputs: readonly Variable[],
    /** The equations defining v_1 … v_l. */
    readonly equations: readonly Equation[],
    /** The outputs y_1 … y_m (a variable, or a constant when an output does not depend on the inputs). */
    readonly outputs: readonly Atom[],
    inputDef: TreeDef,
    outputDef: TreeDef,
  ) {
    this.inputDef = inputDef;
    this.outputDef = outputDef;
  }

  /** @internal Numbers variables in the given order: inputs 1−n … 0, then 1 … l. */
  static numbered(inputs: readonly Variable[], equations: readonly Equation[], outputs: readonly Atom[], inputDef: TreeDef, outputDef: TreeDef, order: ProgramOrder): Program {
    const map = new Map<Variable, Variable>();
    const n = inputs.length;
    const newInputs = inputs.map((v, i) => {
      const w = new Variable(i - n + 1, v.value, v.name);
      map.set(v, w);
      return w;
    });
    let next = 1;
    const remap = (a: Atom): Atom => (a instanceof Variable ? map.get(a)! : a);
    const newEquations = scheduleEquations(equations, order).map((eq) => {
      const inputsOf = eq.inputs.map(remap);
      const outs = eq.outputs.map((o) => {
        const w = new Variable(next++, o.value);
        map.set(o, w);
        return w;
      });
      return { ...eq, inputs: inputsOf, outputs: outs };
    });
    return new Program(newInputs, newEquations, outputs.map(remap), inputDef, outputDef);
  }

  /** The names of the outputs: `y`, or `y1 … ym` (`f…` when an input is called y). */
  get outputNames(): string[] {
    return outputNames(this.inputs.map((v) => v.name), this.outputs.length);
  }

  /** The number of intermediate variables, l. */
  get intermediates(): number {
    return this.equations.reduce((l, eq) => l + eq.outputs.length, 0);
  }

  /** The same program numbered in the order its primitives ran. */
  inExecutionOrder(): Program {
    return Program.numbered(this.inputs, this.equations, this.outputs, this.inputDef, this.outputDef, "execution");
  }

  /**
   * Replays the program on new arguments (the structure `trace` saw) through the current
   * interpreter, so transforms apply: `grad(program.evaluate)`.
   *
   * @example
   * trace((x: Tensor) => mul(x, x), 3).evaluate(4); // 16
   */
  readonly evaluate = (...args: unknown[]): unknown => {
    const [leaves] = flattenValues(args, "Program.evaluate arguments");
    if (leaves.length !== this.inputs.length)
      throw new TransformError(
        `Program.evaluate: expected ${this.inputs.length} input value(s) (${this.inputs.map((v) => v.name).join(", ")}), got ${leaves.length}`,
      );
    const env = new Map<Variable, Tensor>();
    this.inputs.forEach((v, i) => env.set(v, this.checkInput(v, leaves[i]!)));
    const valueOf = (a: Atom): Tensor => (a instanceof Literal ? a.value : env.get(a)!);
    for (const eq of this.equations) {
      const outs = bind(eq.prim, eq.inputs.map(valueOf), eq.params);
      eq.outputs.forEach((o, k) => env.set(o, outs[k]!));
    }
    return unflattenValues(this.outputDef, this.outputs.map(valueOf));
  };

  private checkInput(v: Variable, x: Tensor): Tensor {
    if (!shapesEqual(x.shape, v.value.shape))
      throw new ShapeError(`Program.evaluate: input ${v.name} was traced with shape ${showShape(v.value.shape)}, got ${showShape(x.shape)}`);
    if (x.dtype === v.value.dtype) return x;
    if (isFloat(x.dtype) && isFloat(v.value.dtype)) return cast(x, v.value.dtype);
    throw new TransformError(`Program.evaluate: input ${v.name} was traced as ${v.value.dtype}, got ${x.dtype}`);
  }

  /**
   * The Wengert list, one line per variable, values aligned on the right.
   *
   * @example
   * trace((x: Tensor) => sin(mul(x, 2)), 1).toString();
   * // v0 = x         = 1
   * // v1 = v0 × 2    = 2
   * // v2 = sin v1    = 0.909
   * // y  = v2        = 0.909
   */
  toString(opts: ProgramTextOptions = {}): string {
    const digits = opts.digits ?? 3;
    const lines: [string, string, string][] = [];
    for (const v of this.inputs) lines.push([varName(v.index), v.name ?? "", formatValue(v.value, digits)]);
    for (const eq of this.equations)
      eq.outputs.forEach((o, k) => {
        const sub = opts.substitute ? primalSubstituted(eq, digits, k) : null;
        lines.push([varName(o.index), primalFormula(eq, k) + (sub !== null ? ` = ${sub}` : ""), formatValue(o.value, digits)]);
      });
    const names = this.outputNames;
    this.outputs.forEach((a, k) => lines.push([names[k]!, operandText(a), formatValue(a.value, digits)]));
    const w0 = Math.max(...lines.map((l) => displayWidth(l[0])));
    const w1 = Math.max(...lines.map((l) => displayWidth(l[1])));
    return lines
      .map(([lhs, rhs, value]) => {
        const head = `${padDisplay(lhs, w0)} = ${rhs}`;
        return opts.values === false ? head : `${padDisplay(head, w0 + 3 + w1)}  = ${value}`;
      })
      .join("\n");
  }

  /** The program as plain data: inputs, equations (primitive, operands, params, text) and outputs. */
  toJSON(): object {
    const atom = (a: Atom) => (a instanceof Variable ? { var: a.index } : { literal: a.value.toArray() });
    return {
      inputs: this.inputs.map((v) => ({ index: v.index, name: v.name, shape: v.value.shape, dtype: v.value.dtype, value: v.value.toArray() })),
      equations: this.equations.map((eq) => ({
        outputs: eq.outputs.map((o) => o.index),
        primitive: eq.prim.name,
        inputs: eq.inputs.map(atom),
        params: jsonParams(eq.params),
        text: eq.outputs.map((o, k) => `${varName(o.index)} = ${primalFormula(eq, k)}`).join("; "),
        values: eq.outputs.map((o) => o.value.toArray()),
      })),
      outputs: this.outputs.map((a, k) => ({ name: this.outputNames[k], ...atom(a), value: a.value.toArray() })),
    };
  }

  /**
   * The computational graph in Graphviz DOT: one node per input and per equation, labelled with
   * its formula and value, and optionally its tangent (`tangents`: one per traced argument) and
   * adjoint (`cotangent`: mirrors the outputs, `true` for ones).
   *
   * @example
   * program.toDot({ tangents: [1, 0], cotangent: true });
   */
  toDot(opts: GraphOptions = {}): string {
    return programToDot(this, opts);
  }

  /**
   * The computational graph as a Mermaid flowchart (renders in GitHub Markdown); options as `toDot`.
   *
   * @example
   * "```mermaid\n" + program.toMermaid() + "\n```";
   */
  toMermaid(opts: GraphOptions = {}): string {
    return programToMermaid(this, opts);
  }

  /**
   * The computational graph as an SVG image, laid out by Graphviz (`@viz-js/viz`, WebAssembly,
   * loaded on first use); options as `toDot`.
   *
   * @example
   * await writeFile("graph.svg", await program.toSVG());
   */
  toSVG(opts: GraphOptions = {}): Promise<string> {
    return programToSVG(this, opts);
  }
}

/** Params reduced to JSON-safe data (functions of higher-order primitives become their names). */
function jsonParams(params: unknown): unknown {
  if (params === null || typeof params !== "object") return params;
  if (Array.isArray(params)) return params.map(jsonParams);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (typeof v === "function") continue;
    if (v !== null && typeof v === "object" && "call" in v && "name" in v) out[k] = (v as { name: string }).name;
    else out[k] = jsonParams(v);
  }
  return out;
}
