// optimizeProgram's bit-exact algebra: commuted operands merge (the square rule's (−0.5)·x + x·(−0.5)
// becomes t + t), and x + 0 folds where x can never be −0 (after 0 + x, exp, abs, integers).
import { describe, expect, it } from "vitest";
import { abs, add, cast, exp, grad, mul, scalar, sub, sum, tensor, type Tensor } from "../../src/index.js";
import { optimizeProgram } from "../../src/compile/optimize-program.js";
import { compile } from "../../src/compile/compile.js";
import type { Program } from "../../src/trace/program.js";
import { traceProgram } from "../../src/trace/trace.js";
import { expectSameBits } from "./same-bits.js";

const names = (p: Program): string[] => p.equations.map((e) => e.prim.name);
const specials = tensor([-0, 0, 2.5, -3, NaN, Infinity, -Infinity, 5e-324, -1.5e308], { dtype: "float64" });

describe("optimizeProgram: commuted operands and x + 0", () => {
  it("merges a·x with x·a and a + b with b + a", () => {
    const f = (x: Tensor, y: Tensor) => add(add(mul(-0.5, x), mul(x, -0.5)), sub(add(x, y), add(y, x)));
    const y = tensor(Array.from({ length: 9 }, (_, i) => i - 4.25), { dtype: "float64" });
    const p = traceProgram(f, [specials, y]);
    const q = optimizeProgram(p);
    expect(names(p).filter((n) => n === "mul")).toHaveLength(2);
    expect(names(q).filter((n) => n === "mul")).toHaveLength(1);
    expect(names(q).filter((n) => n === "add")).toHaveLength(3);
    expectSameBits(q.evaluate(specials, y), f(specials, y));
    expectSameBits(compile(f)(specials, y), f(specials, y));
  });

  it("the square rule's gradient has one multiplication by −0.5 per element", () => {
    const g = grad((x: Tensor) => sum(mul(-0.5, mul(x, x))));
    const q = optimizeProgram(traceProgram(g, [specials]));
    expect(names(q).filter((n) => n === "mul").length).toBeLessThanOrEqual(1);
    expectSameBits(compile(g)(specials), g(specials));
  });

  it("folds x + 0 and 0 + x where x is never −0, keeps it where x may be −0", () => {
    const f = (x: Tensor) => [add(add(0, x), 0), add(0, exp(x)), add(abs(x), 0), add(x, 0)];
    const p = traceProgram(f, [specials]);
    const q = optimizeProgram(p);
    // 0 + x stays (x may be −0) and x + 0 is the same value; (0 + x) + 0, exp(x) + 0 and |x| + 0 go.
    expect(names(q).filter((n) => n === "add")).toHaveLength(1);
    expect(q.outputs[3]).toBe(q.outputs[0]);
    expectSameBits(q.evaluate(specials), f(specials));
    expectSameBits(compile(f)(specials), f(specials));
    expect(Object.is(compile(f)(specials)[3]!.data()[0], 0)).toBe(true); // −0 + 0 = +0, kept
  });

  it("an integer x + 0 folds (no −0 in int32)", () => {
    const f = (x: Tensor) => add(x, cast(scalar(0), "int32"));
    const x = cast(tensor([-3, 0, 7]), "int32");
    const q = optimizeProgram(traceProgram(f, [x]));
    expect(names(q)).toEqual([]);
    expectSameBits(q.evaluate(x), f(x));
  });
});
