// The compact scalar tape's operands that are the transform's own inputs (leaf rows): ops on them
// take the tape's row case (`ScalarTape.rowOf`) when the leaf's primal is a plain one-element
// float64 value, and the checked path otherwise. Either way the results must be bit-identical to the
// node-based scalar path and to the general path, for special values (NaN, ±∞, −0, denormals) and
// for primals that change during the call (written in place, `requiresGrad` switched on, float32).
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { add, assign, cos, div, exp, grad, log, mul, neg, scalar, sin, sqrt, sub, tanh, tensor, valueAndGrad, vjp, type Tensor } from "../../src/index.js";
import { setScalarPath } from "../../src/interpreters/scalar-rules.js";
import { setScalarTape } from "../../src/interpreters/scalar-tape.js";
import { bits, expectSameBits, threePaths } from "./both-scalar-paths.js";

const SEED = Number(process.env.FC_SEED ?? 20261208);

afterEach(() => {
  setScalarPath(true);
  setScalarTape(true);
});

const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 5e-324, -2.5e-310, 1e308, -1e-300, 0.5, -3, 2];

type Op = (x: Tensor, y: Tensor) => Tensor;
/** Ops whose operands are the inputs themselves (leaf operands), unary and binary, the same leaf twice included. */
const LEAF_OPS: readonly Op[] = [
  (x, y) => add(x, y),
  (x, y) => sub(y, x),
  (x, y) => mul(x, y),
  (x, y) => div(x, y),
  (x) => mul(x, x),
  (x) => neg(x),
  (x) => log(x),
  (x) => exp(x),
  (x) => sin(x),
  (x) => cos(x),
  (x) => tanh(x),
  (x) => sqrt(x),
  (x, y) => add(mul(x, 2), y),
];

describe("leaf operands on the compact scalar tape", () => {
  it("ops on the inputs themselves, at special values, give the same bits on the tape, the node path and the general path", () => {
    const prog = fc.record({
      xs: fc.tuple(fc.constantFrom(...SPECIAL), fc.constantFrom(...SPECIAL)),
      ops: fc.array(fc.tuple(fc.nat(LEAF_OPS.length - 1), fc.boolean(), fc.nat(4)), { minLength: 1, maxLength: 8 }),
    });
    fc.assert(
      fc.property(prog, ({ xs, ops }) => {
        // Each step applies an op to the inputs (in either order) and combines it with an earlier row.
        const f = (x1: Tensor, x2: Tensor): Tensor => {
          const vs: Tensor[] = [];
          for (const [k, swap, back] of ops) {
            const v = LEAF_OPS[k]!(swap ? x2 : x1, swap ? x1 : x2);
            vs.push(vs.length === 0 ? v : add(v, vs[Math.max(0, vs.length - 1 - back)]!));
          }
          return vs[vs.length - 1]!;
        };
        const args = (): [Tensor, Tensor] => [scalar(xs[0], "float64"), scalar(xs[1], "float64")];
        const [tape, nodes, general] = threePaths(() => {
          const [v, gs] = valueAndGrad(f, { argnums: [0, 1] })(...args());
          const g0 = grad(f)(...args());
          const [y, pull] = vjp(f, ...args());
          const cts = pull(scalar(-1.5, "float64")) as Tensor[];
          const gg = grad((a: Tensor) => grad(f)(a, args()[1]!) as Tensor)(args()[0]!);
          return bits([v, ...gs, g0, y as Tensor, ...cts, gg]);
        });
        expectSameBits(tape, nodes, "node path");
        expectSameBits(tape, general, "general path");
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("a leaf's primal written in place during the call is read at each op, as the general path reads it", () => {
    const run = (): number[] => {
      const a = scalar(2, "float64");
      const f = (x: Tensor): Tensor => {
        const y = mul(x, x);
        assign(a, 3);
        return add(y, sin(x));
      };
      const [v, g] = valueAndGrad(f)(a);
      return bits([v, g]);
    };
    const [tape, nodes, general] = threePaths(run);
    // y = 2·2 recorded before the write, sin(3) after it; the tape's cotangents use each op's inputs
    // as recorded. NOTE: only the values are compared with the other paths: their nodes read the
    // primal again in the sweep (after the write), so their gradient differs (3·2 + cos 3).
    expect(tape).toEqual([4 + Math.sin(3), 2 + 2 + Math.cos(3)]);
    expectSameBits(tape.slice(0, 1), nodes.slice(0, 1), "node path");
    expectSameBits(tape.slice(0, 1), general.slice(0, 1), "general path");
  });

  it("a leaf whose primal requires grad (switched on during the call), or is float32, takes the checked path with the same results", () => {
    const run = (): number[] => {
      const a = scalar(0.75, "float64");
      const b = scalar(-1.25, "float64");
      const f = (x: Tensor, y: Tensor): Tensor => {
        const u = mul(x, y);
        b.requiresGrad = true;
        return sub(add(u, exp(y)), log(mul(x, x)));
      };
      const [v, [g1, g2]] = valueAndGrad(f, { argnums: [0, 1] })(a, b);
      const c = tensor(1.5, { dtype: "float32" });
      const [w, h] = valueAndGrad((x: Tensor) => add(mul(x, x), sin(x)))(c);
      // The value's primal is recorded by the eager recorder from the switch on (b requires grad now).
      return [...bits([v, g1!, g2!, w, h]), Number(v.requiresGrad)];
    };
    const [tape, nodes, general] = threePaths(run);
    expect(tape[tape.length - 1]).toBe(1);
    expectSameBits(tape, nodes, "node path");
    expectSameBits(tape, general, "general path");
  });
});
