import { afterEach, describe, expect, it } from "vitest";
import { add, div, mul, randn, sqrt, tensor, type Tensor } from "../../src/index.js";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { fusedAdamMoments, fusedAdamTuning } from "../../src/optim/functional/fused-adam-moments.js";

// The one-pass Adam step must give the very bits of the op-by-op formula it replaces.
const opsStep = (g: Tensor, m: Tensor, v: Tensor, b1: number, b2: number, eps: number, t: number): Tensor[] => {
  const m2 = add(mul(m, b1), mul(g, 1 - b1));
  const v2 = add(mul(v, b2), mul(mul(g, g), 1 - b2));
  const u = div(div(m2, add(div(sqrt(v2), Math.sqrt(1 - b2 ** t)), eps)), 1 - b1 ** t);
  return [m2, v2, u];
};

describe("fusedAdamMoments", () => {
  const [backend0, from0] = [getBackend(), fusedAdamTuning.compiledFrom];
  afterEach(() => {
    setBackend(backend0);
    fusedAdamTuning.compiledFrom = from0;
  });

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

  for (const backend of ["wasm", "cpu"] as const)
    for (const n of [4099, 70001])
      it(`float32, ${n} elements, ${backend} backend: the compiled program gives the JS loop's and the ops' bits (NaN, ±∞, −0, denormals)`, () => {
        if (backend === "cpu") setBackend(cpuBackend);
        const gv = randn([n], { seed: 3 }).data();
        const specials = [NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45, 1e-40, 3e38, -3e38];
        specials.forEach((x, i) => (gv[i * 97] = x));
        const g = tensor(gv, { shape: [n] });
        const m = randn([n], { seed: 4 }).mul(0.1);
        const vv = randn([n], { seed: 5 }).abs().mul(0.01).data();
        specials.forEach((x, i) => (vv[i * 89 + 1] = Math.abs(x)));
        const v = tensor(vv, { shape: [n] });
        const c = { b1: 0.9, b2: 0.999, eps: 1e-8, bc1: 1 - 0.9 ** 3, bc2: 1 - 0.999 ** 3 };
        const compiled = fusedAdamMoments(g, m, v, c)!;
        fusedAdamTuning.compiledFrom = Infinity;
        const loop = fusedAdamMoments(g, m, v, c)!;
        const want = opsStep(g, m, v, 0.9, 0.999, 1e-8, 3);
        for (let k = 0; k < 3; k++) {
          const [a, b, w] = [compiled[k]!.data(), loop[k]!.data(), want[k]!.data()];
          let bad = 0;
          for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i]) || !Object.is(a[i], w[i])) bad++;
          expect(bad, `output ${k}`).toBe(0);
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
