// End-to-end review of this round's wasm work on the eager path (the MLP / BatchNorm-MLP training
// steps of issue 18): Linear → BatchNorm1d → ReLU → Linear with cross-entropy, `backward()` and
// Adam, batch 33, float32, 1 and 2 threads, every elementwise size through wasm — the same losses,
// parameters and BatchNorm running statistics, bit for bit, as the session-start build
// (/tmp/base-be49c06/dist).
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cur from "../../src/index.js";
import { wasmElementwiseTuning } from "../../src/backend/wasm/elementwise.js";

type Lib = typeof cur;
const BASE = "/tmp/base-be49c06/dist/index.js";
const BASE_TUNING = "/tmp/base-be49c06/dist/backend/wasm/elementwise.js";
const haveBase = existsSync(BASE);
let base: Lib;
let baseTuning: { minElements: number };
const savedMin = wasmElementwiseTuning.minElements;

/** `steps` Adam steps of the model built after `manualSeed(1)`; the losses, then every parameter and buffer. */
function train(L: Lib, x: number[], labels: number[], N: number, steps: number): number[] {
  L.manualSeed(1);
  const model = new L.nn.Sequential(new L.nn.Linear(64, 128), new L.nn.BatchNorm1d(128), new L.nn.ReLU(), new L.nn.Linear(128, 10));
  const opt = new L.optim.Adam(model.parameters(), { lr: 1e-2 });
  const xs = L.tensor(x, { shape: [N, 64], dtype: "float32" });
  const out: number[] = [];
  for (let s = 0; s < steps; s++) {
    const loss = L.crossEntropy(model.forward(xs) as cur.Tensor, labels);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    out.push(Number(loss.item()));
  }
  for (const [, t] of Object.entries(model.stateDict())) out.push(...Array.from((t as cur.Tensor).data(), Number));
  return out;
}

describe.runIf(haveBase)("review: an eager BatchNorm MLP with Adam on the wasm backend against the session-start build", () => {
  beforeAll(async () => {
    base = (await import(/* @vite-ignore */ BASE)) as Lib;
    baseTuning = ((await import(/* @vite-ignore */ BASE_TUNING)) as { wasmElementwiseTuning: { minElements: number } }).wasmElementwiseTuning;
    expect(cur.wasmReady() && base.wasmReady()).toBe(true);
    cur.setBackend(cur.wasmBackend);
    base.setBackend(base.wasmBackend);
    wasmElementwiseTuning.minElements = 0;
    baseTuning.minElements = 0;
  });
  afterAll(() => {
    cur.setBackend(cur.cpuBackend);
    base.setBackend(base.cpuBackend);
    wasmElementwiseTuning.minElements = savedMin;
    cur.setNumThreads(1);
    base.setNumThreads(1);
  });

  for (const threads of [1, 2])
    it(`${threads} thread(s), batch 33`, () => {
      cur.setNumThreads(threads);
      base.setNumThreads(threads);
      let seed = 11;
      const next = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
      const N = 33;
      const x = Array.from({ length: N * 64 }, () => next() * 4 - 2);
      const labels = Array.from({ length: N }, (_, i) => (i * 7) % 10);
      const got = train(cur, x, labels, N, 6);
      const want = train(base, x, labels, N, 6);
      expect(got.length).toBe(want.length);
      const i = got.findIndex((g, k) => !Object.is(g, want[k]));
      expect(i, i >= 0 ? `value ${i}: ${got[i]} vs ${want[i]}` : "").toBe(-1);
      expect(got[5]!).toBeLessThan(got[0]!);
    });
});
