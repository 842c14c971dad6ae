import { describe, expect, it } from "vitest";
import type { GradNode } from "../../src/interpreters/grad-node.js";
import { sortLatestFirst } from "../../src/interpreters/sort-latest-first.js";

const nodes = (ids: number[]): GradNode[] => ids.map((id) => ({ id }) as GradNode);
const ids = (ns: GradNode[]): number[] => ns.map((n) => n.id);

describe("sortLatestFirst", () => {
  it("sorts the first count nodes by decreasing id and leaves the rest alone, few or many", () => {
    for (const size of [5, 64, 65, 300]) {
      const order = Array.from({ length: size }, (_, i) => (i * 37) % size);
      const ns = nodes([...order, -1, -2]);
      sortLatestFirst(ns, size);
      expect(ids(ns)).toEqual([...Array.from({ length: size }, (_, i) => size - 1 - i), -1, -2]);
    }
  });
  it("sorts a whole array in place, given an already sorted prefix", () => {
    const ns = nodes([9, 7, 8, 1, 12]);
    sortLatestFirst(ns, ns.length, 2);
    expect(ids(ns)).toEqual([12, 9, 8, 7, 1]);
  });
});
