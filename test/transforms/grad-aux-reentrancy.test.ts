// hasAux's aux must survive a grad(hasAux) called inside the pullback (a customVjp backward takes
// the module-level aux slot if it is filled before the pullback runs).
import { describe, expect, it } from "vitest";
import { customVjp, grad, mul, scalar, sin, tensor, valueAndGrad, type Tensor } from "../../src/index.js";

describe("hasAux with a grad(hasAux) inside the pullback", () => {
  it("keeps the outer aux when a customVjp's bwd calls grad with hasAux", () => {
    const inner = grad((y: Tensor) => [mul(y, y), scalar(42)] as const, { hasAux: true });
    const g = customVjp(
      (x: Tensor) => sin(x),
      (x: Tensor) => [sin(x), x],
      (x: Tensor, ct: Tensor) => {
        const [dy] = inner(x) as [Tensor, Tensor];
        return [mul(ct, dy)];
      },
    );
    const f = (x: Tensor) => [g(x), tensor([1, 2, 3])] as const;
    const [gx, aux] = grad(f, { hasAux: true })(scalar(0.5)) as [Tensor, Tensor];
    expect(gx.item()).toBeCloseTo(1, 12);
    expect(aux).toBeDefined();
    expect(Array.from((aux as Tensor).data(), Number)).toEqual([1, 2, 3]);
    const [[v, aux2]] = valueAndGrad(f, { hasAux: true })(scalar(0.5)) as [[Tensor, Tensor], Tensor];
    expect(v.item()).toBeCloseTo(Math.sin(0.5), 6); // float32 scalar
    expect(Array.from((aux2 as Tensor).data(), Number)).toEqual([1, 2, 3]);
  });
});
