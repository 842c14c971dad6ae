import { describe, expect, it } from "vitest";
import { flatten, mapTree, MAX_TREE_DEPTH, unflatten } from "../../src/core/tree.js";
import { ArgumentError, grad, jvp, mul, sum, tensor, vjp, type Tensor } from "../../src/index.js";

const isNumber = (x: unknown): x is number => typeof x === "number";
const nested = (depth: number): unknown => {
  let t: unknown = 1;
  for (let i = 0; i < depth; i++) t = [t];
  return t;
};

describe("circular and very deep trees raise a clear error instead of overflowing the stack", () => {
  it("flatten names the path that leads back to an ancestor", () => {
    const c: Record<string, unknown> = { a: 1 };
    c.self = c;
    expect(() => flatten(c, isNumber, "grad argument 0")).toThrow(ArgumentError);
    expect(() => flatten(c, isNumber, "grad argument 0")).toThrow("grad argument 0: circular reference: arg.self is arg itself; a tree must not contain itself");
    const inner: unknown[] = [1];
    const outer = { w: [2, { loop: inner }] };
    inner.push(outer.w);
    expect(() => flatten(outer, isNumber)).toThrow("tree: circular reference: arg.w[1].loop[1] is arg.w itself");
  });

  it("a shared (not circular) subtree is fine", () => {
    const shared = [1, 2];
    const [leaves] = flatten({ a: shared, b: shared }, isNumber);
    expect(leaves).toEqual([1, 2, 1, 2]);
  });

  it("depth is bounded with an error naming the depth and the path; the bound itself is accepted", () => {
    const [leaves, def] = flatten(nested(MAX_TREE_DEPTH), isNumber);
    expect(leaves).toEqual([1]);
    expect(unflatten(def, [1])).toEqual(nested(MAX_TREE_DEPTH));
    expect(() => flatten(nested(MAX_TREE_DEPTH + 1), isNumber)).toThrow(`deeper than ${MAX_TREE_DEPTH} levels`);
    expect(() => flatten(nested(20_000), isNumber)).toThrow(`tree: the tree is deeper than ${MAX_TREE_DEPTH} levels at arg[0][0][0][0][0][0]…(`);
    expect(() => mapTree(nested(20_000), (x) => x)).toThrow(ArgumentError);
  });

  it("transforms: a circular argument, non-differentiated argument, output or aux", () => {
    const c: Record<string, unknown> = { w: tensor(1, { dtype: "float64" }) };
    c.self = c;
    const loss = (p: { w: Tensor }) => mul(p.w, p.w);
    expect(() => grad(loss as (p: unknown) => Tensor)(c)).toThrow("grad argument 0: circular reference: arg.self is arg itself");
    expect(() => grad((x: Tensor, _p: unknown) => mul(x, x))(1, c)).toThrow("grad argument 1: circular reference: arg.self is arg itself");
    expect(() => jvp((x: Tensor) => ({ x, c }), [1], [1])).toThrow("jvp output: circular reference: arg.c.self is arg.c itself");
    expect(() => vjp((x: Tensor) => [x, c], 1)).toThrow(ArgumentError);
    expect(() => grad((x: Tensor) => [sum(x), c] as const, { hasAux: true })(1)).toThrow("grad output: circular reference: arg[1].self is arg[1] itself");
    expect(() => grad((x: Tensor) => sum(x))(nested(100_000) as Tensor)).toThrow(`grad argument 0: the tree is deeper than ${MAX_TREE_DEPTH} levels`);
  });

  it("a key named __proto__ stays a key when a tree is rebuilt", () => {
    const tree = JSON.parse('{"__proto__": 1, "a": 2}') as unknown;
    const [leaves, def] = flatten(tree, isNumber);
    const rebuilt = unflatten(def, leaves) as Record<string, unknown>;
    expect(Object.getPrototypeOf(rebuilt)).toBe(Object.prototype);
    expect(Object.keys(rebuilt).sort()).toEqual(["__proto__", "a"]);
    const mapped = mapTree(tree, (x) => x) as Record<string, unknown>;
    expect(Object.getPrototypeOf(mapped)).toBe(Object.prototype);
  });
});
