// LU-based solves apply the row pivots by gathering rows (permutationTransposeTimes), not by a
// dense Pᵀ·B: the same values, batched and differentiated, and a non-finite right-hand side stays
// in its own row (the dense product spread 0·∞ = NaN into every row).
import { describe, expect, it } from "vitest";
import { grad, linalg, matmul, sum, tensor, vmap, type Tensor } from "../../src/index.js";
import { permutationTransposeTimes } from "../../src/linalg/permute-rows.js";
import { matrixTranspose } from "../../src/linalg/matrix-algebra.js";

const values = (t: Tensor): number[] => Array.from(t.data());

describe("permutationTransposeTimes (Pᵀ·B by row gathers)", () => {
  it("equals the dense Pᵀ·B for single and batched permutations", () => {
    const a = tensor([[[0, 2, 1], [3, 1, 0], [1, 5, 2]], [[1, 0, 0], [0, 0, 2], [0, 3, 0]]], { dtype: "float64" });
    const { P } = linalg.lu(a);
    const b = tensor([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10], [11, 12]]], { dtype: "float64" });
    expect(values(permutationTransposeTimes(P, b))).toEqual(values(matmul(matrixTranspose(P), b)));
    const single = linalg.lu(tensor([[0, 2, 1], [3, 1, 0], [1, 5, 2]], { dtype: "float64" })).P;
    const b0 = tensor([[1, 2], [3, 4], [5, 6]], { dtype: "float64" });
    expect(values(permutationTransposeTimes(single, b0))).toEqual(values(matmul(matrixTranspose(single), b0)));
  });

  it("solve keeps an infinite right-hand side entry in its own row (LAPACK getrs applies swaps)", () => {
    // Pivoting swaps the rows (|3| > |1|): P ≠ I, so the dense product would touch the ∞ with zeros.
    const A = tensor([[1, 2], [3, 4]], { dtype: "float64" });
    const x = linalg.solve(A, tensor([[1], [Infinity]], { dtype: "float64" }));
    // x = A⁻¹b = [[-2, 1], [1.5, -0.5]]·[1, ∞]: both entries are ±∞ (no NaN from 0·∞).
    expect(values(x).every((v) => !Number.isNaN(v))).toBe(true);
    const y = linalg.solve(tensor([[2, 0], [0, 4]], { dtype: "float64" }), tensor([Infinity, 8], { dtype: "float64" }));
    expect(values(y)).toEqual([Infinity, 2]);
  });

  it("solve is unchanged in value, gradient and under vmap", () => {
    const A = tensor([[0, 2, 1], [3, 1, 0], [1, 5, 2]], { dtype: "float64" });
    const B = tensor([[1, 2], [3, 4], [5, 6]], { dtype: "float64" });
    const X = linalg.solve(A, B);
    const AX = values(matmul(A, X));
    values(B).forEach((v, i) => expect(AX[i]).toBeCloseTo(v, 12));
    // d/dB sum(A⁻¹B) = A⁻ᵀ·1
    const g = grad((b: Tensor) => sum(linalg.solve(A, b)))(B);
    const want = values(linalg.solve(matrixTranspose(A), tensor([[1, 1], [1, 1], [1, 1]], { dtype: "float64" })));
    values(g).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    const batched = vmap((b: Tensor) => linalg.solve(A, b))(tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64" }));
    const one = values(linalg.solve(A, tensor([4, 5, 6], { dtype: "float64" })));
    values(batched).slice(3).forEach((v, i) => expect(v).toBeCloseTo(one[i]!, 12));
  });
});
