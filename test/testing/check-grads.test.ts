// The checkers must catch wrong rules: each throwaway primitive below has one deliberate mistake.
import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { add } from "../../src/primitives/binary/add.js";
import { mul } from "../../src/primitives/binary/mul.js";
import { bind1 } from "../../src/primitives/bind.js";
import { greater } from "../../src/primitives/compare/greater.js";
import { stopGradient } from "../../src/primitives/other/stop-gradient.js";
import type { Primitive } from "../../src/primitives/primitive.js";
import { allPrimitives } from "../../src/primitives/registry.js";
import { elementwiseUnary } from "../../src/primitives/rule-helpers.js";
import { cos, cosP } from "../../src/primitives/unary/cos.js";
import { neg } from "../../src/primitives/unary/neg.js";
import { sin, sinP } from "../../src/primitives/unary/sin.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkConsistency, checkGrads, checkJvp, checkVjp } from "../../src/testing/check-grads.js";
import { numericalJvp } from "../../src/testing/finite-differences.js";
import { GradCheckError } from "../../src/testing/grad-check-error.js";
import { recordPrimitives, ruleClosure } from "../../src/testing/rule-closure.js";

const x = tensor([0.3, -1.2, 2.0], { dtype: "float64" });
const y = tensor([[1.5], [-0.7]], { dtype: "float64" });

/** d sin = −cos: jvp and vjp agree with each other but not with the function. */
const wrongSignP = elementwiseUnary({ name: "wrongSign", kernel: "sin", derivative: (a) => neg(cos(a)) });
/** A correct jvp with a vjp that uses sin instead of cos. */
const wrongVjpP: Primitive = { ...sinP, name: "wrongVjp", vjp: ([a], _y, [ct]) => [mul(ct!, sin(a!))] };
/** Right first derivative, but stopGradient hides the second: only order 2 can see it. */
const frozenP = elementwiseUnary({ name: "frozen", kernel: "sin", derivative: (a) => stopGradient(cos(a)) });
/** An unregistered copy of cos, and a sin whose rules bind it. */
const hiddenCosP: Primitive = { ...cosP, name: "hiddenCos" };
const leakyP = elementwiseUnary({ name: "leaky", kernel: "sin", derivative: (a) => bind1(hiddenCosP, [a], {}) });

const apply = (p: Primitive) => (a: Tensor) => bind1(p, [a], {});

describe("checkers accept correct rules", () => {
  it("first and second order, several outputs, fixed non-float arguments", () => {
    const f = (a: Tensor, b: Tensor, mask: Tensor) => [mul(sin(a), b), cos(add(a, b)), mask, greater(a, b)];
    const mask = tensor([true, false, true]);
    checkGrads(f, [x, y, mask], { order: 2 });
    checkJvp(f, [x, y, mask]);
    checkVjp(f, [x, y, mask]);
    checkConsistency(f, [x, y, mask]);
  });

  it("a correct throwaway primitive passes at order 2", () => {
    checkGrads(apply(elementwiseUnary({ name: "goodSin", kernel: "sin", derivative: (a) => cos(a) })), [x], { order: 2 });
  });
});

describe("checkers reject wrong rules", () => {
  it("a wrong derivative fails checkJvp and checkVjp, naming the check, the function and the error", () => {
    const f = apply(wrongSignP);
    expect(() => checkJvp(f, [x], { name: "wrongSign" })).toThrow(GradCheckError);
    expect(() => checkJvp(f, [x], { name: "wrongSign" })).toThrow(/checkJvp failed for wrongSign: .*max abs error .*max rel error .*tolerance: rtol 1e-6/);
    expect(() => checkVjp(f, [x], { name: "wrongSign" })).toThrow(/checkVjp failed for wrongSign: .*abs error .*tolerance/);
    // jvp and vjp are wrong together, so they are still adjoint: consistency alone cannot see it.
    expect(() => checkConsistency(f, [x])).not.toThrow();
    expect(() => checkGrads(f, [x])).toThrow(/checkJvp failed/);
  });

  it("a vjp inconsistent with a correct jvp fails checkVjp and checkConsistency but not checkJvp", () => {
    const f = apply(wrongVjpP);
    expect(() => checkJvp(f, [x])).not.toThrow();
    expect(() => checkVjp(f, [x])).toThrow(/checkVjp failed/);
    expect(() => checkConsistency(f, [x])).toThrow(/checkConsistency failed for .*⟨v, jvp\(u\)⟩ ≠ ⟨vjp\(v\), u⟩/);
    expect(() => checkGrads(f, [x], { modes: ["rev"] })).toThrow(/checkVjp failed/);
  });

  it("a wrong second derivative passes order 1 and fails order 2, in both modes", () => {
    const f = apply(frozenP);
    expect(() => checkGrads(f, [x], { name: "frozen" })).not.toThrow();
    expect(() => checkGrads(f, [x], { name: "frozen", order: 2, modes: ["fwd"] })).toThrow(/checkJvp failed for jvp\(frozen\)/);
    expect(() => checkGrads(f, [x], { name: "frozen", order: 2, modes: ["rev"] })).toThrow(/checkVjp failed for vjp\(frozen\)/);
  });

  it("failures reproduce for a seed", () => {
    const message = (seed: number): string => {
      try {
        checkJvp(apply(wrongSignP), [x], { seed });
      } catch (e) {
        return (e as Error).message;
      }
      return "passed";
    };
    expect(message(7)).toBe(message(7));
    expect(message(7)).toContain("seed 7");
    expect(message(7)).not.toBe(message(8));
  });

  it("NaN derivatives fail", () => {
    const nanP = elementwiseUnary({ name: "nanSin", kernel: "sin", derivative: (a) => mul(cos(a), tensor(NaN, { dtype: "float64" })) });
    expect(() => checkJvp(apply(nanP), [x])).toThrow(/checkJvp failed/);
  });
});

describe("finite differences", () => {
  it("central differences of x² along t are 2x·t", () => {
    const [d] = numericalJvp(([a]) => [mul(a!, a!)], [x], [tensor([1, 2, -1], { dtype: "float64" })]);
    const expected = [0.6, -4.8, -4.0];
    Array.from(d!.data()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 8));
  });
});

describe("rule closure", () => {
  it("records every primitive the rules bind", () => {
    const seen = ruleClosure(sinP, [x], {});
    expect([...seen].map((p) => p.name).sort()).toEqual(["cos", "mul", "sin"]);
  });

  it("finds a rule that binds an unregistered primitive", () => {
    const registered = new Set(allPrimitives());
    const seen = ruleClosure(leakyP, [x], {});
    expect([...seen].filter((p) => !registered.has(p)).map((p) => p.name)).toContain("hiddenCos");
  });

  it("recordPrimitives sees primitives bound outside transforms too", () => {
    expect([...recordPrimitives(() => sin(x))].map((p) => p.name)).toEqual(["sin"]);
  });
});
