// valueAndGrad's lean path (src/transforms/grad.ts `leanValueAndGrad`): plain tensor or number
// arguments without aux are recorded without argument trees or closures and, when f returns a row of
// the compact scalar tape, swept from a number seed. Every result and error must be bit-identical to
// the general path's (pytree arguments, hasAux, the scalar path off), and every other case must fall
// back to it.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { add, compile, exp, grad, jvp, log, mul, scalar, sin, sub, sum, tensor, valueAndGrad, vmap, type Tensor } from "../../src/index.js";
import { setScalarPath } from "../../src/interpreters/scalar-rules.js";
import { setScalarTape } from "../../src/interpreters/scalar-tape.js";
import { tensorsCreated } from "../../src/tensor/tensor.js";
import { Program, OPS } from "../properties/random-programs.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);

afterEach(() => {
  setScalarPath(true);
  setScalarTape(true);
});

/** Every element of every tensor in `ts`, as numbers (NaN and −0 kept). */
const bits = (ts: readonly Tensor[]): number[] => ts.flatMap((t) => Array.from(t.data(), Number));

function expectSameBits(a: readonly number[], b: readonly number[], what: string): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    if (!Object.is(x, b[i])) throw new Error(`element ${i}: ${x} (lean path) vs ${b[i]} (${what})`);
  });
}

/** Random programs over base shape [m, n] (one-element values when m = n = 1). */
function programArb(m: number, n: number): fc.Arbitrary<Program> {
  const value = fc.integer({ min: -1500, max: 1500 }).map((k) => k / 1000);
  const node = fc.record({ op: fc.nat(OPS.length - 1), a: fc.nat(9), b: fc.nat(9), axis: fc.nat(2) });
  return fc
    .record({
      kinds: fc.array(fc.nat(4), { minLength: 1, maxLength: 3 }),
      pool: fc.array(value, { minLength: 3 * m * n, maxLength: 3 * m * n }),
      nodes: fc.array(node, { minLength: 0, maxLength: 12 }),
    })
    .map(({ kinds, pool, nodes }) => new Program(m, n, kinds, pool, nodes));
}

/** What a call gives: its value and gradients as bits, or its error's class and message. */
function outcome(call: () => [Tensor, Tensor[]]): number[] | string {
  try {
    const [v, gs] = call();
    return bits([v, ...gs]);
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

function expectSameOutcome(lean: number[] | string, other: number[] | string, what: string): void {
  if (typeof lean === "string" || typeof other === "string") expect(lean).toBe(other);
  else expectSameBits(lean, other, what);
}

/** The lean path and three general ones (a pytree argument, hasAux, the scalar path off) on program `p`. */
function compare(p: Program, argnums: number[]): void {
  const f = (...xs: Tensor[]): Tensor => p.run(xs);
  const xs = p.inputs();
  const lean = outcome(() => valueAndGrad(f, { argnums })(...xs) as [Tensor, Tensor[]]);
  // The same arguments in one array: the general path flattens the tree.
  const tree = outcome(() => {
    const [v, g] = valueAndGrad((t: Tensor[]) => f(...t))(xs) as unknown as [Tensor, Tensor[]];
    return [v, argnums.map((k) => g[k < 0 ? k + xs.length : k]!)];
  });
  const aux = outcome(() => {
    const [[v], gs] = valueAndGrad((...a: Tensor[]) => [f(...a), 0] as [Tensor, number], { argnums, hasAux: true })(...xs) as unknown as [[Tensor], Tensor[]];
    return [v, gs];
  });
  setScalarPath(false);
  const off = outcome(() => valueAndGrad(f, { argnums })(...xs) as [Tensor, Tensor[]]);
  setScalarPath(true);
  // The tree form's messages name argument 0 (the array) and its leaves: compare its bits only.
  if (typeof lean !== "string") expectSameOutcome(lean, tree, "pytree argument");
  expectSameOutcome(lean, aux, "hasAux");
  expectSameOutcome(lean, off, "scalar path off");
}

describe("valueAndGrad's lean path", () => {
  it("is bit-identical to the general paths on random scalar programs (every argnums form)", () => {
    fc.assert(
      fc.property(programArb(1, 1), fc.nat(3), (p, form) => {
        const n = p.numInputs;
        const all = p.inputShapes.map((_, i) => i);
        // All, negative, repeated, reversed.
        const argnums = [all, all.map((i) => i - n), [...all, 0], all.slice().reverse()][form]!;
        compare(p, argnums);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("falls back with the same bits and errors: non-scalar programs (errors), leaves returned as is, programs with no op", () => {
    fc.assert(
      fc.property(programArb(2, 3), (p) => compare(p, p.inputShapes.map((_, i) => i))),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("falls back for outputs off the tape: a number, a constant, an argument, float32 and integer arguments", () => {
    const x = scalar(0.75, "float64");
    const y = scalar(-2, "float64");
    expect(bits(valueAndGrad((_a: Tensor) => 3)(x) as unknown as Tensor[])).toEqual([3, 0]);
    expect(bits(valueAndGrad((_a: Tensor) => scalar(3, "float64"))(x) as unknown as Tensor[])).toEqual([3, 0]);
    expect(bits(valueAndGrad((a: Tensor) => a)(x) as unknown as Tensor[])).toEqual([0.75, 1]);
    expect(bits(valueAndGrad((_a: Tensor, b: Tensor) => b, { argnums: [0, 1] })(x, y).flat() as Tensor[])).toEqual([-2, 0, 1]);
    const [v32, g32] = valueAndGrad((a: Tensor) => sin(mul(a, a)))(scalar(0.75, "float32"));
    expect([v32.dtype, g32.dtype]).toEqual(["float32", "float32"]);
    expect(g32.item()).toBe(Math.fround(Math.fround(Math.cos(Math.fround(0.5625))) * 0.75) * 2);
    expect(() => valueAndGrad((a: Tensor) => a)(scalar(1, "int32"))).toThrow("valueAndGrad: argument 0 has dtype int32; only float inputs can be differentiated");
    expect(() => valueAndGrad((a: Tensor) => mul(a, tensor([1, 2], { dtype: "float64" })))(x)).toThrow(/f must return a scalar \(one element\), got shape \[2\]/);
    // Numbers as arguments are float64 scalars, differentiated or not.
    const [v, [g1, g2]] = valueAndGrad((a: Tensor, b: Tensor) => add(log(a), mul(a, b)), { argnums: [0, 1] })(2, 5);
    expect([v.item(), g1!.item(), g2!.item()]).toEqual([Math.log(2) + 10, 1 / 2 + 5, 2]);
    expect(grad((a: Tensor, b: Tensor) => mul(exp(a), b), { argnums: 1 })(x, 3).item()).toBe(Math.exp(0.75));
  });

  it("nests as before: grad∘grad, jvp∘grad, vmap∘grad and compile∘valueAndGrad with the tape on and off", () => {
    const f = (x1: Tensor, x2: Tensor): Tensor => sub(add(log(x1), mul(x1, x2)), sin(mul(exp(x2), x1)));
    const g = grad(f, { argnums: [0, 1] }) as unknown as (a: Tensor, b: Tensor) => [Tensor, Tensor];
    const x1 = scalar(1.75, "float64");
    const x2 = scalar(-0.5, "float64");
    const all = (): number[] => {
      const cvg = compile(valueAndGrad(f, { argnums: [0, 1] }) as unknown as (a: Tensor, b: Tensor) => [Tensor, [Tensor, Tensor]]);
      const [, dg] = jvp((a: Tensor) => g(a, x2)[1], [x1], [scalar(1, "float64")]) as unknown as [Tensor, Tensor];
      const vg = vmap((a: Tensor) => g(a, x2)[0])(tensor([0.5, 1.25, 3], { dtype: "float64" })) as Tensor;
      const [cv, [c1, c2]] = cvg(x1, x2);
      const gg = grad((a: Tensor) => g(a, x2)[1])(x1);
      const gs = grad((a: Tensor) => sum(mul(a, tensor([1, 2], { dtype: "float64" }))))(x1);
      return bits([dg, vg, cv, c1, c2, gg, gs]);
    };
    const on = all();
    setScalarTape(false);
    expectSameBits(on, all(), "tape off");
    setScalarPath(false);
    expectSameBits(on, all(), "scalar path off");
  });

  it("tape tracers used after the tape turned into nodes (as operands, as the output) stand for their rows' nodes", () => {
    const w = tensor([1.5, -2], { dtype: "float64" });
    const programs = [
      // y, z are tape rows; the vector op turns the tape into nodes; y and z are used after.
      (x: Tensor): Tensor => {
        const y = sin(x);
        const z = mul(y, x);
        const s = sum(mul(w, z));
        return add(mul(s, y), exp(z));
      },
      // The output is a row's tracer from before the tape turned into nodes.
      (x: Tensor): Tensor => {
        const y = log(add(x, 3));
        sum(mul(w, y));
        return y;
      },
    ];
    const x = scalar(0.625, "float64");
    for (const f of programs) {
      const run = (): number[] => {
        const [v, g] = valueAndGrad(f)(x);
        const gg = grad(grad(f) as (a: Tensor) => Tensor)(x);
        return bits([v, g, gg]);
      };
      const on = run();
      setScalarTape(false);
      expectSameBits(on, run(), "tape off");
      setScalarTape(true);
    }
  });

  it("makes no seed tensor: a call creates only its tracers, the value and the gradients", () => {
    const f = (x1: Tensor, x2: Tensor): Tensor => sub(add(log(x1), mul(x1, x2)), sin(x2));
    const vg = valueAndGrad(f, { argnums: [0, 1] });
    const a = scalar(2, "float64");
    const b = scalar(5, "float64");
    vg(a, b);
    const before = tensorsCreated();
    const [v, [g1, g2]] = vg(a, b);
    // 2 leaf tracers + 5 op tracers + the value + 2 gradients (the general path adds a seed tensor).
    expect(tensorsCreated() - before).toBe(10);
    expect([v.item(), g1!.item(), g2!.item()]).toEqual([Math.log(2) + 10 - Math.sin(5), 1 / 2 + 5, 2 + -Math.cos(5)]);
  });
});
