// Kernels that work matrix by matrix (or image by image) over leading batch axes have
// block-diagonal sparsity patterns: no dependency crosses from one batch entry to another.
import { describe, expect, it } from "vitest";
import { jacobianSparsity, linalg, maxPool2d, randn, add, matmul, transpose, eye, mul, type Tensor } from "../../src/index.js";

const spd = (a: Tensor): Tensor => add(matmul(a, transpose(a, [0, 2, 1])), mul(eye(3, { dtype: "float64" }), 3));

describe("block-diagonal patterns of batched kernels", () => {
  it("a batch of Cholesky factors: each factor depends on its own matrix only", () => {
    const a = randn([4, 3, 3], { dtype: "float64" });
    const p = jacobianSparsity((x: Tensor) => linalg.cholesky(spd(x)), a);
    // 4 blocks of 9 outputs × 9 inputs, against 36 × 36 dense.
    expect(p.nnz).toBe(4 * 9 * 9);
    p.rows.forEach((r, k) => expect(Math.floor(r / 9), `nonzero (${r}, ${p.cols[k]})`).toBe(Math.floor(p.cols[k]! / 9)));
  });

  it("det of a batch: one row per matrix", () => {
    const p = jacobianSparsity((x: Tensor) => linalg.det(x), randn([5, 2, 2], { dtype: "float64" }));
    expect(p.nnz).toBe(5 * 4);
  });

  it("max pooling works channel by channel", () => {
    const x = randn([2, 3, 4, 4], { dtype: "float64" });
    const p = jacobianSparsity((v: Tensor) => maxPool2d(v, 2), x);
    // 6 channels, each with 4 outputs depending on (at most) the channel's 16 inputs.
    expect(p.nnz).toBeLessThanOrEqual(6 * 4 * 16);
    p.rows.forEach((r, k) => expect(Math.floor(r / 4), `nonzero (${r}, ${p.cols[k]})`).toBe(Math.floor(p.cols[k]! / 16)));
  });
});
