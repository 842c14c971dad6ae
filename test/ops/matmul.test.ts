import "../../src/index.js";
import { describe, expect, it } from "vitest";
import { TransformError } from "../../src/core/errors.js";
import * as ops from "../../src/ops/index.js";
import { ones, tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { vjp } from "../../src/transforms/vjp.js";
import { expectClose, f64 } from "./helpers.js";

const A = tensor([[1, 2], [3, 4]]);

describe("matmul (numpy semantics)", () => {
  it("matrix @ matrix, matrix @ vector, vector @ matrix, vector @ vector", () => {
    expectClose(ops.matmul(A, tensor([[1, 0], [1, 1]])), [[3, 2], [7, 4]]);
    expectClose(ops.matmul(A, tensor([1, 1])), [3, 7]);
    expectClose(ops.matmul(tensor([1, 1]), A), [4, 6]);
    const s = ops.matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(32);
  });
  it("broadcasts batch axes and handles 1-D operands with batches", () => {
    expect(ops.matmul(ones([5, 2, 3]), ones([3, 4])).shape).toEqual([5, 2, 4]);
    expect(ops.matmul(ones([2, 1, 2, 3]), ones([4, 3, 5])).shape).toEqual([2, 4, 2, 5]);
    expect(ops.matmul(ones([5, 2, 3]), ones([3])).shape).toEqual([5, 2]);
    expect(ops.matmul(ones([3]), ones([5, 3, 4])).shape).toEqual([5, 4]);
    expectClose(ops.matmul(tensor([1, 2]), tensor([[[1, 0], [0, 1]], [[2, 0], [0, 2]]])), [[1, 2], [2, 4]]);
  });
  it("promotes dtypes; integers compute in float32", () => {
    expect(ops.matmul(A, f64([[1], [1]])).dtype).toBe("float64");
    expect(ops.matmul(tensor([[1, 2]], { dtype: "int32" }), tensor([[3], [4]], { dtype: "int32" })).dtype).toBe("float32");
  });
  it("errors name both shapes", () => {
    expect(() => ops.matmul(ones([2, 3]), ones([2, 3]))).toThrow(/matmul: inner dimensions differ: \[2, 3\] @ \[2, 3\] \(3 vs 2\)/);
    expect(() => ops.matmul(ones([3]), ones([4]))).toThrow(/matmul: inner dimensions differ: \[3\] @ \[4\]/);
    expect(() => ops.matmul(ones([2, 2, 3]), ones([3, 3, 1]))).toThrow(/matmul.*\[2\].*\[3\]/);
    expect(() => ops.matmul(tensor(2), ones([2]))).toThrow(/matmul: operands must have rank ≥ 1, got shapes \[\] and \[2\]/);
  });
  it("gradients: d(AB) = dA·B + A·dB, with 1-D operands", () => {
    const B = f64([[1, -1, 2], [0, 3, 1]]);
    expectClose(grad((a: Tensor) => ops.sum(ops.matmul(a, B)))(f64([[1, 2], [3, 4]])), [[2, 4], [2, 4]]);
    expectClose(grad((v: Tensor) => ops.sum(ops.matmul(v, B)))(f64([1, 1])), [2, 4]);
    expectClose(grad((v: Tensor) => ops.matmul(v, f64([4, 5, 6])))(f64([1, 2, 3])), [4, 5, 6]);
  });
});

describe("dot, outer, trace, diag, diagonal, triu, tril", () => {
  it("dot of vectors and matrices", () => {
    expect(ops.dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
    expectClose(ops.dot(A, A), [[7, 10], [15, 22]]);
    expectClose(ops.dot(A, 2), [[2, 4], [6, 8]]);
    expect(() => ops.dot(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/dot: vectors of different lengths: \[2\] and \[3\]/);
    expect(() => ops.dot(ones([2, 2, 2]), ones([2]))).toThrow(/dot: expected vectors or matrices, got shapes \[2, 2, 2\] and \[2\]/);
  });
  it("outer", () => {
    expectClose(ops.outer(tensor([1, 2]), tensor([1, 10, 100])), [[1, 10, 100], [2, 20, 200]]);
  });
  it("trace of a matrix and of a batch; gradient is the identity", () => {
    expect(ops.trace(A).item()).toBe(5);
    expectClose(ops.trace(tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]), 0, -2, -1), [5, 13]);
    expect(ops.trace(ones([2, 3])).item()).toBe(2);
    expectClose(grad((x: Tensor) => ops.trace(x))(f64([[1, 2], [3, 4]])), [[1, 0], [0, 1]]);
    expect(() => ops.trace(tensor([1, 2]))).toThrow(/trace: expected a matrix \(rank ≥ 2\), got shape \[2\]/);
  });
  it("diag, diagonal with offsets", () => {
    expectClose(ops.diag(tensor([1, 2])), [[1, 0], [0, 2]]);
    expectClose(ops.diag(tensor([1, 2]), 1), [[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expectClose(ops.diag(A), [1, 4]);
    expectClose(ops.diagonal(A, 1), [2]);
    expectClose(ops.diagonal(A, -1), [3]);
    expectClose(ops.diagonal(tensor([[1, 2, 3], [4, 5, 6]])), [1, 5]);
  });
  it("triu, tril", () => {
    const m = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expectClose(ops.triu(m), [[1, 2, 3], [0, 5, 6], [0, 0, 9]]);
    expectClose(ops.triu(m, 1), [[0, 2, 3], [0, 0, 6], [0, 0, 0]]);
    expectClose(ops.tril(m), [[1, 0, 0], [4, 5, 0], [7, 8, 9]]);
    expectClose(ops.tril(m, -1), [[0, 0, 0], [4, 0, 0], [7, 8, 0]]);
  });
});

describe("broadcasting in backward (ad-features §4.5) and output semantics (§4.12)", () => {
  it("T5.1: x 3×1, y 1×4, f = Σ x·y: ∂f/∂x = [[10],[10],[10]], ∂f/∂y = [[6,6,6,6]]", () => {
    const [gx, gy] = grad((x: Tensor, y: Tensor) => ops.sum(ops.mul(x, y)), { argnums: [0, 1] })(f64([[1], [2], [3]]), f64([[1, 2, 3, 4]])) as Tensor[];
    expectClose(gx!, [[10], [10], [10]]);
    expectClose(gy!, [[6, 6, 6, 6]]);
  });
  it("T5.2: a of shape [1], b of shape [5, 4]: ∂/∂a Σ a·b has shape [1] and value Σ b", () => {
    const b = ops.reshape(f64(Array.from({ length: 20 }, (_, i) => i)), [5, 4]);
    expectClose(grad((a: Tensor) => ops.sum(ops.mul(a, b)))(f64([1])), [190]);
  });
  it("T5.3: ∂/∂s Σ(s + X) = 6 for X of shape [2, 3]", () => {
    expect(grad((s: Tensor) => ops.sum(ops.add(s, ones([2, 3], { dtype: "float64" }))))(2).item()).toBe(6);
  });
  it("T5.5: [B, N, H, W] @ [W, C]: the weight gradient sums over B and N", () => {
    const x = ops.cast(ops.reshape(tensor(Array.from({ length: 2 * 3 * 2 * 4 }, (_, i) => i % 5)), [2, 3, 2, 4]), "float64");
    const gw = grad((w: Tensor) => ops.sum(ops.matmul(x, w)))(ones([4, 2], { dtype: "float64" })) as Tensor;
    expect(gw.shape).toEqual([4, 2]);
    const colSums = ops.sum(x, [0, 1, 2]);
    expectClose(gw, (colSums.toArray() as number[]).map((v) => [v, v]));
  });
  it("T12.1: f(x) = x·[2, 3] with x = [1]: grad throws naming the shape; the Jacobian is [[2], [3]]", () => {
    const f = (x: Tensor) => ops.mul(x, f64([2, 3]));
    expect(() => grad(f)(f64([1]))).toThrow(TransformError);
    expect(() => grad(f)(f64([1]))).toThrow(/\[2\]/);
    const [, pullback] = vjp(f, f64([1])) as [Tensor, (ct: Tensor) => Tensor[]];
    expect([pullback(f64([1, 0]))[0]!.item(), pullback(f64([0, 1]))[0]!.item()]).toEqual([2, 3]);
  });
});
