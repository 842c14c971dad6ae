// The wasm backend's vectorised float32 exp, tanh and log (assembly/exp-f32.ts, assembly/elementwise.ts),
// run eagerly, measured over the whole float32 range (every sign and exponent, denormals included,
// 2,048 mantissas each, plus the special values): the same documented bounds as compile's generated
// kernels (src/compile/wasm/vector-math.ts) — exp and tanh within 1 ulp of Math.fround(Math.f(x)) and
// bit for bit the kernels' scalar description (test/compile/documented-math.ts), so an op gives the
// same bits eagerly and compiled; log equal to Math.fround(Math.log(x)) on the sweep. NaN, ±∞, −0 and
// denormals are compared by bits. ULP_STATS=1 prints the measured maxima and counts.
import { describe, expect, it } from "vitest";
import { exp, log, setBackend, getBackend, tanh, tensor } from "../../src/index.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { wasmElementwiseTuning } from "../../src/backend/wasm/elementwise.js";
import { expF32Documented, tanhF32Documented } from "../compile/documented-math.js";
import { float32Sweep, ulpStats, ulps32 } from "./float-sweeps.js";

describe.runIf(wasmReady())("wasm backend float32 exp/tanh/log, eager: ulp error over the whole float32 range", () => {
  const xs = float32Sweep();
  expect(xs.length).toBeGreaterThan(wasmElementwiseTuning.minElements); // the sweep runs in the wasm kernels
  for (const [name, f, ref, documented, bound, unequalShare] of [
    ["exp", exp, Math.exp, expF32Documented, 1, 0.01],
    ["tanh", tanh, Math.tanh, tanhF32Documented, 1, 0.01],
    ["log", log, Math.log, null, 0, 0],
  ] as const)
    it(`${name}: within ${bound} ulp of Math.fround(Math.${name}(x)), unequal for < ${unequalShare} of inputs; special values by bits`, () => {
      const previous = getBackend();
      setBackend(wasmBackend);
      let got: Float32Array;
      try {
        got = f(tensor(xs, { dtype: "float32" })).data() as Float32Array;
      } finally {
        setBackend(previous);
      }
      const want = Float32Array.from(xs, (x) => ref(x));
      const d = ulps32(got, want);
      const { worst, unequal } = ulpStats(d);
      if (process.env.ULP_STATS) console.log(`eager float32 ${name}: max ${d[worst]} ulp at ${xs[worst]}, ${unequal} of ${d.length} unequal`);
      expect(d[worst], `x = ${xs[worst]}: ${got[worst]} vs ${want[worst]}`).toBeLessThanOrEqual(bound);
      expect(unequal / d.length).toBeLessThanOrEqual(unequalShare);
      // NaN, ±∞, ±0 and the smallest denormals of both signs, by bits (ulp distance does not see −0 against +0).
      for (let k = xs.length - 11; k < xs.length; k++) expect(Object.is(got[k], want[k]), `${name}(${xs[k]})`).toBe(true);
      if (documented !== null) {
        const bad = Array.from(got).findIndex((y, k) => !Object.is(y, Math.fround(documented(xs[k]!))));
        expect(bad, `x = ${xs[bad]}: ${got[bad]} vs ${documented(xs[bad]!)}`).toBe(-1);
      }
    });
});
