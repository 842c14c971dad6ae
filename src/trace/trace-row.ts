import type { Tensor } from "../tensor/tensor.js";
import { formatValue } from "./format-value.js";

/**
 * One line of a trace table, e.g. `v̇2 = v̇−1 × v0 + v̇0 × v−1 = 1 × 5 + 0 × 2 = 5` or
 * `v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v−1 = 1.716`.
 */
export interface TraceRow {
  /**
   * `input`/`equation`/`output` in primal and tangent traces; `seed` (v̄ = ȳ), `step` (one
   * chain-rule contribution) and `result` (x̄ = v̄) in the adjoint trace.
   */
  readonly kind: "input" | "equation" | "output" | "seed" | "step" | "result";
  /** The left-hand side: `v2`, `v̇2`, `v̄0`, `y`, `ẏ`, `x̄1`. */
  readonly target: string;
  /** The Griewank–Walther index of the variable concerned (for output rows: the output's variable, if any). */
  readonly variable: number | null;
  /** Adjoint steps: the chain-rule form `v̄0 + v̄2 ∂v2/∂v0`; null elsewhere. */
  readonly chain: string | null;
  /** The symbolic right-hand side: `ln v−1`, `v̇−1 / v−1`, `v̄0 + v̄2 × v−1` (null if none can be written). */
  readonly formula: string | null;
  /** The right-hand side with values substituted (`2 × 5`); null for tensors or when there is nothing to substitute. */
  readonly substituted: string | null;
  /** The value assigned. */
  readonly value: Tensor;
}

/**
 * A row as text: its parts joined by ` = `, skipping repeats.
 *
 * @example
 * rowText(row, 3, true); // "v2 = v−1 × v0 = 2 × 5 = 10"
 */
export function rowText(row: TraceRow, digits: number, substitute: boolean): string {
  const parts = [row.target, row.chain, row.formula, substitute ? row.substituted : null, formatValue(row.value, digits)];
  const kept: string[] = [];
  for (const p of parts) if (p !== null && p !== kept[kept.length - 1]) kept.push(p);
  return kept.join(" = ");
}

/** A row as plain data (the value as a number or nested arrays) plus its text. */
export function rowJSON(row: TraceRow, digits: number, substitute: boolean): object {
  return {
    kind: row.kind,
    target: row.target,
    variable: row.variable,
    ...(row.chain !== null && { chain: row.chain }),
    formula: row.formula,
    substituted: row.substituted,
    value: row.value.toArray(),
    text: rowText(row, digits, substitute),
  };
}
