// diagonal and trace with offset, dim1 and dim2 (PyTorch's diagonal, numpy's trace): values against
// numpy, derivatives against finite differences, and argument errors.
import { describe, expect, it } from "vitest";
import { reshape, diagonal, trace } from "../../src/ops/index.js";
import { arange } from "../../src/tensor/creation.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectNear, gaussian } from "./helpers.js";

const X = reshape(arange(24, undefined, 1, { dtype: "float64" }), [2, 3, 4]);

describe("diagonal and trace: offset, dim1, dim2", () => {
  it("match numpy.diagonal / numpy.trace (numpy 2.4 values)", () => {
    expectNear(diagonal(X, 1, 0, 2), [[1, 14], [5, 18], [9, 22]], 0, "diagonal(x, 1, 0, 2)");
    expectNear(diagonal(X, -1, 2, 1), [[1, 6, 11], [13, 18, 23]], 0, "diagonal(x, -1, 2, 1)");
    expectNear(diagonal(X, 0, 0, 1), [[0, 16], [1, 17], [2, 18], [3, 19]], 0, "diagonal(x, 0, 0, 1)");
    expectNear(diagonal(X, -2, -1, -2), [[2, 7], [14, 19]], 0, "negative dims");
    expectNear(trace(X, 1, 0, 2), [15, 23, 31], 0, "trace(x, 1, 0, 2)");
    expectNear(trace(X, -1, -2, -1), [13, 37], 0, "trace(x, -1, -2, -1)");
    expectNear(trace(X, -1), [12, 13, 14, 15], 0, "trace(x, -1): numpy's default axes 0, 1");
    expectNear(trace(X, 0, 0, 1), [16, 18, 20, 22], 0, "numpy's default axes");
    expect(diagonal(X, 5, -2, -1).shape).toEqual([2, 0]);
    expect(diagonal(X, 5).shape).toEqual([4, 0]);
  });

  it("derivatives match finite differences (both modes, second order)", () => {
    checkGrads((x: Tensor) => diagonal(x, 1, 2, 0), [gaussian([3, 2, 4], 1)], { order: 2 });
    checkGrads((x: Tensor) => trace(x, -1, 0, 1), [gaussian([3, 4, 2], 2)], { order: 2 });
  });

  it("reject equal or out-of-range dims, naming the function and argument", () => {
    expect(() => diagonal(X, 0, 1, 1)).toThrow(/diagonal: dim2 must be an axis other than dim1 \(1\), got/);
    expect(() => trace(X, 0, 0, -3)).toThrow(/trace: dim2 must be an axis other than dim1 \(0\), got/);
    expect(() => diagonal(X, 0, 3, 1)).toThrow(/diagonal: dim1 3 is out of range/);
    expect(() => trace(X, 0.5)).toThrow(/trace: offset must be an integer/);
  });
});

describe("the top-level trace export", () => {
  it("passes offset, dim1, dim2 on to the matrix trace", async () => {
    const W = await import("../../src/index.js");
    expectNear(W.trace(X, 1, 0, 2), [15, 23, 31], 0, "W.trace");
    expect(() => (W.trace as (...a: unknown[]) => unknown)(X, 0, 0, 1, 2)).toThrow(/trace: the matrix trace takes at most four arguments/);
  });
});
