import { describe, expect, it } from "vitest";
import { add, exp, grad, jvp, mul, neg, scalar, sin, stopGradient, sub, sum, tensor, type Tensor } from "../../src/index.js";
import { optimizeProgram } from "../../src/compile/optimize-program.js";
import { addP } from "../../src/primitives/binary/add.js";
import { mulP } from "../../src/primitives/binary/mul.js";
import { Literal, Variable } from "../../src/trace/equation.js";
import { Program } from "../../src/trace/program.js";
import { traceProgram } from "../../src/trace/trace.js";
import { expectSameBits } from "./same-bits.js";

const names = (p: Program): string[] => p.equations.map((e) => e.prim.name);

describe("optimizeProgram", () => {
  it("removes equations no output needs (the loss value under grad)", () => {
    const p = traceProgram(grad((x: Tensor) => sum(exp(x))), [tensor([1, 2])]);
    expect(names(p)).toContain("sum");
    const q = optimizeProgram(p);
    expect(names(q)).not.toContain("sum");
    expectSameBits(q.evaluate(tensor([0.5, -1])), p.evaluate(tensor([0.5, -1])));
  });

  it("merges repeated primitives with equal params and operands (the primal a jvp rule recomputes)", () => {
    const p = traceProgram((x: Tensor) => jvp((t: Tensor) => sin(t), [x], [1]), [scalar(0.7, "float64")]);
    expect(names(p).filter((n) => n === "sin")).toHaveLength(1);
    const q = traceProgram((x: Tensor) => [sin(x), sin(x), exp(x), sin(mul(x, 2)), sin(mul(x, 2))], [scalar(0.7, "float64")]);
    const r = optimizeProgram(q);
    expect(names(r).sort()).toEqual(["exp", "mul", "sin", "sin"]);
    expect(r.outputs[0]).toBe(r.outputs[1]);
    expectSameBits(r.evaluate(3), q.evaluate(3));
  });

  it("folds x·1, 1·x, x/1, x − 0, x + (−0) and stopGradient(x) to x, but not x + 0 (−0 + 0 = +0)", () => {
    const x = tensor([-0, 2, NaN], { dtype: "float64" });
    const negZero = neg(scalar(0, "float64"));
    const f = (t: Tensor) => [mul(t, 1), mul(1, t), mul(t, 1).div(1), sub(t, 0), add(t, negZero), add(negZero, t), stopGradient(t), add(t, 0)];
    const p = traceProgram(f, [x]);
    const q = optimizeProgram(p);
    expect(q.outputs.slice(0, 7).every((a) => a === q.inputs[0])).toBe(true);
    expect(names(q)).toEqual(["add"]);
    expectSameBits(q.evaluate(x), f(x));
    expect(Object.is((q.evaluate(x) as Tensor[])[7]!.data()[0], 0)).toBe(true);
  });

  it("does not fold an identity that would change the shape (broadcasting against ones)", () => {
    const p = traceProgram((t: Tensor) => mul(t, tensor([1, 1, 1], { dtype: "float64" })), [scalar(2, "float64")]);
    expect(names(optimizeProgram(p))).toEqual(["mul"]);
  });

  it("evaluates equations whose operands are all constants", () => {
    const x = new Variable(0, scalar(3, "float64"), "x");
    const two = new Literal(scalar(2, "float64"));
    const c = new Variable(1, scalar(4, "float64"));
    const y = new Variable(2, scalar(12, "float64"));
    const p = new Program(
      [x],
      [
        { prim: addP, params: {}, inputs: [two, two], outputs: [c], step: 0 },
        { prim: mulP, params: {}, inputs: [x, c], outputs: [y], step: 1 },
      ],
      [y],
      { kind: "array", children: [{ kind: "leaf" }] },
      { kind: "leaf" },
    );
    const q = optimizeProgram(p);
    expect(names(q)).toEqual(["mul"]);
    expect(q.equations[0]!.inputs[1]).toBeInstanceOf(Literal);
    expect((q.evaluate(3) as Tensor).item()).toBe(12);
  });
});
