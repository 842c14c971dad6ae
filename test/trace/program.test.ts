import { describe, expect, it } from "vitest";
import {
  add, exp, grad, greater, hessian, jacobian, jvp, log, mul, sin, sub, sum, tanh, tensor, valueAndGrad, where, type Tensor,
} from "../../src/index.js";
import { Literal, Variable } from "../../src/trace/equation.js";
import { Program } from "../../src/trace/program.js";
import { trace, traceProgram } from "../../src/trace/trace.js";

const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));

describe("trace(f, ...args) → Program", () => {
  it("records the notes' example as a Wengert list in Griewank–Walther notation", () => {
    const p = trace(f, 2, 5);
    expect(p).toBeInstanceOf(Program);
    expect(p.inputs.map((v) => [v.index, v.name])).toEqual([[-1, "x1"], [0, "x2"]]);
    expect(p.equations.map((e) => e.prim.name)).toEqual(["log", "mul", "sin", "add", "sub"]);
    expect(p.intermediates).toBe(5);
    expect(p.toString()).toBe(
      [
        "v−1 = x1        = 2",
        "v0  = x2        = 5",
        "v1  = ln v−1    = 0.693",
        "v2  = v−1 × v0  = 10",
        "v3  = sin v0    = −0.959",
        "v4  = v1 + v2   = 10.693",
        "v5  = v4 − v3   = 11.652",
        "y   = v5        = 11.652",
      ].join("\n"),
    );
    expect(p.toString({ values: false }).split("\n")[4]).toBe("v3  = sin v0");
  });

  it("numbers equations in level order by default and in execution order on request", () => {
    const p = trace(f, 2, 5).inExecutionOrder();
    expect(p.equations.map((e) => e.prim.name)).toEqual(["log", "mul", "add", "sin", "sub"]);
    expect(p.toString({ values: false }).split("\n").slice(2)).toEqual(["v1  = ln v−1", "v2  = v−1 × v0", "v3  = v1 + v2", "v4  = sin v0", "v5  = v3 − v4", "y   = v5"]);
  });

  it("shows constants as literals and does not record operations on constants alone", () => {
    const p = trace((x: Tensor) => mul(add(x, 2), mul(3, 4)), tensor(1, { dtype: "float64" }));
    expect(p.equations.map((e) => e.prim.name)).toEqual(["add", "mul"]);
    expect(p.equations[0]!.inputs[1]).toBeInstanceOf(Literal);
    expect(p.toString({ values: false })).toBe(["v0 = x", "v1 = v0 + 2", "v2 = v1 × 12", "y  = v2"].join("\n"));
  });

  it("unrolls loops and keeps the branch taken (tracers carry values)", () => {
    const g = (x: Tensor) => {
      let y = x;
      for (let i = 0; i < 3; i++) y = sin(y);
      return y.item() > 0 ? exp(y) : tanh(y);
    };
    const pos = trace(g, 1);
    expect(pos.equations.map((e) => e.prim.name)).toEqual(["sin", "sin", "sin", "exp"]);
    expect(trace(g, -1).equations.map((e) => e.prim.name)).toEqual(["sin", "sin", "sin", "tanh"]);
    expect(pos.evaluate(1) as Tensor).toBeInstanceOf(Object);
    expect((pos.evaluate(1) as Tensor).item()).toBeCloseTo(Math.exp(Math.sin(Math.sin(Math.sin(1)))), 12);
  });

  it("records comparisons and selections", () => {
    const p = trace((x: Tensor) => where(greater(x, 0), x, mul(x, 0.1)), tensor([-1, 2], { dtype: "float64" }));
    expect(p.equations.map((e) => e.prim.name)).toEqual(["greater", "mul", "where"]);
    expect(p.toString({ values: false }).split("\n")[1]).toBe("v1 = v0 > 0");
    expect(p.toString().split("\n")[3]).toContain("[2](−0.1, 2)");
  });

  it("prints tensors compactly: shape and a few values", () => {
    const p = trace((x: Tensor) => sum(mul(x, x)), tensor([1, 2, 3, 4, 5, 6], { dtype: "float64" }));
    expect(p.toString()).toBe(
      [
        "v0 = x                  = [6](1, 2, 3, …, 6)",
        "v1 = v0 × v0            = [6](1, 4, 9, …, 36)",
        "v2 = sum(v1, axes=[0])  = 91",
        "y  = v2                 = 91",
      ].join("\n"),
    );
  });

  it("names several outputs y1 … ym and keeps f's output structure", () => {
    const p = trace((a: Tensor, b: Tensor) => ({ s: add(a, b), p: mul(a, b) }), 2, 3);
    // Object keys are taken in sorted order: y1 is p = v−1 × v0 = v2, y2 is s = v1.
    expect(p.toString({ values: false }).split("\n").slice(-2)).toEqual(["y1  = v2", "y2  = v1"]);
    const out = p.evaluate(4, 5) as { s: Tensor; p: Tensor };
    expect(out.s.item()).toBe(9);
    expect(out.p.item()).toBe(20);
  });

  it("calls the outputs f when an input is already called y", () => {
    const p = traceProgram((x: Tensor, y: Tensor) => mul(x, y), [2, 3], { names: ["x", "y"] });
    expect(p.outputNames).toEqual(["f"]);
    expect(p.toString({ values: false }).split("\n").at(-1)).toBe("f   = v1");
    expect(traceProgram((a: Tensor) => [a, a], [1], { names: ["y1"] }).outputNames).toEqual(["f1", "f2"]);
  });

  it("accepts names and tree arguments", () => {
    const p = traceProgram((xs: Tensor[]) => mul(xs[0]!, xs[1]!), [[1, 2]], { names: ["a", "b"] });
    expect(p.toString({ values: false })).toBe(["v−1 = a", "v0  = b", "v1  = v−1 × v0", "y   = v1"].join("\n"));
    expect(() => traceProgram((x: Tensor) => x, [1], { names: ["a", "b"] })).toThrow(/2 input name\(s\) \(a, b\) for 1 input value/);
  });

  it("serialises to JSON", () => {
    const json = JSON.parse(JSON.stringify(trace(f, 2, 5))) as { inputs: unknown[]; equations: { primitive: string; text: string; inputs: unknown[] }[]; outputs: { name: string; var: number }[] };
    expect(json.inputs).toHaveLength(2);
    expect(json.equations[1]).toMatchObject({ primitive: "mul", text: "v2 = v−1 × v0", inputs: [{ var: -1 }, { var: 0 }] });
    expect(json.outputs).toEqual([{ name: "y", var: 5, value: expect.closeTo(11.652, 3) }]);
  });

  it("is still the matrix trace for a tensor", () => {
    expect((trace(tensor([[1, 2], [3, 4]])) as Tensor).item()).toBe(5);
  });
});

describe("every transform applies to a traced program", () => {
  const p = trace(f, 2, 5);
  const d1 = 1 / 2 + 5;
  const d2 = 2 - Math.cos(5);

  it("evaluate replays the program at a new point", () => {
    expect((p.evaluate(3, 1) as Tensor).item()).toBeCloseTo(Math.log(3) + 3 - Math.sin(1), 12);
    expect(() => p.evaluate(1)).toThrow(/expected 2 input value\(s\) \(x1, x2\), got 1/);
    expect(() => p.evaluate(tensor([1, 2]), 1)).toThrow(/input x1 was traced with shape \[\], got \[2\]/);
  });

  it("grad, valueAndGrad, jvp, jacobian and hessian", () => {
    const [g1, g2] = grad(p.evaluate, { argnums: [0, 1] })(2, 5) as Tensor[];
    expect(g1!.item()).toBeCloseTo(d1, 12);
    expect(g2!.item()).toBeCloseTo(d2, 12);
    const [v] = valueAndGrad(p.evaluate)(2, 5) as [Tensor, Tensor];
    expect(v.item()).toBeCloseTo(Math.log(2) + 10 - Math.sin(5), 12);
    const [, t] = jvp(p.evaluate, [2, 5], [1, 0]) as [Tensor, Tensor];
    expect(t.item()).toBeCloseTo(d1, 12);
    const q = traceProgram((x: Tensor) => f(x.slice([0], [1]).reshape([]), x.slice([1], [1]).reshape([])), [tensor([2, 5], { dtype: "float64" })]);
    const J = jacobian(q.evaluate)(tensor([2, 5], { dtype: "float64" })) as Tensor;
    expect(J.toArray()).toEqual([expect.closeTo(d1, 12), expect.closeTo(d2, 12)]);
    const H = (hessian(q.evaluate)(tensor([2, 5], { dtype: "float64" })) as Tensor).toArray() as number[][];
    // ∂²f/∂x1² = −1/x1², ∂²f/∂x1∂x2 = 1, ∂²f/∂x2² = sin x2
    expect(H[0]![0]).toBeCloseTo(-0.25, 12);
    expect(H[0]![1]).toBeCloseTo(1, 12);
    expect(H[1]![1]).toBeCloseTo(Math.sin(5), 12);
  });

  it("traces a traced program, and traces the backward pass of grad", () => {
    expect(traceProgram(p.evaluate, [2, 5]).toString()).toBe(p.toString());
    const backward = traceProgram((x: Tensor) => grad((y: Tensor) => mul(sin(y), y))(x), [1]);
    expect(backward.equations.length).toBeGreaterThan(2);
    expect((backward.evaluate(1) as Tensor).item()).toBeCloseTo(Math.cos(1) + Math.sin(1), 12);
  });

  it("works inside other transforms (trace of a function with a captured dual)", () => {
    const [, t] = jvp((x: Tensor) => traceProgram((y: Tensor) => mul(y, x), [3]).evaluate(3) as Tensor, [2], [1]) as [Tensor, Tensor];
    expect(t.item()).toBe(3);
  });

  it("refuses tracers that escaped", () => {
    let leaked: Tensor | null = null;
    trace((x: Tensor) => {
      leaked = x;
      return x;
    }, 1);
    expect(() => sin(leaked!)).toThrow(/tracer of a trace transform that has already returned/);
  });
});

describe("Variable and Literal", () => {
  it("are what equations hold", () => {
    const eq = trace((x: Tensor) => add(x, 1), 1).equations[0]!;
    expect(eq.inputs[0]).toBeInstanceOf(Variable);
    expect(eq.inputs[1]).toBeInstanceOf(Literal);
    expect(eq.step).toBe(0);
  });
});
