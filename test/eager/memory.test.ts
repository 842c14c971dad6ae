import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { noGrad, randn, tensor, type Tensor } from "../../src/index.js";
import { graphStats, trackGraphNodes } from "../../src/interpreters/graph-stats.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 0)); // let FinalizationRegistry callbacks run
  }
}

describe("eager memory", () => {
  it("10,000 training steps keep the live graph-node count and the heap flat", async () => {
    const w1 = randn([4, 8], { seed: 1, dtype: "float64" }).mul(0.5).detach();
    const w2 = randn([8, 1], { seed: 2, dtype: "float64" }).mul(0.5).detach();
    w1.requiresGrad = true;
    w2.requiresGrad = true;
    const x = randn([16, 4], { seed: 3, dtype: "float64" });
    const y = x.sum(1, true).sin();
    const step = (): number => {
      const pred: Tensor = x.matmul(w1).tanh().matmul(w2);
      const loss = pred.sub(y).square().mean();
      loss.backward();
      noGrad(() => {
        w1.assign(w1.sub(w1.grad!.mul(0.05)));
        w2.assign(w2.sub(w2.grad!.mul(0.05)));
      });
      w1.zeroGrad();
      w2.zeroGrad();
      return loss.item();
    };
    trackGraphNodes(true);
    try {
      const first = step();
      for (let i = 0; i < 999; i++) step();
      await collect();
      const liveAt1000 = graphStats.live;
      const heapAt1000 = process.memoryUsage().heapUsed;
      let last = 0;
      for (let i = 0; i < 9000; i++) last = step();
      await collect();
      const liveAt10000 = graphStats.live;
      const heapAt10000 = process.memoryUsage().heapUsed;
      expect(graphStats.created).toBeGreaterThan(50_000); // the steps really built graphs
      expect(liveAt10000).toBeLessThanOrEqual(liveAt1000 + 20); // nodes from old steps were freed
      expect(liveAt10000).toBeLessThan(50);
      expect(heapAt10000 - heapAt1000).toBeLessThan(8 * 1024 * 1024); // flat heap, within GC noise
      expect(last).toBeLessThan(first); // it trained
    } finally {
      trackGraphNodes(false);
    }
  }, 120_000);

  it("the graph of an unused forward pass is collected with its output", async () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    trackGraphNodes(true);
    try {
      (() => {
        for (let i = 0; i < 100; i++) w.mul(2).sin().sum();
      })();
      expect(graphStats.created).toBe(300);
      await collect();
      expect(graphStats.live).toBeLessThan(10);
    } finally {
      trackGraphNodes(false);
    }
  });
});
