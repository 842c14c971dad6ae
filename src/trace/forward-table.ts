import type { MaybeTensor } from "../primitives/primitive.js";
import { zerosLike } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { unflattenValues, type AnyFunction } from "../transforms/tree-values.js";
import { Variable } from "./equation.js";
import { forwardSweep } from "./forward-sweep.js";
import type { Program } from "./program.js";
import { programAt, seedsFor, type TableOptions } from "./table-inputs.js";
import { primalRows, tangentRows } from "./table-rows.js";
import { markdownColumns, textColumns } from "./text-table.js";
import { rowJSON, rowText, type TraceRow } from "./trace-row.js";

/** Options of the text of a table. */
export interface TableTextOptions {
  /**
   * Substitute values into the derivative column's formulas (`= 1 × 5 + 0 × 2`); default true for
   * forward tables, false for reverse ones, as textbooks print them. The primal column always substitutes.
   */
  substitute?: boolean;
}

/**
 * The forward primal trace beside the forward tangent trace: data (`primal`,
 * `tangent` rows) and text (`toString`, `toMarkdown`).
 */
export class ForwardTable {
  /** Not for users: `forwardTable(f, args, tangents)` makes tables. */
  constructor(
    /** The traced program. */
    readonly program: Program,
    /** The primal trace, v_{1−n} … v_l and the outputs. */
    readonly primal: readonly TraceRow[],
    /** The tangent trace, v̇_{1−n} … v̇_l and ẏ. */
    readonly tangent: readonly TraceRow[],
    /** f's outputs, in f's output structure. */
    readonly outputs: unknown,
    /** The outputs' tangents (the Jacobian-vector product), in f's output structure. */
    readonly outputTangents: unknown,
    /** Decimals of the printed values. */
    readonly digits: number,
  ) {}

  /** The two columns as aligned text. */
  toString(opts: TableTextOptions = {}): string {
    const s = opts.substitute ?? true;
    return textColumns(
      ["Forward primal trace", "Forward tangent (derivative) trace"],
      this.primal.map((r) => rowText(r, this.digits, true)),
      this.tangent.map((r) => rowText(r, this.digits, s)),
    );
  }

  /** The two columns as a Markdown table. */
  toMarkdown(opts: TableTextOptions = {}): string {
    const s = opts.substitute ?? true;
    return markdownColumns(
      ["Forward primal trace", "Forward tangent (derivative) trace"],
      this.primal.map((r) => rowText(r, this.digits, true)),
      this.tangent.map((r) => rowText(r, this.digits, s)),
    );
  }

  /** Rows as plain data. */
  toJSON(): object {
    return {
      primal: this.primal.map((r) => rowJSON(r, this.digits, true)),
      tangent: this.tangent.map((r) => rowJSON(r, this.digits, true)),
    };
  }
}

/**
 * Forward mode as the textbook tabulates it: traces `f` at `args` and computes the tangent of every
 * variable from the input `tangents` (mirroring `args`) with each primitive's own jvp rule.
 *
 * @example
 * const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));
 * console.log(forwardTable(f, [2, 5], [1, 0]).toString());
 * // v1 = ln v−1 = ln 2 = 0.693   │ v̇1 = v̇−1 / v−1 = 1 / 2 = 0.5   …   ẏ = v̇5 = 5.5
 */
export function forwardTable(f: AnyFunction | Program, args: readonly unknown[], tangents: readonly unknown[], opts: TableOptions = {}): ForwardTable {
  const program = programAt(f, args, opts, "forwardTable");
  const seeds = seedsFor(tangents, program.inputDef, program.inputs.map((v) => v.value), "forwardTable", "tangents");
  const sweep = forwardSweep(program, seeds);
  const digits = opts.digits ?? 3;
  const outTangents = program.outputs.map((a): Tensor => {
    const t: MaybeTensor = a instanceof Variable ? (sweep.get(a) ?? null) : null;
    return t ?? zerosLike(a.value);
  });
  return new ForwardTable(
    program,
    primalRows(program, digits),
    tangentRows(program, sweep, digits),
    unflattenValues(program.outputDef, program.outputs.map((a) => a.value)),
    unflattenValues(program.outputDef, outTangents),
    digits,
  );
}
