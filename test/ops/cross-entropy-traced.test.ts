// crossEntropy with labels that are traced (compile, trace): built from ops instead of reading the
// labels, equal to the eager result, and NaN (not an exception, not a dropped example) for a label
// out of range.
import { describe, expect, it } from "vitest";
import { compile, crossEntropy, randn, tensor, trace, valueAndGrad, type Tensor } from "../../src/index.js";

const logits = randn([5, 4], { dtype: "float64", seed: 3 }).mul(3);
const labels = tensor([0, 3, 1, 1, 2], { dtype: "int32" });

describe("crossEntropy with traced labels", () => {
  it("compile: the labels can be an argument; value and gradient equal the eager ones", () => {
    const loss = (z: Tensor, y: Tensor): Tensor => crossEntropy(z, y);
    expect(compile(loss)(logits, labels).item()).toBeCloseTo(crossEntropy(logits, labels).item(), 14);
    const [v, g] = compile(valueAndGrad(loss))(logits, labels) as unknown as [Tensor, Tensor];
    const [v0, g0] = valueAndGrad(loss)(logits, labels) as unknown as [Tensor, Tensor];
    expect(v.item()).toBeCloseTo(v0.item(), 14);
    const [a, b] = [g.data(), g0.data()];
    for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 14);
    for (const reduction of ["sum", "none"] as const)
      expect(compile((z: Tensor, y: Tensor) => crossEntropy(z, y, { reduction }))(logits, labels).toArray()).toEqual(
        crossEntropy(logits, labels, { reduction }).toArray(),
      );
  });

  it("a label out of range gives NaN for its example when traced (the eager call raises)", () => {
    const bad = tensor([0, 4, 1, -1, 2], { dtype: "int32" });
    const perExample = compile((z: Tensor, y: Tensor) => crossEntropy(z, y, { reduction: "none" }))(logits, bad).toArray() as number[];
    expect(perExample.map(Number.isNaN)).toEqual([false, true, false, true, false]);
    expect(() => crossEntropy(logits, bad)).toThrow(/label 4 at position 1 is out of range for 4 classes/);
  });

  it("trace records it as a program", () => {
    const program = trace((z: Tensor, y: Tensor) => crossEntropy(z, y), logits, labels);
    expect(program.toString()).toMatch(/= v\d+ == \[4\]\(0, 1, 2, 3\)/); // the one-hot comparison with the class indices
  });
});
