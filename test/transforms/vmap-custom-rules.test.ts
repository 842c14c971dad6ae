// vmap of the call primitives (customJvp, customVjp, checkpoint): values equal stacking per example,
// and every derivative of the batched call still uses the user's rule, per example, in both orders
// (vmap(grad(f)) and grad(vmap(f))), with unbatched (inAxes null) arguments.
import { describe, expect, it } from "vitest";
import {
  add, checkpoint, cos, customJvp, customVjp, exp, grad, jvp, mul, random, reshape, sin, split, stack, sum, tanh, vmap, type Tensor,
} from "../../src/index.js";

const B = 4;
let seed = 7;
const randn = (shape: number[]): Tensor => random.normal(random.key(seed++), shape, { dtype: "float64" });

function lane(x: Tensor, axis: number | null, b: number): Tensor {
  if (axis === null) return x;
  return reshape(split(x, x.shape[axis]!, axis)[b]!, x.shape.filter((_, i) => i !== axis));
}

/** f per example, stacked on axis 0. */
function stacked(f: (...xs: Tensor[]) => unknown, args: readonly Tensor[], axes: readonly (number | null)[]): Tensor[] {
  const outs = Array.from({ length: B }, (_, b) => {
    const y = f(...args.map((a, i) => lane(a, axes[i]!, b)));
    return Array.isArray(y) ? (y as Tensor[]) : [y as Tensor];
  });
  return outs[0]!.map((_, k) => stack(outs.map((o) => o[k]!)));
}

function expectClose(actual: unknown, expected: readonly Tensor[]): void {
  const a = Array.isArray(actual) ? (actual as Tensor[]) : [actual as Tensor];
  expect(a.length).toBe(expected.length);
  a.forEach((t, i) => {
    expect(t.shape).toEqual(expected[i]!.shape);
    const x = t.data();
    const y = expected[i]!.data();
    for (let j = 0; j < x.length; j++) expect(Math.abs(x[j]! - y[j]!), `output ${i} element ${j}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(y[j]!)));
  });
}

/** vmap(f) against stacking per example. */
function check(f: (...xs: Tensor[]) => unknown, args: Tensor[], axes: (number | null)[]): void {
  expectClose(vmap(f as (...xs: Tensor[]) => Tensor, { inAxes: axes })(...args), stacked(f, args, axes));
}

// The rules below are deliberately not the derivative of f (a factor 3), so a test can tell that the
// user's rule ran instead of differentiating f.
let ruleCalls = 0;
const g = customJvp(
  (x: Tensor, y: Tensor) => mul(sin(x), y),
  ([x, y], [tx, ty]) => {
    ruleCalls++;
    return [mul(sin(x!), y!), add(mul(mul(cos(x!), y!), mul(tx!, 3)), mul(sin(x!), ty!))];
  },
);
const h = customVjp(
  (x: Tensor, y: Tensor) => ({ value: mul(exp(x), y) }),
  (x: Tensor, y: Tensor) => [{ value: mul(exp(x), y) }, { ex: exp(x), y, note: "residuals may hold any value", k: 3, none: null }],
  (r: { ex: Tensor; y: Tensor; k: number; note: string }, ct: { value: Tensor }) => [mul(mul(r.ex, r.y), mul(ct.value, r.k)), mul(r.ex, ct.value)],
);

describe("vmap of customJvp", () => {
  const x = randn([B, 3]);
  const y = randn([3]);
  const loss = (a: Tensor, b: Tensor): Tensor => sum(tanh(g(a, b)));

  it("values equal stacking, with an unbatched argument", () => {
    check(g, [x, y], [0, null]);
    check(g, [randn([3, B]), randn([B, 3])], [1, 0]);
  });

  it("vmap(grad(f)) and grad(vmap(f)) use the rule per example", () => {
    ruleCalls = 0;
    const perExample = stacked(grad(loss, { argnums: [0, 1] }) as (...xs: Tensor[]) => Tensor[], [x, y], [0, null]);
    expect(ruleCalls).toBe(B);
    // The rule's factor 3 is in the gradient: d/dx = 3·cos(x)·y·(1 − tanh²).
    const direct = mul(mul(mul(cos(lane(x, 0, 0)), y), 3), add(1, mul(tanh(g(lane(x, 0, 0), y)), tanh(g(lane(x, 0, 0), y))).neg()));
    expectClose(lane(perExample[0]!, 0, 0), [direct]);
    ruleCalls = 0;
    expectClose(vmap(grad(loss, { argnums: [0, 1] }), { inAxes: [0, null] })(x, y), perExample);
    expect(ruleCalls).toBe(1); // one batched call of the rule, not one per example
    // grad of the batched function: x's gradient per example, y's summed over the examples.
    const [gx, gy] = grad((a: Tensor, b: Tensor) => sum(vmap(loss, { inAxes: [0, null] })(a, b)), { argnums: [0, 1] })(x, y);
    expectClose(gx, [perExample[0]!]);
    expectClose(gy, [sum(perExample[1]!, 0)]);
  });

  it("jvp of vmap and vmap of jvp use the rule", () => {
    const tx = randn([B, 3]);
    const ty = randn([3]);
    const tangentOf = (a: Tensor, b: Tensor, ta: Tensor, tb: Tensor): Tensor => jvp((u: Tensor, v: Tensor) => g(u, v), [a, b], [ta, tb])[1];
    const perExample = stacked(tangentOf, [x, y, tx, ty], [0, null, 0, null]);
    check(tangentOf, [x, y, tx, ty], [0, null, 0, null]);
    const [, batchedTangent] = jvp((u: Tensor, v: Tensor) => vmap(g, { inAxes: [0, null] })(u, v), [x, y], [tx, ty]);
    expectClose(batchedTangent, perExample);
  });
});

describe("vmap of customVjp", () => {
  const x = randn([B, 2]);
  const y = randn([2]);
  const loss = (a: Tensor, b: Tensor): Tensor => sum(sin(h(a, b).value));

  it("values equal stacking; residuals keep their non-tensor values", () => {
    check((a, b) => h(a, b).value, [x, y], [0, null]);
    check((a, b) => h(a, b).value, [randn([2, B]), randn([B, 2])], [1, 0]);
  });

  it("vmap(grad(f)) and grad(vmap(f)) use bwd per example; an unbatched argument's cotangent sums the examples", () => {
    const perExample = stacked(grad(loss, { argnums: [0, 1] }) as (...xs: Tensor[]) => Tensor[], [x, y], [0, null]);
    // bwd's factor 3 is in the x gradient: 3·eˣ·y·cos(eˣy).
    const x0 = lane(x, 0, 0);
    expectClose(lane(perExample[0]!, 0, 0), [mul(mul(mul(exp(x0), y), 3), cos(mul(exp(x0), y)))]);
    expectClose(vmap(grad(loss, { argnums: [0, 1] }), { inAxes: [0, null] })(x, y), perExample);
    const [gx, gy] = grad((a: Tensor, b: Tensor) => sum(vmap(loss, { inAxes: [0, null] })(a, b)), { argnums: [0, 1] })(x, y);
    expectClose(gx, [perExample[0]!]);
    expectClose(gy, [sum(perExample[1]!, 0)]);
  });

  it("forward mode of the batched call differentiates f itself", () => {
    const tx = randn([B, 2]);
    check((a, b, ta) => jvp((u: Tensor) => h(u, b).value, [a], [ta])[1], [x, y, tx], [0, null, 0]);
  });
});

describe("vmap of checkpoint", () => {
  it("values and per-example gradients in both orders", () => {
    const w = randn([3, 3]);
    const block = checkpoint((a: Tensor, m: Tensor) => tanh(sum(mul(reshape(a, [3, 1]), m), 0)));
    const loss = (a: Tensor, m: Tensor): Tensor => sum(mul(block(a, m), block(a, m)));
    const xs = randn([B, 3]);
    check(block, [xs, w], [0, null]);
    const perExample = stacked(grad(loss, { argnums: [0, 1] }) as (...xs: Tensor[]) => Tensor[], [xs, w], [0, null]);
    expectClose(vmap(grad(loss, { argnums: [0, 1] }), { inAxes: [0, null] })(xs, w), perExample);
    const [gx, gw] = grad((a: Tensor, m: Tensor) => sum(vmap(loss, { inAxes: [0, null] })(a, m)), { argnums: [0, 1] })(xs, w);
    expectClose(gx, [perExample[0]!]);
    expectClose(gw, [sum(perExample[1]!, 0)]);
  });
});
