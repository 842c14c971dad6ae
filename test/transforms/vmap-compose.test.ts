// vmap composed with every other transform, in both orders: per-example gradients (vmap of grad) equal a
// loop of grad, grad/jvp/vjp/hessian of vmap and vmap of them equal stacking per example, nested vmap
// over two axes with negative and null in/out axes, compile around and inside vmap, eager tensors
// through vmap with backward() outside, no perturbation confusion between two vmaps, escaped tracers.
import { describe, expect, it } from "vitest";
import {
  add, compile, grad, hessian, jacrev, jvp, logSoftmax, matmul, mul, neg, relu, sin, stack, sum, tanh, tensor, vjp, vmap, type Tensor,
} from "../../src/index.js";

const f64 = (x: unknown): Tensor => tensor(x as number[], { dtype: "float64" });
/** Deterministic values in [-1, 1) for a shape. */
function values(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.37)), { dtype: "float64", shape });
}
const row = (x: Tensor, i: number): Tensor => x.slice([i, ...x.shape.slice(1).map(() => 0)], [1, ...x.shape.slice(1)]).reshape(x.shape.slice(1));

function expectClose(a: Tensor, b: Tensor, what = "value"): void {
  expect(a.shape, `${what}: shape`).toEqual(b.shape);
  const x = Array.from(a.data(), Number);
  const y = Array.from(b.data(), Number);
  const scale = 1 + Math.max(0, ...y.map(Math.abs));
  x.forEach((v, i) => expect(Math.abs(v - y[i]!), `${what}: element ${i} (${v} vs ${y[i]})`).toBeLessThanOrEqual(1e-12 * scale));
}

type Mlp = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const params: Mlp = { w1: values([5, 4], 1), b1: values([4], 2), w2: values([4, 3], 3), b2: values([3], 4) };
/** Softmax cross-entropy of ONE example: x [5], y [3] one-hot. */
const loss = (p: Mlp, x: Tensor, y: Tensor): Tensor => neg(sum(mul(logSoftmax(add(matmul(relu(add(matmul(x, p.w1), p.b1)), p.w2), p.b2)), y)));
const B = 6;
const xs = values([B, 5], 5);
const ys = f64(Array.from({ length: B }, (_, i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0))));

describe("vmap composed with the other transforms", () => {
  it("vmap(grad(loss)) gives per-example gradients equal to a loop of grad over single examples", () => {
    const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(params, xs, ys);
    for (const k of ["w1", "b1", "w2", "b2"] as const) {
      const loop = stack(Array.from({ length: B }, (_, i) => grad(loss)(params, row(xs, i), row(ys, i))[k]));
      expectClose(perExample[k], loop, `per-example gradient of ${k}`);
    }
  });

  it("grad(vmap(f)) = the sum of per-example gradients; grad with respect to the batched argument", () => {
    const total = (p: Mlp, x: Tensor) => sum(vmap(loss, { inAxes: [null, 0, 0] })(p, x, ys));
    const g = grad(total, { argnums: [0, 1] })(params, xs);
    const loopP = Array.from({ length: B }, (_, i) => grad(loss)(params, row(xs, i), row(ys, i)));
    for (const k of ["w1", "b1", "w2", "b2"] as const) expectClose(g[0][k], loopP.map((q) => q[k]).reduce((a, b) => add(a, b)), `grad(vmap) of ${k}`);
    const gx = stack(Array.from({ length: B }, (_, i) => grad(loss, { argnums: 1 })(params, row(xs, i), row(ys, i))));
    expectClose(g[1], gx, "grad(vmap) with respect to the inputs");
  });

  const f = (x: Tensor) => mul(sin(x), sum(tanh(x))); // [4] → [4], couples the elements
  const X = values([3, 4], 6);
  const T = values([3, 4], 7);
  const vf = vmap(f) as (x: Tensor) => Tensor;
  const perRow = (g: (x: Tensor, i: number) => Tensor) => stack(Array.from({ length: 3 }, (_, i) => g(row(X, i), i)));

  it("jvp of vmap and vmap of jvp equal stacking jvp per example", () => {
    const [y, dy] = jvp(vf, [X], [T]);
    expectClose(y, perRow((x) => f(x)), "jvp(vmap(f)) primal");
    expectClose(dy, perRow((x, i) => jvp(f, [x], [row(T, i)])[1]), "jvp(vmap(f)) tangent");
    const vj = vmap((x: Tensor, t: Tensor) => jvp(f, [x], [t])[1])(X, T);
    expectClose(vj, dy, "vmap(jvp(f))");
  });

  it("vjp of vmap and vmap of vjp equal stacking vjp per example", () => {
    const [, pullback] = vjp(vf, X);
    const [ct] = pullback(T) as [Tensor];
    const loop = perRow((x, i) => (vjp(f, x)[1](row(T, i)) as [Tensor])[0]);
    expectClose(ct, loop, "vjp(vmap(f))");
    const vv = vmap((x: Tensor, c: Tensor) => (vjp(f, x)[1](c) as [Tensor])[0])(X, T);
    expectClose(vv, loop, "vmap(vjp(f))");
  });

  it("hessian of vmap and vmap of hessian / jacrev equal stacking per example", () => {
    const s = (x: Tensor) => sum(mul(f(x), x));
    const perExampleH = vmap(hessian(s))(X);
    expectClose(perExampleH, perRow((x) => hessian(s)(x)), "vmap(hessian(s))");
    expectClose(vmap(jacrev(f))(X), perRow((x) => jacrev(f)(x)), "vmap(jacrev(f))");
    // The Hessian of Σ_b s(x_b) is block diagonal with the per-example Hessians as blocks.
    const H = hessian((x: Tensor) => sum(vmap(s)(x)))(X); // [3, 4, 3, 4]
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        const blk = H.slice([a, 0, b, 0], [1, 4, 1, 4]).reshape([4, 4]);
        expectClose(blk, a === b ? hessian(s)(row(X, a)) : mul(hessian(s)(row(X, a)), 0), `hessian(Σ vmap(s)) block [${a}][${b}]`);
      }
  });

  it("nested vmap over two axes with negative and null inAxes/outAxes equals a double loop", () => {
    const g = (a: Tensor, b: Tensor, c: Tensor) => add(mul(a, sum(b)), c); // a [2], b [3], c [2]
    const A = values([2, 4, 5], 8); // per example [2]: the two batch axes are 1 (size 4) and 2 (size 5)
    const Bv = values([5, 3], 9); // mapped by the outer vmap only (axis 0, size 5)
    const C = values([2], 10); // never mapped
    // Outer: over A's last axis (−1) and B's axis 0; inner: over A's axis 1 (now −1), B and C not mapped.
    const inner = vmap(g, { inAxes: [-1, null, null], outAxes: -1 }); // a [2, 4] → out [2, 4]
    const outer = vmap(inner, { inAxes: [-1, 0, null], outAxes: 0 }); // → [5, 2, 4]
    const out = outer(A, Bv, C);
    expect(out.shape).toEqual([5, 2, 4]);
    const expected = stack(
      Array.from({ length: 5 }, (_, j) =>
        stack(Array.from({ length: 4 }, (_, i) => g(A.slice([0, i, j], [2, 1, 1]).reshape([2]), row(Bv, j), C)), -1),
      ),
    );
    expectClose(out, expected, "nested vmap");
  });

  it("compile(vmap(f)) and vmap(compile(f)) equal vmap(f)", () => {
    const direct = vmap(f)(X);
    expectClose(compile(vmap(f))(X), direct, "compile(vmap(f))");
    expectClose(vmap(compile(f))(X), direct, "vmap(compile(f))");
    expectClose(compile(vmap(grad((x: Tensor) => sum(f(x)))))(X), perRow((x) => grad((z: Tensor) => sum(f(z)))(x)), "compile(vmap(grad))");
  });

  it("eager tensors with requiresGrad pass through vmap and .backward() outside gives their gradient", () => {
    const w = tensor([0.5, -1, 2, 0.25], { dtype: "float64", requiresGrad: true });
    const per = vmap((x: Tensor) => sum(mul(sin(mul(w, x)), x)))(X); // [3]
    sum(per).backward();
    // d/dw Σ_b Σ_i sin(w_i x_bi) x_bi = Σ_b cos(w x_b) x_b²
    const expected = perRow((x) => mul(mul(sin(add(mul(w.detach(), x), Math.PI / 2)), x), x)).sum(0);
    expectClose(w.grad!, expected, "w.grad");
  });

  it("no perturbation confusion: an outer vmap's tracer inside an inner vmap stays batched over the outer axis", () => {
    // For each x (outer), vmap over its own elements y (inner): x·y is the outer product x xᵀ.
    const outerProducts = vmap((x: Tensor) => vmap((y: Tensor) => mul(x, y))(x))(X); // [3, 4, 4]
    expectClose(outerProducts, perRow((x) => matmul(x.reshape([4, 1]), x.reshape([1, 4]))), "vmap of vmap closing over x");
    // An inner vmap over a different batch (size 2) that uses the outer tracer.
    const Z = values([2], 11);
    const mixed = vmap((x: Tensor) => vmap((z: Tensor) => sum(mul(x, z)))(Z))(X); // [3, 2]
    expectClose(mixed, perRow((x) => stack([0, 1].map((k) => sum(mul(x, row(Z.reshape([2, 1]), k).reshape([])))))), "inner vmap over another batch");
  });

  it("an escaped vmap tracer raises when used after vmap returned", () => {
    let leaked: Tensor | null = null;
    vmap((x: Tensor) => {
      leaked = x;
      return x;
    })(X);
    expect(() => add(leaked!, 1)).toThrow(/tracer of a vmap transform that has already returned/);
    expect(() => vmap((x: Tensor) => add(x, leaked!))(X)).toThrow(/already returned/);
  });
});
