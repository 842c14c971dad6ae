// luFactor/luSolve, choleskySolve/choleskyInverse, solveTriangular (PyTorch's option names) and logdet:
// SciPy values, identities against solve/inv, derivatives (both modes, second order), batches,
// float32 and errors.
import { describe, expect, it } from "vitest";
import { choleskyInverse, choleskySolve } from "../../src/linalg/cholesky-solve.js";
import { logdet } from "../../src/linalg/logdet.js";
import { luFactor, luSolve } from "../../src/linalg/lu-factor.js";
import { cholesky } from "../../src/linalg/primitives/cholesky.js";
import { solveTriangular } from "../../src/linalg/solve-triangular.js";
import { inv, solve } from "../../src/linalg/solve.js";
import { mul, triu, tril } from "../../src/ops/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { expectNear, f64, gaussian, mT, spd, wellConditioned } from "./helpers.js";

describe("luFactor and luSolve", () => {
  it("SciPy's LU and pivots (1-based, PyTorch's convention)", () => {
    const { LU, pivots } = luFactor(f64([[1, 2, 0], [3, 1, 4], [0, 5, 2]]));
    // scipy.linalg.lu_factor: lu as below, piv + 1
    expectNear(LU, [[3, 1, 4], [0, 5, 2], [0.3333333333333333, 0.33333333333333337, -2]], 1e-15);
    expect(pivots.dtype).toBe("int32");
    expect(Array.from(pivots.data())).toEqual([2, 3, 3]);
    expect(Array.from(luFactor(f64([[2, 1, 0, 0], [4, 3, 1, 0], [0, 2, 5, 1], [1, 0, 1, 3]])).pivots.data())).toEqual([2, 3, 4, 4]);
  });
  it("luSolve equals solve for left/right and plain/adjoint, batched, vector and matrix right-hand sides", () => {
    const A = gaussian([2, 4, 4], 1);
    const { LU, pivots } = luFactor(A);
    expect(pivots.shape).toEqual([2, 4]);
    const B = gaussian([2, 4, 3], 2);
    expectNear(luSolve(LU, pivots, B), solve(A, B), 1e-12);
    expectNear(luSolve(LU, pivots, B, { adjoint: true }), solve(mT(A), B), 1e-12);
    const C = gaussian([2, 3, 4], 3);
    expectNear(luSolve(LU, pivots, C, { left: false }), mT(solve(mT(A), mT(C))), 1e-12);
    expectNear(luSolve(LU, pivots, C, { left: false, adjoint: true }), mT(solve(A, mT(C))), 1e-12);
    const v = gaussian([4], 4);
    expectNear(luSolve(LU, pivots, v), solve(A, v), 1e-12);
  });
  it("derivatives: through LU and b, both modes, second order; the composite equals solve's gradient", () => {
    const A = wellConditioned([3, 3], 5);
    const b = gaussian([3, 2], 6);
    checkGrads((a, bb) => { const { LU, pivots } = luFactor(a); return luSolve(LU, pivots, bb); }, [A, b], { rtol: 1e-6 });
    checkGrads((a, bb) => { const { LU, pivots } = luFactor(a); return luSolve(LU, pivots, bb, { adjoint: true, left: false }); }, [A, mT(b)], { rtol: 1e-6 });
    checkGrads((a) => luFactor(a).LU, [gaussian([2, 3, 3], 7)], { order: 2, rtol: 1e-5 });
    const { pivots } = luFactor(A);
    checkGrads((lu, bb) => luSolve(lu, pivots, bb), [luFactor(A).LU, b], { order: 2, rtol: 1e-5 });
  });
  it("float32 stays float32", () => {
    const A = tensor([[1, 2], [3, 4]], { dtype: "float32" });
    const { LU, pivots } = luFactor(A);
    const x = luSolve(LU, pivots, tensor([5, 11], { dtype: "float32" }));
    expect(x.dtype).toBe("float32");
    expectNear(x, [1, 2], 1e-6);
  });
  it("errors name luFactor/luSolve, the argument, what was expected and what was given", () => {
    const wide = luFactor(f64([[1, 2, 3]])); // non-square factors (torch.linalg.lu_factor); luSolve needs square
    expect(() => luSolve(wide.LU, wide.pivots, f64([1]))).toThrow(/luSolve: LU must be square \(…, n, n\), got shape \[1, 3\]/);
    const { LU, pivots } = luFactor(f64([[1, 2], [3, 4]]));
    expect(() => luSolve(LU, f64([2, 2]) as Tensor, f64([1, 1]))).toThrow(/luSolve: pivots must be an int32 tensor \(from luFactor\), got a float64 tensor/);
    expect(() => luSolve(LU, tensor([2, 2, 2], { dtype: "int32" }), f64([1, 1]))).toThrow(/luSolve: pivots must have shape \[2\] to fit LU, got shape \[3\]/);
    expect(() => luSolve(LU, tensor([0, 2], { dtype: "int32" }), f64([1, 1]))).toThrow(/luSolve: pivots\[…, 0\] must be in \[1, 2\] \(1-based LAPACK pivots\), got 0/);
    expect(() => luSolve(LU, pivots, f64([1, 1, 1]))).toThrow(/luSolve: b must be a vector of length 2 or a matrix \(…, 2, k\) to fit LU \[2, 2\], got shape \[3\]/);
    expect(() => luSolve(LU, pivots, f64([1, 1]), { trans: true } as never)).toThrow(/luSolve: options\.trans is not an option/);
  });
});

describe("choleskySolve and choleskyInverse", () => {
  const S = spd([2, 3, 3], 8);
  const L = cholesky(S);
  it("equal solve and inv, with the lower and the upper factor, batched", () => {
    const B = gaussian([3, 2], 9);
    expectNear(choleskySolve(B, L), solve(S, B), 1e-12);
    expectNear(choleskySolve(B, mT(L), { upper: true }), solve(S, B), 1e-12);
    expectNear(choleskyInverse(L), inv(S), 1e-12);
    expectNear(choleskyInverse(mT(L), { upper: true }), inv(S), 1e-12);
    expectNear(choleskySolve(f64([6, 5]), f64([[2, 0], [1, Math.SQRT2]])), [1, 1], 1e-15);
  });
  it("only the named triangle is read", () => {
    const junk = f64([[2, 7], [1, Math.SQRT2]]);
    expectNear(choleskySolve(f64([6, 5]), junk), [1, 1], 1e-15);
  });
  it("derivatives through the factor and b, both modes, second order", () => {
    const B = gaussian([3, 2], 10);
    checkGrads((l, b) => choleskySolve(b, tril(l)), [L, B], { rtol: 1e-6 });
    checkGrads((l) => choleskyInverse(triu(l), { upper: true }), [mT(L)], { rtol: 1e-6 });
    checkGrads((s, b) => choleskySolve(b, cholesky(s)), [spd([3, 3], 11), B], { order: 2, rtol: 1e-5 });
  });
  it("errors name the function, the argument, what was expected and what was given", () => {
    expect(() => choleskySolve(f64([1, 2, 3]), f64([[1, 0], [0, 1]]))).toThrow(/choleskySolve: b must be a vector of length 2 or a matrix \(…, 2, k\) to fit the Cholesky factor \[2, 2\], got shape \[3\]/);
    expect(() => choleskyInverse(f64([[1, 0, 0]]))).toThrow(/choleskyInverse: the Cholesky factor must be square \(…, n, n\), got shape \[1, 3\]/);
    expect(() => choleskyInverse(f64([[1]]), { upper: "yes" } as never)).toThrow(/choleskyInverse: options\.upper must be a boolean, got the string "yes"/);
  });
});

describe("solveTriangular (PyTorch's names: upper, left, unitriangular)", () => {
  const A = wellConditioned([3, 3], 12);
  const B = gaussian([3, 2], 13);
  it("matches solve with the named triangle, left and right, unit diagonal", () => {
    expectNear(solveTriangular(A, B, { upper: true }), solve(triu(A), B), 1e-13);
    expectNear(solveTriangular(A, B, { upper: false }), solve(tril(A), B), 1e-13);
    expectNear(solveTriangular(A, mT(B), { upper: true, left: false }), mT(solve(mT(triu(A)), B)), 1e-13);
    const unitL = tril(A, -1).add(tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]], { dtype: "float64" }));
    expectNear(solveTriangular(A, B, { upper: false, unitriangular: true }), solve(unitL, B), 1e-13);
    expectNear(solveTriangular(f64([[2, 1], [0, 1]]), f64([[4], [2]]), { upper: true }), [[1], [2]], 1e-15);
  });
  it("derivatives both modes and second order", () => {
    checkGrads((a, b) => solveTriangular(a, b, { upper: true, left: false }), [A, mT(B)], { rtol: 1e-6 });
    checkGrads((a, b) => solveTriangular(a, b, { upper: false }), [A, B], { order: 2, rtol: 1e-5 });
  });
  it("errors name solveTriangular, the argument, what was expected and what was given", () => {
    expect(() => solveTriangular(A, B, {} as never)).toThrow(/solveTriangular: options\.upper must be a boolean \(it is required\), got undefined/);
    expect(() => solveTriangular(A, B, { lower: true } as never)).toThrow(/solveTriangular: options\.lower is not an option/);
    expect(() => solveTriangular(A, B, { upper: true, left: false })).toThrow(/solveTriangular: B must be a vector of length 3 or a matrix \(…, k, 3\) to fit A \[3, 3\], got shape \[3, 2\]/);
    expect(() => solveTriangular(f64([[0, 1], [0, 1]]), f64([1, 1]), { upper: true })).toThrow(/solveTriangular/);
  });
});

describe("logdet", () => {
  it("log det for det > 0, NaN for det < 0, −∞ for singular; batched; ∇ = A⁻ᵀ", () => {
    expectNear(logdet(f64([[2, 0], [0, 3]])), Math.log(6), 1e-15);
    const r = logdet(f64([[[0, 1], [1, 0]], [[1, 2], [2, 4]]])).data();
    expect(Number.isNaN(r[0])).toBe(true);
    expect(r[1]).toBe(-Infinity);
    const S = spd([3, 3], 14);
    expectNear(grad((a: Tensor) => logdet(a))(S) as Tensor, mT(inv(S)), 1e-13);
    checkGrads((a) => logdet(a), [spd([2, 3, 3], 15)], { order: 2, rtol: 1e-5 });
    expect(logdet(tensor([[2, 0], [0, 3]], { dtype: "float32" })).dtype).toBe("float32");
    expectNear(logdet(mul(spd([3, 3], 16), 2)), 3 * Math.log(2) + logdet(spd([3, 3], 16)).item(), 1e-13);
  });
  it("errors name logdet", () => {
    expect(() => logdet(f64([[1, 2, 3]]))).toThrow(/^logdet: the argument must be square .*\[1, 3\]/);
  });
});
