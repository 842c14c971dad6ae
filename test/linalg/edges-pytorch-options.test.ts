// PyTorch's options and result names that were missing or silently ignored: solve/solveEx { left },
// the *Ex functions' checkErrors and field names (inverse, L), lu/luFactor { pivot }, and extra
// arguments to functions without options (a JavaScript caller's options must not be ignored).
import { describe, expect, it } from "vitest";
import { linalg } from "../../src/linalg/index.js";
import { LinAlgError } from "../../src/linalg/linalg-error.js";
import { ArgumentError } from "../../src/core/errors.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectNear, f64, gaussian, wellConditioned } from "./helpers.js";
import { tensor } from "../../src/tensor/creation.js";

const A = f64([[3, 1], [1, 2]]);

describe("solve and solveEx { left }", () => {
  it("left: false solves X·A = B (torch.linalg.solve(A, B, left=False)), batched, vectors as rows", () => {
    // torch 1.13: torch.linalg.solve(A, [[9, 8], [1, 2]], left=False) = [[2, 3], [0, 1]]
    expectNear(linalg.solve(A, f64([[9, 8], [1, 2]]), { left: false }), [[2, 3], [0, 1]], 1e-14, "matrix");
    expectNear(linalg.solve(A, f64([9, 8]), { left: false }), [2, 3], 1e-14, "vector: x·A = b");
    expectNear(linalg.solve(A, f64([[9, 8], [1, 2]]), { left: true }), linalg.solve(A, f64([[9, 8], [1, 2]])), 0, "left: true");
    const a = wellConditioned([2, 3, 3], 5);
    const b = gaussian([2, 4, 3], 6);
    const x = linalg.solveEx(a, b, { left: false });
    expectNear(x.result, linalg.solve(a, b, { left: false }), 1e-13, "solveEx = solve");
    expect(Array.from(x.info.data())).toEqual([0, 0]);
    checkGrads((p: Tensor, q: Tensor) => linalg.solve(p, q, { left: false }), [a, b], { order: 2 });
  });

  it("unknown options and bad values raise", () => {
    expect(() => linalg.solve(A, f64([1, 2]), { side: "right" } as never)).toThrow(/solve: options.side is not an option \(expected one of left\)/);
    expect(() => linalg.solve(A, f64([1, 2]), { left: 0 } as never)).toThrow(/solve: options.left must be a boolean, got the number 0/);
    expect(() => linalg.solveEx(A, f64([1, 2]), { check_errors: true } as never)).toThrow(/solveEx: options.check_errors is not an option/);
  });
});

describe("the *Ex functions: PyTorch's field names and checkErrors", () => {
  it("invEx returns inverse (= result), choleskyEx L (= result)", () => {
    const r = linalg.invEx(A);
    expectNear(r.inverse, [[0.4, -0.2], [-0.2, 0.6]], 1e-15, "inverse");
    expect(r.inverse).toBe(r.result);
    const c = linalg.choleskyEx(A);
    expectNear(c.L, linalg.cholesky(A), 0, "L");
    expectNear(linalg.choleskyEx(A, { upper: true }).L, linalg.cholesky(A, { upper: true }), 0, "U");
    // torch.linalg.slogdet and jnp.linalg.slogdet name the second field logabsdet
    const sd = linalg.slogdet(f64([[1, 2], [3, 4]]));
    expect(sd.logabsdet).toBe(sd.logAbsDet);
    expectNear(sd.logabsdet, Math.log(2), 1e-15, "logabsdet");
  });

  it("checkErrors: true raises a LinAlgError where info ≠ 0 (naming the batch element), false reports", () => {
    const singular = f64([[[1, 0], [0, 1]], [[1, 2], [2, 4]]]);
    expect(() => linalg.invEx(singular, { checkErrors: true })).toThrow(LinAlgError);
    expect(() => linalg.invEx(singular, { checkErrors: true })).toThrow(/invEx: the matrix is singular .*\(batch element 1\): info = 2/);
    expect(() => linalg.solveEx(singular, f64([1, 1]), { checkErrors: true })).toThrow(/solveEx: the matrix is singular .*info = 2/);
    expect(() => linalg.choleskyEx(f64([[1, 2], [2, 1]]), { checkErrors: true })).toThrow(/choleskyEx: the matrix is not positive definite .*info = 2/);
    expect(Array.from(linalg.invEx(singular, { checkErrors: false }).info.data())).toEqual([0, 2]);
    expect(linalg.choleskyEx(A, { checkErrors: true, upper: true }).info.item()).toBe(0);
    expect(() => linalg.invEx(A, { checkErrors: "yes" } as never)).toThrow(/invEx: options.checkErrors must be a boolean, got the string "yes"/);
    expect(() => linalg.invEx(A, { upper: true } as never)).toThrow(/invEx: options.upper is not an option \(expected one of checkErrors\)/);
    expect(() => linalg.choleskyEx(A, { lower: true } as never)).toThrow(/choleskyEx: options.lower is not an option \(expected one of upper, checkErrors\)/);
  });
});

describe("options that must not be ignored", () => {
  it("lu and luFactor take { pivot: true }; pivot: false raises (not implemented, as on PyTorch's CPU)", () => {
    expectNear(linalg.luFactor(A, { pivot: true }).LU, linalg.luFactor(A).LU, 0, "pivot: true");
    expectNear(linalg.lu(A, { pivot: true }).U, linalg.lu(A).U, 0, "pivot: true");
    expect(() => linalg.luFactor(A, { pivot: false })).toThrow(/luFactor: options.pivot must be true \(LU without pivoting is not implemented/);
    expect(() => linalg.lu(A, { pivot: false })).toThrow(/lu: options.pivot must be true/);
    expect(() => linalg.lu(A, { permute: false } as never)).toThrow(/lu: options.pivot|lu: options.permute is not an option/);
  });

  it("functions without options reject an extra argument instead of ignoring it", () => {
    const call = (f: (...args: unknown[]) => unknown) => () => f(A, { upper: true });
    for (const name of ["det", "slogdet", "logdet", "inv", "matrixExp"] as const) {
      expect(call(linalg[name] as (...args: unknown[]) => unknown)).toThrow(ArgumentError);
      expect(call(linalg[name] as (...args: unknown[]) => unknown)).toThrow(new RegExp(`^${name}: argument 2 must be absent \\(${name}\\(a\\) has no options\\), got an object`));
    }
  });
});

describe("linalg.diagonal (torch.linalg.diagonal)", () => {
  it("defaults to the last two axes and takes offset, dim1, dim2 as options", () => {
    const x = f64([[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]);
    // torch 1.13: torch.linalg.diagonal(x) and torch.linalg.diagonal(x, offset=1, dim1=0, dim2=2)
    expectNear(linalg.diagonal(x), [[0, 4], [6, 10]], 0, "default");
    expectNear(linalg.diagonal(x, { offset: 1, dim1: 0, dim2: 2 }), [[1, 8], [4, 11]], 0, "options");
    expectNear(linalg.diagonal(x, { offset: -1, dim1: -1, dim2: -2 }), [[1, 5], [7, 11]], 0, "below, swapped");
    checkGrads((t: Tensor) => linalg.diagonal(t, { offset: 1, dim1: 0, dim2: 2 }), [gaussian([2, 3, 3], 9)], { order: 2 });
    expect(() => linalg.diagonal(x, { axis1: 0 } as never)).toThrow(/linalg.diagonal: options.axis1 is not an option \(expected one of offset, dim1, dim2\)/);
    expect(() => linalg.diagonal(x, { dim1: 1, dim2: 1 })).toThrow(/diagonal: dim2 must be an axis other than dim1/);
  });
});

describe("the norms' dtype option (torch.linalg.vector_norm / norm dtype=)", () => {
  it("casts the input first: a float32 input accumulates in float64 and returns float64", () => {
    const x32 = tensor([0.1, 0.2, 0.3], { dtype: "float32" });
    const v = linalg.vectorNorm(x32, 2, { dtype: "float64" });
    expect(v.dtype).toBe("float64");
    const [a, b, c] = Array.from(x32.data());
    // the float32 values, summed in float64 (float32 arithmetic would be off by ~1e-8)
    expect(Math.abs(v.item() - Math.sqrt(a! * a! + b! * b! + c! * c!))).toBeLessThan(1e-15);
    expect(linalg.vectorNorm(x32, 2).dtype).toBe("float32");
    expect(linalg.vectorNorm(f64([3, 4]), 2, { dtype: "float32" }).dtype).toBe("float32");
    expect(linalg.norm(f64([[3, 0], [0, 4]]), "fro", { dtype: "float32" }).dtype).toBe("float32");
    expect(linalg.norm(f64([[3, 0], [0, 4]]), undefined, { dtype: "float32" }).item()).toBe(5);
    checkGrads((x: Tensor) => linalg.vectorNorm(x, 3, { dtype: "float64" }), [gaussian([4], 8)], { order: 2 });
    expect(() => linalg.vectorNorm(f64([1]), 2, { dtype: "int32" } as never)).toThrow(/vectorNorm: options.dtype must be "float32" or "float64", got the string "int32"/);
    expect(() => linalg.norm(f64([1]), 2, { dtype: "half" } as never)).toThrow(/norm: options.dtype must be "float32" or "float64"/);
  });
});

describe("lu and luFactor of non-square matrices (torch.linalg.lu / lu_factor)", () => {
  const tall = f64([[1, 2], [3, 4], [5, 6], [0.5, -1]]);
  const wide = f64([[1, 2, 3, 4], [5, 6, 7, 8.5], [-1, 0, 2, 1]]);

  it("P (m×m), L (m×k), U (k×n) and LAPACK's compact LU with k pivots, as PyTorch", () => {
    // torch 1.13, float64: torch.linalg.lu_factor(tall), torch.linalg.lu(tall).P
    const f = linalg.luFactor(tall);
    expectNear(f.LU, [[5, 6], [0.1, -1.6], [0.2, -0.5], [0.6, -0.25]], 1e-15, "tall LU");
    expect(Array.from(f.pivots.data())).toEqual([3, 4]);
    const { P, L, U } = linalg.lu(tall);
    expectNear(P, [[0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0]], 0, "tall P");
    expect([L.shape, U.shape]).toEqual([[4, 2], [2, 2]]);
    expectNear(P.matmul(L).matmul(U), tall, 1e-15, "tall P·L·U = A");
    const w = linalg.lu(wide);
    expect([w.P.shape, w.L.shape, w.U.shape]).toEqual([[3, 3], [3, 3], [3, 4]]);
    expectNear(w.P.matmul(w.L).matmul(w.U), wide, 1e-14, "wide P·L·U = A");
    const fw = linalg.luFactor(wide);
    expectNear(fw.LU, [[5, 6, 7, 8.5], [-0.2, 1.2, 3.4, 2.7], [0.2, 2 / 3, -2 / 3, 0.5]], 1e-14, "wide LU (torch.linalg.lu_factor)");
    expect(Array.from(fw.pivots.data())).toEqual([2, 3, 3]);
    const batch = linalg.lu(f64([[[1, 2], [3, 4], [5, 6]], [[6, 1], [2, 9], [0, 1]]]));
    expectNear(batch.P.matmul(batch.L).matmul(batch.U), [[[1, 2], [3, 4], [5, 6]], [[6, 1], [2, 9], [0, 1]]], 1e-14, "batched");
  });

  it("derivatives match finite differences (both modes, second order), tall and wide", () => {
    checkGrads((a: Tensor) => linalg.lu(a).L, [tall], { order: 2 });
    checkGrads((a: Tensor) => linalg.lu(a).U, [tall], { order: 2 });
    checkGrads((a: Tensor) => linalg.lu(a).U, [wide], { order: 2 });
    checkGrads((a: Tensor) => linalg.luFactor(a).LU, [wide], { order: 2 });
  });
});
