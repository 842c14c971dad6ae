import { describe, expect, it } from "vitest";
import { ArgumentError, grad, mul, valueAndGrad, type Tensor } from "../../src/index.js";

describe("argnums of grad and valueAndGrad across calls", () => {
  it("re-normalises negative argnums when the number of arguments changes", () => {
    const f = (...xs: Tensor[]) => xs.reduce((p, x, i) => mul(p, i === xs.length - 1 ? mul(x, x) : x));
    const g = grad(f, { argnums: -1 });
    expect(g(3, 2).item()).toBe(12); // d(3·b²)/db at b = 2
    expect(g(3, 2, 5).item()).toBe(60); // d(3·2·c²)/dc at c = 5
    expect(g(3, 2).item()).toBe(12);
  });

  it("rejects out-of-range argnums on every call, not only the first", () => {
    // A non-literal argnums is only checked at run time (a literal [0, 2] would not compile).
    const argnums: number[] = [0, 2];
    const vg = valueAndGrad((a: Tensor, b: Tensor) => mul(a, b), { argnums });
    for (let i = 0; i < 2; i++) {
      expect(() => vg(1, 2)).toThrow(ArgumentError);
      expect(() => vg(1, 2)).toThrow("valueAndGrad: argnums must be in [-2, 1] for 2 argument(s), got [0,2]");
    }
    const [v, [ga, gc]] = (vg as unknown as (...a: number[]) => [Tensor, Tensor[]])(1, 2, 3);
    expect([v.item(), ga!.item(), gc!.item()]).toEqual([2, 2, 0]);
  });
});
