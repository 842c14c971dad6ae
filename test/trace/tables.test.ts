import { describe, expect, it } from "vitest";
import { customVjp, exp, floor, greater, jvp, matmul, mul, sin, sum, tanh, tensor, vjp, where, add, type Tensor } from "../../src/index.js";
import { forwardTable } from "../../src/trace/forward-table.js";
import { reverseTable } from "../../src/trace/reverse-table.js";
import { trace } from "../../src/trace/trace.js";
import { rowText, type TraceRow } from "../../src/trace/trace-row.js";

const texts = (rows: readonly TraceRow[], substitute = true) => rows.map((r) => rowText(r, 3, substitute));

describe("tables beyond the notes' example", () => {
  it("a variable used twice accumulates its adjoint in two steps", () => {
    const table = reverseTable((x: Tensor) => mul(x, x), [3]);
    expect(texts(table.adjointColumn)).toEqual([
      "x̄ = v̄0 = 6",
      "v̄0 = v̄0 + v̄1 ∂v1/∂v0 = v̄0 + v̄1 × v0 = 3 + 1 × 3 = 6",
      "v̄0 = v̄1 ∂v1/∂v0 = v̄1 × v0 = 1 × 3 = 3",
      "v̄1 = ȳ = 1",
    ]);
    expect(texts(forwardTable((x: Tensor) => mul(x, x), [3], [1]).tangent)[1]).toBe("v̇1 = v̇0 × v0 + v̇0 × v0 = 1 × 3 + 1 × 3 = 6");
  });

  it("tensors print compactly; linear ops write their tangent as the op on tangents", () => {
    const W = tensor([[1, 2], [3, 4]], { dtype: "float64" });
    const net = (x: Tensor) => sum(tanh(matmul(W, x)));
    const x0 = tensor([0.1, 0.2], { dtype: "float64" });
    const fwd = forwardTable(net, [x0], [tensor([1, 0], { dtype: "float64" })]);
    expect(texts(fwd.primal)).toContain("v2 = [2×2](1, 2, 3, 4) @ v1 = [2×1](0.5, 1.1)");
    expect(texts(fwd.tangent)).toContain("v̇2 = [2×2](1, 2, 3, 4) @ v̇1 = [2×1](1, 3)");
    expect(texts(fwd.tangent)).toContain("v̇4 = v̇3 × (1 − v4²) = [2](0.786, 1.078)");
    const [, t] = jvp(net, [x0], [tensor([1, 0], { dtype: "float64" })]) as [Tensor, Tensor];
    expect((fwd.outputTangents as Tensor).item()).toBeCloseTo(t.item(), 12);
    const rev = reverseTable(net, [x0]);
    const [, pullback] = vjp(net, x0);
    expect(((rev.gradients as Tensor[])[0]!.toArray() as number[]).map((v, i) => v - ((pullback(1) as Tensor[])[0]!.toArray() as number[])[i]!)).toEqual([0, 0]);
    expect(texts(rev.adjointColumn)[0]).toBe("x̄ = v̄0 = [2](1.864, 3.01)");
  });

  it("non-differentiable primitives have zero tangents; where routes the tangent to the branch taken", () => {
    const f = (x: Tensor) => add(where(greater(x, 0), x, 0), floor(x));
    expect(texts(forwardTable(f, [1.5], [1]).tangent)).toEqual([
      "v̇0 = ẋ = 1",
      "v̇1 = 0",
      "v̇2 = 0",
      "v̇3 = v̇0 × [v1] = 1 × [true] = 1",
      "v̇4 = v̇3 + v̇2 = 1 + 0 = 1",
      "ẏ = v̇4 = 1",
    ]);
    const rev = reverseTable(f, [1.5]);
    expect(rev.adjoint.map((r) => r.target)).toEqual(["v̄4", "v̄3", "v̄2", "v̄0", "x̄"]);
  });

  it("several outputs: y1 … ym, with a cotangent per output", () => {
    const f = (x: Tensor, y: Tensor) => [mul(x, y), sin(x)];
    expect(texts(forwardTable(f, [2, 3], [1, 0]).tangent).slice(-2)).toEqual(["ẏ1 = v̇1 = 3", "ẏ2 = v̇2 = −0.416"]);
    const rev = reverseTable(f, [2, 3], [1, 2]);
    expect(texts(rev.adjoint.filter((r) => r.kind === "seed"))).toEqual(["v̄1 = ȳ1 = 1", "v̄2 = ȳ2 = 2"]);
    const [g1, g2] = rev.gradients as Tensor[];
    expect(g1!.item()).toBeCloseTo(3 + 2 * Math.cos(2), 12);
    expect(g2!.item()).toBeCloseTo(2, 12);
  });

  it("higher-order primitives (custom rules) use their own rules", () => {
    const cv = customVjp(
      (x: Tensor) => exp(x),
      (x: Tensor) => [exp(x), exp(x)],
      (r: Tensor, g: Tensor) => [mul(r, g)],
    );
    const rev = reverseTable((x: Tensor) => cv(x), [1]);
    expect(texts(rev.primal)[1]).toBe("v1 = customVjp⟨f⟩(v0) = customVjp⟨f⟩(1) = 2.718");
    expect((rev.gradients as Tensor[])[0]!.item()).toBeCloseTo(Math.E, 12);
    expect(texts(forwardTable((x: Tensor) => cv(x), [1], [1]).tangent)[1]).toBe("v̇1 = ∂v1/∂v0 · v̇0 = 2.718");
  });

  it("accepts a Program, names, digits; constant outputs have zero derivatives", () => {
    const p = trace((x: Tensor) => mul(x, x), 3);
    expect(texts(forwardTable(p, [4], [1]).tangent).at(-1)).toBe("ẏ = v̇1 = 8");
    const named = forwardTable((t: Tensor) => exp(t), [1], [1], { names: ["t"], digits: 6 });
    expect(named.toString().split("\n")[3]).toBe("v1 = exp v0 = exp 1 = 2.718282 │ v̇1 = v̇0 × exp v0 = 1 × exp 1 = 2.718282");
    expect(texts(forwardTable(() => tensor(3), [], []).tangent)).toEqual(["ẏ = 0"]);
    expect(texts(reverseTable((_x: Tensor) => mul(tensor(2, { dtype: "float64" }), 3), [1]).adjointColumn)).toEqual(["x̄ = v̄0 = 0"]);
  });

  it("checks its arguments", () => {
    expect(() => forwardTable((x: Tensor) => x, [1], [1, 2])).toThrow(/tangents must mirror the arguments: got \[\*, \*\] for \[\*\]/);
    expect(() => forwardTable((x: Tensor) => x, [tensor([1, 2])], [tensor([1])])).toThrow(/shape \[1\], its primal has shape \[2\]/);
    expect(() => reverseTable((x: Tensor) => x, [1], [1, 2])).toThrow(/cotangent must mirror the outputs of f/);
    expect(() => forwardTable((x: Tensor) => x, 1 as never, [1])).toThrow(/args must be an array/);
  });
});
