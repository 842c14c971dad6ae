// Registry-driven sparsity suite: every registered primitive has a sparsity rule, and on random
// float64 inputs of every testSpec case the detected Jacobian and Hessian patterns contain every
// nonzero of the dense Jacobian (one JVP per input element) and of the dense Hessian of a random
// weighting of the outputs (one HVP per input element). Integer operands are closed over: constants.
import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { isFloat } from "../../src/core/dtype.js";
import { randomStream } from "../../src/core/random.js";
import { bind } from "../../src/primitives/bind.js";
import type { AnyPrimitive, TestCase } from "../../src/primitives/primitive.js";
import { allPrimitives } from "../../src/primitives/registry.js";
import { hessianSparsity, jacobianSparsity } from "../../src/sparse/detect.js";
import { sparsityRules } from "../../src/sparse/sparsity-rules.js";
import type { SparsityPattern } from "../../src/sparse/sparsity-pattern.js";
import { fromData } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { hvp } from "../../src/transforms/hessian.js";
import { jvp } from "../../src/transforms/jvp.js";
import { sampleArgs } from "../../src/testing/sample-args.js";
import { add, mul, sum, tensor } from "../../src/index.js";

const prims = allPrimitives();

function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Unit vector e_j over the float leaves, split per leaf. */
function basis(leaves: readonly Tensor[], j: number): Tensor[] {
  let at = 0;
  return leaves.map((l) => {
    const d = new Float64Array(l.size);
    if (j >= at && j < at + l.size) d[j - at] = 1;
    at += l.size;
    return fromData(d, l.shape, "float64");
  });
}

/** The entries (row, col) of a pattern as a set of "r,c" strings. */
const entries = (p: SparsityPattern): Set<string> => new Set(Array.from(p.rows, (r, k) => `${r},${p.cols[k]}`));

/** Every (row, column) whose |value| exceeds the rounding floor must be in the pattern. */
function missing(columns: readonly (readonly number[])[], pattern: Set<string>): string[] {
  const out: string[] = [];
  columns.forEach((col, j) => col.forEach((v, i) => Math.abs(v) > 1e-12 && !pattern.has(`${i},${j}`) && out.push(`(${i}, ${j}) = ${v}`)));
  return out;
}

describe("sparsity rules", () => {
  it("every registered primitive has a sparsity rule", () => {
    const without = prims.filter((p) => !Object.hasOwn(sparsityRules, p.name)).map((p) => p.name);
    expect(without, `primitives without a sparsity rule: ${without.join(", ")}`).toEqual([]);
  });
});

function suite(prim: AnyPrimitive, c: TestCase<unknown>, k: number): void {
  for (const draw of [0, 1]) {
    const name = `${prim.name} case ${k} draw ${draw}`;
    it(`${name}: pattern contains the dense Jacobian's and Hessian's nonzeros`, () => {
      const args = sampleArgs(c.args, randomStream(seedOf(name)));
      const floats = args.flatMap((a, i) => (isFloat(a.dtype) ? [i] : []));
      const withFloats = (xs: readonly Tensor[]): Tensor[] => {
        const all = args.slice();
        floats.forEach((i, k2) => (all[i] = xs[k2]!));
        return all;
      };
      const f = (...xs: Tensor[]): Tensor[] => bind(prim, withFloats(xs), c.params);
      if (floats.length === 0) {
        // No float operand: nothing to differentiate; traced at its (bool/int) operands, the pattern is empty.
        expect(jacobianSparsity((...xs: Tensor[]) => bind(prim, xs, c.params), ...args).nnz).toBe(0);
        return;
      }
      const leaves = floats.map((i) => args[i]!);
      const n = leaves.reduce((s, l) => s + l.size, 0);
      const jp = jacobianSparsity(f, ...leaves);
      const jcols: number[][] = [];
      for (let j = 0; j < n; j++) {
        const [, t] = jvp(f, leaves, basis(leaves, j)) as [Tensor[], Tensor[]];
        jcols.push(t.flatMap((x) => Array.from(x.data(), Number)));
      }
      expect(jp.shape).toEqual([jcols[0]?.length ?? jp.shape[0], n]);
      expect(missing(jcols, entries(jp)), `${name}: Jacobian nonzeros outside the detected pattern`).toEqual([]);
      if (!prim.differentiable) return;
      // A scalar of all float outputs with fixed uneven weights: its Hessian exercises the second-order rules.
      const s = (...xs: Tensor[]): Tensor =>
        f(...xs)
          .filter((o) => isFloat(o.dtype))
          .map((o, i) => sum(mul(o, tensor(Array.from({ length: o.size }, (_, e) => Math.cos(1 + 1.3 * e + i)), { dtype: o.dtype, shape: o.shape.slice() }))))
          .reduce((a, b) => add(a, b));
      const hp = hessianSparsity(s, ...leaves);
      const hcols: number[][] = [];
      for (let j = 0; j < n; j++) hcols.push((hvp(s, leaves, basis(leaves, j)) as Tensor[]).flatMap((x) => Array.from(x.data(), Number)));
      expect(missing(hcols, entries(hp)), `${name}: Hessian nonzeros outside the detected pattern`).toEqual([]);
    });
  }
}

for (const prim of prims) describe(prim.name, () => (prim.testSpec ?? []).forEach((c, k) => suite(prim, c as TestCase<unknown>, k)));
