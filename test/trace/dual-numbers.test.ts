import { describe, expect, it } from "vitest";
import { add, ArgumentError, cos, exp, grad, jvp, log, mul, sin, sqrt, sub, tensor, type Tensor } from "../../src/index.js";
import { dualLevel, makeDual, unpackDual } from "../../src/trace/dual-numbers.js";

const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));

describe("dual numbers (§2.2–2.5 of the notes)", () => {
  it("f(a + 1ε) = f(a) + f'(a)ε for x² (§2.3)", () => {
    const { primal, tangent } = dualLevel(() => {
      const x = makeDual(3, 1);
      return unpackDual(mul(x, x));
    });
    expect(primal.item()).toBe(9);
    expect(tangent!.item()).toBe(6);
  });

  it("the elementary rules of §2.3: sin, cos, exp, log, sqrt", () => {
    const a = 0.7;
    const b = 2;
    const d = (fn: (x: Tensor) => Tensor) => dualLevel(() => unpackDual(fn(makeDual(a, b))).tangent!.item());
    expect(d(sin)).toBeCloseTo(Math.cos(a) * b, 14);
    expect(d(cos)).toBeCloseTo(-Math.sin(a) * b, 14);
    expect(d(exp)).toBeCloseTo(Math.exp(a) * b, 14);
    expect(d(log)).toBeCloseTo(b / a, 14);
    expect(d(sqrt)).toBeCloseTo(b / (2 * Math.sqrt(a)), 14);
  });

  it("the notes' example: seeding ẋ1 = 1 gives ∂f/∂x1 = 5.5, the engine's jvp agrees", () => {
    const out = dualLevel(() => unpackDual(f(makeDual(2, 1), tensor(5, { dtype: "float64" }))));
    expect(out.primal.item()).toBeCloseTo(Math.log(2) + 10 - Math.sin(5), 12);
    expect(out.tangent!.item()).toBeCloseTo(5.5, 12);
    expect(out.tangent!.item()).toBe((jvp(f, [2, 5], [1, 0])[1] as Tensor).item());
  });

  it("tangent is null for values without one at the level", () => {
    dualLevel(() => {
      const c = tensor(2, { dtype: "float64" });
      expect(unpackDual(c)).toEqual({ primal: c, tangent: null });
      expect(unpackDual(4).tangent).toBeNull();
      const x = makeDual(1, 1);
      expect(unpackDual(mul(x, 0).sub(mul(x, 0))).tangent).not.toBeNull();
    });
  });

  it("works on tensors (a number tangent fills the shape)", () => {
    const t = dualLevel(() => unpackDual(exp(makeDual(tensor([0, 1], { dtype: "float64" }), 2))).tangent!);
    expect(t.toArray()).toEqual([2, expect.closeTo(2 * Math.E, 14)]);
    expect(() => dualLevel(() => makeDual(tensor([1, 2]), tensor([1, 2, 3])))).toThrow(/shape \[3\], its primal has shape \[2\]/);
    expect(() => dualLevel(() => makeDual(tensor([1, 2], { dtype: "int32" }), 1))).toThrow(/primal must be a float tensor, got int32/);
  });

  it("a primal, tangent or value that is neither a tensor nor a number is an ArgumentError naming the function", () => {
    expect(() => dualLevel(() => makeDual("1" as never, 1))).toThrow(new ArgumentError('makeDual: primal must be a tensor or a number, got the string "1"'));
    expect(() => dualLevel(() => makeDual(1, null as never))).toThrow(new ArgumentError("makeDual: tangent must be a tensor or a number, got null"));
    expect(() => dualLevel(() => unpackDual([1] as never))).toThrow(new ArgumentError("unpackDual: x must be a tensor or a number, got an array of length 1"));
    expect(() => dualLevel(() => makeDual({} as never, 1))).toThrow(ArgumentError);
  });

  it("returns primals for the level's duals in the result", () => {
    const out = dualLevel(() => [mul(makeDual(3, 1), 2), { y: 5 }]) as [Tensor, { y: number }];
    expect(out[0]._owner).toBeNull();
    expect(out[0].item()).toBe(6);
    expect(out[1]).toEqual({ y: 5 });
  });
});

describe("nested levels (PyTorch refuses them)", () => {
  it("second derivatives: d²/dx² x³ at 2 = 12", () => {
    const { primal, tangent } = dualLevel(() => {
      const x = makeDual(2, 1);
      const firstDerivative = dualLevel(() => {
        const y = makeDual(x, 1);
        return unpackDual(mul(mul(y, y), y)).tangent!;
      });
      return unpackDual(firstDerivative);
    });
    expect(primal.item()).toBe(12); // 3x²
    expect(tangent!.item()).toBe(12); // 6x
  });

  it("no perturbation confusion: D(x ↦ x · D(y ↦ x + y)(1))(1) = 1", () => {
    const d = dualLevel(() => {
      const x = makeDual(1, 1);
      const inner = dualLevel(() => unpackDual(add(x, makeDual(1, 1))).tangent!);
      return unpackDual(mul(x, inner)).tangent!;
    });
    expect(d.item()).toBe(1);
  });

  it("each level unpacks its own tangent; explicit levels can be named", () => {
    dualLevel((outer) => {
      const x = makeDual(3, 1);
      dualLevel((inner) => {
        const y = makeDual(2, 1);
        const z = mul(x, y);
        const innerPart = unpackDual(z, inner);
        expect(innerPart.tangent!.item()).toBe(3); // ∂(xy)/∂y
        expect(unpackDual(innerPart.primal, outer).tangent!.item()).toBe(2); // ∂(xy)/∂x
        expect(unpackDual(z, outer).tangent).toBeNull(); // z is a dual of the inner level
        const w = makeDual(1, 5, outer);
        expect(unpackDual(w, outer).tangent!.item()).toBe(5);
        expect(inner.depth).toBe(1);
        expect(outer.depth).toBe(0);
      });
    });
  });

  it("composes with grad inside a level", () => {
    // g(z) = z²·x, ∂g/∂z = 2zx; its tangent along x at z = 3 is 2z = 6
    const t = dualLevel(() => {
      const x = makeDual(2, 1);
      return unpackDual(grad((z: Tensor) => mul(z, mul(z, x)))(3)).tangent!;
    });
    expect(t.item()).toBe(6);
  });
});

describe("dual number errors", () => {
  it("outside a level, after it closed, and across transforms", () => {
    expect(() => makeDual(1, 1)).toThrow(/no forward-mode level is open; call it inside dualLevel/);
    expect(() => unpackDual(1)).toThrow(/no forward-mode level is open/);
    let leaked: Tensor | null = null;
    let level: Parameters<Parameters<typeof dualLevel>[0]>[0] | null = null;
    dualLevel((l) => {
      leaked = makeDual(1, 1);
      level = l;
    });
    expect(() => sin(leaked!)).toThrow(/tracer of a dualLevel transform that has already returned/);
    expect(level!.open).toBe(false);
    expect(() => dualLevel(() => makeDual(1, 1, level!))).toThrow(/this dual level has already closed/);
    expect(() => dualLevel(() => grad((z: Tensor) => sin(makeDual(z, 1)))(1))).toThrow(/belongs to a grad transform started inside this dual level/);
  });
});
