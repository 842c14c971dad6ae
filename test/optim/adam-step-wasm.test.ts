import { afterEach, describe, expect, it } from "vitest";
import { randn, tensor, type Tensor } from "../../src/index.js";
import { wasmBackendLoaded } from "../../src/backend/wasm/wasm-backend.js";
import { adamStepWasm } from "../../src/optim/functional/adam-step-wasm.js";
import { fusedAdamMoments, fusedAdamTuning } from "../../src/optim/functional/fused-adam-moments.js";

// The chunked wasm Adam kernel must give the bits of the JS loop and of the compiled program it
// replaces, at sizes on and across its chunk edges (4096 elements), in all three modes.
describe("adamStepWasm", () => {
  const tuning0 = { ...fusedAdamTuning };
  afterEach(() => Object.assign(fusedAdamTuning, tuning0));

  const specials = [NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45, 1e-40, 3e38, -3e38];
  const inputs = (n: number): Tensor[] => {
    const gv = randn([n], { seed: 3 }).data();
    specials.forEach((x, i) => (gv[(i * 997) % n] = x));
    const vv = randn([n], { seed: 5 }).abs().mul(0.01).data();
    specials.forEach((x, i) => (vv[(i * 887 + 1) % n] = Math.abs(x)));
    const pv = randn([n], { seed: 6 }).data();
    specials.forEach((x, i) => (pv[(i * 653 + 2) % n] = x));
    return [tensor(gv, { shape: [n] }), randn([n], { seed: 4 }).mul(0.1), tensor(vv, { shape: [n] }), tensor(pv, { shape: [n] })];
  };

  it("runs where the wasm kernels are loaded", async () => {
    expect(await wasmBackendLoaded).toBe(true);
    const [g, m, v] = inputs(5000).map((t) => t._data as Float32Array);
    const s = { b1: 0.9, c1: 0.1, b2: 0.999, c2: 0.001, s2: 0.05, eps: 1e-8, bc1: 0.27, nlr: -1e-3, wd: 0 };
    const out = adamStepWasm(g!, m!, v!, null, s, false);
    expect(out).not.toBeNull();
    expect(out!.map((a) => a.length)).toEqual([5000, 5000, 5000]);
  });

  for (const n of [4096, 4097, 8195, 12288, 70001])
    for (const mode of ["update", "step", "decayed step"] as const)
      it(`${n} elements, ${mode}: the JS loop's and the compiled program's bits (NaN, ±∞, −0, denormals)`, async () => {
        expect(await wasmBackendLoaded).toBe(true);
        const [g, m, v, p] = inputs(n);
        const c = { b1: 0.9, b2: 0.999, eps: 1e-8, bc1: 1 - 0.9 ** 3, bc2: 1 - 0.999 ** 3 };
        const apply = mode === "update" ? null : { p: p!, lr: 1e-3, wd: mode === "step" ? 0 : 0.01 };
        const run = (): Float32Array[] => fusedAdamMoments(g!, m!, v!, c, apply)!.map((t) => t._data as Float32Array);
        const wasm = run();
        fusedAdamTuning.wasm = false;
        const compiled = run();
        fusedAdamTuning.compiledFrom = Infinity;
        const loop = run();
        for (let k = 0; k < 3; k++) {
          let bad = 0;
          for (let i = 0; i < n; i++) if (!Object.is(wasm[k]![i], loop[k]![i]) || !Object.is(wasm[k]![i], compiled[k]![i])) bad++;
          expect(bad, `output ${k}`).toBe(0);
        }
      });
});
