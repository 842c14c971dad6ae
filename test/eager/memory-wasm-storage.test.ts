// The eager 10,000-step memory test (memory.test.ts) at sizes where op results live in the wasm
// tensor storage: blocks come back when their tensors are collected, and the wasm memory stops growing.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it, onTestFinished } from "vitest";
import { wasmStorage } from "../../src/backend/wasm/arena-call.js";
import { getKernels } from "../../src/backend/wasm/module.js";
import { wasmStorageLimits } from "../../src/backend/wasm/wasm-storage.js";
import { wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { exp, noGrad, randn, type Tensor } from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 0)); // let FinalizationRegistry callbacks run
  }
}

describe.runIf(wasmReady() && getKernels()?.shared)("eager memory with the wasm tensor storage", () => {
  it("10,000 training steps: storage blocks are released and the wasm memory stops growing", async () => {
    const saved = { ...wasmStorageLimits };
    wasmStorageLimits.results = 128 * 1024 * 1024; // results in wasm memory (off by default)
    onTestFinished(() => void Object.assign(wasmStorageLimits, saved));
    const w1 = randn([64, 64], { seed: 1 }).mul(0.1).detach();
    const w2 = randn([64, 1], { seed: 2 }).mul(0.1).detach();
    w1.requiresGrad = true;
    w2.requiresGrad = true;
    const x = randn([64, 64], { seed: 3 });
    const y = x.sum(1, true).sin();
    const step = (): number => {
      const pred: Tensor = x.matmul(w1).tanh().matmul(w2);
      const loss = pred.sub(y).square().mean();
      loss.backward();
      noGrad(() => {
        w1.assign(w1.sub(w1.grad!.mul(0.01)));
        w2.assign(w2.sub(w2.grad!.mul(0.01)));
      });
      w1.zeroGrad();
      w2.zeroGrad();
      return loss.item();
    };
    const steps = async (n: number): Promise<number> => {
      let last = 0;
      for (let i = 0; i < n; i++) {
        last = step();
        // NOTE: FinalizationRegistry callbacks run between tasks: a training loop that never yields
        // keeps taking blocks until the storage's bound, then gets plain arrays (see WasmStorage).
        // V8 clears their targets only in full collections, whose timing is its own: left to it, 1 run
        // in 4–8 filled the storage or grew the memory before one came. A full collection every 100
        // steps makes the release this test is about deterministic.
        if (i % 100 === 99) {
          gc();
          await new Promise((r) => setTimeout(r, 0));
        }
      }
      return last;
    };
    const first = step();
    await steps(999);
    await collect();
    const s = wasmStorage()!;
    const memory = getKernels()!.memory;
    const at1000 = { bytes: memory.buffer.byteLength, ...s.stats() };
    const last = await steps(9000);
    await collect();
    const at10000 = { bytes: memory.buffer.byteLength, ...s.stats() };
    expect(at10000.resultsMade - at1000.resultsMade).toBeGreaterThan(9000); // results really lived in wasm memory
    expect(at10000.resultsReleased - at1000.resultsReleased).toBeGreaterThan(9000); // and went back
    expect(at10000.resultBytes).toBeLessThanOrEqual(at1000.resultBytes + 64 * 1024);
    expect(at10000.bytes).toBe(at1000.bytes); // the wasm memory stopped growing
    expect(last).toBeLessThan(first); // it trained
  }, 300_000);

  it("3,000 steps with the storage as it is by default: no result kept, no collection needed, the wasm memory stops growing", () => {
    // No gc() and no turn of the event loop: whatever is on by default must not depend on finalization.
    const defaults = { ...wasmStorageLimits };
    const w = randn([64, 64], { seed: 4 }).mul(0.1);
    const x = randn([64, 64], { seed: 5 });
    const large = randn([512, 512], { seed: 6 }); // 2¹⁸ elements, larger than anything else
    const step = (i: number): number => {
      const h = x.matmul(w).tanh(); // 4,096 elements: wasm kernels, scratch from the storage
      const e = exp(h.mul(0.5)).add(h.mul(h));
      // Every 250th step also a large temporary: its space is reused, not added to.
      const big = i % 250 === 0 ? exp(large.mul(0.25)).sum().item() : 0;
      return e.sum().item() + big;
    };
    for (let i = 0; i < 500; i++) step(i);
    const s = wasmStorage()!;
    const memory = getKernels()!.memory;
    const at500 = { bytes: memory.buffer.byteLength, ...s.stats() };
    for (let i = 500; i < 3000; i++) step(i);
    const at3000 = { bytes: memory.buffer.byteLength, ...s.stats() };
    expect(wasmStorageLimits).toEqual(defaults);
    expect(at3000.resultsMade).toBe(at500.resultsMade); // nothing lives in wasm memory past its call
    expect(at3000.regionBytes).toBe(at500.regionBytes); // the region's top stayed where it was
    expect(at3000.freeBlocks).toBeLessThanOrEqual(at500.freeBlocks + 4);
    expect(at3000.bytes).toBe(at500.bytes); // the wasm memory stopped growing
    // Scratch held between calls (the last call's, freed at the next call's start) stays small:
    // a storage that kept its scratch would stop growing only at its bound (wasmArenaLimits.shared).
    expect(at3000.regionBytes - at3000.freeBytes - at3000.resultBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
  }, 120_000);
});
