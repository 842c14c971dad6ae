// Property test of compile's generated wasm kernels over random expression graphs
// (test/properties/random-programs.ts: elementwise math, every broadcast of [m, n], reductions,
// softmax, where, ...): with the wasm backend's native size lowered to 2, every fused loop of any
// size is a generated kernel and every interpreted op a wasm kernel, so small random shapes exercise
// every broadcast pattern, lane layout and scalar tail. Compiled values and gradients equal the
// interpreter's bit for bit (float32 exp: the kernels' own, documented-math.ts). Seeded; FC_SEED /
// FC_RUNS as in the other property tests.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cast, grad, mul, sum, tensor, type Tensor } from "../../src/index.js";
import { wasmElementwiseTuning } from "../../src/backend/wasm/elementwise.js";
import { wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { compile } from "../../src/compile/compile.js";
import { compiledRuntime } from "../../src/compile/compiled-runtime.js";
import { wasmSimdSupported } from "../../src/compile/wasm/vector-kernels-available.js";
import { programArb, type Program } from "../properties/random-programs.js";
import { withDocumentedExp } from "./documented-math.js";
import { expectSameBits } from "./same-bits.js";

const SEED = Number(process.env.FC_SEED ?? 20261207);
const RUNS = Number(process.env.FC_RUNS ?? 1);

/** ⟨w, y⟩ with uneven weights w, so the gradient sees every output element differently. */
function weighted(y: Tensor): Tensor {
  const w = tensor(Array.from({ length: y.size }, (_, i) => Math.cos(1 + 1.3 * i)), { dtype: y.dtype, shape: y.shape.slice() });
  return sum(mul(y, w));
}

describe.skipIf(!(wasmReady() && wasmSimdSupported()))("generated wasm kernels ≡ interpreter on random programs (every size a kernel)", () => {
  const saved = wasmElementwiseTuning.minElements;
  beforeAll(() => {
    wasmElementwiseTuning.minElements = 2; // one-element values stay JS numbers compiled and JS kernels uncompiled
  });
  afterAll(() => {
    wasmElementwiseTuning.minElements = saved;
  });

  for (const dtype of ["float64", "float32"] as const)
    it(`values and gradients (${dtype})`, () => {
      let kernels = 0;
      const original = compiledRuntime.runLoopKernel;
      compiledRuntime.runLoopKernel = (...args) => {
        const ran = original(...args);
        if (ran) kernels++;
        return ran;
      };
      try {
        fc.assert(
          fc.property(programArb(), (p: Program) => {
            const xs = p.inputs().map((x) => cast(x, dtype));
            const f = (args: Tensor[]): Tensor => p.run(args);
            expectSameBits(compile(f)(xs), withDocumentedExp(() => f(xs)), `f\n${p}`);
            const g = grad((args: Tensor[]) => weighted(mul(p.run(args), 1.5)));
            expectSameBits(compile(g)(xs), withDocumentedExp(() => g(xs)), `grad\n${p}`);
          }),
          { seed: SEED, numRuns: Math.round(60 * RUNS) },
        );
      } finally {
        compiledRuntime.runLoopKernel = original;
      }
      expect(kernels, "generated kernels ran").toBeGreaterThan(0);
    });
});
