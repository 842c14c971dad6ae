// The special-function ops: values at the edges, derivatives of every order (each rule is written with
// primitives, so grad of grad works), the composites' stability tricks, and argument errors.
import "../../src/index.js";
import { describe, expect, it } from "vitest";
import { ArgumentError } from "../../src/core/errors.js";
import * as S from "../../src/backend/cpu/special-functions.js";
import {
  digamma, erf, erfc, erfinv, lgamma, log1mexp, logaddexp, logit, polygamma, sum, xlogy,
} from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { parseExpression } from "../../src/trace/expression/parse-expression.js";
import { forwardTable } from "../../src/trace/forward-table.js";
import { traceProgram } from "../../src/trace/trace.js";
import { grad } from "../../src/transforms/grad.js";
import { hessian } from "../../src/transforms/hessian.js";
import { checkGradient, f64, values } from "./helpers.js";

/** d/dx applied `order` times to an elementwise function, summed so each step is a scalar function. */
function derivative(f: (x: Tensor) => Tensor, order: number): (x: Tensor) => Tensor {
  let g = f;
  for (let k = 0; k < order; k++) {
    const inner = g;
    g = grad((x: Tensor) => sum(inner(x))) as (x: Tensor) => Tensor;
  }
  return g;
}

function expectRel(actual: readonly number[], expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(Math.abs(a - e), `element ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  });
}

describe("lgamma, digamma, polygamma: derivatives of every order", () => {
  const x = f64([0.3, 1.5, 4.2, -0.6, -2.5]);
  const xs = values(x);

  it("lgamma′ = ψ, lgamma″ = ψ⁽¹⁾, lgamma‴ = ψ⁽²⁾, lgamma⁗ = ψ⁽³⁾", () => {
    expectRel(values(derivative(lgamma, 1)(x)), xs.map(S.digamma), 1e-14);
    expectRel(values(derivative(lgamma, 2)(x)), xs.map((v) => S.polygamma(1, v)), 1e-14);
    expectRel(values(derivative(lgamma, 3)(x)), xs.map((v) => S.polygamma(2, v)), 1e-14);
    expectRel(values(derivative(lgamma, 4)(x)), xs.map((v) => S.polygamma(3, v)), 1e-14);
  });

  it("polygamma(n)′ = polygamma(n + 1); polygamma(0, x) = digamma(x)", () => {
    expectRel(values(derivative((t) => polygamma(2, t), 2)(x)), xs.map((v) => S.polygamma(4, v)), 1e-14);
    expect(values(polygamma(0, x))).toEqual(values(digamma(x)));
    expectRel(values(derivative((t) => polygamma(0, t), 1)(x)), xs.map((v) => S.polygamma(1, v)), 1e-14);
  });

  it("gradients agree with finite differences (reverse and forward mode)", () => {
    checkGradient(lgamma, x);
    checkGradient(digamma, x);
    checkGradient((t) => polygamma(3, t), f64([0.7, 2.5, -0.4]), 1e-5);
  });
});

describe("erfinv and erfc", () => {
  it("erfinv inverts erf, and its derivative is (√π/2)·e^{erfinv(y)²}, to the third order", () => {
    const y = f64([-0.9, -0.2, 0.3, 0.75, 0.999]);
    expectRel(values(erf(erfinv(y))), values(y), 1e-15);
    const z = values(erfinv(y));
    expectRel(values(derivative(erfinv, 1)(y)), z.map((v) => (Math.sqrt(Math.PI) / 2) * Math.exp(v * v)), 1e-14);
    // (erfinv)″ = 2z·(erfinv′)², (erfinv)‴ = (2 + 8z²)·(erfinv′)³ … checked against finite differences.
    checkGradient(derivative(erfinv, 1), y, 1e-5);
    checkGradient(derivative(erfinv, 2), f64([-0.5, 0.1, 0.6]), 1e-4);
  });

  it("erfc keeps its value and derivative in the tail where 1 − erf(x) is 0", () => {
    const x = f64([5, 10, 26]);
    expect(values(erfc(x))[1]).toBe(S.erfc(10));
    expect(values(erfc(x)).every((v) => v > 0)).toBe(true);
    const d = values(derivative(erfc, 1)(x));
    expectRel(d, [5, 10, 26].map((v) => (-2 / Math.sqrt(Math.PI)) * Math.exp(-v * v)), 1e-15);
    checkGradient(erfc, f64([-1.5, 0.2, 0.5, 2.9, 3.1]));
    checkGradient(derivative(erfc, 1), f64([-1.5, 0.2, 2.9]), 1e-5);
  });
});

describe("xlogy", () => {
  it("x·ln y with 0·ln 0 = 0, xlogy(0, −1) = xlogy(0, ∞) = 0 and xlogy(0, NaN) = NaN (torch.xlogy)", () => {
    expect(values(xlogy(f64([0, 0, 0, 0, 2, 3]), f64([0, -1, Infinity, NaN, Math.E, 0])))).toEqual([0, 0, 0, NaN, 2, -Infinity]);
  });

  it("∂/∂x = ln y (also at x = 0), ∂/∂y = x/y; 0 (not NaN) where x = 0 and y is 0, < 0 or ∞", () => {
    const x = f64([0, 0, 2, 0.5, 0, 0]);
    const y = f64([0, 3, 3, 0.25, -1, Infinity]);
    const [gx, gy] = grad((a: Tensor, b: Tensor) => sum(xlogy(a, b)), { argnums: [0, 1] })(x, y) as [Tensor, Tensor];
    expect(values(gx)).toEqual([0, Math.log(3), Math.log(3), Math.log(0.25), 0, 0]);
    expect(values(gy)).toEqual([0, 0, 2 / 3, 2, 0, 0]);
    checkGradient((t) => xlogy(t, f64([0.5, 2, 3])), f64([0.3, 0, 1.2]));
    checkGradient((t) => xlogy(f64([0.5, 0, 3]), t), f64([0.3, 2, 1.2]));
  });

  it("second derivatives: ∂²/∂x∂y = 1/y, ∂²/∂y² = −x/y², no NaN at x = 0", () => {
    const h = hessian((v: Tensor) => xlogy(v.slice([0], [1]).reshape([]), v.slice([1], [1]).reshape([])))(f64([2, 4])) as Tensor;
    expectRel(values(h), [0, 0.25, 0.25, -2 / 16], 1e-15);
    const h0 = hessian((v: Tensor) => xlogy(v.slice([0], [1]).reshape([]), v.slice([1], [1]).reshape([])))(f64([0, 0])) as Tensor;
    expect(values(h0).every(Number.isFinite)).toBe(true);
  });
});

describe("logit", () => {
  it("ln(p/(1 − p)), accurate for tiny p; ±∞ at 1 and 0", () => {
    expectRel(values(logit(f64([0.5, 0.75, 1e-300]))), [0, Math.log(3), Math.log(1e-300)], 1e-15);
    expect(values(logit(f64([0, 1])))).toEqual([-Infinity, Infinity]);
  });

  it("d logit = dp/(p(1 − p)), to the second order", () => {
    const p = f64([0.1, 0.5, 0.9]);
    expectRel(values(derivative((t) => logit(t), 1)(p)), [0.1, 0.5, 0.9].map((v) => 1 / (v * (1 - v))), 1e-14);
    checkGradient(derivative((t) => logit(t), 1), p, 1e-5);
  });

  it("eps clamps p to [eps, 1 − eps] (derivative 0 outside, as torch.logit)", () => {
    const p = f64([0, 0.5, 1]);
    expectRel(values(logit(p, 0.1)), [Math.log(0.1 / 0.9), 0, Math.log(0.9 / 0.1)], 1e-15);
    expect(values(derivative((t) => logit(t, 0.1), 1)(p))).toEqual([0, 4, 0]);
  });

  it("a bad eps names logit and eps", () => {
    expect(() => logit(f64([0.5]), 0.7)).toThrow(ArgumentError);
    expect(() => logit(f64([0.5]), -1)).toThrow(/logit: eps must be a number in \[0, 0\.5\], got the number -1/);
    expect(() => logit(f64([0.5]), NaN)).toThrow(/logit: eps/);
  });
});

describe("logaddexp", () => {
  it("is stable for large, infinite and equal inputs", () => {
    const a = f64([1000, -1000, -Infinity, Infinity, -Infinity, Infinity, 2, NaN]);
    const b = f64([1000, -1000, -Infinity, Infinity, 3, -Infinity, 2, 0]);
    const out = values(logaddexp(a, b));
    expectRel(out.slice(0, 2), [1000 + Math.LN2, -1000 + Math.LN2], 1e-15);
    expect(out.slice(2, 6)).toEqual([-Infinity, Infinity, 3, Infinity]);
    expectRel([out[6]!], [2 + Math.LN2], 1e-15);
    expect(out[7]).toBeNaN();
  });

  it("its gradient is the softmax weights, with no NaN at (−∞, −∞) or (∞, ∞)", () => {
    const a = f64([1, -Infinity, Infinity, Infinity, -Infinity]);
    const b = f64([3, -Infinity, Infinity, 5, 0]);
    const [ga, gb] = grad((x: Tensor, y: Tensor) => sum(logaddexp(x, y)), { argnums: [0, 1] })(a, b) as [Tensor, Tensor];
    const s = 1 / (1 + Math.exp(2));
    expectRel(values(ga), [s, 0.5, 0.5, 1, 0], 1e-15);
    expectRel(values(gb), [1 - s, 0.5, 0.5, 0, 1], 1e-15);
  });

  it("second derivatives are exact at a = b (σ′(0) = ¼), where the value's own formula has abs″ = 0", () => {
    const h = hessian((v: Tensor) => logaddexp(v.slice([0], [1]).reshape([]), v.slice([1], [1]).reshape([])))(f64([0.7, 0.7])) as Tensor;
    expectRel(values(h), [0.25, -0.25, -0.25, 0.25], 1e-15);
    checkGradient((t) => logaddexp(t, f64([0.2, 0.5, -3])), f64([0.5, 0.5, 2]));
    checkGradient(derivative((t) => logaddexp(t, f64([0.2, 0.5, -3])), 1), f64([0.5, 0.5, 2]), 1e-5);
  });

  it("broadcasts, and a shape mismatch names logaddexp", () => {
    expect(logaddexp(f64([[1], [2]]), f64([1, 2, 3])).shape).toEqual([2, 3]);
    expect(() => logaddexp(f64([1, 2]), f64([1, 2, 3]))).toThrow(/logaddexp/);
    expect(() => xlogy(f64([1, 2]), f64([1, 2, 3]))).toThrow(/xlogy/);
  });
});

describe("log1mexp", () => {
  it("ln(1 − eˣ) to full precision on both sides of −ln 2 (Mächler)", () => {
    const xs = [-1e-20, -1e-5, -0.5, -Math.LN2, -0.7, -5, -50, -800];
    const expected = xs.map((x) => (x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x))));
    expect(values(log1mexp(f64(xs)))).toEqual(expected);
    // Naive ln(1 − eˣ) gives −∞ at −1e-20 and 0 at −50; these do not.
    expectRel(values(log1mexp(f64([-1e-20, -50]))), [Math.log(1e-20), -1.9287498479639178e-22], 1e-15);
    const edge = values(log1mexp(f64([0, 1])));
    expect(edge[0]).toBe(-Infinity);
    expect(edge[1]).toBeNaN();
  });

  it("d log1mexp = eˣ/expm1(x) dx with no NaN from the other branch, to the second order", () => {
    const x = f64([-1e-8, -0.3, -0.7, -5, -50, -800]);
    const d = values(derivative(log1mexp, 1)(x));
    expectRel(d, values(x).map((v) => Math.exp(v) / Math.expm1(v)), 1e-14);
    expect(d.every(Number.isFinite)).toBe(true);
    checkGradient(log1mexp, f64([-0.3, -0.69, -0.7, -4]));
    checkGradient(derivative(log1mexp, 1), f64([-0.3, -0.7, -4]), 1e-5);
  });
});

describe("argument errors", () => {
  it("polygamma's n must be an integer ≥ 0; the error names polygamma and n", () => {
    expect(() => polygamma(1.5, f64([1]))).toThrow(ArgumentError);
    expect(() => polygamma(1.5, f64([1]))).toThrow(/polygamma: n must be an integer in \[0, 170\], got the number 1\.5/);
    expect(() => polygamma(-1, f64([1]))).toThrow(/polygamma: n must be an integer in \[0, 170\], got the number -1/);
    expect(() => polygamma(1e12, f64([1]))).toThrow(/polygamma: n must be an integer in \[0, 170\], got the number 1000000000000/);
    expect(polygamma(170, f64([2])).item()).toBeCloseTo(-7.257415615307994e306 * 2 ** -171, -250); // −170! ζ(171, 2) ≈ −170!·2⁻¹⁷¹
    expect(() => polygamma("1" as unknown as number, f64([1]))).toThrow(/polygamma: n/);
  });

  it("integer tensors are computed as float32, like the other elementwise functions", () => {
    const x = lgamma(tensor([1, 2, 3], { dtype: "int32" }));
    expect(x.dtype).toBe("float32");
    expectRel(values(x), [0, 0, Math.log(2)], 1e-7);
  });
});

describe("wiring: Tensor methods, math expressions, traces", () => {
  it("Tensor methods call the ops", () => {
    const x = f64([0.2, 0.6]);
    expect(values(x.lgamma())).toEqual(values(lgamma(x)));
    expect(values(x.digamma())).toEqual(values(digamma(x)));
    expect(values(x.polygamma(2))).toEqual(values(polygamma(2, x)));
    expect(values(x.erfinv())).toEqual(values(erfinv(x)));
    expect(values(x.erfc())).toEqual(values(erfc(x)));
    expect(values(x.logit(0.3))).toEqual(values(logit(x, 0.3)));
    expect(values(x.neg().log1mexp())).toEqual(values(log1mexp(f64([-0.2, -0.6]))));
    expect(values(x.xlogy(3))).toEqual(values(xlogy(x, 3)));
    expect(values(x.logaddexp(x))).toEqual(values(logaddexp(x, x)));
  });

  it("math expressions know the special functions", () => {
    expect(parseExpression("lgamma(x) + logaddexp(x, 2) + xlogy(x, x) + erfc(x)").fn(3).item()).toBeCloseTo(
      S.lgamma(3) + 3 + Math.log1p(Math.exp(-1)) + 3 * Math.log(3) + S.erfc(3), 6,
    );
  });

  it("traces write the primitives and their partials (lnΓ, ψ, ψ⁽ⁿ⁾, erfc)", () => {
    const f = (x: Tensor) => polygamma(2, lgamma(erfc(x)));
    expect(traceProgram(f, [0.5], { names: ["x"] }).toString({ values: false })).toBe(
      ["v0 = x", "v1 = erfc v0", "v2 = lnΓ v1", "v3 = ψ⁽²⁾(v2)", "y  = v3"].join("\n"),
    );
    const table = forwardTable(f, [0.5], [1]).toString();
    expect(table).toContain("v̇1 = v̇0 × (−2/√π) exp(−v0²)");
    expect(table).toContain("v̇2 = v̇1 × ψ(v1)");
    expect(table).toContain("v̇3 = v̇2 × ψ⁽³⁾(v2)");
  });
});
