// What cannot be batched raises a clear error naming the operation and the alternative: reading a
// batched value (item, data, a JS comparison), in-place assign on or with a batched value, and
// backward() inside vmap.
import { describe, expect, it } from "vitest";
import { assign, AutogradError, backward, grad, mul, sum, tensor, TransformError, vmap, zeros, type Tensor } from "../../src/index.js";

const xs = tensor([[1, 2], [3, 4], [5, 6]], { dtype: "float64" });

describe("vmap errors", () => {
  it("reading a batched value (item, data, toArray, a JS comparison) names the read and suggests where", () => {
    expect(() => vmap((x: Tensor) => mul(x, sum(x).item()))(xs)).toThrow(TransformError);
    expect(() => vmap((x: Tensor) => mul(x, sum(x).item()))(xs)).toThrow(/vmap: item\(\) reads the value of a batched tensor.*where\(cond, a, b\)/);
    expect(() => vmap((x: Tensor) => mul(x, x.data()[0]!))(xs)).toThrow(/vmap: data\(\) reads the value of a batched tensor/);
    expect(() => vmap((x: Tensor) => mul(x, (x.toArray() as unknown[]).length))(xs)).toThrow(/vmap: toArray\(\) reads/);
    // if (sum(x) > 0) … : JavaScript converts the tensor to a number first.
    const branchy = (x: Tensor): Tensor => ((sum(x) as unknown as number) > 0 ? x : mul(x, -1));
    expect(() => vmap(branchy)(xs)).toThrow(/vmap: toString\(\) \(also String\(x\), Number\(x\), x < y\) reads the value of a batched tensor.*Data-dependent control flow cannot be batched/);
    // Values that do not depend on the batch can be read.
    expect(vmap((x: Tensor) => mul(x, sum(tensor([1, 2])).item()))(xs).toArray()).toEqual([[3, 6], [9, 12], [15, 18]]);
  });

  it("assign on a batched value names vmap and suggests returning a new value", () => {
    expect(() => vmap((x: Tensor) => assign(x, 0))(xs)).toThrow(AutogradError);
    expect(() => vmap((x: Tensor) => assign(x, 0))(xs)).toThrow(/assign\(\): x is batched by vmap .* return the new value from the function instead .*where\(cond, value, x\)/);
  });

  it("assign of a batched value into a shared tensor names vmap and suggests functionalCall", () => {
    const w = zeros([2], { dtype: "float64" });
    const write = (x: Tensor): Tensor => {
      assign(w, x);
      return x;
    };
    expect(() => vmap(write)(xs)).toThrow(/assign\(\): the new value is batched by vmap .*x is one tensor shared by every example.*functionalCall\(module, params, \.\.\.inputs\)/);
    // Also through a transform inside vmap (the value is a gradient tracer whose value is batched).
    expect(() => vmap(grad((x: Tensor) => sum(write(x))))(xs)).toThrow(/assign\(\): the new value is batched by vmap/);
    expect(w.toArray()).toEqual([0, 0]);
    // An unbatched value may be written: the side effect runs once.
    vmap((x: Tensor) => {
      assign(w, tensor([7, 8], { dtype: "float64" }));
      return x;
    })(xs);
    expect(w.toArray()).toEqual([7, 8]);
  });

  it("backward() inside vmap names vmap and suggests vmap(grad(f))", () => {
    const w = tensor([1, 1], { dtype: "float64", requiresGrad: true });
    const perExample = (x: Tensor): Tensor => {
      const loss = sum(mul(mul(x, x), w));
      backward(loss);
      return loss;
    };
    expect(() => vmap(perExample)(xs)).toThrow(AutogradError);
    expect(() => vmap(perExample)(xs)).toThrow(/backward\(\) was called inside vmap on a value batched by vmap .*use vmap\(grad\(f\)\)/);
    expect(() => vmap((x: Tensor) => (sum(mul(x, x)).backward(), x))(xs)).toThrow(/backward\(\) was called inside vmap/);
    // Outside vmap, on a reduction of its output, backward works (eager leaves flow through vmap).
    backward(sum(vmap((x: Tensor) => sum(mul(mul(x, x), w)))(xs)));
    expect(w.grad!.toArray()).toEqual([1 + 9 + 25, 4 + 16 + 36]);
  });
});
