import { isFloat } from "../core/dtype.js";
import type { MaybeTensor } from "../primitives/primitive.js";
import { zeros } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { adjointChain, adjointText, tangentText, type EquationTexts } from "./derivative-text.js";
import { Literal, Variable, type Equation } from "./equation.js";
import { operandText, primalFormula, primalSubstituted, substitutable, substitutedValue } from "./equation-text.js";
import { adjointName, markName, tangentName, varName } from "./notation.js";
import type { Program } from "./program.js";
import { formatValue } from "./format-value.js";
import type { ReverseSweep } from "./reverse-sweep.js";
import type { TraceRow } from "./trace-row.js";

/** A zero shown for a value that carries no tangent or adjoint. */
function zeroLike(t: Tensor): Tensor {
  return zeros([...t.shape], { dtype: isFloat(t.dtype) ? t.dtype : "float32" });
}

const row = (r: Partial<TraceRow> & Pick<TraceRow, "kind" | "target" | "value">): TraceRow => ({
  variable: null,
  chain: null,
  formula: null,
  substituted: null,
  ...r,
});

/**
 * The forward primal trace (§2.1 of the notes): `v−1 = x1 = 2`, `v1 = ln v−1 = ln 2 = 0.693`, …,
 * `y = v5 = 11.652`.
 */
export function primalRows(program: Program, digits: number): TraceRow[] {
  const rows: TraceRow[] = program.inputs.map((v) => row({ kind: "input", target: varName(v.index), variable: v.index, formula: v.name, value: v.value }));
  for (const eq of program.equations)
    eq.outputs.forEach((o, k) =>
      rows.push(
        row({ kind: "equation", target: varName(o.index), variable: o.index, formula: primalFormula(eq, k), substituted: primalSubstituted(eq, digits, k), value: o.value }),
      ),
    );
  const names = program.outputNames;
  program.outputs.forEach((a, k) =>
    rows.push(row({ kind: "output", target: names[k]!, variable: a instanceof Variable ? a.index : null, formula: operandText(a), value: a.value })),
  );
  return rows;
}

function symbolicTexts(eq: Equation, o: Variable): EquationTexts {
  return {
    operands: eq.inputs.map(operandText),
    tangents: eq.inputs.map((a) => (a instanceof Variable && isFloat(a.value.dtype) ? tangentName(a.index) : null)),
    output: varName(o.index),
  };
}

function valueTexts(eq: Equation, o: Variable, digits: number, tangentOf: (v: Variable) => Tensor): EquationTexts {
  const value = (a: Variable | Literal) => (a instanceof Literal ? operandText(a) : substitutedValue(a.value, digits));
  return {
    operands: eq.inputs.map(value),
    tangents: eq.inputs.map((a) => (a instanceof Variable && isFloat(a.value.dtype) ? substitutedValue(tangentOf(a), digits) : null)),
    output: substitutedValue(o.value, digits),
  };
}

/**
 * The forward tangent trace (§2.4): `v̇−1 = ẋ1 = 1`, `v̇2 = v̇−1 × v0 + v̇0 × v−1 = 1 × 5 + 0 × 2 = 5`,
 * …, `ẏ = v̇5 = 5.5`, from the tangents of a `forwardSweep`.
 */
export function tangentRows(program: Program, tangents: ReadonlyMap<Variable, MaybeTensor>, digits: number): TraceRow[] {
  const tangentOf = (v: Variable): Tensor => tangents.get(v) ?? zeroLike(v.value);
  const rows: TraceRow[] = program.inputs.map((v) =>
    row({ kind: "input", target: tangentName(v.index), variable: v.index, formula: markName(v.name ?? "x", "dot"), value: tangentOf(v) }),
  );
  for (const eq of program.equations) {
    const scalarTangents = eq.inputs.every((a) => !(a instanceof Variable) || tangentOf(a).size === 1);
    eq.outputs.forEach((o, k) => {
      const substituted = substitutable(eq) && scalarTangents ? tangentText(eq, k, valueTexts(eq, o, digits, tangentOf), false) : null;
      rows.push(
        row({ kind: "equation", target: tangentName(o.index), variable: o.index, formula: tangentText(eq, k, symbolicTexts(eq, o), true), substituted, value: tangentOf(o) }),
      );
    });
  }
  const names = program.outputNames;
  program.outputs.forEach((a, k) => {
    const isVar = a instanceof Variable;
    rows.push(
      row({
        kind: "output",
        target: markName(names[k]!, "dot"),
        variable: isVar ? a.index : null,
        formula: isVar ? tangentName(a.index) : "0",
        value: isVar ? tangentOf(a) : zeroLike(a.value),
      }),
    );
  });
  return rows;
}

/**
 * The reverse adjoint trace (§2.6) in the order it runs: seeds `v̄5 = ȳ = 1`, one step per
 * operand of each equation from the last equation to the first (`v̄0 = v̄3 ∂v3/∂v0 = v̄3 × cos v0`,
 * later `v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v−1`), then the results `x̄1 = v̄−1`.
 */
export function adjointRows(program: Program, sweep: ReverseSweep, digits: number): TraceRow[] {
  const names = program.outputNames;
  const rows: TraceRow[] = [];
  for (const s of sweep.steps) {
    const target = adjointName(s.target.index);
    const previous = s.previous === null ? null : target;
    if (s.kind === "seed") {
      const ybar = markName(names[s.position]!, "bar");
      rows.push(row({ kind: "seed", target, variable: s.target.index, formula: previous === null ? ybar : `${previous} + ${ybar}`, value: s.value }));
      continue;
    }
    const eq = s.equation!;
    const outAdjoints = eq.outputs.map((o) => (sweep.adjoints.has(o) ? adjointName(o.index) : null));
    const chain = adjointChain(previous, outAdjoints, eq.outputs.map((o) => varName(o.index)), varName(s.target.index));
    const o = eq.outputs[0]!;
    const formula = adjointText(eq, s.position, previous, adjointName(o.index), symbolicTexts(eq, o));
    const ct = sweep.adjoints.get(o);
    const substituted =
      substitutable(eq) && ct !== undefined && ct.size === 1
        ? adjointText(
            eq,
            s.position,
            s.previous === null ? null : formatValue(s.previous, digits),
            substitutedValue(ct, digits),
            valueTexts(eq, o, digits, () => ct),
          )
        : null;
    rows.push(row({ kind: "step", target, variable: s.target.index, chain, formula, substituted, value: s.value }));
  }
  for (const v of program.inputs)
    rows.push(
      row({
        kind: "result",
        target: markName(v.name ?? "x", "bar"),
        variable: v.index,
        formula: adjointName(v.index),
        value: sweep.adjoints.get(v) ?? zeroLike(v.value),
      }),
    );
  return rows;
}
