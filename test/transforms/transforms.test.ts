import { describe, expect, it } from "vitest";
import {
  add, checkpoint, cos, matmul, customJvp, customVjp, exp, grad, hvp, jacfwd, jacrev, jvp, linearize, log, mul, sin, sum,
  tensor, TransformError, DTypeError, valueAndGrad, vjp, type Tensor,
} from "../../src/index.js";

const f64 = (x: unknown) => tensor(x as number[], { dtype: "float64" });

describe("grad and valueAndGrad", () => {
  it("differentiates a tree argument and mirrors its structure", () => {
    const loss = (p: { w: Tensor; b: Tensor }, x: Tensor) => sum(mul(add(mul(p.w, x), p.b), add(mul(p.w, x), p.b)));
    const g = grad(loss)({ w: f64([1, 2]), b: f64([0.5, -1]) }, f64([3, 4]));
    // d/dw Σ (wx + b)² = 2(wx + b)x ; d/db = 2(wx + b)
    expect(g.w.toArray()).toEqual([2 * 3.5 * 3, 2 * 7 * 4]);
    expect(g.b.toArray()).toEqual([7, 14]);
  });

  it("supports argnums lists and negative argnums", () => {
    const f = (a: Tensor, b: Tensor) => mul(mul(a, a), b);
    const [ga, gb] = grad(f, { argnums: [0, 1] })(3, 2);
    expect([ga.item(), gb.item()]).toEqual([12, 9]);
    expect(grad(f, { argnums: -1 })(3, 2).item()).toBe(9);
  });

  it("hasAux passes auxiliary outputs through undifferentiated", () => {
    const f = (x: Tensor) => [mul(x, x), { double: add(x, x) }] as const;
    const [g, aux] = grad(f, { hasAux: true })(3);
    expect(g.item()).toBe(6);
    expect(aux.double.item()).toBe(6);
    const [[v, aux2], g2] = valueAndGrad(f, { hasAux: true })(3);
    expect([v.item(), aux2.double.item(), g2.item()]).toEqual([9, 6, 6]);
  });

  it("refuses a non-scalar output, naming its shape, instead of summing", () => {
    expect(() => grad((x: Tensor) => mul(x, f64([2, 3])))(f64([1]))).toThrow(/shape \[2\]/);
    expect(() => grad((x: Tensor) => mul(x, f64([2, 3])))(f64([1]))).toThrow(TransformError);
    expect(jacrev((x: Tensor) => mul(x, f64([2, 3])))(f64([1])).toArray()).toEqual([[2], [3]]);
  });

  it("refuses integer inputs", () => {
    expect(() => grad((x: Tensor) => sum(x))(tensor([1, 2], { dtype: "int32" }))).toThrow(DTypeError);
  });

  it("skips cotangents nobody asked for, without changing the ones asked for", () => {
    const a = f64([[1, 2], [3, 4]]);
    const b = f64([[0.5, -1], [2, 0.25]]);
    const f = (x: Tensor, y: Tensor) => sum(sin(matmul(x, y)));
    const [ga, gb] = grad(f, { argnums: [0, 1] })(a, b);
    expect(grad(f, { argnums: 0 })(a, b).toArray()).toEqual(ga.toArray());
    expect(grad(f, { argnums: 1 })(a, b).toArray()).toEqual(gb.toArray());
  });

  it("gives zero gradients for unused inputs", () => {
    expect(grad((_x: Tensor, y: Tensor) => mul(y, y), { argnums: 0 })(1, 2).item()).toBe(0);
  });

  it("follows data-dependent control flow: loops, branches, recursion", () => {
    const power = (x: Tensor, n: number): Tensor => (n === 0 ? tensor(1, { dtype: "float64" }) : mul(x, power(x, n - 1)));
    expect(grad((x: Tensor) => power(x, 5))(2).item()).toBe(80);
    const piecewise = (x: Tensor) => (x.item() > 0 ? mul(x, x) : sin(x));
    expect(grad(piecewise)(3).item()).toBe(6);
    expect(grad(piecewise)(-1).item()).toBeCloseTo(Math.cos(-1), 15);
    const loop = (x: Tensor) => {
      let y = x;
      while (y.item() < 100) y = mul(y, 2);
      return y;
    };
    expect(grad(loop)(3).item()).toBe(64); // 3 → 192 after 6 doublings
  });

  it("raises a clear error when a tracer escapes its transform", () => {
    let leaked: Tensor | null = null;
    grad((x: Tensor) => {
      leaked = x;
      return mul(x, x);
    })(2);
    expect(() => sin(leaked!)).toThrow(/escaped/);
  });
});

describe("jvp, vjp, linearize", () => {
  it("jvp of a vector function gives a Jacobian column", () => {
    const [y, t] = jvp((x: Tensor) => mul(x, x), [f64([1, 2, 3])], [f64([1, 0, 1])]);
    expect(y.toArray()).toEqual([1, 4, 9]);
    expect(t.toArray()).toEqual([2, 0, 6]);
  });

  it("vjp pullbacks can be called many times", () => {
    const [, pb] = vjp((x: Tensor) => mul(x, x), f64([1, 2]));
    expect(pb(f64([1, 0]))[0].toArray()).toEqual([2, 0]);
    expect(pb(f64([0, 1]))[0].toArray()).toEqual([0, 4]);
  });

  it("rejects tangents that do not mirror the primals", () => {
    expect(() => jvp((x: Tensor) => x, [f64([1, 2])], [f64([1])])).toThrow(/shape/);
    // @ts-expect-error: two tangents for one primal do not type-check either
    expect(() => jvp((x: Tensor) => x, [1], [1, 2])).toThrow("jvp: tangents must have the tree structure of primals, [*], got [*, *]");
  });

  it("linearize evaluates JVPs at one point without re-running f", () => {
    let calls = 0;
    const f = (x: Tensor) => {
      calls++;
      return sin(x);
    };
    const [y, jvpAt] = linearize(f, f64([0, 1]));
    expect(y.toArray()).toEqual([0, Math.sin(1)]);
    const a = jvpAt(f64([1, 1])).toArray() as number[];
    const b = jvpAt(f64([2, 0])).toArray() as number[];
    expect(a[0]).toBeCloseTo(1, 15);
    expect(a[1]).toBeCloseTo(Math.cos(1), 15);
    expect(b).toEqual([2, 0]);
    expect(calls).toBe(1);
  });

  it("hvp equals the Hessian times the vector", () => {
    const f = (x: Tensor) => sum(mul(mul(x, x), x)); // H = diag(6x)
    const [hv] = hvp(f, [f64([1, 2])], [f64([1, 1])]);
    expect(hv!.toArray()).toEqual([6, 12]);
  });

  it("jacfwd equals jacrev on a vector function", () => {
    const f = (x: Tensor) => mul(sin(x), exp(x));
    const x = f64([0.1, 0.2, 0.3]);
    expect(jacfwd(f)(x).toArray()).toEqual(jacrev(f)(x).toArray());
  });
});

describe("custom rules and checkpoint", () => {
  it("customJvp rules are used in forward and (transposed) reverse mode, at higher order", () => {
    let ruleCalls = 0;
    const mySin = customJvp(
      (x: Tensor) => sin(x),
      ([x], [t]) => {
        ruleCalls++;
        return [sin(x!), mul(cos(x!), t!)];
      },
    );
    expect(jvp(mySin, [1], [1])[1].item()).toBeCloseTo(Math.cos(1), 15);
    expect(grad(mySin)(1).item()).toBeCloseTo(Math.cos(1), 15);
    expect(grad((x: Tensor) => grad(mySin)(x))(1).item()).toBeCloseTo(-Math.sin(1), 15);
    expect(ruleCalls).toBeGreaterThan(0);
  });

  it("customJvp can replace an unstable derivative", () => {
    // log(1 + eˣ) overflows at x = 1000; the rule uses the stable sigmoid form of the derivative.
    const softplus = customJvp(
      (x: Tensor) => log(add(exp(x), 1)),
      ([x], [t]) => [log(add(exp(x!), 1)), mul(t!, exp(mul(x!, -1)).add(1).reciprocal())],
    );
    expect(grad(softplus)(1000).item()).toBe(1);
  });

  it("customVjp uses bwd in reverse mode and differentiates f in forward mode", () => {
    const clipped = customVjp(
      (x: Tensor) => mul(x, 1),
      (x: Tensor) => [mul(x, 1), null],
      (_res: null, g: Tensor) => [mul(g, 0.5)],
    );
    expect(grad(clipped)(3).item()).toBe(0.5);
    expect(jvp(clipped, [3], [1])[1].item()).toBe(1);
  });

  it("checkpoint gives the same gradients as the plain function, to every order", () => {
    const block = (x: Tensor) => sin(mul(x, exp(x)));
    const ck = checkpoint(block);
    expect(grad(ck)(0.3).item()).toBe(grad(block)(0.3).item());
    expect(grad((x: Tensor) => grad(ck)(x))(0.3).item()).toBeCloseTo(grad((x: Tensor) => grad(block)(x))(0.3).item(), 14);
    expect(jvp(ck, [0.3], [1])[1].item()).toBeCloseTo(grad(block)(0.3).item(), 15);
  });
});

describe("deep graphs", () => {
  it("a 10⁶-op chain differentiates in reverse and forward mode without stack overflow", () => {
    const N = 1_000_000;
    const chain = (x: Tensor) => {
      let y = x;
      for (let i = 0; i < N; i++) y = add(y, 1e-6);
      return mul(y, y);
    };
    // y = x + 1 at the end, d(y²)/dx = 2(x + 1)
    expect(grad(chain)(0.5).item()).toBeCloseTo(3, 6);
    expect(jvp(chain, [0.5], [1])[1].item()).toBeCloseTo(3, 6);
  }, 120_000);

  it("a long product accumulates without drift (T8.2)", () => {
    const N = 100_000;
    const g = grad((x: Tensor) => {
      let y = x;
      for (let i = 0; i < N; i++) y = mul(y, 0.99999);
      return y;
    })(1);
    expect(g.item()).toBeCloseTo(Math.pow(0.99999, N), 10);
  }, 60_000);
});
