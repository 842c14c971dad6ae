// Review of the lean valueAndGrad/grad path (b55ebc9, 3545cab, 3cc6e4b): cases the lean path takes
// (plain tensor/number arguments, no aux) must give the general path's values, gradients and errors.
// The general path is forced here by passing the same tensor inside a one-element array (a pytree).
import { describe, expect, it } from "vitest";
import {
  add, backward, div, exp, grad, jvp, log, mul, scalar, sin, sqrt, sub, tensor, valueAndGrad, vmap, type Tensor,
} from "../../src/index.js";

const num = (t: unknown): number => (t as Tensor).item();
const same = (a: number, b: number): void => {
  if (!Object.is(a, b)) throw new Error(`${a} vs ${b}`);
};

describe("lean valueAndGrad edge cases", () => {
  it("the same tensor passed at two differentiated positions, and argnums with repeats", () => {
    const f = (a: Tensor, b: Tensor) => mul(sin(a), exp(b));
    const x = scalar(0.7, "float64");
    const [v, [ga, gb]] = valueAndGrad(f, { argnums: [0, 1] })(x, x) as [Tensor, [Tensor, Tensor]];
    same(num(v), Math.sin(0.7) * Math.exp(0.7));
    same(num(ga), Math.cos(0.7) * Math.exp(0.7));
    same(num(gb), Math.sin(0.7) * Math.exp(0.7));
    const gs = grad(f, { argnums: [1, 0, 1] })(x, 0.2) as Tensor[];
    expect(gs.length).toBe(3);
    same(num(gs[0]), num(gs[2]));
    same(num(gs[1]), Math.cos(0.7) * Math.exp(0.2));
  });

  it("gradients equal the general path's bit for bit, NaN and ±inf included", () => {
    const fs: ((x: Tensor) => Tensor)[] = [
      (x) => sqrt(x),
      (x) => log(x),
      (x) => div(scalar(1), x),
      (x) => mul(x, log(x)),
      (x) => sub(exp(mul(x, x)), x),
    ];
    for (const f of fs)
      for (const x0 of [0, -0, -1, 1e-310, 2, Infinity, -Infinity, NaN, 1e308]) {
        const [v, g] = valueAndGrad(f)(x0) as [Tensor, Tensor];
        const [vr, [gr]] = valueAndGrad((xs: Tensor[]) => f(xs[0]!))([scalar(x0, "float64")]) as [Tensor, Tensor[]];
        same(num(v), num(vr));
        same(num(g), num(gr!));
        expect(g.dtype).toBe("float64");
      }
  });

  it("an unreached argument gets zeros of its own dtype and shape (float32, shape [1])", () => {
    const f = (a: Tensor, b: Tensor) => mul(sin(b), b);
    const a = tensor([1.5], { dtype: "float32" });
    const [g0, g1] = grad(f, { argnums: [0, 1] })(a, 0.3) as [Tensor, Tensor];
    expect(g0.dtype).toBe("float32");
    expect(g0.shape).toEqual([1]);
    same(g0.data()[0] as number, 0);
    same(num(g1), Math.cos(0.3) * 0.3 + Math.sin(0.3));
  });

  it("numbers at undifferentiated positions reach f as float64 scalars, as on the general path", () => {
    const seen: unknown[] = [];
    const f = (x: Tensor, n: Tensor) => {
      seen.push(n);
      return mul(x, n);
    };
    grad(f)(2, 3);
    grad((xs: Tensor[], n: Tensor) => f(xs[0]!, n))([scalar(2, "float64")], 3);
    expect(seen[0]).toBeInstanceOf(Object);
    expect((seen[0] as Tensor).dtype).toBe((seen[1] as Tensor).dtype);
  });

  it("a gradient through an eager value computed before the call stays connected (retained graph)", () => {
    const w = tensor(0.4, { dtype: "float64", requiresGrad: true });
    const a = sin(w);
    const g = grad((x: Tensor) => mul(x, a))(2) as Tensor;
    same(num(g), Math.sin(0.4));
    expect(g.requiresGrad).toBe(true);
    backward(g);
    same(num(w.grad!), Math.cos(0.4));
  });

  it("an eager leaf that requires grad as the differentiated argument: same gradient, leaf untouched", () => {
    const w = tensor(0.9, { dtype: "float64", requiresGrad: true });
    const g = grad((x: Tensor) => mul(sin(x), x))(w) as Tensor;
    const [gr] = grad((xs: Tensor[]) => mul(sin(xs[0]!), xs[0]!))([w]) as Tensor[];
    same(num(g), num(gr!));
    expect(w.grad).toBeNull();
  });

  it("f throwing restores the interpreter; the next call and a leaked tracer behave", () => {
    let leaked: Tensor | null = null;
    const f = (x: Tensor) => {
      const y = sin(x);
      leaked = y;
      if (num(y) > 0.5) throw new Error("boom");
      return mul(y, y);
    };
    expect(() => grad(f)(1)).toThrow("boom");
    same(num(grad(f)(0.1) as Tensor), 2 * Math.sin(0.1) * Math.cos(0.1));
    let lean = "";
    let general = "";
    try {
      add(leaked!, scalar(1));
    } catch (e) {
      lean = String(e);
    }
    grad((xs: Tensor[]) => f(xs[0]!))([scalar(0.1, "float64")]);
    try {
      add(leaked!, scalar(1));
    } catch (e) {
      general = String(e);
    }
    expect(lean).toBe(general);
  });

  it("nested: grad∘grad on numbers, jvp∘grad and vmap∘grad", () => {
    const f = (x: Tensor) => mul(sin(x), x);
    const d2 = grad((x: Tensor) => grad(f)(x) as Tensor)(0.3) as Tensor;
    expect(num(d2)).toBeCloseTo(2 * Math.cos(0.3) - 0.3 * Math.sin(0.3), 14);
    const [, t] = jvp((x: Tensor) => grad(f)(x) as Tensor, [scalar(0.3, "float64")], [scalar(1, "float64")]) as [Tensor, Tensor];
    expect(num(t)).toBeCloseTo(2 * Math.cos(0.3) - 0.3 * Math.sin(0.3), 14);
    const gv = vmap((x: Tensor) => grad(f)(x) as Tensor)(tensor([0.1, 0.2], { dtype: "float64" })) as Tensor;
    expect(Array.from(gv.data(), Number)[1]).toBeCloseTo(Math.sin(0.2) + 0.2 * Math.cos(0.2), 14);
  });

  it("reusing one grad function across calls keeps no state (scratch tape rows, args)", () => {
    const gf = grad((x: Tensor, y: Tensor) => add(mul(x, y), sin(x)), { argnums: [0, 1] });
    const r1 = (gf(1, 2) as Tensor[]).map(num);
    for (let i = 0; i < 200; i++) gf(i, -i); // tapes of other values in between
    const big = grad((x: Tensor) => {
      let y = x;
      for (let i = 0; i < 5000; i++) y = add(y, mul(y, scalar(1e-6)));
      return y;
    });
    big(1);
    const r2 = (gf(1, 2) as Tensor[]).map(num);
    expect(r2).toEqual(r1);
  });
});
