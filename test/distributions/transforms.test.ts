import { describe, expect, it } from "vitest";
import { grad, jacobian, linalg, tensor, type Tensor } from "../../src/index.js";
import * as T from "../../src/distributions/transforms/index.js";
import { batch, CASES } from "./transforms-helpers.js";

const values = (t: Tensor): number[] => Array.from(t.data());

function expectClose(a: Tensor, b: Tensor, tol: number): void {
  expect(a.shape).toEqual(b.shape);
  const [u, v] = [values(a), values(b)];
  u.forEach((x, i) => expect(Math.abs(x - v[i]!), `entry ${i}: ${x} vs ${v[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v[i]!))));
}

describe("transforms: round trips and codomains", () => {
  for (const c of CASES)
    it(c.name, () => {
      const x = batch(c, 5, 11);
      const y = c.t.forward(x);
      expectClose(c.t.inverse(y), x, 1e-9);
      const y2 = c.t.forward(batch(c, 5, 101));
      expectClose(c.t.forward(c.t.inverse(y2)), y2, 1e-10);
      expect(Array.from(c.t.codomain.check(y).data()).every(Boolean), `${c.t.codomain.name} holds`).toBe(true);
      expect(Array.from(c.t.domain.check(x).data()).every(Boolean)).toBe(true);
      expect(c.t.codomain.eventDim).toBeLessThanOrEqual(c.t.codomainEventDim);
      expect(c.t.inv.inv).toBe(c.t);
      expect(c.t.forwardShape(x.shape)).toEqual(y.shape);
      expect(c.t.inverseShape(y.shape)).toEqual(x.shape);
      expect(c.t.inv.forwardShape(y.shape)).toEqual(x.shape);
    });
});

describe("transforms: logAbsDetJacobian against jacobian + slogdet on the free coordinates", () => {
  for (const c of CASES)
    it(c.name, () => {
      const xs = batch(c, 3, 7);
      const ladj = c.t.logAbsDetJacobian(xs, c.t.forward(xs));
      expect(ladj.shape).toEqual([3]);
      for (let i = 0; i < 3; i++) {
        const v = c.free(7 + i);
        const J = jacobian((u: Tensor) => c.freeY(c.t.forward(c.toX(u))))(v) as Tensor;
        expect(J.shape[0]).toBe(J.shape[1]);
        const x = c.toX(v);
        expect(c.t.logAbsDetJacobian(x, c.t.forward(x)).item()).toBeCloseTo(linalg.slogdet(J).logAbsDet.item(), 9);
        expect(ladj.slice([i], [1]).item()).toBeCloseTo(linalg.slogdet(J).logAbsDet.item(), 9);
      }
    });
});

/** Central differences of a scalar function of a vector. */
function numericGrad(f: (v: Tensor) => number, v: Tensor, h = 1e-6): number[] {
  const base = values(v);
  return base.map((_, i) => {
    const up = base.slice(); up[i]! += h;
    const dn = base.slice(); dn[i]! -= h;
    return (f(tensor(up, { dtype: "float64" })) - f(tensor(dn, { dtype: "float64" }))) / (2 * h);
  });
}

describe("transforms: gradients of the log-det", () => {
  for (const c of CASES)
    it(`${c.name}: first order against finite differences`, () => {
      const ld = (u: Tensor): Tensor => {
        const x = c.toX(u);
        return c.t.logAbsDetJacobian(x, c.t.forward(x)).sum();
      };
      const v = c.free(3);
      const g = grad(ld)(v) as Tensor;
      const fd = numericGrad((u) => ld(u).item(), v);
      values(g).forEach((a, i) => expect(a).toBeCloseTo(fd[i]!, 6));
    });

  for (const c of CASES.filter((k) => ["stickBreaking", "corrCholesky K=4", "sigmoid", "tanh", "softplus"].includes(k.name)))
    it(`${c.name}: second order (grad of grad) against finite differences of the gradient`, () => {
      const ld = (u: Tensor): Tensor => c.t.logAbsDetJacobian(c.toX(u), c.t.forward(c.toX(u))).sum();
      const v = c.free(5);
      const w = tensor(values(v).map((_, i) => 1 + i), { dtype: "float64" });
      const dir = (u: Tensor): Tensor => (grad(ld)(u) as Tensor).mul(w).sum();
      const h2 = grad(dir)(v) as Tensor;
      const fd = numericGrad((u) => dir(u).item(), v, 1e-5);
      values(h2).forEach((a, i) => expect(a).toBeCloseTo(fd[i]!, 5));
    });

  it("affine: the log-det differentiates in the scale (d/ds Σ ln|s| over 3 entries = 3/s)", () => {
    const f = (s: Tensor): Tensor => T.affine(1, s).logAbsDetJacobian(tensor([1, 2, 3], { dtype: "float64" }), tensor([0, 0, 0], { dtype: "float64" })).sum();
    expect((grad(f)(tensor(-2, { dtype: "float64" })) as Tensor).item()).toBeCloseTo(-1.5, 12);
  });
});

describe("transforms: extreme inputs stay finite", () => {
  const f64 = (v: number[]): Tensor => tensor(v, { dtype: "float64" });
  const finite = (t: Tensor): boolean => values(t).every(Number.isFinite);

  it("sigmoid at ±50: value in [0, 1], inverse and log-det finite", () => {
    const x = f64([-50, 50, -800, 800]);
    const y = T.sigmoid.forward(x);
    expect(finite(T.sigmoid.inverse(y))).toBe(true);
    expect(values(T.sigmoid.logAbsDetJacobian(x, y))[0]).toBeCloseTo(-50, 9);
    expect(values(T.sigmoid.logAbsDetJacobian(x, y))[3]).toBeCloseTo(-800, 9);
  });

  it("softplus inverse of 1e-10 and 1e3 (y + ln(1 − e^(−y)))", () => {
    const x = values(T.softplus.inverse(f64([1e-10, 1e3, 40])));
    expect(x[0]).toBeCloseTo(Math.log(Math.expm1(1e-10)), 12);
    expect(x[1]).toBe(1000);
    expect(x[2]).toBeCloseTo(40 + Math.log1p(-Math.exp(-40)), 12);
    expect(values(T.softplus.logAbsDetJacobian(f64([-800, 800]), f64([0, 800])))).toEqual([-800, -0]);
  });

  it("tanh log-det at ±50 is 2·(ln 2 − |x|)", () => {
    const ld = values(T.tanh.logAbsDetJacobian(f64([-50, 50]), f64([-1, 1])));
    expect(ld[0]).toBeCloseTo(2 * (Math.LN2 - 50), 9);
    expect(ld[1]).toBeCloseTo(2 * (Math.LN2 - 50), 9);
  });

  it("stick breaking with large inputs stays on the simplex with a finite log-det", () => {
    const x = f64([300, -300, 40, -700]);
    const y = T.stickBreaking.forward(x);
    expect(finite(y)).toBe(true);
    expect(values(y).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(finite(T.stickBreaking.logAbsDetJacobian(x, y))).toBe(true);
    expect(finite(grad((u: Tensor) => T.stickBreaking.logAbsDetJacobian(u, T.stickBreaking.forward(u)))(x) as Tensor)).toBe(true);
  });

  it("corrCholesky with large inputs gives a valid factor and a finite log-det", () => {
    const x = f64([60, -60, 30, 5, -400, 200]);
    const y = T.corrCholesky.forward(x);
    expect(finite(y)).toBe(true);
    expect(values(T.corrCholesky.codomain.check(y).cast("float64"))).toEqual([1]);
    expect(finite(T.corrCholesky.logAbsDetJacobian(x, y))).toBe(true);
  });
});

describe("transforms: structure and errors", () => {
  it("event dims, signs and bijectivity", () => {
    expect([T.corrCholesky.domainEventDim, T.corrCholesky.codomainEventDim]).toEqual([1, 2]);
    expect([T.corrCholesky.inv.domainEventDim, T.corrCholesky.inv.codomainEventDim]).toEqual([2, 1]);
    const c = T.compose(T.exp, T.stickBreaking);
    expect([c.domainEventDim, c.codomainEventDim]).toEqual([1, 1]);
    expect(c.domain.name).toBe("realVector");
    expect(T.compose(T.exp, T.affine(0, -3)).sign).toBe(-1);
    expect(T.stickBreaking.sign).toBeUndefined();
    expect(T.sigmoid.inv.sign).toBe(1);
    expect(T.lowerCholesky.bijective).toBe(true);
    expect(T.identity.forward(2).item()).toBe(2);
  });

  it("compose sums the log-det of an elementwise part over the chain's event axes", () => {
    const x = tensor([[0.1, -0.3], [0.2, 0.7]], { dtype: "float64" });
    const c = T.compose(T.affine(1, 2), T.stickBreaking);
    expect(c.logAbsDetJacobian(x, c.forward(x)).shape).toEqual([2]);
  });

  it("bad arguments name the transform, the argument and what was given", () => {
    expect(() => T.corrCholesky.forward(tensor([1, 2]))).toThrow(/transforms\.corrCholesky\.forward: x's last axis must have length K\(K−1\)\/2.*\[2\]/);
    expect(() => T.lowerCholesky.forward(tensor([[1, 2, 3]]))).toThrow(/transforms\.lowerCholesky\.forward: x must be square matrices, got shape \[1, 3\]/);
    expect(() => T.stickBreaking.forward(3)).toThrow(/transforms\.stickBreaking\.forward: x must have at least 1 axis/);
    expect(() => T.affine(0, Number.NaN)).toThrow(/transforms\.affine: scale must be a tensor or a finite number, got the number NaN/);
    expect(() => T.power(0)).toThrow(/transforms\.power: exponent must be a tensor or a finite nonzero number/);
    expect(() => T.compose(T.exp, "exp" as never)).toThrow(/transforms\.compose: parts\[1\] must be a transform, got the string "exp"/);
    expect(() => T.exp.forward("1" as never)).toThrow(/transforms\.exp\.forward: x must be a tensor or a number/);
    expect(() => T.corrCholesky.forwardShape([4])).toThrow(/transforms\.corrCholesky\.forwardShape: the last axis must have length K\(K−1\)\/2/);
    expect(() => T.stickBreaking.inverseShape([1])).toThrow(/transforms\.stickBreaking\.inverseShape: the last axis must have length ≥ 2/);
    expect(() => T.exp.forwardShape([2.5] as never)).toThrow(/transforms\.exp\.forwardShape: shape must be an array of integers ≥ 0, got an array of length 1/);
    expect(() => T.lowerCholesky.forwardShape([3])).toThrow(/transforms\.lowerCholesky\.forwardShape: shape must have at least 2 axes/);
  });
});
