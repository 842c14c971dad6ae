import type { Equation } from "./equation.js";
import { MINUS } from "./format-value.js";
import { notationOf, type Factor } from "./notation.js";

/** Texts of one equation's operands, tangents and output, as names or as substituted values. */
export interface EquationTexts {
  /** The operands: `v−1`, `v0`, or their values. */
  readonly operands: readonly string[];
  /** The operands' tangents (`v̇−1` or a value); null for constants, which have none. */
  readonly tangents: readonly (string | null)[];
  /** The output: `v1`, or its value. */
  readonly output: string;
}

function tangentTerm(f: Factor, t: string): [1 | -1, string] {
  if (f === 1) return [1, t];
  if (f === -1) return [-1, t];
  return "times" in f ? [1, `${t} × ${f.times}`] : [1, `${t} / ${f.over}`];
}

function joinTerms(terms: readonly [1 | -1, string][]): string {
  if (terms.length === 0) return "0";
  return terms.map(([sign, text], i) => (i === 0 ? (sign < 0 ? `${MINUS}${text}` : text) : `${sign < 0 ? ` ${MINUS}` : " +"} ${text}`)).join("");
}

/**
 * The tangent of output `k` by the chain rule, written with the primitive's partials:
 * `v̇−1 × v0 + v̇0 × v−1`. Without a template for the partials it is `∂v3/∂v1 · v̇1 + …` when
 * `texts` are names, and null when they are values (nothing to substitute into).
 *
 * @example
 * tangentText(mulEquation, 0, { operands: ["v−1", "v0"], tangents: ["v̇−1", "v̇0"], output: "v2" }, true);
 * // "v̇−1 × v0 + v̇0 × v−1"
 */
export function tangentText(eq: Equation, k: number, texts: EquationTexts, symbolic: boolean): string | null {
  if (!eq.prim.differentiable) return "0";
  const n = notationOf(eq.prim);
  const suffix = eq.outputs.length > 1 ? `[${k}]` : "";
  if (n.tangent !== undefined) return n.tangent(texts.tangents, texts.operands, eq.params as never) + suffix;
  if (n.partial === undefined && !symbolic) return null;
  const terms: [1 | -1, string][] = [];
  texts.tangents.forEach((t, i) => {
    if (t === null) return;
    if (n.partial !== undefined) terms.push(tangentTerm(n.partial(i, texts.operands, texts.output, eq.params as never), t));
    else terms.push([1, `∂${texts.output}/∂${texts.operands[i]} · ${t}`]);
  });
  return joinTerms(terms);
}

/** The chain-rule form of an adjoint contribution: `v̄2 ∂v2/∂v0`, preceded by `v̄0 + ` when accumulating. */
export function adjointChain(previous: string | null, outputAdjoints: readonly (string | null)[], outputs: readonly string[], operand: string): string {
  const terms = outputAdjoints.flatMap((a, k) => (a === null ? [] : [`${a} ∂${outputs[k]}/∂${operand}`]));
  return (previous !== null ? `${previous} + ` : "") + terms.join(" + ");
}

/**
 * An adjoint contribution with the primitive's partial written out: `v̄2 × v−1`, `v̄1 / v−1`,
 * `v̄5 × (−1)`; preceded by `previous + ` when accumulating. Null when the primitive has no
 * template for its partials (or several outputs).
 *
 * @example
 * adjointText(mulEquation, 1, "v̄0", "v̄2", { operands: ["v−1", "v0"], tangents: [], output: "v2" }); // "v̄0 + v̄2 × v−1"
 */
export function adjointText(eq: Equation, position: number, previous: string | null, outputAdjoint: string, texts: EquationTexts): string | null {
  const n = notationOf(eq.prim);
  if (n.partial === undefined || eq.outputs.length !== 1) return null;
  const f = n.partial(position, texts.operands, texts.output, eq.params as never);
  const term =
    f === 1 ? `${outputAdjoint} × 1` : f === -1 ? `${outputAdjoint} × (${MINUS}1)` : "times" in f ? `${outputAdjoint} × ${f.times}` : `${outputAdjoint} / ${f.over}`;
  return (previous !== null ? `${previous} + ` : "") + term;
}
