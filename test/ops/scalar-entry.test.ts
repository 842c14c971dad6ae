// The ops' scalar entry (src/ops/scalar-entry.ts → bindScalar → Interpreter.applyScalar): add, sub,
// mul, div, neg, log, exp, sin, cos, tanh and sqrt on float64 operands (or a number beside one) skip
// operand promotion and argument arrays. It must be bit-identical to the general path (values, dtype,
// shape, gradients) on random programs mixing numbers, float64/float32/int32/bool tensors and shapes,
// under no transform, valueAndGrad, grad∘grad, jvp∘grad, vmap and compile; keep errors unchanged;
// and actually be taken (a count of interpreter `apply` calls, not a timing).
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  add, compile, cos, div, exp, grad, jvp, log, mul, neg, scalar, sin, sqrt, sub, tanh, tensor, TransformError, valueAndGrad, vmap,
  type Tensor,
} from "../../src/index.js";
import { evalInterpreter } from "../../src/interpreters/eval.js";
import { setScalarPath, scalarRuleByCode, ScalarOp } from "../../src/interpreters/scalar-rules.js";
import { VjpInterpreter } from "../../src/interpreters/vjp.js";
import { noParams } from "../../src/primitives/bind.js";
import { scalarTensor } from "../../src/tensor/tensor.js";
import { bothPaths } from "../interpreters/both-scalar-paths.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);

afterEach(() => {
  setScalarPath(true);
  vi.restoreAllMocks();
});

/** A tensor's dtype, shape and elements (NaN and −0 kept), for exact comparison. */
const describeT = (t: Tensor): (string | number)[] => [t.dtype, t.shape.join("x"), ...Array.from(t.data(), Number)];

function expectSame(a: readonly (string | number)[], b: readonly (string | number)[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    if (!Object.is(x, b[i])) throw new Error(`entry ${i}: ${String(x)} (scalar entry) vs ${String(b[i])} (general path)`);
  });
}

type Operand = Tensor | number;
const BINARY = [add, sub, mul, div] as const;
const UNARY = [neg, log, exp, sin, cos, tanh, sqrt] as const;

/** One step of a random program: an op on earlier values, or on a value and a constant operand. */
interface Step {
  op: number;
  a: number;
  b: number;
  constKind: number;
  c: number;
  swap: boolean;
}

/** A constant operand: a JS number, or a tensor of another dtype or shape (the general path's promotion and broadcasting). */
function constant(kind: number, c: number): Operand {
  switch (kind % 7) {
    case 0:
      return c;
    case 1:
      return scalar(c, "float64");
    case 2:
      return tensor([c], { dtype: "float64" });
    case 3:
      return scalar(c, "float32");
    case 4:
      return scalar(Math.round(c * 3), "int32");
    case 5:
      return tensor(c > 0, { dtype: "bool" });
    default:
      return tensor([c, -c], { dtype: "float64" });
  }
}

const stepArb = fc.record({
  op: fc.nat(BINARY.length + UNARY.length - 1),
  a: fc.nat(20),
  b: fc.nat(20),
  constKind: fc.nat(13),
  c: fc.integer({ min: -1500, max: 1500 }).map((k) => k / 1000),
  swap: fc.boolean(),
});
const programArb = fc.record({ steps: fc.array(stepArb, { minLength: 1, maxLength: 10 }), x0: fc.double({ min: 0.1, max: 2, noNaN: true }), x1: fc.double({ min: -2, max: 2, noNaN: true }) });

/** Runs the steps on the inputs (all values kept, the last returned, summed to one element when it grew). */
function run(steps: readonly Step[], xs: readonly Tensor[]): Tensor {
  const vals: Tensor[] = [...xs];
  for (const s of steps) {
    const x = vals[s.a % vals.length]!;
    if (s.op < BINARY.length) {
      const other: Operand = s.constKind < 7 ? constant(s.constKind, s.c) : vals[s.b % vals.length]!;
      vals.push(BINARY[s.op]!(s.swap ? other : x, s.swap ? x : other));
    } else vals.push(UNARY[s.op - BINARY.length]!(x));
  }
  const y = vals[vals.length - 1]!;
  return y.size === 1 ? y : y.sum();
}

describe("the ops' scalar entry", () => {
  it("is bit-identical to the general path on random programs with numbers, other dtypes and shapes, with and without transforms", () => {
    fc.assert(
      fc.property(programArb, ({ steps, x0, x1 }) => {
        const inputs = (): Tensor[] => [scalar(x0, "float64"), tensor([x1], { dtype: "float64" })];
        const f = (a: Tensor, b: Tensor): Tensor => run(steps, [a, b]);
        const g0 = (a: Tensor): Tensor => run(steps, [a, inputs()[1]!]);
        const [fast, slow] = bothPaths(() => {
          const [x, w] = inputs();
          const out = describeT(f(x!, w!));
          const [v, [ga, gb]] = valueAndGrad(f, { argnums: [0, 1] })(x!, w!);
          out.push(...describeT(v), ...describeT(ga!), ...describeT(gb!));
          out.push(...describeT(grad(grad(g0) as (a: Tensor) => Tensor)(x!)));
          const [, t] = jvp(grad(g0) as (a: Tensor) => Tensor, [x!], [scalar(1, "float64")]) as unknown as [Tensor, Tensor];
          out.push(...describeT(t));
          const batch = tensor([x0, x0 / 2, x0 * 1.5], { dtype: "float64" });
          out.push(...describeT(vmap(g0)(batch)));
          out.push(...describeT(vmap(grad(g0))(batch)));
          const [cv, cg] = compile(valueAndGrad(g0))(x!);
          out.push(...describeT(cv), ...describeT(cg));
          return out;
        });
        expectSame(fast, slow);
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it("keeps promotion: a number beside float64 stays float64, beside float32 float32; int32 and bool take the general path", () => {
    expect(add(scalar(1, "float64"), 0.1).dtype).toBe("float64");
    expect(add(scalar(1, "float64"), 0.1).item()).toBe(1.1);
    expect(mul(0.1, scalar(3, "float32")).dtype).toBe("float32");
    expect(div(scalar(7, "int32"), 2).dtype).toBe("float32");
    expect(sub(tensor(true), 1).dtype).toBe("int32");
    expect(sin(scalar(1, "float32")).dtype).toBe("float32");
    expect(add(scalar(1, "float64"), scalar(1, "float32")).dtype).toBe("float64");
    expect(add(tensor([1], { dtype: "float64" }), 2).shape).toEqual([1]);
    expect(mul(tensor([[1, 2]], { dtype: "float64" }), scalar(3, "float64")).toArray()).toEqual([[3, 6]]);
  });

  it("is taken under valueAndGrad: a scalar program never calls the reverse interpreter's general apply", () => {
    const apply = vi.spyOn(VjpInterpreter.prototype, "apply");
    const f = (x1: Tensor, x2: Tensor): Tensor => sub(add(log(x1), mul(x1, x2)), sin(div(x2, 2)));
    const [v, [g1, g2]] = valueAndGrad(f, { argnums: [0, 1] })(scalar(2, "float64"), scalar(5, "float64"));
    expect(apply).not.toHaveBeenCalled();
    expect(v.item()).toBe(Math.log(2) + 2 * 5 - Math.sin(5 / 2));
    expect(g1!.item()).toBe(1 / 2 + 5);
    expect(g2!.item()).toBe(2 + -Math.cos(5 / 2) * (1 / 2));
    // A float32 operand is not the scalar entry's: the general apply runs.
    valueAndGrad((x: Tensor) => mul(x, scalar(2, "float32")))(scalar(2, "float64"));
    expect(apply).toHaveBeenCalled();
  });

  it("valueAndGrad's tape pullback gives each argument its own cotangent: unused, repeated, returned as is, and a non-float argument", () => {
    const cases: [string, () => Tensor[]][] = [
      ["unused", () => { const [v, [g0, g1]] = valueAndGrad((x: Tensor, _y: Tensor) => sin(x), { argnums: [0, 1] })(scalar(0.5, "float64"), scalar(2, "float64")); return [v, g0!, g1!]; }],
      ["repeated", () => { const [v, [g0, g1, g2]] = valueAndGrad((x: Tensor, y: Tensor) => mul(x, exp(y)), { argnums: [1, 0, 1] })(scalar(0.5, "float64"), scalar(0.25, "float64")); return [v, g0!, g1!, g2!]; }],
      ["identity", () => { const [v, g] = valueAndGrad((x: Tensor) => x)(scalar(3, "float64")); return [v, g]; }],
      ["second argument", () => { const [v, g] = valueAndGrad((x: Tensor, y: Tensor) => div(x, y), { argnums: 1 })(scalar(3, "float64"), tensor([4], { dtype: "float64" })); return [v, g]; }],
      ["int argument", () => { const [v, g] = valueAndGrad((x: Tensor, n: Tensor) => mul(x, n), { argnums: 0 })(scalar(3, "float64"), scalar(4, "int32")); return [v, g]; }],
    ];
    for (const [name, run] of cases) {
      const [fast, slow] = bothPaths(() => run().flatMap(describeT));
      try {
        expectSame(fast, slow);
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
    }
    const [, [g0, g1]] = valueAndGrad((x: Tensor, _y: Tensor) => sin(x), { argnums: [0, 1] })(scalar(0.5, "float64"), scalar(2, "float64"));
    expect(g0!.item()).toBe(Math.cos(0.5));
    expect(g1!.item()).toBe(0);
  });

  it("evaluation's scalar entry equals its apply on one-element float64 operands and declines anything else", () => {
    const rule = scalarRuleByCode(ScalarOp.div)!;
    const sinRule = scalarRuleByCode(ScalarOp.sin)!;
    for (const [a, b] of [[1, 3], [-0, 2], [Infinity, -0], [NaN, 1], [5e-324, 3]] as const) {
      const x = scalarTensor(a, [1], "float64");
      const y = tensor([b], { dtype: "float64" });
      expect(Object.is(evalInterpreter.applyScalar!(rule, x, y)!.item(), evalInterpreter.apply(rule.prim, [x, y], noParams)[0]!.item())).toBe(true);
      expect(Object.is(evalInterpreter.applyScalar!(sinRule, x, null)!.item(), evalInterpreter.apply(sinRule.prim, [x], noParams)[0]!.item())).toBe(true);
    }
    expect(evalInterpreter.applyScalar!(rule, scalar(1, "float64"), tensor([1], { dtype: "float64" }))).toBeNull();
    expect(evalInterpreter.applyScalar!(rule, tensor([1, 2], { dtype: "float64" }), scalar(1, "float64"))).toBeNull();
  });

  it("leaves errors unchanged: an escaped tracer is reported, bad operands name the op", () => {
    let leaked: Tensor | null = null;
    valueAndGrad((x: Tensor) => {
      leaked = x;
      return sin(x);
    })(scalar(1, "float64"));
    const [fastErr, slowErr] = bothPaths(() => {
      try {
        add(leaked!, scalar(1, "float64"));
        return "no error";
      } catch (e) {
        return `${(e as Error).constructor.name}: ${(e as Error).message}`;
      }
    });
    expect(fastErr).toBe(slowErr);
    expect(() => sin(leaked!)).toThrow(TransformError);
    expect(() => add(scalar(1, "float64"), "2" as unknown as number)).toThrow(/add: argument 2 \(y\)/);
  });
});
