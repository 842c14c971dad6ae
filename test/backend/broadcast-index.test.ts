// collapseBroadcast: the iteration space the elementwise kernels (JS and wasm) loop over.
import { describe, expect, it } from "vitest";
import { collapseBroadcast } from "../../src/backend/cpu/broadcast-index.js";

describe("collapseBroadcast", () => {
  it("merges the axes of a channel broadcast into [N, C, H·W] with the channel strides", () => {
    expect(collapseBroadcast([8, 3, 5, 7], [[8, 3, 5, 7], [1, 3, 1, 1]])).toEqual({ shape: [8, 3, 35], strides: [[105, 35, 1], [0, 1, 0]] });
  });

  it("a bias row: [N, C] with [C] keeps two axes, the row advancing only along C", () => {
    expect(collapseBroadcast([4, 6], [[4, 6], [6]])).toEqual({ shape: [4, 6], strides: [[6, 1], [0, 1]] });
  });

  it("a column: [N, C] with [N, 1] repeats one value along each row", () => {
    expect(collapseBroadcast([4, 6], [[4, 6], [4, 1]])).toEqual({ shape: [4, 6], strides: [[6, 1], [1, 0]] });
  });

  it("equal shapes collapse to one axis; size-1 axes vanish; a scalar output has no axes", () => {
    expect(collapseBroadcast([2, 1, 3, 4], [[2, 1, 3, 4], [2, 1, 3, 4]])).toEqual({ shape: [24], strides: [[1], [1]] });
    expect(collapseBroadcast([1, 1], [[1, 1], []])).toEqual({ shape: [], strides: [[], []] });
  });

  it("an outer product keeps both axes, each operand advancing along its own", () => {
    expect(collapseBroadcast([3, 5], [[3, 1], [1, 5]])).toEqual({ shape: [3, 5], strides: [[1, 0], [0, 1]] });
  });

  it("axes broadcast alike in every operand merge; a change of pattern starts a new axis", () => {
    // a: [2, 3, 4, 5] full; b: [2, 1, 1, 5] → the two middle axes merge (b broadcast along both).
    expect(collapseBroadcast([2, 3, 4, 5], [[2, 3, 4, 5], [2, 1, 1, 5]])).toEqual({ shape: [2, 12, 5], strides: [[60, 5, 1], [5, 0, 1]] });
    // Three operands: a merge needs all of them to agree.
    expect(collapseBroadcast([2, 3, 4], [[2, 3, 4], [3, 4], [2, 1, 4]])).toEqual({ shape: [2, 3, 4], strides: [[12, 4, 1], [0, 4, 1], [4, 0, 1]] });
  });
});
