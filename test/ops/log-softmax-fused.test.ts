// The fused logSoftmax primitive (last axis; crossEntropy and logSoftmax use it): one equation in a
// trace instead of max, shift, exp, sum, log and sub, and results equal to the composite it replaces
// (float64 within 1e-13 relative, float32 within 8 float32 ulps of 1 + |y|), with the same NaN and ±∞
// pattern on special rows, and the same gradients.
import { describe, expect, it } from "vitest";
import { crossEntropy, logSoftmax, randn, tensor, trace, valueAndGrad, type Tensor } from "../../src/index.js";
import { maxShift } from "../../src/ops/logsumexp.js";
import { exp, log } from "../../src/ops/elementwise.js";
import { mul, sub } from "../../src/ops/arithmetic.js";
import { sum } from "../../src/ops/reductions.js";

/** The composite logSoftmax over the last axis (the code path the primitive replaced). */
function composite(x: Tensor): Tensor {
  const shifted = sub(x, maxShift(x, [x.ndim - 1]));
  return sub(shifted, log(sum(exp(shifted), -1, true)));
}

const tol = { float64: 1e-13, float32: 8 * 2 ** -24 } as const;

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel: number, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const [a, b] = [got[i]!, want[i]!];
    if (Number.isNaN(b) || !Number.isFinite(b)) expect(a, `${what}[${i}]`).toBe(b);
    else expect(Math.abs(a - b), `${what}[${i}]: ${a} vs ${b}`).toBeLessThanOrEqual(rel * (1 + Math.abs(b)));
  }
}

const special = [
  [NaN, 1, 2, 3],
  [Infinity, 1, 2, 3],
  [-Infinity, -Infinity, -Infinity, -Infinity],
  [-Infinity, 0, 1, -Infinity],
  [Infinity, -Infinity, 0, 1],
  [5, 5, 5, 5],
  [1e30, -1e30, 3e38, 0],
  [-80, -81, -300, -90],
];

describe("fused logSoftmax", () => {
  it("crossEntropy and logSoftmax trace to one logSoftmax equation (no max/exp/log passes)", () => {
    const labels = tensor([0, 2, 1], { dtype: "int32" });
    const names = trace((z: Tensor) => crossEntropy(z, labels), randn([3, 4], { seed: 1 })).equations.map((e) => e.prim.name);
    expect(names.filter((n) => n === "logSoftmax")).toHaveLength(1);
    expect(names).not.toContain("reduceMax");
    expect(names).not.toContain("exp");
  });

  it("the gradient of crossEntropy traces to one logSoftmaxGrad equation (no exp/sum/mul passes)", () => {
    const labels = tensor([0, 2, 1], { dtype: "int32" });
    const grad = (z: Tensor): Tensor => (valueAndGrad((x: Tensor) => crossEntropy(x, labels))(z) as unknown as [Tensor, Tensor])[1];
    const names = trace(grad, randn([3, 4], { seed: 1 })).equations.map((e) => e.prim.name);
    expect(names.filter((n) => n === "logSoftmaxGrad")).toHaveLength(1);
    expect(names).not.toContain("exp");
  });

  for (const dtype of ["float64", "float32"] as const)
    it(`${dtype}: values equal the composite on random, large and special rows`, () => {
      const random = randn([7, 33], { dtype, seed: 11 }).mul(20);
      expectClose(logSoftmax(random).data(), composite(random).data(), tol[dtype], "random");
      const rows = tensor(special, { dtype });
      expectClose(logSoftmax(rows).data(), composite(rows).data(), tol[dtype], "special");
      const one = tensor([[4], [NaN], [-Infinity]], { dtype });
      expectClose(logSoftmax(one).data(), composite(one).data(), tol[dtype], "one class");
    });

  for (const dtype of ["float64", "float32"] as const)
    it(`${dtype}: gradients equal the composite's (finite and special rows)`, () => {
      const w = randn([special.length, 4], { dtype, seed: 5 });
      for (const x of [randn([special.length, 4], { dtype, seed: 6 }).mul(10), tensor(special, { dtype })]) {
        const [v, g] = valueAndGrad((z: Tensor) => sum(mul(logSoftmax(z), w)))(x) as unknown as [Tensor, Tensor];
        const [v0, g0] = valueAndGrad((z: Tensor) => sum(mul(composite(z), w)))(x) as unknown as [Tensor, Tensor];
        expectClose([v.item()], [v0.item()], tol[dtype] * 8, "value");
        expectClose(g.data(), g0.data(), tol[dtype] * 4, "gradient");
      }
    });

  it("float64: crossEntropy's value and gradient equal the composite's", () => {
    const z = randn([6, 10], { dtype: "float64", seed: 2 }).mul(5);
    const labels = [0, 9, 3, 3, 5, 1];
    const [v, g] = valueAndGrad((x: Tensor) => crossEntropy(x, labels))(z) as unknown as [Tensor, Tensor];
    const onehot = tensor(labels.map((l) => Array.from({ length: 10 }, (_, j) => (j === l ? 1 : 0))), { dtype: "float64" });
    const [v0, g0] = valueAndGrad((x: Tensor) => sum(mul(composite(x), onehot)).neg().div(6))(z) as unknown as [Tensor, Tensor];
    expectClose([v.item()], [v0.item()], 1e-14, "loss");
    expectClose(g.data(), g0.data(), 1e-14, "gradient");
  });
});
