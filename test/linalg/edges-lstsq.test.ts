// lstsq of rank-deficient matrices: the minimum-norm solution (numpy.linalg.lstsq values), with
// residuals, rank and singular values, each driver and rcond; derivatives against finite differences.
import { describe, expect, it } from "vitest";
import { linalg } from "../../src/linalg/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectNear, f64, gaussian } from "./helpers.js";

const A = f64([[1, 2, 3], [2, 4, 6], [1, 0, 1], [0, 1, 1]]); // rank 2
const B = f64([[1, 0], [2, 1], [0, 3], [1, 1]]);

describe("lstsq at rank deficiency", () => {
  it("returns numpy's minimum-norm solution, rank and singular values (tall, rank 2)", () => {
    // numpy 2.4: np.linalg.lstsq(A, B, rcond=None)
    const r = linalg.lstsq(A, B);
    expectNear(r.solution, [[-0.33333333333333365, 1.6666666666666674], [0.4743589743589744, -1.2179487179487183], [0.14102564102564075, 0.4487179487179489]], 1e-13, "solution");
    expect(r.rank.dtype).toBe("int32");
    expect(r.rank.item()).toBe(2);
    expectNear(r.singularValues, [8.539934920503985, 1.0341719168284527, 0], 1e-13, "singular values");
    // numpy and PyTorch give no residuals for rank-deficient A (an empty tensor)
    expect(r.residuals.shape).toEqual([0]);
  });

  it("wide rank-1 system: the minimum-norm solution; vector b gives vector results", () => {
    const r = linalg.lstsq(f64([[1, 2, 3, 4], [2, 4, 6, 8]]), f64([1, 2]));
    expectNear(r.solution, [1 / 30, 2 / 30, 3 / 30, 4 / 30], 1e-14, "solution");
    expect(r.rank.item()).toBe(1);
    expect(r.residuals.shape).toEqual([0]);
  });

  it("drivers and rcond: gels (QR, full rank only), gelsy (no singular values), rcond cuts the rank", () => {
    const full = gaussian([2, 5, 3], 1);
    const b = gaussian([2, 5, 2], 2);
    const svdWay = linalg.lstsq(full, b);
    const qrWay = linalg.lstsq(full, b, { driver: "gels" });
    expectNear(qrWay.solution, svdWay.solution, 1e-12, "gels = gelsd at full rank");
    expect(qrWay.rank.shape).toEqual([0]);
    expect(qrWay.singularValues.shape).toEqual([0]);
    expectNear(qrWay.residuals, svdWay.residuals, 1e-12, "residuals");
    expect(svdWay.residuals.shape).toEqual([2, 2]);
    const y = linalg.lstsq(full, b, { driver: "gelsy" });
    expect(y.singularValues.shape).toEqual([0]);
    expect(Array.from(y.rank.data())).toEqual([3, 3]);
    expect(linalg.lstsq(f64([[1, 0], [0, 1e-6]]), f64([1, 1]), { rcond: 1e-3 }).rank.item()).toBe(1);
    expectNear(linalg.lstsq(f64([[1, 0], [0, 1e-6]]), f64([1, 1]), { rcond: 1e-3 }).solution, [1, 0], 0, "cut");
    expect(() => linalg.lstsq(A, B, { driver: "gels" })).toThrow(/lstsq: the matrix does not have full rank/);
    expect(() => linalg.lstsq(A, B, { driver: "svd" } as never)).toThrow(/lstsq: options.driver must be "gels", "gelsy", "gelsd" or "gelss", got/);
    expect(() => linalg.lstsq(A, B, { cond: 1 } as never)).toThrow(/lstsq: options.cond is not an option/);
  });

  it("residuals as torch.linalg.lstsq: per column, (1) for a vector b, empty for gelsy or any rank-deficient matrix of a batch", () => {
    // torch 1.13: torch.linalg.lstsq(A, B, driver=…).residuals
    const a = f64([[1, 0], [1, 1], [1, 2]]);
    const vec = linalg.lstsq(a, f64([1, 2, 4]), { driver: "gelsd" });
    expect(vec.residuals.shape).toEqual([1]);
    expectNear(vec.residuals, [1 / 6], 1e-14, "vector b");
    expectNear(linalg.lstsq(a, f64([[1], [2], [4]]), { driver: "gels" }).residuals, [1 / 6], 1e-14, "gels");
    expect(linalg.lstsq(a, f64([[1], [2], [4]]), { driver: "gelsy" }).residuals.shape).toEqual([0]);
    const both = linalg.lstsq(f64([[[1, 0], [1, 1], [1, 2]], [[1, 1], [1, 1], [1, 1]]]), f64([[[1], [2], [4]], [[1], [2], [3]]]), { driver: "gelss" });
    expect(both.residuals.shape).toEqual([0]);
    expect(Array.from(both.rank.data())).toEqual([2, 1]);
    const full = linalg.lstsq(f64([[[1, 0], [1, 1], [1, 2]], [[1, 0], [1, 1], [1, 3]]]), f64([[1, 2, 4], [1, 2, 3]]).reshape([2, 3, 1]));
    expectNear(full.residuals, [[1 / 6], [1 / 14]], 1e-14, "batched, full rank");
  });

  it("derivatives match finite differences (both modes, second order) at fixed rank", () => {
    checkGrads((a: Tensor, b: Tensor) => linalg.lstsq(a, b).solution, [gaussian([5, 3], 3), gaussian([5, 2], 4)], { order: 2 });
    checkGrads((a: Tensor, b: Tensor) => linalg.lstsq(a, b).residuals, [gaussian([5, 3], 5), gaussian([5], 6)], { order: 1 });
  });
});
