import { describe, expect, it } from "vitest";
import { add, div, mul, randn, sqrt, tensor, type Tensor } from "../../src/index.js";
import { fusedAdamMoments } from "../../src/optim/functional/fused-adam-moments.js";

// The one-pass Adam step must give the very bits of the op-by-op formula it replaces.
const opsStep = (g: Tensor, m: Tensor, v: Tensor, b1: number, b2: number, eps: number, t: number): Tensor[] => {
  const m2 = add(mul(m, b1), mul(g, 1 - b1));
  const v2 = add(mul(v, b2), mul(mul(g, g), 1 - b2));
  const u = div(div(m2, add(div(sqrt(v2), Math.sqrt(1 - b2 ** t)), eps)), 1 - b1 ** t);
  return [m2, v2, u];
};

describe("fusedAdamMoments", () => {
  for (const dtype of ["float32", "float64"] as const)
    for (const n of [7, 5000]) // below and above the wasm kernels' size threshold
      it(`${dtype}, ${n} elements: bit-identical to the ops over five steps, special values included`, () => {
        let m = randn([n], { dtype, seed: 1 }).mul(0.1);
        let v = randn([n], { dtype, seed: 2 }).abs().mul(0.01);
        let [mr, vr] = [m, v];
        for (let t = 1; t <= 5; t++) {
          const gv = randn([n], { dtype, seed: 10 + t }).data();
          gv[0] = 0;
          gv[1] = -0;
          gv[2] = 1e30;
          gv[3] = 1e-30;
          const g = tensor(gv, { shape: [n], dtype });
          const fused = fusedAdamMoments(g, m, v, { b1: 0.9, b2: 0.999, eps: 1e-8, bc1: 1 - 0.9 ** t, bc2: 1 - 0.999 ** t })!;
          const want = opsStep(g, mr, vr, 0.9, 0.999, 1e-8, t);
          for (let k = 0; k < 3; k++) {
            expect(fused[k]!.dtype).toBe(dtype);
            expect([k, Array.from(fused[k]!.data())]).toEqual([k, Array.from(want[k]!.data())]);
          }
          [m, v] = [fused[0]!, fused[1]!];
          [mr, vr] = [want[0]!, want[1]!];
        }
      });

  it("declines (null) what it does not handle: gradients wanted, mixed dtypes, mismatched sizes", () => {
    const c = { b1: 0.9, b2: 0.999, eps: 1e-8, bc1: 0.1, bc2: 0.001 };
    const z = tensor([0, 0]);
    expect(fusedAdamMoments(tensor([1, 2], { requiresGrad: true }), z, z, c)).toBeNull();
    expect(fusedAdamMoments(tensor([1, 2], { dtype: "float64" }), z, z, c)).toBeNull();
    expect(fusedAdamMoments(tensor([1, 2, 3]), z, z, c)).toBeNull();
  });
});
