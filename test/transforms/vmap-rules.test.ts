// Batching rules of the primitives outside src/primitives (linear algebra, convolution, pooling):
// vmap equals stacking per-example results in float64, for inAxes with null and non-zero axes, and
// vmap of their derivatives (vmap(grad(f))) equals per-example gradients.
import { describe, expect, it } from "vitest";
import { diagonal, eye, grad, log, linalg, transpose, matmul, mul, nn, random, reshape, split, stack, sum, tanh, vmap, type Tensor } from "../../src/index.js";
import { triangularSolveP } from "../../src/linalg/primitives/triangular-solve.js";
import { conv2dP } from "../../src/nn/functional/conv2d.js";
import type { AnyPrimitive } from "../../src/primitives/primitive.js";

const B = 3;
let seed = 100;
const randn = (shape: number[]): Tensor => random.normal(random.key(seed++), shape, { dtype: "float64" });
/** A well-conditioned symmetric positive-definite n×n matrix, A·Aᵀ + n·I. */
const spd = (n: number): Tensor => {
  const a = randn([n, n]);
  return matmul(a, transpose(a)).add(mul(eye(n, { dtype: "float64" }), n));
};

/** Example `b` of `x` along `axis` (or `x` itself when `axis` is null). */
function lane(x: Tensor, axis: number | null, b: number): Tensor {
  if (axis === null) return x;
  const ax = axis < 0 ? axis + x.ndim : axis;
  const part = split(x, x.shape[ax]!, ax)[b]!;
  return reshape(part, x.shape.filter((_, i) => i !== ax));
}

/** f applied to each example and stacked on axis 0 (every output a tensor or an array of them). */
function stacked(f: (...xs: Tensor[]) => Tensor | Tensor[], args: readonly Tensor[], axes: readonly (number | null)[]): Tensor[] {
  const outs = Array.from({ length: B }, (_, b) => {
    const y = f(...args.map((a, i) => lane(a, axes[i]!, b)));
    return Array.isArray(y) ? y : [y];
  });
  return outs[0]!.map((_, k) => stack(outs.map((o) => o[k]!)));
}

function expectClose(actual: Tensor | Tensor[], expected: Tensor[], tol = 1e-12): void {
  const a = Array.isArray(actual) ? actual : [actual];
  expect(a.length).toBe(expected.length);
  a.forEach((t, i) => {
    expect(t.shape).toEqual(expected[i]!.shape);
    const x = t.data();
    const y = expected[i]!.data();
    for (let j = 0; j < x.length; j++) expect(Math.abs(x[j]! - y[j]!), `output ${i} element ${j}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(y[j]!)));
  });
}

function check(f: (...xs: Tensor[]) => Tensor | Tensor[], args: Tensor[], axes: (number | null)[], tol = 1e-12): void {
  expectClose(vmap(f, { inAxes: axes })(...args) as Tensor | Tensor[], stacked(f, args, axes), tol);
}

/** Calls of `prim`'s kernel while `fn` runs, as the shapes of their arguments. */
function kernelCalls(prim: AnyPrimitive, fn: () => void): number[][][] {
  const impl = prim.impl;
  const calls: number[][][] = [];
  prim.impl = (args, p, outs) => {
    calls.push(args.map((a) => a.shape.slice()));
    return impl(args, p, outs);
  };
  try {
    fn();
  } finally {
    prim.impl = impl;
  }
  return calls;
}

describe("vmap of the linear-algebra primitives", () => {
  it("decompositions batch over the vmap axis (any in axis) and their gradients are per example", () => {
    const a = stack(Array.from({ length: B }, () => spd(3)), 1); // batch on axis 1
    const factors = (m: Tensor): Tensor[] => {
      const { Q, R } = linalg.qr(m);
      const { U, S, Vh } = linalg.svd(m);
      const { eigenvalues } = linalg.eigh(m);
      return [linalg.cholesky(m), Q, R, mul(U, 1), S, Vh.abs(), eigenvalues, linalg.det(m), linalg.inv(m)];
    };
    check(factors, [a], [1], 1e-10);
    const logdet = (m: Tensor): Tensor => sum(log(diagonal(linalg.cholesky(m))));
    check(grad(logdet), [a], [1], 1e-10);
    check(grad((m: Tensor) => linalg.det(m)), [randn([2, B, 2])], [1], 1e-12);
  });

  it("lu and the adjugate batch, with an unbatched argument", () => {
    const a = randn([B, 4, 4]);
    const shared = randn([4, 4]);
    check((m: Tensor, s: Tensor) => {
      const { P, L, U } = linalg.lu(m);
      return [P, L, U, matmul(linalg.inv(s), m)];
    }, [a, shared], [0, null], 1e-10);
  });

  it("triangularSolve with only the right-hand side batched folds the lanes into columns: one solve", () => {
    const l = linalg.cholesky(spd(4));
    const b = randn([4, B, 2]);
    const solve = (t: Tensor, rhs: Tensor): Tensor => linalg.triangularSolve(t, rhs, { lower: true });
    const calls = kernelCalls(triangularSolveP, () => check(solve, [l, b], [null, 1]));
    // One solve for the whole batch with B·2 columns, then B per-example solves for the oracle.
    expect(calls[0]).toEqual([[4, 4], [4, B * 2]]);
    expect(calls.length).toBe(B + 1);
    // Both batched, and the transposed / right-side forms.
    check((t: Tensor, rhs: Tensor) => linalg.triangularSolve(t, rhs, { lower: false, transpose: true }), [randn([B, 4, 4]).add(mul(eye(4, { dtype: "float64" }), 5)), randn([B, 4, 3])], [0, 0]);
    check((t: Tensor, rhs: Tensor) => linalg.triangularSolve(t, rhs, { lower: true, left: false }), [l, randn([2, 4, B])], [null, -1]);
  });

  it("vmap(grad) of a shared-factor solve equals per-example gradients", () => {
    const l = linalg.cholesky(spd(3));
    const loss = (t: Tensor, rhs: Tensor): Tensor => sum(tanh(linalg.triangularSolve(t, rhs, { lower: true })));
    check(grad(loss, { argnums: [0, 1] }) as (...xs: Tensor[]) => Tensor[], [l, randn([B, 3, 2])], [null, 0]);
  });
});

describe("vmap of convolution and pooling", () => {
  const geometry = { stride: [2, 1] as [number, number], padding: [1, 0] as [number, number], dilation: [1, 2] as [number, number], groups: 2 };
  const conv = (x: Tensor, w: Tensor, b: Tensor): Tensor => nn.functional.conv2d(x, w, { ...geometry, bias: b });

  it("conv2d: images batched fold into N (one kernel call), weights batched fold into groups", () => {
    const x = randn([2, B, 4, 5, 6]);
    const w = randn([6, 2, 3, 2]);
    const bias = randn([6]);
    const calls = kernelCalls(conv2dP, () => check(conv, [x, w, bias], [1, null, null]));
    expect(calls[0]![0]).toEqual([B * 2, 4, 5, 6]);
    expect(calls.length).toBe(B + 1);
    const ws = randn([B, 6, 2, 3, 2]);
    const wcalls = kernelCalls(conv2dP, () => check(conv, [x, ws, bias], [1, 0, null]));
    expect(wcalls[0]![1]).toEqual([B * 6, 2, 3, 2]);
    expect(wcalls.length).toBe(B + 1);
    check(conv, [lane(x, 1, 0), ws, randn([B, 6])], [null, 0, 0]); // shared images, an ensemble of weights
    check(conv, [lane(x, 1, 0), w, randn([6, B])], [null, null, 1]); // only the bias batched
    check(conv, [x, ws, randn([B, 6])], [1, 0, 0]);
  });

  it("per-example gradients of a conv net equal a loop of grad (conv2dInputGrad/WeightGrad batched)", () => {
    const loss = (w: Tensor, x: Tensor): Tensor => {
      const h = tanh(nn.functional.conv2d(x, w, { padding: 1, groups: 1 }));
      return sum(mul(nn.functional.maxPool2d(h, 2), nn.functional.avgPool2d(h, 2)));
    };
    const w = randn([3, 2, 3, 3]);
    const xs = randn([B, 2, 4, 4]); // each example is one [C, H, W] image
    check(grad(loss), [w, xs], [null, 0], 1e-10);
    check(grad(loss, { argnums: [0, 1] }) as (...xs: Tensor[]) => Tensor[], [randn([B, 3, 2, 3, 3]), xs], [0, 0], 1e-10);
    check(grad(loss, { argnums: 1 }), [randn([B, 3, 2, 3, 3]), lane(xs, 0, 1)], [0, null], 1e-10);
  });

  it("pooling with batched windows of every kind, on axes other than 0", () => {
    const x = randn([2, 3, 5, B, 5]);
    const pool = (t: Tensor): Tensor[] => [nn.functional.maxPool2d(t, 3, { stride: 1, padding: 1 }), nn.functional.avgPool2d(t, [3, 2], { stride: [2, 1], padding: 1 })];
    check(pool, [x], [3]);
    check(grad((t: Tensor) => sum(mul(pool(t)[0]!, pool(t)[0]!)).add(sum(pool(t)[1]!))), [x], [3]);
  });
});
