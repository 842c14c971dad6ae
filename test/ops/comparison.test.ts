import "../../src/index.js";
import { describe, expect, it } from "vitest";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { jvp } from "../../src/transforms/jvp.js";
import { expectClose, f64 } from "./helpers.js";

const bools = (t: Tensor) => t.toArray();

describe("comparisons", () => {
  const a = tensor([1, 2, 3]);
  it("give bool results with broadcasting", () => {
    expect(ops.greater(a, 2).dtype).toBe("bool");
    expect(bools(ops.greater(a, 2))).toEqual([false, false, true]);
    expect(bools(ops.greaterEqual(a, 2))).toEqual([false, true, true]);
    expect(bools(ops.less(a, 2))).toEqual([true, false, false]);
    expect(bools(ops.lessEqual(a, 2))).toEqual([true, true, false]);
    expect(bools(ops.equal(a, 2))).toEqual([false, true, false]);
    expect(bools(ops.notEqual(a, 2))).toEqual([true, false, true]);
    expect(bools(ops.less(tensor([[1], [3]]), a))).toEqual([[false, true, true], [false, false, false]]);
  });
  it("promote mixed dtypes and numbers on the left", () => {
    expect(bools(ops.equal(tensor([1, 2], { dtype: "int32" }), f64([1, 2.5])))).toEqual([true, false]);
    expect(bools(ops.greater(2, a))).toEqual([true, false, false]);
    expect(bools(ops.less(tensor([1, 2], { dtype: "int32" }), 1.5))).toEqual([true, false]);
  });
  it("NaN compares unequal", () => {
    expect(bools(ops.equal(tensor([NaN]), tensor([NaN])))).toEqual([false]);
    expect(bools(ops.notEqual(tensor([NaN]), tensor([NaN])))).toEqual([true]);
  });
  it("name the op and both shapes on a mismatch", () => {
    expect(() => ops.greater(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(/greater.*\[3\].*\[2\]/);
  });
});

describe("logic", () => {
  const p = tensor([true, true, false, false]);
  const q = tensor([true, false, true, false]);
  it("and, or, not", () => {
    expect(bools(ops.logicalAnd(p, q))).toEqual([true, false, false, false]);
    expect(bools(ops.logicalOr(p, q))).toEqual([true, true, true, false]);
    expect(bools(ops.logicalNot(p))).toEqual([false, false, true, true]);
  });
  it("non-bool operands count as nonzero", () => {
    expect(bools(ops.logicalAnd(tensor([0, 2, -1]), 1))).toEqual([false, true, true]);
    expect(bools(ops.logicalNot(tensor([0, 3])))).toEqual([true, false]);
  });
});

describe("where", () => {
  it("selects with broadcasting and numbers", () => {
    const c = tensor([[true], [false]]);
    expectClose(ops.where(c, tensor([1, 2, 3]), 0), [[1, 2, 3], [0, 0, 0]]);
    expect(ops.where(c, f64([1]), 0).dtype).toBe("float64");
    expectClose(ops.where(tensor([1, 0]), 5, 6), [5, 6]);
  });
  it("routes the derivative to the branch taken", () => {
    const g = grad((x: Tensor) => ops.sum(ops.where(ops.greater(x, 0), ops.mul(x, 3), ops.mul(x, -2))))(f64([1, -1, 0]));
    expectClose(g, [3, -2, -2]);
  });
});

describe("masking and NaN gradients (ad-features §4.3); see the NOTE on where", () => {
  const naiveLog = (x: Tensor) => ops.where(ops.greater(x, 0), ops.log(x), 0);
  const safeLog = (x: Tensor) => ops.where(ops.greater(x, 0), ops.log(ops.where(ops.greater(x, 0), x, 1)), 0);

  it("T3.1: where(x > 0, log x, 0) is 0 at 0; forward mode gives f'(0) = 0 (T3.5)", () => {
    expect(naiveLog(f64(0)).item()).toBe(0);
    for (const x0 of [0, -1]) {
      const [, t] = jvp(naiveLog, [f64(x0)], [f64(1)]) as [Tensor, Tensor];
      expect(t.item()).toBe(0);
    }
  });
  it("T3.1: reverse mode of the naive form is NaN (0 · ∞ inside log's rule) — documented, use T3.2", () => {
    // NOTE: VJPs do not skip zero cotangents, so the masked branch's 0 · (1/0) is NaN, as in JAX.
    expect(Number.isNaN(grad(naiveLog)(0).item())).toBe(true);
  });
  it("T3.2: the double where gives 0 at 0 and at −1", () => {
    expect(grad(safeLog)(0).item()).toBe(0);
    expect(grad(safeLog)(-1).item()).toBe(0);
    expect(grad(safeLog)(2).item()).toBe(0.5);
  });
  it("T3.3: where(x < 0, exp(x), 1) at [−10, 0, 100] (float32) with the inner guard", () => {
    const f = (x: Tensor) => ops.sum(ops.where(ops.less(x, 0), ops.exp(ops.where(ops.less(x, 0), x, 0)), 1));
    expectClose(grad(f)(tensor([-10, 0, 100])), [Math.exp(-10), 0, 0], 1e-6);
    const f64f = (x: Tensor) => ops.sum(ops.where(ops.less(x, 0), ops.exp(ops.where(ops.less(x, 0), x, 0)), 1));
    expectClose(grad(f64f)(f64([-10, 0, 1000])), [Math.exp(-10), 0, 0], 1e-12);
  });
  it("T3.4: where(x = 0, x/2, √x + 1) at [16, 0] with the inner guard", () => {
    const f = (x: Tensor) => {
      const zero = ops.equal(x, 0);
      return ops.sum(ops.where(zero, ops.div(x, 2), ops.add(ops.sqrt(ops.where(zero, 1, x)), 1)));
    };
    expectClose(grad(f)(f64([16, 0])), [0.125, 0.5]);
  });
});
