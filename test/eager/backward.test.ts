import { describe, expect, it } from "vitest";
import {
  AutogradError, detectAnomaly, enableGrad, grad, hessian, jvp, noGrad, sqrt, sum, tensor, type Tensor,
} from "../../src/index.js";

const leaf = (v: number | number[]) => tensor(v, { dtype: "float64", requiresGrad: true });

describe("backward() and .grad", () => {
  it("diamond reuse: b = a + a; c = b + b gives dc/da = 4 (T7.2)", () => {
    const a = leaf(1);
    const b = a.add(a);
    const c = b.add(b);
    c.backward();
    expect(a.grad!.item()).toBe(4);
  });

  it("x.mul(x) at 3 gives 6 (T7.4)", () => {
    const x = leaf(3);
    x.mul(x).backward();
    expect(x.grad!.item()).toBe(6);
  });

  it("a branch built but unused by the loss does not block the gradient (T7.3)", () => {
    const x = leaf([1, 2]);
    const h = x.mul(2);
    const y = h.mul(3);
    h.mul(5); // z, never used
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([6, 6]);
  });

  it("accumulates across two backwards with retainGraph, and zeroGrad resets (T7.1)", () => {
    const x = leaf(3);
    const y = x.mul(x);
    y.backward(undefined, { retainGraph: true });
    expect(x.grad!.item()).toBe(6);
    y.backward();
    expect(x.grad!.item()).toBe(12);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it("a second backward without retainGraph raises and says to pass it (T9.2)", () => {
    const x = leaf(3);
    const y = x.mul(x).sin();
    y.backward();
    expect(() => y.backward()).toThrow(/retainGraph/);
  });

  it("a non-scalar backward needs an explicit gradient", () => {
    const x = leaf([1, 2]);
    const y = x.mul(x);
    expect(() => y.backward()).toThrow(AutogradError);
    expect(() => y.backward()).toThrow(/shape \[2\]/);
    y.backward(tensor([1, 10], { dtype: "float64" }));
    expect(x.grad!.toArray()).toEqual([2, 40]);
  });

  it("intermediates expose requiresGrad and isLeaf", () => {
    const x = leaf(2);
    const c = tensor(5, { dtype: "float64" });
    const y = x.mul(c);
    expect([x.isLeaf, x.requiresGrad, y.isLeaf, y.requiresGrad, c.requiresGrad]).toEqual([true, true, false, true, false]);
    expect(c.mul(c).requiresGrad).toBe(false);
  });

  it("noGrad records nothing, nests, and is exception-safe; enableGrad re-enables", () => {
    const x = leaf(2);
    const y = noGrad(() => x.mul(x));
    expect(y.requiresGrad).toBe(false);
    expect(() => noGrad(() => {
      throw new Error("boom");
    })).toThrow("boom");
    expect(x.mul(x).requiresGrad).toBe(true);
    const z = noGrad(() => noGrad(() => enableGrad(() => x.mul(x))));
    expect(z.requiresGrad).toBe(true);
    expect(() => y.backward()).toThrow(/does not require grad/);
  });

  it("detach cuts the graph", () => {
    const x = leaf(3);
    const y = x.mul(x.detach());
    y.backward();
    expect(x.grad!.item()).toBe(3);
  });
});

describe("mutation safety", () => {
  it("using a saved value that was changed by assign raises, naming the op (T6.1/T6.2)", () => {
    const x = leaf(3);
    const y = x.mul(x);
    noGrad(() => x.assign(5));
    expect(() => y.backward()).toThrow(/modified/);
    expect(() => y.backward()).toThrow(/mul/);
  });

  it("a value changed after its use is fine once the forward is recomputed", () => {
    const x = leaf(3);
    noGrad(() => x.assign(5));
    x.mul(x).backward();
    expect(x.grad!.item()).toBe(10);
  });

  it("assign refuses non-leaves and wrong shapes", () => {
    const x = leaf([1, 2]);
    expect(() => x.mul(2).assign(1)).toThrow(/non-leaf|only leaves/);
    expect(() => x.assign(tensor([1, 2, 3]))).toThrow(/shape/);
  });
});

describe("hooks and anomaly detection", () => {
  it("registerHook sees and can replace gradients of leaves and intermediates", () => {
    const x = leaf(2);
    const seen: number[] = [];
    x.registerHook((g) => {
      seen.push(g.item());
    });
    const h = x.mul(3);
    const remove = h.registerHook((g) => g.mul(10));
    h.mul(h).backward(); // d(h²)/dh = 2h = 12, times 10 by the hook, times 3
    expect(x.grad!.item()).toBe(360);
    expect(seen).toEqual([360]);
    remove();
  });

  it("detectAnomaly names the primitive whose backward produced NaN/∞ and where it was created", () => {
    const x = leaf([0, 1]);
    expect(() => detectAnomaly(() => sum(sqrt(x)).backward())).toThrow(/sqrt/);
    const y = leaf([0, 1]);
    expect(() => sum(sqrt(y)).backward()).not.toThrow();
    expect((y.grad!.toArray() as number[])[0]).toBe(Infinity);
  });
});

describe("double backward and mixing with transforms", () => {
  it("createGraph makes gradients differentiable: double backward equals hessian", () => {
    const f = (x: Tensor) => x.mul(x).mul(x).sin().sum();
    const x = leaf([0.3, 0.7]);
    f(x).backward(undefined, { createGraph: true });
    const g = x.grad!;
    x.zeroGrad();
    g.backward(tensor([1, 0], { dtype: "float64" }));
    const H = hessian(f)(tensor([0.3, 0.7], { dtype: "float64" })).toArray() as number[][];
    const row0 = x.grad!.toArray() as number[];
    expect(row0[0]).toBeCloseTo(H[0]![0]!, 12);
    expect(row0[1]).toBeCloseTo(H[0]![1]!, 12);
  });

  it("eager tensors pass through grad and jvp, and grad results are eager-differentiable", () => {
    const w = leaf(2);
    const g = grad((x: Tensor) => x.mul(x).mul(w))(3); // 2·3·w
    expect(g.item()).toBe(12);
    g.backward(); // d(6w)/dw = 6
    expect(w.grad!.item()).toBe(6);
    const [, t] = jvp((x: Tensor) => x.mul(w), [3], [1]);
    expect(t.item()).toBe(2);
  });

  it("a 10⁶-op eager chain runs backward without stack overflow", () => {
    const x = leaf(0.5);
    let y = x;
    for (let i = 0; i < 1_000_000; i++) y = y.add(1e-6);
    y.mul(y).backward();
    expect(x.grad!.item()).toBeCloseTo(3, 6);
  }, 120_000);
});
