import { describe, expect, it } from "vitest";
import { AutogradError, DTypeError, ShapeError, tensor, type Tensor } from "../../src/index.js";

const leaf = () => tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });

describe("what a gradient hook returns is checked before it becomes a gradient", () => {
  it("a leaf hook returning a tensor of the wrong shape raises a ShapeError naming the hook and both shapes", () => {
    const x = leaf();
    x.registerHook(function sumRows(g: Tensor) {
      return g.sum(0);
    });
    expect(() => x.mul(x).sum().backward()).toThrow(ShapeError);
    expect(x.grad).toBeNull();
    const y = leaf();
    y.registerHook(function sumRows(g: Tensor) {
      return g.sum(0);
    });
    expect(() => y.mul(y).sum().backward()).toThrow("registerHook: the hook 'sumRows' returned a tensor of shape [3] for a gradient of shape [2, 3]");
  });

  it("a string, a number or null raises an AutogradError; another dtype a DTypeError", () => {
    for (const bad of ["0.5", 2, null]) {
      const x = leaf();
      x.registerHook((() => bad) as never);
      expect(() => x.sum().backward()).toThrow(AutogradError);
      expect(x.grad).toBeNull();
    }
    const x = leaf();
    x.registerHook((() => "0.5") as never);
    expect(() => x.sum().backward()).toThrow(/must return undefined or a Tensor of shape \[2, 3\], got the string "0.5"/);
    const z = leaf();
    z.registerHook((g) => g.cast("float64"));
    expect(() => z.sum().backward()).toThrow(DTypeError);
  });

  it("hooks on intermediate tensors are checked too", () => {
    const x = leaf();
    const h = x.mul(2);
    h.registerHook(() => tensor([1, 2]));
    expect(() => h.sum().backward()).toThrow(/registerHook: the hook \(anonymous\) returned a tensor of shape \[2\] for a gradient of shape \[2, 3\]/);
  });

  it("undefined keeps the gradient; a tensor of the gradient's shape and dtype replaces it", () => {
    const x = leaf();
    const seen: number[][] = [];
    x.registerHook((g) => {
      seen.push(Array.from(g.data()));
    });
    x.registerHook((g) => g.mul(10));
    x.sum().backward();
    expect(seen).toEqual([[1, 1, 1, 1, 1, 1]]);
    expect(Array.from(x.grad!.data())).toEqual([10, 10, 10, 10, 10, 10]);
  });
});
