import { isFloat } from "../core/dtype.js";
import { add } from "../primitives/binary/add.js";
import type { MaybeTensor } from "../primitives/primitive.js";
import type { Tensor } from "../tensor/tensor.js";
import { Variable, type Equation } from "./equation.js";
import { concreteValue } from "./forward-sweep.js";
import type { Program } from "./program.js";

/** One assignment of the reverse sweep: a seed v̄ = ȳ, or a contribution v̄_j (+)= v̄_i ∂v_i/∂v_j. */
export interface AdjointStep {
  /** `seed`: the cotangent of an output; `step`: a contribution from one operand of an equation. */
  readonly kind: "seed" | "step";
  /** The variable whose adjoint is assigned. */
  readonly target: Variable;
  /** The equation the contribution comes from (null for seeds). */
  readonly equation: Equation | null;
  /** Which operand of `equation` the target is (for seeds: which output). */
  readonly position: number;
  /** What this step adds. */
  readonly contribution: Tensor;
  /** The adjoint of `target` after this step. */
  readonly value: Tensor;
  /** The adjoint before this step, when the step accumulates (`v̄0 = v̄0 + …`); null for the first. */
  readonly previous: Tensor | null;
}

/** The result of a reverse sweep: every step in the order it ran, and the final adjoints. */
export interface ReverseSweep {
  readonly steps: readonly AdjointStep[];
  readonly adjoints: ReadonlyMap<Variable, Tensor>;
}

/**
 * Reverse mode over a program: seeds the outputs with `cotangents` (`null` = zero), walks the
 * equations last to first and pulls each adjoint back to the operands with the primitive's own
 * `vjp` rule, accumulating where a variable is used more than once (the notes' two-step v̄0).
 *
 * @example
 * reverseSweep(program, [scalar(1, "float64")]).adjoints; // v̄5 = 1, …, v̄0 = 1.716, v̄−1 = 5.5
 */
export function reverseSweep(program: Program, cotangents: readonly MaybeTensor[]): ReverseSweep {
  const adjoints = new Map<Variable, Tensor>();
  const steps: AdjointStep[] = [];
  const accumulate = (kind: AdjointStep["kind"], target: Variable, equation: Equation | null, position: number, ct: Tensor) => {
    const previous = adjoints.get(target) ?? null;
    const value = previous === null ? ct : add(previous, ct);
    adjoints.set(target, value);
    steps.push({ kind, target, equation, position, contribution: ct, value, previous });
  };
  program.outputs.forEach((a, k) => {
    const ct = cotangents[k] ?? null;
    if (a instanceof Variable && ct !== null && isFloat(a.value.dtype)) accumulate("seed", a, null, k, ct);
  });
  for (let e = program.equations.length - 1; e >= 0; e--) {
    const eq = program.equations[e]!;
    const cts: MaybeTensor[] = eq.outputs.map((o) => adjoints.get(o) ?? null);
    if (!eq.prim.differentiable || cts.every((c) => c === null)) continue;
    const primals = eq.inputs.map(concreteValue);
    const residuals = eq.prim.fwd !== undefined ? eq.prim.fwd(primals, eq.params)[1] : undefined;
    const inCts = eq.prim.vjp(primals, eq.outputs.map(concreteValue), cts, eq.params, residuals);
    eq.inputs.forEach((a, i) => {
      const ct = inCts[i] ?? null;
      if (a instanceof Variable && ct !== null && isFloat(a.value.dtype)) accumulate("step", a, eq, i, ct);
    });
  }
  return { steps, adjoints };
}
