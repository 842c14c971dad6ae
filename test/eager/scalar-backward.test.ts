// The eager scalar path (src/eager/scalar-backward.ts, the eager recorder's scalar entry): backward()
// on a graph of one-element float64 scalar-rule nodes sweeps numbers and writes `.grad` without a
// tensor per node or a seed tensor. It must give the same bits as the general sweep on random eager
// programs (values, `.grad` after several backward calls, accumulation into user-set `.grad`), and
// fall back to the general sweep, unchanged, whenever anything is not plain.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  add, assign, AutogradError, backward, cos, detectAnomaly, enableGrad, div, exp, log, mul, neg, noGrad, reciprocal, registerHook, sigmoid, sin, sqrt, square, sub,
  sum, tanh, tensor, type Tensor,
} from "../../src/index.js";
import { setEagerScalarSweep } from "../../src/eager/scalar-backward.js";
import { primOfScalarOp, setScalarPath } from "../../src/interpreters/scalar-rules.js";
import { tensorsCreated } from "../../src/tensor/tensor.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);

afterEach(() => {
  setEagerScalarSweep(true);
  setScalarPath(true);
});

const leaf = (v: number, shape: number[] = []): Tensor => tensor(shape.length === 0 ? v : [v], { dtype: "float64", requiresGrad: true });

/** Runs `fn` three ways: the eager scalar path, the general sweep (with its per-node scalar step), and no scalar path at all. */
function threeWays<T>(fn: () => T): [T, T, T] {
  const fast = fn();
  setEagerScalarSweep(false);
  try {
    const general = fn();
    setScalarPath(false);
    return [fast, general, fn()];
  } finally {
    setEagerScalarSweep(true);
    setScalarPath(true);
  }
}

function expectSameBits(a: readonly (number | string)[], b: readonly (number | string)[], what: string): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    if (!Object.is(x, b[i])) throw new Error(`${what}, entry ${i}: ${x} vs ${b[i]}`);
  });
}

const UNARY = [neg, log, exp, sin, cos, tanh, sqrt, square, sigmoid] as const;
const BINARY = [add, sub, mul, div] as const;

/**
 * A random eager program: ops drawn from the scalar rules (and two without one, square and sigmoid,
 * which send the sweep to the general path), over 1–3 leaves of shape [] or [1] (a [1] leaf against
 * a [] value broadcasts, which the scalar path also declines), constants, and repeated backward calls
 * (retained graphs, accumulation, a user-set `.grad`).
 */
interface Prog {
  leaves: { v: number; shape1: boolean }[];
  nodes: { op: number; a: number; b: number; c: number }[];
  runs: { preset: number; retain: boolean }[];
  pick: number;
}
const progArb: fc.Arbitrary<Prog> = fc.record({
  leaves: fc.array(fc.record({ v: fc.integer({ min: 100, max: 2000 }).map((k) => k / 1000), shape1: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  nodes: fc.array(fc.record({ op: fc.nat(UNARY.length + BINARY.length + 1), a: fc.nat(20), b: fc.nat(20), c: fc.integer({ min: -3, max: 3 }) }), {
    minLength: 1,
    maxLength: 14,
  }),
  runs: fc.array(fc.record({ preset: fc.nat(3), retain: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  pick: fc.nat(20),
});

/** Runs `p`: every value and every leaf's `.grad` after each backward (or the error it threw), as numbers and markers. */
function runProgram(p: Prog): (number | string)[] {
  const xs = p.leaves.map((l) => leaf(l.v, l.shape1 ? [1] : []));
  const vals: Tensor[] = [...xs];
  for (const n of p.nodes) {
    const a = vals[n.a % vals.length]!;
    const b = vals[n.b % vals.length]!;
    let y: Tensor;
    if (n.op < UNARY.length) y = UNARY[n.op]!(n.op === 1 || n.op === 6 ? add(mul(a, a), 0.5) : a);
    else if (n.op < UNARY.length + BINARY.length) y = BINARY[n.op - UNARY.length]!(a, n.op - UNARY.length === 3 ? add(mul(b, b), 1) : b);
    else y = mul(a, n.c);
    vals.push(y);
  }
  const y = vals[vals.length - 1 - (p.pick % Math.min(3, vals.length))]!;
  const out: (number | string)[] = vals.map((v) => v.data()[0]!);
  if (!y.requiresGrad) return out;
  for (const run of p.runs) {
    if (run.preset === 1) xs[0]!.grad = tensor(0.25, { dtype: "float64" });
    if (run.preset === 2) xs[0]!.grad = tensor(0.5, { dtype: "float32" });
    if (run.preset === 3) xs[0]!.grad = null;
    try {
      backward(y, undefined, { retainGraph: run.retain });
    } catch (e) {
      out.push(`error: ${(e as Error).message}`);
    }
    for (const x of xs) {
      const g = x.grad;
      out.push(g === null ? "none" : `${g.dtype}[${g.shape.join(",")}]`, ...(g === null ? [] : Array.from(g.data(), Number)));
    }
  }
  return out;
}

describe("the eager scalar sweep", () => {
  it("is bit-identical to the general sweep on random eager programs (values, .grad across calls, errors)", () => {
    fc.assert(
      fc.property(progArb, (p) => {
        const [fast, general, none] = threeWays(() => runProgram(p));
        expectSameBits(fast, general, "eager scalar sweep vs general sweep");
        expectSameBits(fast, none, "eager scalar sweep vs no scalar path");
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("makes one tensor per leaf and none per node: f(x1, x2) = ln x1 + x1·x2 − sin x2", () => {
    const x1 = leaf(2);
    const x2 = leaf(5);
    const y = sub(add(log(x1), mul(x1, x2)), sin(x2));
    const before = tensorsCreated();
    backward(y);
    // The two .grad tensors; the general sweep also makes a seed and a tensor per leaf cotangent.
    expect(tensorsCreated() - before).toBe(2);
    expect(x1.grad!.item()).toBe(1 / 2 + 5);
    expect(x2.grad!.item()).toBe(2 + 1 * -Math.cos(5));
    const z = mul(x1, x2);
    const before2 = tensorsCreated();
    backward(z); // accumulates: one new .grad tensor per leaf, no add dispatch
    expect(tensorsCreated() - before2).toBe(2);
    expect(x1.grad!.item()).toBe(1 / 2 + 5 + 5);
  });

  it("sweeps graphs that mix the scalar entry's nodes with scalar-rule nodes recorded by apply (reciprocal's div), one tensor per leaf", () => {
    const programs: ((x1: Tensor, x2: Tensor) => Tensor)[] = [
      (x1, x2) => add(reciprocal(x1), mul(x1, x2)), // a ScalarGradNode root over a node recorded by apply
      (x1, x2) => reciprocal(sub(mul(x1, x2), sin(x2))), // a root recorded by apply
    ];
    for (const f of programs) {
      const run = (): number[] => {
        const x1 = leaf(0.75);
        const x2 = leaf(1.5);
        const y = f(x1, x2);
        const before = tensorsCreated();
        backward(y);
        return [tensorsCreated() - before, y.item(), x1.grad!.item(), x2.grad!.item()];
      };
      const [fast, general] = threeWays(run);
      expect(fast[0]).toBe(2);
      expectSameBits(fast.slice(1), general.slice(1), "mixed graph");
    }
  });

  it("backward(y) on a one-element float64 value of a general graph takes the general sweep", () => {
    const w = tensor([1, 2, 3], { dtype: "float64", requiresGrad: true });
    backward(sum(mul(w, w)));
    expect(Array.from(w.grad!.data())).toEqual([2, 4, 6]);
    const x = leaf(2);
    backward(sum(mul(x, tensor([1, 2], { dtype: "float64" }))));
    expect(x.grad!.item()).toBe(3);
  });

  it("the scalar entry takes rank-0 operands with distinct shape arrays and declines [] against [1] (broadcast)", () => {
    for (const requiresGrad of [true, false]) {
      const a = tensor(2, { dtype: "float64", requiresGrad });
      const b = tensor(3, { dtype: "float64", requiresGrad });
      const c = tensor([3], { dtype: "float64", requiresGrad });
      expect(a.shape).not.toBe(b.shape);
      const ab = mul(a, b);
      expect(ab.shape).toEqual([]);
      expect(ab.item()).toBe(6);
      expect(mul(a, c).shape).toEqual([1]);
      expect(mul(c, a).shape).toEqual([1]);
      expect(sub(c, a).item()).toBe(1);
    }
  });

  it("records only differentiable primitives (the eager scalar entry does not re-check it)", () => {
    const prims = primOfScalarOp.filter((p) => p !== undefined);
    expect(prims.length).toBeGreaterThan(0);
    for (const p of prims) expect(p.differentiable, p.name).toBe(true);
  });
});

describe("the eager scalar sweep falls back to the general sweep", () => {
  it("a second backward through a freed graph raises the general error", () => {
    const x = leaf(0.5);
    const y = tanh(exp(sqrt(x)));
    backward(y);
    expect(() => backward(y)).toThrow(/backward through 'tanh' a second time/);
    expect(() => backward(y)).toThrow(/retainGraph/);
  });

  it("retainGraph keeps the graph and .grad accumulates across calls", () => {
    const x = leaf(3);
    const y = sin(mul(x, x));
    backward(y, undefined, { retainGraph: true });
    const g = x.grad!.item();
    expect(g).toBe(1 * Math.cos(9) * 3 + 3 * (1 * Math.cos(9)));
    backward(y);
    expect(x.grad!.item()).toBe(g + g);
    expect(() => backward(y)).toThrow(AutogradError);
  });

  it("hooks on leaves and on intermediates run (and may replace the gradient)", () => {
    const x = leaf(2);
    const seen: number[] = [];
    const remove = registerHook(x, (g) => {
      seen.push(g.item());
      return mul(g, 10);
    });
    backward(mul(x, x));
    expect(seen).toEqual([4]);
    expect(x.grad!.item()).toBe(40);
    remove();
    x.grad = null;
    const h = mul(x, 3);
    registerHook(h, (g) => mul(g, 2));
    backward(sin(h));
    expect(x.grad!.item()).toBe(1 * Math.cos(6) * 2 * 3);
  });

  it("createGraph records the backward pass (double backward)", () => {
    const x = leaf(0.7);
    backward(sin(mul(x, x)), undefined, { createGraph: true });
    const g = x.grad!;
    expect(g.requiresGrad).toBe(true);
    x.grad = null;
    backward(g);
    expect(x.grad!.item()).toBeCloseTo(2 * Math.cos(0.49) - 4 * 0.49 * Math.sin(0.49), 14);
  });

  it("a .grad that requires grad (left by createGraph) is accumulated into without recording", () => {
    const x = leaf(0.7);
    backward(sin(x), undefined, { createGraph: true });
    expect(x.grad!.requiresGrad).toBe(true);
    backward(mul(x, x));
    expect(x.grad!.requiresGrad).toBe(false);
    expect(x.grad!.item()).toBe(Math.cos(0.7) + (0.7 + 0.7));
  });

  it("a leaf assigned after use raises the version error", () => {
    const x = leaf(2);
    const y = mul(x, x);
    noGrad(() => assign(x, 3));
    expect(() => backward(y)).toThrow(/modified by assign\(\)/);
  });

  it("anomaly detection names the node that produced NaN", () => {
    const x = leaf(-1);
    expect(() => detectAnomaly(() => backward(log(sqrt(x))))).toThrow(/anomaly: the backward of 'sqrt'|anomaly: the backward of 'log'/);
  });

  it("a backward inside a hook of a running sweep still detects a shared node", () => {
    const x = leaf(1);
    const h = sin(x);
    const y = mul(h, h);
    registerHook(h, (g) => {
      expect(() => enableGrad(() => backward(exp(h)))).toThrow(/another backward pass through it was still running/);
      return g;
    });
    backward(y);
    expect(x.grad!.item()).toBe(Math.cos(1) * (Math.sin(1) + Math.sin(1)));
  });

  it("works inside noGrad (the graph was recorded before)", () => {
    const x = leaf(2);
    const y = exp(x);
    noGrad(() => backward(y));
    expect(x.grad!.item()).toBe(Math.exp(2));
  });
});
