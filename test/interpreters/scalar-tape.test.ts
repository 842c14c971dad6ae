// The compact scalar tape (src/interpreters/scalar-tape.ts): scalar ops of a functional transform
// recorded as typed-array rows and swept with a switch. It must give results bit-identical to the
// node-based scalar path and to the general path (tensors all the way) on random programs, turn
// into nodes where a non-scalar op or a tensor sweep needs them, and record no GradNode at all for
// a scalar chain (a count, not a timing).
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  add, compile, cos, div, exp, grad, jvp, log, mul, neg, scalar, sin, sqrt, sub, sum, tanh, tensor, valueAndGrad, vjp, vmap, type Tensor,
} from "../../src/index.js";
import { graphStats, trackGraphNodes } from "../../src/interpreters/graph-stats.js";
import { setScalarPath } from "../../src/interpreters/scalar-rules.js";
import { setScalarTape } from "../../src/interpreters/scalar-tape.js";
import { bits, expectSameBits, threePaths } from "./both-scalar-paths.js";
import { tensorsCreated } from "../../src/tensor/tensor.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);

afterEach(() => {
  setScalarPath(true);
  setScalarTape(true);
  trackGraphNodes(false);
});

type Op = (vs: Tensor[], k: number, c: number) => Tensor;
/** The tape's ops, plus constants (numbers and float64 scalars) and one op it cannot take (a sum over a broadcast). */
const OPS: readonly Op[] = [
  (v, k) => add(v[k]!, v[(k + 1) % v.length]!),
  (v, k) => sub(v[k]!, v[(k + 2) % v.length]!),
  (v, k) => mul(v[k]!, v[(k + 1) % v.length]!),
  (v, k) => div(v[k]!, add(1.5, mul(v[(k + 1) % v.length]!, v[(k + 1) % v.length]!))),
  (v, k) => neg(v[k]!),
  (v, k) => log(add(mul(v[k]!, v[k]!), 0.25)),
  (v, k) => exp(tanh(v[k]!)),
  (v, k) => sin(v[k]!),
  (v, k) => cos(v[k]!),
  (v, k) => sqrt(add(mul(v[k]!, v[k]!), 1)),
  (v, k, c) => mul(v[k]!, scalar(c, "float64")),
  (v, k, c) => sub(c, v[k]!),
  (v, k) => mul(v[k]!, v[k]!),
  (v, k) => add(v[k]!, v[k]!),
];
/** The op the tape cannot take: a sum over a broadcast to a vector (materializes the tape). */
const nonScalar: Op = (v, k) => sum(mul(v[k]!, tensor([1, -2, 0.5], { dtype: "float64" })));

interface Prog {
  inputs: number[];
  steps: { op: number; k: number; c: number }[];
  /** Where the non-scalar op goes (−1: none). */
  cut: number;
}

const progArb: fc.Arbitrary<Prog> = fc.record({
  inputs: fc.array(fc.integer({ min: -2000, max: 2000 }).map((k) => k / 1000), { minLength: 1, maxLength: 3 }),
  steps: fc.array(fc.record({ op: fc.nat(OPS.length - 1), k: fc.nat(20), c: fc.integer({ min: -3, max: 3 }) }), { minLength: 1, maxLength: 14 }),
  cut: fc.integer({ min: -6, max: 13 }),
});

/** The program: each step applies an op to earlier values; the output is the last value (plus the first input, so every input may reach it). */
function run(p: Prog, xs: Tensor[]): Tensor {
  const vs = xs.slice();
  p.steps.forEach((s, i) => {
    const k = s.k % vs.length;
    vs.push(i === p.cut ? nonScalar(vs, k, s.c) : OPS[s.op]!(vs, k, s.c));
  });
  return add(vs[vs.length - 1]!, vs[0]!);
}

describe("the compact scalar tape", () => {
  it("valueAndGrad, vjp (pulled back twice) and grad∘grad are bit-identical on the tape, the node path and the general path", () => {
    fc.assert(
      fc.property(progArb, (p) => {
        const argnums = p.inputs.map((_, i) => i);
        const f = (...xs: Tensor[]): Tensor => run(p, xs);
        const args = (): Tensor[] => p.inputs.map((v) => scalar(v, "float64"));
        const [tape, nodes, general] = threePaths(() => {
          const [v, gs] = valueAndGrad(f, { argnums })(...args());
          const [y, pull] = vjp(f, ...args());
          const once = pull(scalar(1.5, "float64")) as Tensor[];
          const twice = pull(scalar(-0.25, "float64")) as Tensor[];
          const g2 = grad((x: Tensor) => grad(f)(x, ...args().slice(1)) as Tensor)(args()[0]!);
          return bits([v, ...gs, y as Tensor, ...once, ...twice, g2]);
        });
        expectSameBits(tape, nodes, "node path");
        expectSameBits(tape, general, "general path");
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("a pullback run inside another transform turns the tape into nodes and is differentiated through", () => {
    const f = (x: Tensor, y: Tensor): Tensor => sub(add(log(x), mul(x, y)), sin(y));
    // d/dc of the pullback of f at (2, 5) with cotangent c: (1/2 + 5, 2 − cos 5), linear in c.
    const h = (c: Tensor): Tensor => {
      const [, pull] = vjp(f, scalar(2, "float64"), scalar(5, "float64"));
      const [gx, gy] = pull(c) as Tensor[];
      return add(gx!, gy!);
    };
    const [tape, nodes, general] = threePaths(() => bits([grad(h)(scalar(3, "float64"))]));
    expect(tape[0]).toBe(0.5 + 5 + (2 - Math.cos(5)));
    expectSameBits(tape, nodes, "node path");
    expectSameBits(tape, general, "general path");
  });

  it("records no graph node for a scalar chain (nodes counted, tape on and off)", () => {
    const chain = (z: Tensor): Tensor => {
      let y = z;
      for (let i = 0; i < 1000; i++) y = sin(y);
      return y;
    };
    const nodesMade = (): number => {
      trackGraphNodes(true);
      valueAndGrad(chain)(scalar(0.5, "float64"));
      const n = graphStats.created;
      trackGraphNodes(false);
      return n;
    };
    expect(nodesMade()).toBe(0);
    setScalarTape(false);
    expect(nodesMade()).toBe(1000);
  });

  it("gives the chain's exact derivative and the worked example's, including a leaf returned as is", () => {
    const depth = 20_000;
    let v = 0.5;
    const cosines: number[] = [];
    for (let i = 0; i < depth; i++) {
      cosines.push(Math.cos(v));
      v = Math.sin(v);
    }
    // The sweep multiplies 1·cos(x_{n−1})·…·cos(x_0), latest first.
    let g = 1;
    for (let i = depth - 1; i >= 0; i--) g *= cosines[i]!;
    const [value, dx] = valueAndGrad((z: Tensor) => {
      let y = z;
      for (let i = 0; i < depth; i++) y = sin(y);
      return y;
    })(scalar(0.5, "float64"));
    expect(value.item()).toBe(v);
    expect(dx.item()).toBe(g);
    const [v2, [g1, g2]] = valueAndGrad((x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2)), { argnums: [0, 1] })(2, 5);
    expect(v2.item()).toBe(Math.log(2) + 2 * 5 - Math.sin(5));
    expect(g1!.item()).toBe(1 / 2 + 5);
    expect(g2!.item()).toBe(2 + -Math.cos(5));
    expect(grad((x: Tensor) => x)(scalar(3, "float64")).item()).toBe(1);
    expect(grad((x: Tensor) => mul(x, 0))(scalar(3, "float64")).item()).toBe(0);
  });

  it("creates one tensor per scalar op, not two (a tape tracer carries no primal tensor until one is read)", () => {
    const depth = 1000;
    const chain = (x: Tensor): Tensor => {
      let y = x;
      for (let i = 0; i < depth; i++) y = sin(y);
      return y;
    };
    const vg = valueAndGrad(chain);
    const x = scalar(0.5, "float64");
    vg(x);
    const before = tensorsCreated();
    const [v, g] = vg(x);
    const made = tensorsCreated() - before;
    // depth tracers, plus a handful per call (leaf tracer, value, seed, gradient); two per op before.
    expect(made).toBeGreaterThanOrEqual(depth);
    expect(made).toBeLessThan(depth + 20);
    // The closed form in the sweep's order: cotangent times cos of each input, latest first.
    const xs = [0.5];
    for (let i = 0; i < depth; i++) xs.push(Math.sin(xs[i]!));
    let eg = 1;
    for (let i = depth - 1; i >= 0; i--) eg *= Math.cos(xs[i]!);
    expect(v.item()).toBe(xs[depth]);
    expect(g.item()).toBe(eg);
  });

  it("an intermediate tracer read after its transform returned (and its tape's storage went to the next tape) keeps its value", () => {
    const kept: Tensor[] = [];
    const f = (x: Tensor): Tensor => {
      const y = exp(x);
      kept.push(y, mul(y, x));
      return log(add(y, x));
    };
    valueAndGrad(f)(scalar(0.25, "float64"));
    // The next call reuses the storage of the first one's tape.
    valueAndGrad((x: Tensor) => sin(mul(sin(x), cos(x))))(scalar(3, "float64"));
    expect(kept[0]!.item()).toBe(Math.exp(0.25));
    expect(kept[1]!.item()).toBe(Math.exp(0.25) * 0.25);
    expect(() => add(kept[0]!, 1)).toThrow(/escaped/);
  });

  it("nesting is unchanged: jvp∘grad, vmap∘grad, compile∘valueAndGrad and grad∘grad give the same bits on the three paths", () => {
    const f = (x1: Tensor, x2: Tensor): Tensor => sub(add(log(x1), mul(x1, x2)), sin(mul(exp(x2), x1)));
    const g = grad(f, { argnums: [0, 1] }) as unknown as (a: Tensor, b: Tensor) => [Tensor, Tensor];
    const x1 = scalar(1.75, "float64");
    const x2 = scalar(-0.5, "float64");
    const cvg = compile(valueAndGrad(f, { argnums: [0, 1] }) as unknown as (a: Tensor, b: Tensor) => [Tensor, [Tensor, Tensor]]);
    const all = (): number[] => {
      const [, dg] = jvp((a: Tensor) => g(a, x2)[1], [x1], [scalar(1, "float64")]) as unknown as [Tensor, Tensor];
      const vg = vmap((a: Tensor) => g(a, x2)[0])(tensor([0.5, 1.25, 3], { dtype: "float64" })) as Tensor;
      const [cv, [c1, c2]] = cvg(x1, x2);
      const gg = grad((a: Tensor) => g(a, x2)[1])(x1);
      return bits([dg, vg, cv, c1, c2, gg]);
    };
    const [tape, nodes, general] = threePaths(all);
    expectSameBits(tape, nodes, "node path");
    expectSameBits(tape, general, "general path");
  });
});
