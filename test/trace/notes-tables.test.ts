import { describe, expect, it } from "vitest";
import { add, log, mul, sin, sub, type Tensor } from "../../src/index.js";
import { parseExpression } from "../../src/trace/expression/parse-expression.js";
import { forwardTable } from "../../src/trace/forward-table.js";
import { reverseTable } from "../../src/trace/reverse-table.js";
import { rowText } from "../../src/trace/trace-row.js";

// The worked example of the design notes (§2.1, §2.4, §2.6): f(x1, x2) = ln(x1) + x1·x2 − sin(x2) at (2, 5).
const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));
const texts = (rows: readonly import("../../src/trace/trace-row.js").TraceRow[], substitute = true) => rows.map((r) => rowText(r, 3, substitute));
const values = (rows: readonly { value: Tensor }[]) => rows.map((r) => r.value.item());

const primalTrace = [
  "v−1 = x1 = 2",
  "v0 = x2 = 5",
  "v1 = ln v−1 = ln 2 = 0.693",
  "v2 = v−1 × v0 = 2 × 5 = 10",
  "v3 = sin v0 = sin 5 = −0.959",
  "v4 = v1 + v2 = 0.693 + 10 = 10.693",
  "v5 = v4 − v3 = 10.693 − (−0.959) = 11.652",
  "y = v5 = 11.652",
];
const primalValues = [2, 5, Math.log(2), 10, Math.sin(5), Math.log(2) + 10, Math.log(2) + 10 - Math.sin(5), Math.log(2) + 10 - Math.sin(5)];

describe("the notes' tables, for f(x1, x2) = ln(x1) + x1·x2 − sin(x2) at (2, 5)", () => {
  for (const [name, fn] of [
    ["a TypeScript function", f],
    ["a parsed expression", parseExpression("ln(x1) + x1*x2 - sin(x2)").fn],
  ] as const) {
    it(`§2.1 forward primal trace (${name})`, () => {
      const table = forwardTable(fn, [2, 5], [1, 0]);
      expect(texts(table.primal)).toEqual(primalTrace);
      values(table.primal).forEach((v, i) => expect(v).toBeCloseTo(primalValues[i]!, 12));
    });

    it(`§2.4 forward tangent trace with ẋ1 = 1 (${name})`, () => {
      const table = forwardTable(fn, [2, 5], [1, 0]);
      expect(texts(table.tangent)).toEqual([
        "v̇−1 = ẋ1 = 1",
        "v̇0 = ẋ2 = 0",
        "v̇1 = v̇−1 / v−1 = 1 / 2 = 0.5",
        "v̇2 = v̇−1 × v0 + v̇0 × v−1 = 1 × 5 + 0 × 2 = 5",
        "v̇3 = v̇0 × cos v0 = 0 × cos 5 = 0",
        "v̇4 = v̇1 + v̇2 = 0.5 + 5 = 5.5",
        "v̇5 = v̇4 − v̇3 = 5.5 − 0 = 5.5",
        "ẏ = v̇5 = 5.5",
      ]);
      values(table.tangent).forEach((v, i) => expect(v).toBeCloseTo([1, 0, 0.5, 5, 0, 5.5, 5.5, 5.5][i]!, 12));
      expect((table.outputTangents as Tensor).item()).toBeCloseTo(5.5, 12);
    });

    it(`§2.6 reverse adjoint trace, with the two-step accumulations of v̄0 and v̄−1 (${name})`, () => {
      const table = reverseTable(fn, [2, 5]);
      expect(texts(table.primal)).toEqual(primalTrace);
      // As the notes print it: results on top, then the sweep read upwards from its seed v̄5 = ȳ.
      expect(texts(table.adjointColumn, false)).toEqual([
        "x̄1 = v̄−1 = 5.5",
        "x̄2 = v̄0 = 1.716",
        "v̄−1 = v̄−1 + v̄1 ∂v1/∂v−1 = v̄−1 + v̄1 / v−1 = 5.5",
        "v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v−1 = 1.716",
        "v̄−1 = v̄2 ∂v2/∂v−1 = v̄2 × v0 = 5",
        "v̄0 = v̄3 ∂v3/∂v0 = v̄3 × cos v0 = −0.284",
        "v̄2 = v̄4 ∂v4/∂v2 = v̄4 × 1 = 1",
        "v̄1 = v̄4 ∂v4/∂v1 = v̄4 × 1 = 1",
        "v̄3 = v̄5 ∂v5/∂v3 = v̄5 × (−1) = −1",
        "v̄4 = v̄5 ∂v5/∂v4 = v̄5 × 1 = 1",
        "v̄5 = ȳ = 1",
      ]);
      // In execution order, as numbers.
      const cos5 = Math.cos(5);
      expect(table.adjoint.map((r) => [r.kind, r.target])).toEqual([
        ["seed", "v̄5"], ["step", "v̄4"], ["step", "v̄3"], ["step", "v̄1"], ["step", "v̄2"], ["step", "v̄0"],
        ["step", "v̄−1"], ["step", "v̄0"], ["step", "v̄−1"], ["result", "x̄1"], ["result", "x̄2"],
      ]);
      values(table.adjoint).forEach((v, i) => expect(v).toBeCloseTo([1, 1, -1, 1, 1, -cos5, 5, 2 - cos5, 5.5, 5.5, 2 - cos5][i]!, 12));
      const [g1, g2] = table.gradients as Tensor[];
      expect(g1!.item()).toBeCloseTo(5.5, 12);
      expect(g2!.item()).toBeCloseTo(1.716, 3);
      expect(g2!.item()).toBeCloseTo(2 - cos5, 12);
    });
  }

  it("prints the two-column layout of the notes", () => {
    const text = forwardTable(f, [2, 5], [1, 0]).toString();
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^Forward primal trace +│ Forward tangent \(derivative\) trace$/);
    expect(lines[3]).toBe("v0 = x2 = 5                               │ v̇0 = ẋ2 = 0");
    const reverse = reverseTable(f, [2, 5]).toString().split("\n");
    expect(reverse).toHaveLength(2 + 11);
    expect(reverse[2]).toBe("v−1 = x1 = 2                              │ x̄1 = v̄−1 = 5.5");
    expect(reverse[12]).toBe("                                          │ v̄5 = ȳ = 1");
  });

  it("renders Markdown and JSON", () => {
    const md = reverseTable(f, [2, 5]).toMarkdown();
    expect(md.split("\n")[0]).toBe("| Forward primal trace | Reverse adjoint (derivative) trace ↑ |");
    expect(md).toContain("| v2 = v−1 × v0 = 2 × 5 = 10 | v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v−1 = 1.716 |");
    const json = JSON.parse(JSON.stringify(forwardTable(f, [2, 5], [1, 0]))) as { tangent: { target: string; value: number; formula: string }[] };
    expect(json.tangent[2]).toMatchObject({ target: "v̇1", formula: "v̇−1 / v−1", value: 0.5 });
  });

  it("substitutes values into the adjoint trace when asked", () => {
    const rows = reverseTable(f, [2, 5]).adjoint;
    expect(rowText(rows[7]!, 3, true)).toBe("v̄0 = v̄0 + v̄2 ∂v2/∂v0 = v̄0 + v̄2 × v−1 = −0.284 + 1 × 2 = 1.716");
  });

  it("seeding ẋ2 = 1 gives ∂f/∂x2", () => {
    const table = forwardTable(f, [2, 5], [0, 1]);
    expect(texts(table.tangent).at(-1)).toBe("ẏ = v̇5 = 1.716");
    expect((table.outputTangents as Tensor).item()).toBeCloseTo(2 - Math.cos(5), 12);
  });
});
