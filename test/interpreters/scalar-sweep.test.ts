// The backward sweep's scalar path (src/interpreters/scalar-rules.ts): one-element float64 nodes get
// their input cotangents as numbers, without a tensor or a dispatch per node. It must give values
// and gradients bit-identical to the general path (every rule run as tensors) on random scalar
// programs, keep nested derivatives and errors unchanged, and sweep a 10⁵-deep chain creating a
// bounded number of tensors (a count, not a timing).
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  add, AutogradError, backward, exp, grad, jvp, log, mul, scalar, sin, sqrt, sub, tanh, tensor, valueAndGrad, type Tensor,
} from "../../src/index.js";
import { setScalarPath } from "../../src/interpreters/scalar-rules.js";
import { tensorsCreated } from "../../src/tensor/tensor.js";
import { Program, OPS } from "../properties/random-programs.js";
import { bothPaths } from "./both-scalar-paths.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);

afterEach(() => {
  setScalarPath(true);
});

/** Every element of every tensor in `ts`, as numbers (NaN and −0 kept). */
const bits = (ts: readonly Tensor[]): number[] => ts.flatMap((t) => Array.from(t.data(), Number));

/** A leaf's `.grad` as numbers; a leaf the output does not reach (no `.grad`) as the marker "none". */
const gradBits = (t: Tensor): (number | string)[] => (t.grad === null ? ["none"] : bits([t.grad]));

function expectSameBits(a: readonly (number | string)[], b: readonly (number | string)[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    if (!Object.is(x, b[i])) throw new Error(`element ${i}: ${x} (scalar path) vs ${b[i]} (general path)`);
  });
}

/** Random one-element programs: base shape [1, 1], so inputs are [], [1] or [1, 1] and every value has one element. */
function scalarProgramArb(): fc.Arbitrary<Program> {
  const value = fc.integer({ min: -1500, max: 1500 }).map((k) => k / 1000);
  const node = fc.record({ op: fc.nat(OPS.length - 1), a: fc.nat(9), b: fc.nat(9), axis: fc.nat(2) });
  return fc
    .record({
      kinds: fc.array(fc.nat(4), { minLength: 1, maxLength: 3 }),
      pool: fc.array(value, { minLength: 3, maxLength: 3 }),
      nodes: fc.array(node, { minLength: 1, maxLength: 12 }),
    })
    .map(({ kinds, pool, nodes }) => new Program(1, 1, kinds, pool, nodes));
}

describe("the backward sweep's scalar path", () => {
  it("valueAndGrad and eager backward() are bit-identical to the general path on random scalar programs", () => {
    fc.assert(
      fc.property(scalarProgramArb(), (p) => {
        const argnums = p.inputShapes.map((_, i) => i);
        const f = (...xs: Tensor[]): Tensor => p.run(xs);
        const [fast, slow] = bothPaths(() => {
          const [v, gs] = valueAndGrad(f, { argnums })(...p.inputs());
          const leaves = p.inputs().map((x) => tensor(x.data(), { dtype: "float64", shape: x.shape.slice(), requiresGrad: true }));
          const y = p.run(leaves);
          if (y.requiresGrad) backward(y);
          return [...bits([v, ...gs]), ...leaves.flatMap(gradBits)];
        });
        expectSameBits(fast, slow);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("nested derivatives through it are unchanged: grad∘grad, jvp∘grad and eager double backward", () => {
    fc.assert(
      fc.property(scalarProgramArb(), (p) => {
        const xs = p.inputs();
        const f = (x: Tensor): Tensor => p.run([x, ...xs.slice(1)]);
        const [fast, slow] = bothPaths(() => {
          const g2 = grad(grad(f) as (x: Tensor) => Tensor)(xs[0]!);
          const [, t] = jvp(grad(f) as (x: Tensor) => Tensor, [xs[0]!], [scalar(1, "float64").reshape(xs[0]!.shape.slice())]) as unknown as [Tensor, Tensor];
          const leaf = tensor(xs[0]!.data(), { dtype: "float64", shape: xs[0]!.shape.slice(), requiresGrad: true });
          const y = p.run([leaf, ...xs.slice(1)]);
          const out: (number | string)[] = bits([g2, t]);
          if (!y.requiresGrad) return out;
          backward(y, undefined, { createGraph: true });
          const g = leaf.grad;
          out.push(...gradBits(leaf));
          leaf.grad = null;
          if (g !== null && g.requiresGrad) {
            backward(g);
            out.push(...gradBits(leaf));
          }
          return out;
        });
        expectSameBits(fast, slow);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("keeps the worked example's value and gradient exact", () => {
    const f = (x1: Tensor, x2: Tensor): Tensor => add(sub(mul(x1, x2), sin(x2)), log(x1));
    const [v, [g1, g2]] = valueAndGrad(f, { argnums: [0, 1] })(2, 5);
    expect(v.item()).toBe(2 * 5 - Math.sin(5) + Math.log(2));
    expect(g1!.item()).toBe(5 + 1 / 2);
    expect(g2!.item()).toBe(1 * 2 + 1 * -Math.cos(5));
    expect(g1!.dtype).toBe("float64");
    expect(g1!.shape).toEqual([]);
  });

  it("leaves errors unchanged: a second backward through a freed graph, and anomaly-free NaN", () => {
    const x = tensor(0.5, { dtype: "float64", requiresGrad: true });
    const y = tanh(exp(sqrt(x)));
    backward(y);
    expect(() => backward(y)).toThrow(AutogradError);
    expect(() => backward(y)).toThrow(/backward through 'tanh' a second time/);
    const z = tensor(-1, { dtype: "float64", requiresGrad: true });
    backward(sqrt(z));
    expect(Number.isNaN(z.grad!.item())).toBe(true);
  });

  it("creates no tensor per node: a scalar chain's backward makes a bounded number of tensors", () => {
    const counts = (depth: number): number => {
      let atForwardEnd = 0;
      const chain = (z: Tensor): Tensor => {
        let y = z;
        for (let i = 0; i < depth; i++) y = sin(y);
        atForwardEnd = tensorsCreated();
        return y;
      };
      valueAndGrad(chain)(scalar(0.5, "float64"));
      return tensorsCreated() - atForwardEnd;
    };
    // The general path makes a few tensors per node (its rules' results); the scalar path a constant.
    expect(counts(1000)).toBeLessThan(10);
    const x = tensor(0.5, { dtype: "float64", requiresGrad: true });
    let y = x;
    for (let i = 0; i < 1000; i++) y = sin(y);
    const before = tensorsCreated();
    backward(y);
    expect(tensorsCreated() - before).toBeLessThan(10);
  });

  it("sweeps a 10⁵-deep chain without recursion (no stack overflow), exactly as the closed form", () => {
    const depth = 100_000;
    let v = 0.5;
    let g = 1;
    for (let i = 0; i < depth; i++) {
      g *= Math.cos(v);
      v = Math.sin(v);
    }
    const chain = (z: Tensor): Tensor => {
      let y = z;
      for (let i = 0; i < depth; i++) y = sin(y);
      return y;
    };
    const [value, dx] = valueAndGrad(chain)(scalar(0.5, "float64"));
    expect(value.item()).toBe(v);
    // The sweep multiplies 1·cos(x_{n−1})·…·cos(x_0) in reverse order; the loop above forwards.
    expect(dx.item()).toBeCloseTo(g, 14);
    const x = tensor(0.5, { dtype: "float64", requiresGrad: true });
    backward(chain(x));
    expect(x.grad!.item()).toBe(dx.item());
  });
});
