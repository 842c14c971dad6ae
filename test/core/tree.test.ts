import { describe, expect, it } from "vitest";
import { flatten, unflatten } from "../../src/core/tree.js";

const isNumber = (x: unknown): x is number => typeof x === "number";

describe("flatten", () => {
  it("lists leaves in key order and rebuilds the tree", () => {
    const tree = { w: [1, [2, 3]], b: { z: 4, a: null } };
    const [leaves, def] = flatten(tree, isNumber);
    expect(leaves).toEqual([4, 1, 2, 3]); // keys sorted: b.z, then w
    expect(unflatten(def, leaves)).toEqual({ b: { a: null, z: 4 }, w: [1, [2, 3]] });
  });

  it("names the path of an unsupported value", () => {
    expect(() => flatten({ w: [1, [2, "x"]] }, isNumber, "grad argument 0")).toThrow(
      "grad argument 0: unsupported value at arg.w[1][1]: expected a Tensor, a number, or arrays/plain objects of those, got the string \"x\"",
    );
    expect(() => flatten([1, new Map()], isNumber)).toThrow("tree: unsupported value at arg[1]: expected a Tensor, a number, or arrays/plain objects of those, got an object of class Map");
  });
});
