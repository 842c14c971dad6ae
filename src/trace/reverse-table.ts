import { isFloat } from "../core/dtype.js";
import { onesLike, zerosLike } from "../tensor/creation.js";
import { unflattenValues, type AnyFunction } from "../transforms/tree-values.js";
import type { TableTextOptions } from "./forward-table.js";
import type { Program } from "./program.js";
import { reverseSweep } from "./reverse-sweep.js";
import { programAt, seedsFor, type TableOptions } from "./table-inputs.js";
import { adjointRows, primalRows } from "./table-rows.js";
import { markdownColumns, textColumns } from "./text-table.js";
import { rowJSON, rowText, type TraceRow } from "./trace-row.js";

const HEADERS = ["Forward primal trace", "Reverse adjoint (derivative) trace ↑"] as const;

/**
 * The forward primal trace beside the reverse adjoint trace: data (`primal`, `adjoint` rows in the
 * order the sweep runs) and text in the textbook layout (Griewank & Walther; Baydin et al. 2018).
 */
export class ReverseTable {
  /** Not for users: `reverseTable(f, args, cotangent)` makes tables. */
  constructor(
    /** The traced program. */
    readonly program: Program,
    /** The primal trace, v_{1−n} … v_l and the outputs. */
    readonly primal: readonly TraceRow[],
    /** The adjoint trace in execution order: seeds (v̄_l = ȳ), steps, results (x̄_i = v̄_{i−n}). */
    readonly adjoint: readonly TraceRow[],
    /** f's outputs, in f's output structure. */
    readonly outputs: unknown,
    /** The gradients x̄ (the vector-Jacobian product), an array with one entry per argument. */
    readonly gradients: unknown,
    /** Decimals of the printed values. */
    readonly digits: number,
  ) {}

  /**
   * The adjoint column as the textbook prints it, top to bottom: the results x̄1 … x̄n, then the
   * sweep from its last step up to its seed, so that it reads upwards like the sweep runs.
   */
  get adjointColumn(): TraceRow[] {
    const results = this.adjoint.filter((r) => r.kind === "result");
    return [...results, ...this.adjoint.filter((r) => r.kind !== "result").reverse()];
  }

  /** The two columns as aligned text (the adjoint column reads upwards). */
  toString(opts: TableTextOptions = {}): string {
    const s = opts.substitute ?? false;
    return textColumns(HEADERS, this.primal.map((r) => rowText(r, this.digits, true)), this.adjointColumn.map((r) => rowText(r, this.digits, s)));
  }

  /** The two columns as a Markdown table. */
  toMarkdown(opts: TableTextOptions = {}): string {
    const s = opts.substitute ?? false;
    return markdownColumns(HEADERS, this.primal.map((r) => rowText(r, this.digits, true)), this.adjointColumn.map((r) => rowText(r, this.digits, s)));
  }

  /** Rows as plain data (adjoint rows in execution order). */
  toJSON(): object {
    return {
      primal: this.primal.map((r) => rowJSON(r, this.digits, true)),
      adjoint: this.adjoint.map((r) => rowJSON(r, this.digits, true)),
    };
  }
}

/**
 * Reverse mode as the textbook tabulates it: traces `f` at `args`, seeds the outputs with
 * `cotangent` (mirroring f's output; default 1 for every output element, i.e. ȳ = 1) and sweeps
 * the adjoints back with each primitive's own vjp rule, showing every accumulation.
 *
 * @example
 * const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));
 * console.log(reverseTable(f, [2, 5]).toString());
 * // … v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v−1 = 1.716 … x̄1 = v̄−1 = 5.5
 */
export function reverseTable(f: AnyFunction | Program, args: readonly unknown[], cotangent?: unknown, opts: TableOptions = {}): ReverseTable {
  const program = programAt(f, args, opts, "reverseTable");
  const outValues = program.outputs.map((a) => a.value);
  const seeds =
    cotangent === undefined
      ? outValues.map((v) => (isFloat(v.dtype) ? onesLike(v) : null))
      : seedsFor(cotangent, program.outputDef, outValues, "reverseTable", "cotangent");
  const sweep = reverseSweep(program, seeds);
  const digits = opts.digits ?? 3;
  const grads = program.inputs.map((v) => sweep.adjoints.get(v) ?? zerosLike(v.value));
  return new ReverseTable(
    program,
    primalRows(program, digits),
    adjointRows(program, sweep, digits),
    unflattenValues(program.outputDef, outValues),
    unflattenValues(program.inputDef, grads),
    digits,
  );
}
