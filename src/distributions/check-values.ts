import { ArgumentError } from "../core/errors.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Constraint } from "./constraints.js";

/** The concrete tensor under any tracers, or null where values cannot be read (inside `compile`): then checks are skipped. */
export function concreteOrNull(t: Tensor): Tensor | null {
  let x = t;
  while (x._data === null) {
    const owner = x._owner;
    if (owner === null || x._primal === null || (owner.active && owner.valueReadError !== undefined)) return null;
    x = x._primal;
  }
  return x;
}

/** Index (row-major) of flat position `i` in `shape`, as `[i, j]`. */
function indexOf(i: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let a = shape.length - 1; a >= 0; a--) {
    idx.unshift(i % shape[a]!);
    i = Math.floor(i / shape[a]!);
  }
  return `[${idx.join(", ")}]`;
}

/**
 * The first element (or event) of `value` outside `constraint`, as text (`-1`, `-1 at index [1]`,
 * `[0.5, 0.6] at index [1]`), or null when all are inside or the value cannot be read. O(size).
 */
export function firstViolation(value: Tensor, constraint: Constraint): string | null {
  const c = concreteOrNull(value);
  if (c === null) return null;
  // NOTE: under `compile`, ops on a tensor made before the trace are recorded, not run: the check is then skipped too.
  const checked = concreteOrNull(constraint.check(c));
  if (checked === null) return null;
  const ok = checked.data();
  for (let i = 0; i < ok.length; i++) {
    if (ok[i]) continue;
    const data = c.data();
    const eventShape = c.shape.slice(c.ndim - constraint.eventDim);
    const eventSize = eventShape.reduce((a, b) => a * b, 1);
    const shown = constraint.eventDim === 0 ? String(data[i]) : `[${Array.from(data.subarray(i * eventSize, Math.min((i + 1) * eventSize, i * eventSize + 6))).join(", ")}${eventSize > 6 ? ", …" : ""}]`;
    const batchShape = c.shape.slice(0, c.ndim - constraint.eventDim);
    return batchShape.length === 0 ? shown : `${shown} at index ${indexOf(i, batchShape)}`;
  }
  return null;
}

/** Throws `dist: name must be in <constraint>, got <value>` when a parameter breaks its constraint. */
export function checkParamConstraint(dist: string, name: string, value: Tensor, constraint: Constraint): void {
  const bad = firstViolation(value, constraint);
  if (bad !== null) throw new ArgumentError(`${dist}: ${name} must be in ${constraint.name}, got ${bad}`);
}
