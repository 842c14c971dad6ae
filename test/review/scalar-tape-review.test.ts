// Review of the compact scalar tape's lean valueAndGrad, leaf-row cases and reached-flag clearing
// (79707f8, 05299a7, 42a0b01): nested transforms (grad of grad, jvp of grad, vjp inside a
// customVjp backward, checkpoint, a valueAndGrad inside another's function), hasAux, special
// values, int and float32 arguments, a pullback called again after other tapes ran, and calls
// that throw part-way (while recording, and inside a pullback) — each bit for bit against the
// node-based scalar path and the general path, and the calls after a throw unaffected.
import { afterEach, describe, expect, it } from "vitest";
import {
  add, checkpoint, cos, customVjp, div, exp, grad, jvp, log, mul, neg, scalar, sin, sqrt, sub, tanh, tensor, valueAndGrad, vjp, type Tensor,
} from "../../src/index.js";
import { setScalarPath } from "../../src/interpreters/scalar-rules.js";
import { setScalarTape } from "../../src/interpreters/scalar-tape.js";

afterEach(() => {
  setScalarPath(true);
  setScalarTape(true);
});

/** Numbers of a result tree (tensors flattened, NaN and −0 kept). */
function flat(v: unknown): number[] {
  if (typeof v === "number" || typeof v === "boolean") return [Number(v)];
  if (Array.isArray(v)) return v.flatMap(flat);
  if (v !== null && typeof v === "object" && "data" in v) return Array.from((v as Tensor).data(), Number);
  if (v !== null && typeof v === "object") return Object.values(v).flatMap(flat);
  return [];
}

/** `fn` on the tape, the node-based scalar path and the general path: the same bits on all three. */
function samePaths(what: string, fn: () => unknown): number[] {
  let tape: number[];
  let nodes: number[];
  let general: number[];
  try {
    tape = flat(fn());
    setScalarTape(false);
    nodes = flat(fn());
    setScalarPath(false);
    general = flat(fn());
  } finally {
    setScalarPath(true);
    setScalarTape(true);
  }
  for (const [other, name] of [[nodes, "node path"], [general, "general path"]] as const) {
    expect(tape.length, `${what}: length vs ${name}`).toBe(other.length);
    tape.forEach((x, i) => {
      if (!Object.is(x, other[i])) expect.fail(`${what}: element ${i}: ${x} (tape) vs ${other[i]} (${name})`);
    });
  }
  return tape;
}

/** A chain that touches every scalar op code, the leaves used more than once. */
const f = (x: Tensor, y: Tensor): Tensor =>
  add(mul(sin(x), exp(div(y, add(x, 3)))), sub(tanh(mul(x, y)), add(neg(cos(y)), add(sqrt(mul(x, x)), log(add(mul(y, y), 1))))));

const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 5e-324, 1e308, -2, 0.75];

describe("review: scalar tape", () => {
  it("valueAndGrad over every op code at special values: tape = node path = general path", () => {
    for (const x of SPECIAL)
      for (const y of SPECIAL) samePaths(`f(${x}, ${y})`, () => valueAndGrad(f, { argnums: [0, 1] })(scalar(x, "float64"), scalar(y, "float64")));
  });

  it("grad of grad, jvp of grad and hessian-like nesting agree with the other paths and the closed form", () => {
    const g = (x: Tensor): Tensor => mul(sin(x), mul(x, x)); // g'' = (2 − x²) sin x + 4x cos x
    for (const x of [0.3, -1.7, 2.5]) {
      const [d2] = samePaths(`grad(grad(g))(${x})`, () => grad(grad(g))(scalar(x, "float64")));
      expect(d2).toBeCloseTo((2 - x * x) * Math.sin(x) + 4 * x * Math.cos(x), 12);
      const [, t] = samePaths(`jvp(grad(g))(${x})`, () => jvp((u: Tensor) => grad(g)(u), [scalar(x, "float64")], [scalar(1, "float64")]));
      expect(t).toBeCloseTo((2 - x * x) * Math.sin(x) + 4 * x * Math.cos(x), 12);
      samePaths(`grad(x => grad(f)(x, x·x))(${x})`, () => grad((u: Tensor) => grad(f)(u, mul(u, u)))(scalar(x, "float64")));
    }
  });

  it("a valueAndGrad inside another's function (two tapes alive at once), then the outer's gradient", () => {
    const inner = (u: Tensor): Tensor => mul(exp(u), u);
    const outer = (x: Tensor): Tensor => {
      // a closed-over constant's gradient (no dependence on x): the inner tape lives while the outer records
      const [v, d] = valueAndGrad(inner)(scalar(0.5, "float64"));
      return add(mul(x, v), mul(mul(x, x), d));
    };
    for (const x of [1.25, -0.5]) {
      const [val, dx] = samePaths(`outer(${x})`, () => valueAndGrad(outer)(scalar(x, "float64")));
      const v = Math.exp(0.5) * 0.5;
      const d = Math.exp(0.5) * 1.5;
      expect(val).toBeCloseTo(x * v + x * x * d, 12);
      expect(dx).toBeCloseTo(v + 2 * x * d, 12);
    }
  });

  it("vjp inside a customVjp backward, and checkpoint, under valueAndGrad", () => {
    const h = customVjp(
      (x: Tensor) => sin(x),
      (x: Tensor) => [sin(x), x],
      (x: Tensor, ct: Tensor) => {
        const [, pb] = vjp((u: Tensor) => sin(u), x);
        return pb(ct) as [Tensor];
      },
    );
    const c = checkpoint((x: Tensor) => mul(tanh(x), exp(x)));
    for (const x of [0.4, -2.2, -0]) {
      samePaths(`customVjp(${x})`, () => valueAndGrad((u: Tensor) => mul(h(mul(u, u)), u))(scalar(x, "float64")));
      samePaths(`checkpoint(${x})`, () => valueAndGrad((u: Tensor) => add(c(u), mul(c(mul(u, 2)), u)))(scalar(x, "float64")));
    }
  });

  it("hasAux, an int argument, float32 scalars, a [1]-shaped input", () => {
    samePaths("hasAux", () =>
      valueAndGrad((x: Tensor, y: Tensor) => [f(x, y), { p: mul(x, y), q: exp(x) }] as const, { hasAux: true, argnums: [0, 1] })(scalar(0.7, "float64"), scalar(-1.1, "float64")));
    samePaths("int second argument (not differentiated)", () => valueAndGrad((x: Tensor, k: Tensor) => mul(x, add(k, x)))(scalar(1.5, "float64"), scalar(3, "int32")));
    samePaths("float32 scalars", () => valueAndGrad(f, { argnums: [0, 1] })(scalar(0.3, "float32"), scalar(1.9, "float32")));
    samePaths("a [1]-shaped float64 input", () => valueAndGrad((x: Tensor) => mul(sin(x), x).sum())(tensor([0.25])));
  });

  it("a pullback called twice, with other tapes swept in between, gives the same cotangents each time", () => {
    for (const seedOfOthers of [0, 1, 2]) {
      samePaths(`pullback twice (${seedOfOthers})`, () => {
        const [, pb] = vjp(f, scalar(0.6, "float64"), scalar(1.3, "float64"));
        const first = pb(scalar(1, "float64"));
        // other tapes record, sweep and retire (taking and handing on the spare storage)
        for (let i = 0; i <= seedOfOthers; i++) valueAndGrad(f, { argnums: [0, 1] })(scalar(i, "float64"), scalar(2 * i + 0.5, "float64"));
        const second = pb(scalar(1, "float64"));
        const third = pb(scalar(-2, "float64"));
        expect(flat(second)).toEqual(flat(first));
        return [first, second, third];
      });
    }
  });

  it("a call that throws part-way (while recording, or in a pullback) leaves the next calls right", () => {
    const want = samePaths("clean", () => valueAndGrad(f, { argnums: [0, 1] })(scalar(0.9, "float64"), scalar(-0.4, "float64")));
    const boom = (x: Tensor, y: Tensor): Tensor => {
      const z = f(x, y);
      if (z.item() === z.item()) throw new Error("boom");
      return z;
    };
    for (let round = 0; round < 3; round++) {
      expect(() => valueAndGrad(boom)(scalar(0.9, "float64"), scalar(-0.4, "float64"))).toThrow("boom");
      // a custom backward that throws in the middle of a sweep
      const bad = customVjp((x: Tensor) => exp(x), (x: Tensor) => [exp(x), x], () => {
        throw new Error("bwd boom");
      });
      expect(() => valueAndGrad((x: Tensor) => mul(f(x, x), bad(x)))(scalar(0.2, "float64"))).toThrow("bwd boom");
      const [, pb] = vjp(f, scalar(0.9, "float64"), scalar(-0.4, "float64"));
      expect(flat(pb(1))).toEqual(want.slice(1));
      expect(samePaths(`after throws, round ${round}`, () => valueAndGrad(f, { argnums: [0, 1] })(scalar(0.9, "float64"), scalar(-0.4, "float64")))).toEqual(want);
    }
  });

  it("edge outputs and bad arguments: the tape's results, and its errors word for word, are the other paths'", () => {
    /** The result's numbers, or the error's name and message. */
    const outcome = (fn: () => unknown): string => {
      try {
        return JSON.stringify(flat(fn()));
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    const cases: [string, () => unknown][] = [
      ["a [1]-shaped output", () => valueAndGrad((x: Tensor) => mul(x, 2))(tensor([3], { dtype: "float64" }))],
      ["the input itself", () => valueAndGrad((x: Tensor) => x)(scalar(3, "float64"))],
      ["an output not depending on the input", () => valueAndGrad((_x: Tensor) => add(scalar(1, "float64"), 2))(scalar(3, "float64"))],
      ["an unused argument", () => valueAndGrad((_x: Tensor, y: Tensor) => mul(y, y), { argnums: [0, 1] })(scalar(3, "float64"), scalar(2, "float64"))],
      ["the same leaf twice at −0", () => grad((x: Tensor) => add(x, x))(scalar(-0, "float64"))],
      ["an int input", () => valueAndGrad((x: Tensor) => mul(x, x))(scalar(3, "int32"))],
      ["a bool input", () => valueAndGrad((x: Tensor) => mul(x, x))(tensor([true]))],
      ["a non-scalar output", () => valueAndGrad((x: Tensor) => mul(x, x))(tensor([3, 4], { dtype: "float64" }))],
    ];
    for (const [what, fn] of cases) {
      const tape = outcome(fn);
      setScalarTape(false);
      const nodes = outcome(fn);
      setScalarPath(false);
      const general = outcome(fn);
      setScalarPath(true);
      setScalarTape(true);
      expect(tape, `${what} (node path)`).toBe(nodes);
      expect(tape, `${what} (general path)`).toBe(general);
    }
  });

  it("a long tape (past the spare-storage bound) then short ones: the short ones' gradients are right", () => {
    const long = (x: Tensor): Tensor => {
      let y = x;
      for (let i = 0; i < 6000; i++) y = add(mul(y, 0.999), mul(sin(y), 0.001));
      return y;
    };
    samePaths("long", () => valueAndGrad(long)(scalar(0.3, "float64")));
    for (const x of [0.1, 0.2]) samePaths(`short after long (${x})`, () => valueAndGrad(f, { argnums: [0, 1] })(scalar(x, "float64"), scalar(x + 1, "float64")));
  });
});
