// The registry's first-order gradient checks on every backend: the JS reference kernels
// (cpuBackend) and the WebAssembly kernels with their size threshold at 0, so that every kernel the
// wasm backend has — elementwise ones included — runs even on the specs' small shapes. Each
// primitive's outputs on the two backends must also agree. (registry.test.ts runs the full suite,
// second order included, on the default backend.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../../src/index.js";
import { getBackend, setBackend, type Backend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmElementwiseTuning } from "../../src/backend/wasm/elementwise.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { randomStream } from "../../src/core/random.js";
import { bind } from "../../src/primitives/bind.js";
import type { AnyPrimitive, TestCase } from "../../src/primitives/primitive.js";
import { allPrimitives } from "../../src/primitives/registry.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkJvp, checkVjp, type CheckOptions } from "../../src/testing/check-grads.js";
import { sampleArgs } from "../../src/testing/sample-args.js";

const prims = allPrimitives();

function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const cases = prims.flatMap((prim: AnyPrimitive) =>
  (prim.testSpec ?? []).map((c: TestCase<unknown>, k) => {
    const name = `${prim.name} case ${k}`;
    const seed = seedOf(name);
    const f = (...xs: Tensor[]): Tensor[] => bind(prim, xs, c.params);
    const opts: CheckOptions = { name, seed, ...(c.tolerance !== undefined && { rtol: c.tolerance }) };
    return { prim, c, name, seed, f, opts, args: () => sampleArgs(c.args, randomStream(seed)) };
  }),
);

/** Each case's outputs on the JS reference kernels, to compare the wasm kernels with. */
const reference = new Map<string, number[][]>();

const backends: [string, Backend, boolean][] = [
  ["cpu (JS reference kernels)", cpuBackend, true],
  ["wasm (every size through the wasm kernels)", wasmBackend, wasmReady()],
];

for (const [label, backend, available] of backends)
  describe.runIf(available)(label, () => {
    let previous: Backend;
    let threshold: number;
    beforeAll(() => {
      previous = getBackend();
      threshold = wasmElementwiseTuning.minElements;
      setBackend(backend);
      wasmElementwiseTuning.minElements = 0;
    });
    afterAll(() => {
      setBackend(previous);
      wasmElementwiseTuning.minElements = threshold;
    });

    for (const { prim, name, f, opts, args } of cases)
      describe(name, () => {
        it("outputs (equal across backends to rounding)", () => {
          const outs = f(...args()).map((o) => Array.from(o.data(), Number));
          if (backend === cpuBackend) reference.set(name, outs);
          else {
            const want = reference.get(name);
            expect(want, "the cpu block ran first").toBeDefined();
            outs.forEach((o, i) =>
              o.forEach((v, j) => {
                const w = want![i]![j]!;
                if (!(Object.is(v, w) || Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(w))))
                  expect.fail(`${name}: output ${i}[${j}] is ${v} on wasm, ${w} on cpu`);
              }),
            );
          }
        });
        if (!prim.differentiable) return;
        it("checkJvp", () => checkJvp(f, args(), opts));
        it("checkVjp", () => checkVjp(f, args(), opts));
      });
  });
