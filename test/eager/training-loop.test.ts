import { describe, expect, it } from "vitest";
import { noGrad, randn, tensor } from "../../src/index.js";

describe("the notes' §4 training loop", () => {
  it("fits a line with backward(), .grad and assign()", () => {
    const x = randn([64, 1], { seed: 0 });
    const y = x.mul(3).sub(2).add(randn([64, 1], { seed: 1 }).mul(0.1));
    const w = tensor([[0]], { requiresGrad: true });
    const b = tensor([0], { requiresGrad: true });
    let first = NaN;
    let last = NaN;
    for (let step = 0; step < 100; step++) {
      const loss = x.matmul(w).add(b).sub(y).square().mean();
      loss.backward();
      noGrad(() => {
        w.assign(w.sub(w.grad!.mul(0.1)));
        b.assign(b.sub(b.grad!.mul(0.1)));
      });
      w.zeroGrad();
      b.zeroGrad();
      if (step === 0) first = loss.item();
      last = loss.item();
    }
    expect(last).toBeLessThan(first / 100);
    expect(w.item()).toBeCloseTo(3, 1);
    expect(b.item()).toBeCloseTo(-2, 1);
  });
});
