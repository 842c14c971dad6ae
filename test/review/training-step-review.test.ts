// End-to-end review of this round's wasm work (kept arena scratch, streamed conv/pool and
// elementwise): a small CNN trained by SGD for a few steps through the public API on the wasm
// backend — odd batch, float32 and float64, 1 and 2 threads, every elementwise size through wasm —
// gives the session-start build's losses and parameters bit for bit (/tmp/base-be49c06/dist).
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

let seed = 5;
const next = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
const rand = (n: number, s: number): number[] => Array.from({ length: n }, () => (next() * 2 - 1) * s);

/** `steps` SGD steps of conv(3×3, pad 1) → relu → maxPool 2 → linear → cross-entropy; the losses, then every parameter's values. */
function train(L: Lib, dtype: "float32" | "float64", init: number[][], x0: number[], labels: number[], N: number, steps: number): number[] {
  const t = (v: number[], shape: number[]): cur.Tensor => L.tensor(v, { shape, dtype }) as cur.Tensor;
  let w = t(init[0]!, [6, 2, 3, 3]);
  let b = t(init[1]!, [6]);
  let v = t(init[2]!, [6 * 7 * 7, 5]);
  const x = t(x0, [N, 2, 14, 14]);
  const loss = (w: cur.Tensor, b: cur.Tensor, v: cur.Tensor): cur.Tensor => {
    const h = L.maxPool2d(L.relu(L.add(L.conv2d(x, w, { padding: 1 }), L.reshape(b, [1, 6, 1, 1]))), 2);
    const z = L.matmul(L.reshape(h, [N, 6 * 7 * 7]), v);
    return L.crossEntropy(L.tanh(z), labels);
  };
  const out: number[] = [];
  for (let s = 0; s < steps; s++) {
    const [l, [gw, gb, gv]] = L.valueAndGrad(loss, { argnums: [0, 1, 2] })(w, b, v) as [cur.Tensor, cur.Tensor[]];
    out.push(Number(l.item()));
    w = L.sub(w, L.mul(gw!, 0.1));
    b = L.sub(b, L.mul(gb!, 0.1));
    v = L.sub(v, L.mul(gv!, 0.1));
  }
  for (const p of [w, b, v]) out.push(...Array.from(p.data(), Number));
  return out;
}

describe.runIf(haveBase)("review: a CNN's SGD steps on the wasm backend against the session-start build", () => {
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
    for (const dtype of ["float32", "float64"] as const)
      it(`${dtype}, ${threads} thread(s), batch 9`, () => {
        cur.setNumThreads(threads);
        base.setNumThreads(threads);
        expect(cur.getBackend()).toBe(cur.wasmBackend);
        expect(base.getBackend()).toBe(base.wasmBackend);
        const N = 9;
        const init = [rand(6 * 2 * 9, 0.4), rand(6, 0.1), rand(6 * 49 * 5, 0.1)];
        const x = rand(N * 2 * 14 * 14, 1);
        const labels = Array.from({ length: N }, (_, i) => i % 5);
        const got = train(cur, dtype, init, x, labels, N, 4);
        const want = train(base, dtype, init, x, labels, N, 4);
        expect(got.length).toBe(want.length);
        const i = got.findIndex((g, k) => !Object.is(g, want[k]));
        expect(i, i >= 0 ? `value ${i}: ${got[i]} vs ${want[i]}` : "").toBe(-1);
        // the loss went down (the steps did something)
        expect(got[3]!).toBeLessThan(got[0]!);
      });
});
