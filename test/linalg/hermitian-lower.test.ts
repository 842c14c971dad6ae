// pinv and matrixRank with `hermitian: true` read only the lower triangle of A (PyTorch: they go
// through linalg.eigh / eigvalsh with UPLO = "L"); the strict upper triangle is never read and gets
// no gradient.
import { describe, expect, it } from "vitest";
import { matrixRank } from "../../src/linalg/matrix-rank.js";
import { pinv } from "../../src/linalg/pinv.js";
import { sum } from "../../src/ops/index.js";
import { grad } from "../../src/transforms/grad.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectNear, f64 } from "./helpers.js";

describe("hermitian: true reads the lower triangle", () => {
  it("pinv: torch.linalg.pinv([[1, 0], [1, 1]], hermitian=True) = pinv([[1, 1], [1, 1]]) = 0.25·ones", () => {
    expectNear(pinv(f64([[1, 0], [1, 1]]), { hermitian: true }), [[0.25, 0.25], [0.25, 0.25]], 1e-14);
    // batched, and the upper triangle ignored whatever it holds
    const X = pinv(f64([[[2, 7], [0, 4]], [[1, -3], [1, 1]]]), { hermitian: true });
    expectNear(X, [[[0.5, 0], [0, 0.25]], [[0.25, 0.25], [0.25, 0.25]]], 1e-14);
  });
  it("matrixRank: torch.linalg.matrix_rank([[1, 0], [1, 1]], hermitian=True) = 1 (the symmetric part has rank 2)", () => {
    expect(matrixRank(f64([[1, 0], [1, 1]]), { hermitian: true }).item()).toBe(1);
    expect(matrixRank(f64([[1, 0], [1, 1]])).item()).toBe(2);
    expect(Array.from(matrixRank(f64([[[1, 0], [1, 1]], [[1, 5], [0, 1]]]), { hermitian: true }).data())).toEqual([1, 2]);
  });
  it("the strict upper triangle gets no gradient", () => {
    const g = grad((a: Tensor) => sum(pinv(a, { hermitian: true })))(f64([[2, 0.3], [0.5, 3]]));
    const v = g.data();
    expect(v[1]).toBe(0);
    expect(Math.abs(v[2]!)).toBeGreaterThan(0.01);
  });
});
