// Error cases: non-square and mismatched shapes, a Cholesky of a non-positive-definite matrix (the
// failing pivot is named), singular and rank-deficient solves (reported, never garbage).
import { describe, expect, it } from "vitest";
import { ShapeError } from "../../src/core/errors.js";
import { LinAlgError, linalg } from "../../src/linalg/index.js";
import { stack } from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { f64, gaussian, spd } from "./helpers.js";

describe("shape errors", () => {
  const rect = gaussian([2, 3], 81);
  it("non-square input", () => {
    const square = [linalg.cholesky, linalg.eigh, linalg.det, linalg.slogdet, linalg.inv, (a: Tensor) => linalg.matrixPower(a, 2), (a: Tensor) => linalg.solve(a, f64([1, 2]))];
    for (const f of square) {
      expect(() => f(rect)).toThrow(ShapeError);
      expect(() => f(rect)).toThrow(/must be square \(…, n, n\), got shape \[2, 3\]/);
    }
    expect(() => linalg.triangularSolve(rect, f64([1, 2]), { lower: true })).toThrow(/must be square/);
  });
  it("vectors where matrices are expected", () => {
    expect(() => linalg.qr(f64([1, 2, 3]))).toThrow(/qr: the argument must be a matrix or a batch of matrices \(rank ≥ 2\), got shape \[3\]/);
    expect(() => linalg.svd(f64([1, 2, 3]))).toThrow(ShapeError);
  });
  it("mismatched shapes", () => {
    const a = spd([3, 3], 82);
    expect(() => linalg.solve(a, f64([1, 2]))).toThrow(/solve: the matrix \[3, 3\] and the right-hand side \[2\] do not fit \(expected a vector of length 3 or a matrix \(…, 3, k\)\)/);
    expect(() => linalg.solve(a, gaussian([2, 3], 83))).toThrow(/do not fit/);
    expect(() => linalg.solve(spd([2, 3, 3], 84), gaussian([4, 3, 1], 85))).toThrow(/solve \(batch axes\)/);
    expect(() => linalg.lstsq(gaussian([4, 2], 86), f64([1, 2, 3]))).toThrow(/lstsq: .* do not fit/);
    expect(() => linalg.triangularSolve(a, gaussian([2, 2], 87), { lower: true })).toThrow(/triangularSolve: .* do not fit/);
    expect(() => linalg.triangularSolve(a, gaussian([2, 2], 87), { lower: true, left: false })).toThrow(/do not fit/);
  });
  it("bad options", () => {
    expect(() => linalg.triangularSolve(spd([2, 2], 88), f64([1, 2]), {} as never)).toThrow(/pass \{ lower: true \} or \{ lower: false \}/);
    expect(() => linalg.matrixPower(spd([2, 2], 88), 0.5)).toThrow(/exponent must be an integer, got 0.5/);
    expect(() => linalg.matrixNorm(spd([2, 2], 88), 3 as never)).toThrow(/ord must be "fro", "nuc", 2, -2, 1, -1, Infinity or -Infinity, got 3/);
  });
});

describe("Cholesky of a matrix that is not positive definite", () => {
  it("names the failing pivot, its value and the minor", () => {
    expect(() => linalg.cholesky(f64([[1, 2], [2, 1]]))).toThrow(LinAlgError);
    expect(() => linalg.cholesky(f64([[1, 2], [2, 1]]))).toThrow(/cholesky: the matrix is not positive definite: pivot 1 is -3 \(the leading 2×2 minor is not positive\)/);
    expect(() => linalg.cholesky(f64([[-1, 0], [0, 1]]))).toThrow(/pivot 0 is -1/);
    expect(() => linalg.cholesky(f64([[1, 0, 0], [0, 1, 0], [0, 0, 0]]))).toThrow(/pivot 2 is 0/);
    expect(() => linalg.cholesky(f64([[1, NaN], [NaN, 1]]))).toThrow(/pivot 1 is NaN/);
  });
  it("names the batch index", () => {
    const batch = stack([spd([3, 3], 89), spd([3, 3], 90), f64([[1, 0, 0], [0, -2, 0], [0, 0, 1]])]);
    expect(() => linalg.cholesky(batch)).toThrow(/not positive definite \(batch index \[2\]\): pivot 1 is -2/);
  });
  it("also under a transform", () => {
    expect(() => grad((a: Tensor) => linalg.slogdet(linalg.cholesky(a)).logAbsDet)(f64([[1, 2], [2, 1]]))).toThrow(LinAlgError);
  });
});

describe("singular and rank-deficient systems are reported", () => {
  it("solve and inv of exactly singular matrices", () => {
    expect(() => linalg.solve(f64([[1, 2], [2, 4]]), f64([1, 1]))).toThrow(/solve: the matrix is singular: diagonal entry 1 of U \(the LU factorisation\) is 0/);
    expect(() => linalg.inv(f64([[0, 0], [0, 1]]))).toThrow(/inv: the matrix is singular: diagonal entry 0 of U/);
    expect(() => linalg.matrixPower(f64([[1, 1], [1, 1]]), -1)).toThrow(LinAlgError);
  });
  it("nearly singular is not singular: only exact zero pivots raise (PyTorch, LAPACK); cond tells", () => {
    const x = linalg.solve(f64([[1, 2], [3, 6 + 3e-15]]), f64([1, 1]));
    expect(Array.from(x.data()).every(Number.isFinite)).toBe(true);
    expect(linalg.cond(f64([[1, 2], [3, 6 + 3e-15]])).item()).toBeGreaterThan(1e14);
    expect(linalg.inv(tensor([[1, 2], [3, 6.01]])).dtype).toBe("float32");
  });
  it("names the batch index", () => {
    const batch = stack([spd([2, 2], 91), f64([[1, 1], [1, 1]])]);
    expect(() => linalg.inv(batch)).toThrow(/inv: the matrix is singular \(batch index \[1\]\)/);
  });
  it("lstsq of a rank-deficient matrix; triangularSolve with a zero on the diagonal", () => {
    expect(() => linalg.lstsq(f64([[1, 2], [2, 4], [3, 6]]), f64([1, 2, 3]), { driver: "gels" })).toThrow(/lstsq: the matrix does not have full rank \(2/);
    expect(() => linalg.triangularSolve(f64([[1, 0], [5, 0]]), f64([1, 1]), { lower: true })).toThrow(/triangularSolve: the matrix is singular: diagonal entry 1 of the triangular matrix is 0/);
    // a unit diagonal is not read
    expect(linalg.triangularSolve(f64([[0, 0], [5, 0]]), f64([1, 1]), { lower: true, unitDiagonal: true }).data()).toEqual(new Float64Array([1, -4]));
  });
  it("det and slogdet of singular matrices are values, not errors", () => {
    expect(linalg.det(f64([[1, 2], [2, 4]])).item()).toBe(0);
    expect(linalg.slogdet(f64([[1, 2], [2, 4]])).sign.item()).toBe(0);
  });
});
