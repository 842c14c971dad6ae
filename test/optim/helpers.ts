import { expect } from "vitest";
import { tensor, type Tensor } from "../../src/index.js";
import { treeLeaves, type ParamTree } from "../../src/optim/tree.js";

/** A float64 tensor. */
export const f64 = (x: Parameters<typeof tensor>[0]): Tensor => tensor(x, { dtype: "float64" });

/** The elements of a tree, flattened. */
export const flat = (t: ParamTree): number[] => treeLeaves(t).flatMap((l) => Array.from(l.data()));

/** Every element of `actual` within `tol` of `expected` (nested arrays or tensors). */
export function expectClose(actual: ParamTree | number[] | number, expected: unknown, tol = 1e-6): void {
  const a = typeof actual === "number" ? [actual] : Array.isArray(actual) && typeof actual[0] === "number" ? (actual as number[]) : flat(actual as ParamTree);
  const e = typeof expected === "number" ? [expected] : (expected as unknown[]).flat(Infinity as 1) as number[];
  expect(a.length).toBe(e.length);
  a.forEach((v, i) => {
    if (Math.abs(v - e[i]!) > tol) throw new Error(`element ${i}: ${v} vs expected ${e[i]} (tol ${tol})\nactual:   ${JSON.stringify(a)}\nexpected: ${JSON.stringify(e)}`);
  });
}

/** Bitwise equality of two trees' elements. */
export function expectBitEqual(a: ParamTree, b: ParamTree): void {
  const x = flat(a);
  const y = flat(b);
  expect(x.length).toBe(y.length);
  x.forEach((v, i) => {
    if (!Object.is(v, y[i])) throw new Error(`element ${i}: ${v} !== ${y[i]}`);
  });
}
