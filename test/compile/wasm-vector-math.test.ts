// The vectorised exp, log and tanh of compile's generated wasm kernels (src/compile/wasm/vector-math.ts),
// measured against Math.* over the whole float32 range: every sign and exponent (denormals
// included) with 2,048 mantissas each, evenly spaced and seeded-random, plus the special values.
// The documented bounds: float32 exp/log/tanh within 1 ulp of Math.fround(Math.f(x)) (log, computed
// through float64, equal to it for all but a few in 10⁶ inputs; exp and tanh, in float32
// arithmetic, for all but 0.41% and 0.17%), float64 exp within 1 ulp of Math.exp, float64 tanh within 3.
// ULP_STATS=1 prints the measured maxima and counts.
import { describe, expect, it } from "vitest";
import { compile, exp, log, tanh, tensor, type Tensor } from "../../src/index.js";
import { wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { compiledRuntime } from "../../src/compile/compiled-runtime.js";
import { wasmSimdSupported } from "../../src/compile/wasm/vector-kernels-available.js";
import { expF32Documented, tanhF32Documented } from "./documented-math.js";
import { float32Sweep, float64Sweep, ulpStats, ulps32, ulps64 } from "../backend/float-sweeps.js";

/** compile(f)(x) with the check that a generated wasm kernel computed it. */
function viaKernel(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  const original = compiledRuntime.runLoopKernel;
  let ran = false;
  compiledRuntime.runLoopKernel = (...args) => (ran = original(...args)) || ran;
  try {
    const y = compile(f)(x);
    expect(ran, "a generated wasm kernel ran").toBe(true);
    return y;
  } finally {
    compiledRuntime.runLoopKernel = original;
  }
}

const available = wasmReady() && wasmSimdSupported();

describe.skipIf(!available)("vectorised exp/log/tanh of generated kernels: ulp error over the whole range", () => {
  const xs32 = float32Sweep();
  const x32 = tensor(xs32, { dtype: "float32" });
  for (const [name, f, ref, unequalShare] of [
    ["exp", exp, Math.exp, 0.01],
    ["log", log, Math.log, 1e-5],
    ["tanh", tanh, Math.tanh, 0.01],
  ] as const)
    it(`float32 ${name}: within 1 ulp of Math.fround(Math.${name}(x)), equal but for < ${unequalShare} of inputs; special values as Math.${name}`, () => {
      const got = viaKernel(f, x32).data() as Float32Array;
      const want = Float32Array.from(xs32, (x) => ref(x));
      const d = ulps32(got, want);
      const { worst, unequal } = ulpStats(d);
      if (process.env.ULP_STATS) console.log(`float32 ${name}: max ${d[worst]} ulp at ${xs32[worst]}, ${unequal} of ${d.length} unequal`);
      expect(d[worst], `x = ${xs32[worst]}: ${got[worst]} vs ${want[worst]}`).toBeLessThanOrEqual(1);
      expect(unequal / d.length).toBeLessThan(unequalShare);
      // Signs of zeros and infinities exactly (ulp distance does not see −0 against +0).
      for (let k = xs32.length - 11; k < xs32.length; k++) expect(Object.is(got[k], want[k]), `${name}(${xs32[k]})`).toBe(true);
      // The scalar descriptions of float32 exp and tanh that the compile tests compare against are the kernels' to the bit.
      const documented = name === "exp" ? expF32Documented : name === "tanh" ? tanhF32Documented : null;
      if (documented !== null) {
        const bad = Array.from(got).findIndex((y, k) => !Object.is(y, Math.fround(documented(xs32[k]!))));
        expect(bad, `x = ${xs32[bad]}`).toBe(-1);
      }
    });

  for (const [name, f, ref, bound, maxExp] of [
    ["exp", exp, Math.exp, 1, 10],
    ["tanh", tanh, Math.tanh, 3, 6],
  ] as const)
    it(`float64 ${name}: within ${bound} ulp of Math.${name} for every exponent; special values as Math.${name}`, () => {
      const xs = float64Sweep(maxExp);
      const got = viaKernel(f, tensor(xs, { dtype: "float64" })).data() as Float64Array;
      const want = Float64Array.from(xs, (x) => ref(x));
      const d = ulps64(got, want);
      let worst = 0;
      for (let k = 0; k < d.length; k++) if (d[k]! > d[worst]!) worst = k;
      if (process.env.ULP_STATS) console.log(`float64 ${name}: max ${d[worst]} ulp at ${xs[worst]}, ${d.filter((u) => u > 0).length} of ${d.length} unequal`);
      expect(d[worst], `x = ${xs[worst]}: ${got[worst]} vs ${want[worst]}`).toBeLessThanOrEqual(bound);
      for (let k = xs.length - 10; k < xs.length; k++) expect(Object.is(got[k], want[k]) || d[k]! <= bound, `${name}(${xs[k]})`).toBe(true);
    });
});
