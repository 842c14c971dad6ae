import "../../src/index.js";
import { describe, expect, it } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { jvp } from "../../src/transforms/jvp.js";
import { expectClose, f64 } from "./helpers.js";

describe("norm values", () => {
  const m = f64([[1, -2], [3, 0]]);
  it("ord 2 over all elements (Frobenius for a matrix) and along an axis", () => {
    expectClose(ops.norm(f64([3, 4])), 5);
    expectClose(ops.norm(m), Math.sqrt(14), 1e-15);
    expectClose(ops.norm(m, 2, 1), [Math.sqrt(5), 3], 1e-15);
    expectClose(ops.norm(m, 2, -2, true), [[Math.sqrt(10), 2]], 1e-15);
  });
  it("ord 1, Infinity and general p", () => {
    expectClose(ops.norm(m, 1), 6);
    expectClose(ops.norm(m, 1, 1), [3, 3]);
    expectClose(ops.norm(m, Infinity), 3);
    expectClose(ops.norm(m, Infinity, 0), [3, 2]);
    expectClose(ops.norm(f64([1, -2, 3]), 3), Math.cbrt(36), 1e-14);
    expectClose(ops.norm(f64([3, 4]), 1.5), Math.pow(Math.pow(3, 1.5) + Math.pow(4, 1.5), 1 / 1.5), 1e-14);
    expectClose(ops.norm(f64([0, 0]), 3), 0);
  });
  it("integers give float32; NaN propagates", () => {
    expect(ops.norm(tensor([3, 4], { dtype: "int32" })).dtype).toBe("float32");
    expectClose(ops.norm(f64([NaN, 1])), NaN);
  });
  it("rejects ord < 1 with what was given", () => {
    expect(() => ops.norm(f64([1]), 0.5)).toThrow(/norm: ord must be 1, 2, Infinity or a number p ≥ 1, got 0.5/);
    expect(() => ops.norm(f64([1]), 2, 1)).toThrow(/norm: axis 1 is out of range/);
  });
});

describe("norm at zero (ad-features §4.2; the NOTE on norm)", () => {
  it("T2.7: ∇‖x‖₂ at x = (0, 0) is (0, 0), in reverse and forward mode", () => {
    expectClose(grad((x: Tensor) => ops.norm(x))(f64([0, 0])), [0, 0]);
    const [, t] = jvp((x: Tensor) => ops.norm(x), [f64([0, 0])], [f64([1, 1])]) as [Tensor, Tensor];
    expect(t.item()).toBe(0);
    expectClose(grad((x: Tensor) => ops.norm(x))(f64([3, 4])), [0.6, 0.8]);
  });
  it("T2.8: ∇‖x‖² at 0 is 0 (= 2x)", () => {
    expectClose(grad((x: Tensor) => ops.square(ops.norm(x)))(f64([0, 0])), [0, 0]);
    expectClose(grad((x: Tensor) => ops.square(ops.norm(x)))(f64([1, -2])), [2, -4], 1e-14);
  });
  it("T2.9: L(w) = (√Σ(x·w)² − 1)² with x = 0 has L'(1) = 0", () => {
    const x = f64([0, 0, 0]);
    const L = (w: Tensor) => ops.square(ops.sub(ops.sqrt(ops.sum(ops.square(ops.mul(x, w)))), 1));
    const viaNorm = (w: Tensor) => ops.square(ops.sub(ops.norm(ops.mul(x, w)), 1));
    expect(grad(viaNorm)(1).item()).toBe(0);
    // NOTE: the plain sqrt form is NaN here (0 · ∞ in sqrt's rule, as in JAX); norm is the safe spelling.
    expect(Number.isNaN(grad(L)(1).item())).toBe(true);
  });
  it("every ord has gradient 0 at 0", () => {
    for (const ord of [1, 1.5, 2, 3, Infinity]) expectClose(grad((x: Tensor) => ops.norm(x, ord))(f64([0, 0])), [0, 0]);
  });
  it("the gradient along an axis is 0 only in the zero rows", () => {
    expectClose(grad((x: Tensor) => ops.sum(ops.norm(x, 2, 1)))(f64([[0, 0], [3, 4]])), [[0, 0], [0.6, 0.8]]);
  });
});
