// solve/inv at the edges: the singularity verdict does not change when rows or columns are rescaled
// (only exactly zero pivots raise), the condition number `cond` (against NumPy), and the
// non-throwing `solveEx`, `invEx`, `choleskyEx` with LAPACK-style info codes (PyTorch's API).
import { describe, expect, it } from "vitest";
import { LinAlgError, linalg } from "../../src/linalg/index.js";
import { matmul, mul } from "../../src/ops/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectNear, f64, mT, spd, wellConditioned } from "./helpers.js";

/** diag(v) as a float64 tensor. */
function diagOf(v: number[]): Tensor {
  return f64(v.map((x, i) => v.map((_, j) => (i === j ? x : 0))));
}

describe("solve and inv: scaling-invariant singularity test", () => {
  it("solve and inv accept the exactly solvable, badly scaled [[1e9, 0], [0, 1e-9]]", () => {
    const A = f64([[1e9, 0], [0, 1e-9]]);
    expectNear(mul(linalg.solve(A, f64([1, 1])), f64([1e9, 1e-9])), [1, 1], 1e-15, "solve");
    expectNear(mul(linalg.inv(A), f64([[1e9, 1], [1, 1e-9]])), [[1, 0], [0, 1]], 1e-15, "inv");
  });

  it("row and column scalings D1·A·D2 over 1e±150 do not change the verdict, and X scales back exactly", () => {
    const A = wellConditioned([4, 4], 3);
    const b = f64([1, -2, 3, 0.5]);
    const x = linalg.solve(A, b);
    const d1 = [1e150, 1e-150, 1, 1e100];
    const d2 = [1e-120, 1, 1e140, 1e-30];
    const scaled = matmul(matmul(diagOf(d1), A), diagOf(d2));
    // (D1 A D2) y = D1 b  ⇔  y = D2⁻¹ x
    const y = linalg.solve(scaled, mul(f64(d1), b));
    expectNear(mul(y, f64(d2)), x, 1e-12, "D2·y = x");
    const inv = linalg.inv(scaled); // = D2⁻¹ A⁻¹ D1⁻¹
    expectNear(matmul(matmul(diagOf(d2), inv), diagOf(d1)), linalg.inv(A), 1e-12, "D2·inv·D1 = A⁻¹");
  });

  it("an exactly singular matrix raises, scaled or not, naming the op and the zero pivot", () => {
    const S = f64([[1, 2], [2, 4]]);
    for (const M of [S, matmul(matmul(diagOf([2 ** 100, 2 ** -90]), S), diagOf([2 ** -60, 2 ** 70]))]) {
      expect(() => linalg.solve(M, f64([1, 1]))).toThrow(LinAlgError);
      expect(() => linalg.solve(M, f64([1, 1]))).toThrow(/solve: the matrix is singular: diagonal entry 1 of U .* is 0/);
      expect(() => linalg.inv(M)).toThrow(/^inv: the matrix is singular/);
    }
  });
});

describe("cond", () => {
  const A = f64([[4, 1, 0], [1, 3, 1], [0, 1, 2]]);
  it("matches numpy.linalg.cond for every p", () => {
    // numpy 2.4: np.linalg.cond(A, p)
    const numpy: [Parameters<typeof linalg.cond>[1] | undefined, number][] = [
      [undefined, 3.732050807568878],
      [2, 3.732050807568878],
      [-2, 0.26794919243112264],
      ["fro", 5.066228051190222],
      ["nuc", 12.0],
      [1, 4.444444444444445],
      [-1, 1.3333333333333335],
      [Infinity, 4.444444444444445],
      [-Infinity, 1.3333333333333335],
    ];
    for (const [p, want] of numpy) expect(Math.abs(linalg.cond(A, p).item() - want), `p = ${p}`).toBeLessThan(1e-12 * want);
  });

  it("is 1e18 for [[1e9, 0], [0, 1e-9]], Infinity for singular matrices, batched, tall for p = 2", () => {
    expect(linalg.cond(f64([[1e9, 0], [0, 1e-9]])).item()).toBeCloseTo(1e18, -3);
    expect(linalg.cond(f64([[1, 2], [2, 4]]), 1).item()).toBe(Infinity);
    expect(linalg.cond(f64([[1, 0], [0, 0]])).item()).toBe(Infinity);
    expect(linalg.cond(spd([3, 4, 4], 5)).shape).toEqual([3]);
    const tall = f64([[3, 0], [0, 1], [0, 0]]);
    expect(linalg.cond(tall).item()).toBeCloseTo(3, 14);
  });

  it("has derivatives matching finite differences (p = 2 and p = 1; both modes, second order)", () => {
    checkGrads((a: Tensor) => linalg.cond(a), [A], { order: 2 });
    checkGrads((a: Tensor) => linalg.cond(a, "fro"), [wellConditioned([2, 3, 3], 6)], { order: 2 });
  });

  it("rejects unknown p and non-square matrices for p ≠ ±2", () => {
    expect(() => linalg.cond(A, 3 as never)).toThrow(/cond: p must be one of 2, -2, "fro", "nuc", 1, -1, Infinity, -Infinity, got .*3/);
    expect(() => linalg.cond(f64([[1, 2, 3], [4, 5, 6]]), 1)).toThrow(/cond: the matrix .* must be square/);
  });
});

describe("solveEx, invEx, choleskyEx", () => {
  it("solveEx: result and info 0 for a regular system, info = 1-based zero pivot for a singular one (batched)", () => {
    const A = wellConditioned([3, 3], 8);
    const b = f64([1, 2, 3]);
    const ok = linalg.solveEx(A, b);
    expectNear(ok.result, linalg.solve(A, b), 0, "result");
    expect(ok.info.dtype).toBe("int32");
    expect(ok.info.item()).toBe(0);
    const batch = tensor([A.toArray() as number[][], [[1, 2, 3], [2, 4, 6], [1, 0, 1]]], { dtype: "float64" });
    const r = linalg.solveEx(batch, b);
    expect(Array.from(r.info.data())).toEqual([0, 3]);
    expectNear((r.result.toArray() as number[][])[0]!, linalg.solve(A, b), 1e-15, "regular entry");
  });

  it("invEx: inverse and info; differentiable like inv", () => {
    const A = wellConditioned([2, 3, 3], 9);
    const { result, info } = linalg.invEx(A);
    expectNear(result, linalg.inv(A), 0, "inverse");
    expect(Array.from(info.data())).toEqual([0, 0]);
    expect(linalg.invEx(f64([[0, 0], [0, 1]])).info.item()).toBe(1);
    checkGrads((a: Tensor) => linalg.invEx(a).result, [A], { order: 2 });
  });

  it("choleskyEx: L (or U = Lᵀ) and info = order of the first non-positive leading minor", () => {
    const S = spd([2, 3, 3], 10);
    const { result, info } = linalg.choleskyEx(S);
    expectNear(result, linalg.cholesky(S), 0, "L");
    expect(Array.from(info.data())).toEqual([0, 0]);
    const up = linalg.choleskyEx(S, { upper: true });
    expectNear(matmul(mT(up.result), up.result), S, 1e-12, "UᵀU = A");
    const bad = linalg.choleskyEx(f64([[4, 2, 0], [2, 1, 0], [0, 0, 1]]));
    expect(bad.info.item()).toBe(2);
    expect(Number.isNaN((bad.result.toArray() as number[][])[1]![1]!)).toBe(true);
    expect(linalg.choleskyEx(f64([[-1, 0], [0, 1]])).info.item()).toBe(1);
    checkGrads((a: Tensor) => linalg.choleskyEx(a, { upper: true }).result, [S], { order: 2 });
  });

  it("cholesky takes { upper } and rejects unknown options", () => {
    const S = spd([3, 3], 11);
    expectNear(linalg.cholesky(S, { upper: true }), mT(linalg.cholesky(S)), 0, "upper");
    expect(() => linalg.cholesky(S, { lower: true } as never)).toThrow(/cholesky: options.lower is not an option/);
    expect(() => linalg.choleskyEx(S, { upper: 1 } as never)).toThrow(/choleskyEx: options.upper must be a boolean, got/);
  });
});
