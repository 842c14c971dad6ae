// compile(f, { returns: "numbers" }): one-element outputs come back as JS numbers, equal to item() of
// the tensors compile returns otherwise, on the compiled path and wherever f runs uncompiled.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ArgumentError, compile, grad, log, mul, ShapeError, sin, sub, add, sum, tensor, valueAndGrad, type Tensor,
} from "../../src/index.js";

const f = (x1: Tensor, x2: Tensor): Tensor => sub(add(log(x1), mul(x1, x2)), sin(x2));
const vg = valueAndGrad(f, { argnums: [0, 1] });

describe('compile(f, { returns: "numbers" })', () => {
  it("returns the value and gradient as numbers, bit-identical to the tensors' item()", () => {
    const asTensors = compile(vg);
    const asNumbers = compile(vg, { returns: "numbers" });
    for (const [a, b] of [[2, 5], [0.25, -3], [1e-300, 7]] as const) {
      const [v, [g1, g2]] = asTensors(a, b);
      const out = asNumbers(a, b);
      expectTypeOf(out).toEqualTypeOf<[number, [number, number]]>();
      expect(out).toEqual([v.item(), [g1!.item(), g2!.item()]]);
      expect(typeof out[0]).toBe("number");
    }
  });

  it("keeps the output tree (objects, nested arrays) and returns inputs and constants as numbers", () => {
    const g = compile((x: Tensor, y: Tensor) => ({ x, two: tensor(2, { dtype: "float64" }), s: [mul(x, y)] }), { returns: "numbers" });
    expect(g(3, 4)).toEqual({ x: 3, two: 2, s: [12] });
  });

  it("gives numbers where f runs uncompiled (requiresGrad arguments) and tensors under a transform", () => {
    const h = compile((x: Tensor) => mul(x, x), { returns: "numbers" });
    expect(h(tensor(3, { dtype: "float64", requiresGrad: true }))).toBe(9);
    // Under grad the argument is a tracer: f runs as it is and its output stays a tensor.
    const dh = grad((x: Tensor) => h(x) as unknown as Tensor)(3);
    expect(dh.item()).toBe(6);
  });

  it("refuses outputs with more than one element, and a returns value it does not know", () => {
    const many = compile((x: Tensor) => mul(x, 2), { returns: "numbers" });
    expect(() => many(tensor([1, 2, 3], { dtype: "float64" }))).toThrow(ShapeError);
    expect(() => many(tensor([1, 2, 3], { dtype: "float64" }))).toThrow(/compile: with options.returns "numbers" every output must have one element, got output 0 of shape \[3\]/);
    expect(compile((x: Tensor) => sum(mul(x, 2)), { returns: "numbers" })(tensor([1, 2, 3], { dtype: "float64" }))).toBe(12);
    expect(() => compile(f, { returns: "number" as "numbers" })).toThrow(ArgumentError);
    expect(() => compile(f, { returns: "number" as "numbers" })).toThrow(/compile: options.returns must be "tensors" or "numbers", got/);
  });
});
