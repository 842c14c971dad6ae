// diagonal/trace default to dim1 = 0, dim2 = 1 (torch.diagonal, numpy.diagonal/trace); linalg.diagonal
// keeps −2, −1 (torch.linalg.diagonal). Expected values from numpy 1.x on np.arange(24.).reshape(...).
import "../../src/index.js";
import { describe, expect, it } from "vitest";
import { linalg, trace as rootTrace } from "../../src/index.js";
import * as ops from "../../src/ops/index.js";
import { arange } from "../../src/tensor/creation.js";
import { expectClose } from "./helpers.js";

const a234 = () => ops.reshape(arange(0, 24, 1, { dtype: "float64" }), [2, 3, 4]);
const a324 = () => ops.reshape(arange(0, 24, 1, { dtype: "float64" }), [3, 2, 4]);

describe("diagonal/trace defaults (PyTorch/NumPy: dim1 = 0, dim2 = 1)", () => {
  it("diagonal of a rank-3 tensor takes axes 0, 1 by default", () => {
    const d = ops.diagonal(a234());
    expect(d.shape).toEqual([4, 2]);
    expectClose(d, [[0, 16], [1, 17], [2, 18], [3, 19]]);
    expectClose(ops.diagonal(a234(), 1), [[4, 20], [5, 21], [6, 22], [7, 23]]);
    expectClose(ops.diagonal(a234(), -1), [[12], [13], [14], [15]]);
  });
  it("trace of a rank-3 tensor sums over axes 0, 1 by default", () => {
    expectClose(ops.trace(a234()), [16, 18, 20, 22]);
    expectClose(ops.trace(a234(), 1), [24, 26, 28, 30]);
    expectClose(rootTrace(a234()), [16, 18, 20, 22]);
  });
  it("explicit dims still select any pair of axes", () => {
    expectClose(ops.diagonal(a324(), 0, 0, 2), [[0, 9, 18], [4, 13, 22]]);
    expectClose(ops.diagonal(a324(), 0, -2, -1), [[0, 5], [8, 13], [16, 21]]);
    expectClose(ops.trace(a324(), 0, -2, -1), [5, 21, 37]);
  });
  it("linalg.diagonal keeps torch.linalg's −2, −1", () => {
    expectClose(linalg.diagonal(a324()), [[0, 5], [8, 13], [16, 21]]);
  });
});
