// Natural strict code with the transforms: it must type-check, the types must be exactly what the
// runtime returns (checked with expectTypeOf), and the values are checked at run time beside them.
// The code that must NOT type-check is in rejects.ts.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  add, grad, hessian, hvp, jacfwd, jacobian, jacrev, jvp, linearize, mul, sin, sum, tensor, valueAndGrad, vjp, type GradOptions, type JacobianOptions, type Tensor,
} from "../../src/index.js";

const f64 = (x: number[]) => tensor(x, { dtype: "float64" });
type Params = { w: Tensor; b: Tensor };
const loss = (p: Params, x: Tensor) => sum(mul(add(mul(p.w, x), p.b), add(mul(p.w, x), p.b)));
const params: Params = { w: f64([1, 2]), b: f64([0.5, -1]) };
const x = f64([3, 4]);
const f2 = (a: Tensor, b: Tensor) => mul(mul(a, a), b);

describe("grad and valueAndGrad types", () => {
  it("argnums as a literal tuple gives a tuple of each argument's gradient type", () => {
    const [gw, gx] = grad(loss, { argnums: [0, 1] })(params, x);
    expectTypeOf(gw).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expectTypeOf(gx).toEqualTypeOf<Tensor>();
    expect(gw.w.toArray()).toEqual([2 * 3.5 * 3, 2 * 7 * 4]);
    expect(gw.b.toArray()).toEqual([7, 14]);
    expect(gx.shape).toEqual([2]);
  });

  it("default and number argnums give that argument's gradient; negative counts from the end", () => {
    const g = grad(loss)(params, x);
    expectTypeOf(g).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expect(g.w.shape).toEqual([2]);
    const gx = grad(loss, { argnums: 1 })(params, x);
    expectTypeOf(gx).toEqualTypeOf<Tensor>();
    const gLast = grad(loss, { argnums: -1 })(params, x);
    expectTypeOf(gLast).toEqualTypeOf<Tensor>();
    expectTypeOf(grad(loss, { argnums: undefined })(params, x)).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    const gFirst = grad(loss, { argnums: -2 })(params, x);
    expectTypeOf(gFirst).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expect(gFirst.b.toArray()).toEqual(g.b.toArray());
  });

  it("a JS number input differentiates to a Tensor", () => {
    const g = grad((a: number, b: Tensor) => mul(a, b), { argnums: [0, 1] })(3, 2);
    expectTypeOf(g).toEqualTypeOf<[Tensor, Tensor]>();
    expect([g[0].item(), g[1].item()]).toEqual([2, 3]);
  });

  it("array and tuple trees keep their shape", () => {
    const g = grad((ws: [Tensor, Tensor]) => sum(mul(ws[0], ws[1])))([2, 5]);
    expectTypeOf(g).toEqualTypeOf<[Tensor, Tensor]>();
    expect([g[0].item(), g[1].item()]).toEqual([5, 2]);
    const gs = grad((ws: Tensor[]) => sum(ws[0]!))([f64([1]), f64([2])]);
    expectTypeOf(gs).toEqualTypeOf<Tensor[]>();
    expect(gs.length).toBe(2);
  });

  it("a non-literal argnums array gives an array", () => {
    const argnums: number[] = [0, 1];
    const g = grad(f2, { argnums })(3, 2);
    expectTypeOf(g).toEqualTypeOf<Tensor[]>();
    expect(g.map((t) => t.item())).toEqual([12, 9]);
  });

  it("options held in a variable of type GradOptions or JacobianOptions give the union of the possible results", () => {
    const opts: GradOptions = { argnums: [0, 1] };
    const g = grad(f2, opts)(3, 2);
    expectTypeOf(g).toEqualTypeOf<Tensor | Tensor[] | [Tensor | Tensor[], never]>();
    expect(Array.isArray(g) && g.map((t) => (t as Tensor).item())).toEqual([12, 9]);
    const [v] = valueAndGrad(f2, opts)(3, 2);
    expectTypeOf(v).toEqualTypeOf<Tensor | [Tensor, never]>();
    const jopts: JacobianOptions = { argnums: [0, 1] };
    const j = jacfwd(f2, jopts)(3, 2);
    expectTypeOf(j).toEqualTypeOf<Tensor | Tensor[]>();
    expect(Array.isArray(j)).toBe(true);
  });

  it("rest parameters accept any argnums", () => {
    const g = grad((...xs: Tensor[]) => sum(mul(xs[0]!, xs[2]!)), { argnums: [0, 2] })(1, 2, 3);
    expectTypeOf(g).toEqualTypeOf<[Tensor, Tensor]>();
    expect([g[0].item(), g[1].item()]).toEqual([3, 1]);
  });

  it("valueAndGrad gives [Tensor, grads], and with hasAux [[Tensor, aux], grads]", () => {
    const [v, [ga, gb]] = valueAndGrad(f2, { argnums: [0, 1] })(3, 2);
    expectTypeOf(v).toEqualTypeOf<Tensor>();
    expectTypeOf(ga).toEqualTypeOf<Tensor>();
    expect([v.item(), ga.item(), gb.item()]).toEqual([18, 12, 9]);
    const withAux = (p: Params) => [sum(mul(p.w, p.w)), { norm: sum(p.b), step: 3 }] as const;
    const [[v2, aux], g2] = valueAndGrad(withAux, { hasAux: true })(params);
    expectTypeOf(v2).toEqualTypeOf<Tensor>();
    expectTypeOf(aux).toEqualTypeOf<{ readonly norm: Tensor; readonly step: 3 }>();
    expectTypeOf(g2).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expect([v2.item(), aux.norm.item(), aux.step, g2.w.toArray()]).toEqual([5, -0.5, 3, [2, 4]]);
    const [g3, aux3] = grad(withAux, { hasAux: true, argnums: [0] })(params);
    expectTypeOf(g3).toEqualTypeOf<[{ w: Tensor; b: Tensor }]>();
    expectTypeOf(aux3.norm).toEqualTypeOf<Tensor>();
    expect(g3[0].b.toArray()).toEqual([0, 0]);
  });

  it("nests: grad of grad is a function of the same arguments", () => {
    const d2 = grad(grad((t: Tensor) => mul(t, mul(t, t))));
    expectTypeOf(d2).parameters.toEqualTypeOf<[t: Tensor | number]>();
    expect(d2(2).item()).toBe(12);
  });
});

describe("forward mode and vjp types", () => {
  it("jvp takes primals and tangents mirroring f's parameters, and returns f's output as tensors", () => {
    const [y, dy] = jvp(loss, [params, x], [{ w: f64([1, 0]), b: f64([0, 0]) }, f64([0, 0])]);
    expectTypeOf(y).toEqualTypeOf<Tensor>();
    expectTypeOf(dy).toEqualTypeOf<Tensor>();
    const [out, tan] = jvp((t: Tensor) => ({ s: sin(t), pair: [t, 2] as [Tensor, number] }), [1], [1]);
    expectTypeOf(out).toEqualTypeOf<{ s: Tensor; pair: [Tensor, Tensor] }>();
    expect(tan.pair[1].item()).toBe(0);
    expect(out.pair[1].item()).toBe(2);
    expect(dy.item()).toBe(2 * 3.5 * 3);
  });

  it("vjp's pullback takes a cotangent mirroring the output and returns one cotangent per primal", () => {
    const [y, pullback] = vjp(loss, params, x);
    expectTypeOf(y).toEqualTypeOf<Tensor>();
    const [gp, gx] = pullback(1);
    expectTypeOf(gp).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expectTypeOf(gx).toEqualTypeOf<Tensor>();
    expect(gp.b.toArray()).toEqual([7, 14]);
  });

  it("linearize gives the output and a JVP function of tangents mirroring the primals", () => {
    const [y, jvpAt] = linearize(f2, 3, 2);
    expectTypeOf(y).toEqualTypeOf<Tensor>();
    expectTypeOf(jvpAt(1, 0)).toEqualTypeOf<Tensor>();
    expect(jvpAt(1, 0).item()).toBe(12);
  });

  it("hvp returns one entry per primal", () => {
    const h = hvp(loss, [params, x], [{ w: f64([1, 0]), b: f64([0, 0]) }, f64([0, 0])]);
    expectTypeOf(h).toEqualTypeOf<[{ w: Tensor; b: Tensor }, Tensor]>();
    expect(h[0].w.toArray()).toEqual([2 * 9, 0]);
  });
});

describe("Jacobian and Hessian types", () => {
  it("a single argnums gives the Jacobian of the output by that argument", () => {
    const J = jacrev((t: Tensor) => mul(t, t))(f64([1, 2]));
    expectTypeOf(J).toEqualTypeOf<Tensor>();
    expect(J.toArray()).toEqual([[2, 0], [0, 4]]);
    const Jp = jacfwd(loss)(params, x);
    expectTypeOf(Jp).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    expect(Jp.b.toArray()).toEqual([7, 14]);
  });

  it("array argnums nests one level per argument: a tuple, not a Tensor", () => {
    const [ja, jb] = jacfwd(f2, { argnums: [0, 1] })(3, 2);
    expectTypeOf(ja).toEqualTypeOf<Tensor>();
    expect([ja.item(), jb.item()]).toEqual([12, 9]);
    const jr = jacobian(f2, { argnums: [0, 1], mode: "reverse" })(3, 2);
    expectTypeOf(jr).toEqualTypeOf<[Tensor, Tensor]>();
  });

  it("a tree output keeps its shape with the gradient tree at each leaf", () => {
    const J = jacobian((p: Params) => ({ a: sum(p.w), c: [sum(p.b)] as [Tensor] }))(params);
    expectTypeOf(J).toEqualTypeOf<{ a: { w: Tensor; b: Tensor }; c: [{ w: Tensor; b: Tensor }] }>();
    expect(J.c[0].b.toArray()).toEqual([1, 1]);
  });

  it("hessian: one argument gives the gradient's Jacobian; array argnums a nested tuple", () => {
    const H = hessian((t: Tensor) => sum(mul(t, mul(t, t))))(f64([1, 2]));
    expectTypeOf(H).toEqualTypeOf<Tensor>();
    expect(H.toArray()).toEqual([[6, 0], [0, 12]]);
    const H2 = hessian(f2, { argnums: [0, 1] })(3, 2);
    expectTypeOf(H2).toEqualTypeOf<[[Tensor, Tensor], [Tensor, Tensor]]>();
    expect(H2.map((r) => r.map((t) => t.item()))).toEqual([[4, 6], [6, 0]]);
    const Hp = hessian((p: Params) => sum(mul(p.w, p.b)))(params);
    expectTypeOf(Hp).toEqualTypeOf<{ w: { w: Tensor; b: Tensor }; b: { w: Tensor; b: Tensor } }>();
    expect(Hp.w.b.toArray()).toEqual([[1, 0], [0, 1]]);
  });
});
