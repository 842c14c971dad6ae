import { describe, expect, it } from "vitest";
import { tensor } from "../../src/index.js";
import { SGD, schedules } from "../../src/optim/index.js";
import { expectClose, f64 } from "./helpers.js";

const values = (s: schedules.Schedule, n: number) => Array.from({ length: n }, (_, t) => s(t));

describe("schedules", () => {
  it("constant, step (PyTorch's StepLR), exponential", () => {
    expect(values(schedules.constant(0.1), 3)).toEqual([0.1, 0.1, 0.1]);
    expectClose(values(schedules.step(1, { stepSize: 2, gamma: 0.5 }), 6), [1, 1, 0.5, 0.5, 0.25, 0.25], 0);
    expectClose(values(schedules.exponential(1, 0.9), 3), [1, 0.9, 0.81], 1e-15);
  });
  it("cosine from 1 to 0.1 over 4 steps, then constant", () => {
    expectClose(values(schedules.cosine(1, { totalSteps: 4, minValue: 0.1 }), 6), [1, 0.1 + 0.9 * (1 + Math.SQRT1_2) / 2, 0.55, 0.1 + 0.9 * (1 - Math.SQRT1_2) / 2, 0.1, 0.1], 1e-15);
  });
  it("linear warm-up, then another schedule", () => {
    expectClose(values(schedules.linearWarmup(1, { warmupSteps: 4 }), 6), [0.25, 0.5, 0.75, 1, 1, 1], 0);
    expectClose(values(schedules.linearWarmup(1, { warmupSteps: 2, then: schedules.exponential(1, 0.5) }), 5), [0.5, 1, 1, 0.5, 0.25], 0);
  });
  it("one-cycle (PyTorch's OneCycleLR values for max 1, 10 steps)", () => {
    // torch/optim/lr_scheduler.py OneCycleLR(max_lr=1, total_steps=10): phase ends at steps 2 and 9,
    // cos annealing end + (start − end)/2·(cos(π·pct) + 1); values from that formula in Python
    const torch = [0.04, 0.52, 1.0, 0.95048463, 0.81174565, 0.61126202, 0.38874198, 0.18825835, 0.04951937, 4e-6];
    expectClose(values(schedules.oneCycle(1, { totalSteps: 10 }), 10), torch, 1e-8);
    const lin = values(schedules.oneCycle(1, { totalSteps: 11, pctStart: 0.5, anneal: "linear" }), 11);
    expectClose([lin[0]!, lin[10]!], [0.04, 4e-6], 1e-12);
  });
  it("an optimizer's lr may be a schedule: the step count lives in the optimizer's state", () => {
    const w = tensor([0], { dtype: "float64", requiresGrad: true });
    const opt = new SGD([w], { lr: schedules.step(1, { stepSize: 1, gamma: 0.5 }) });
    for (let i = 0; i < 3; i++) {
      w.grad = f64([-1]);
      opt.step();
    }
    expect(w.item()).toBe(1 + 0.5 + 0.25);
  });
  it("rejects bad arguments", () => {
    expect(() => schedules.step(1, { stepSize: 0 })).toThrow(/stepSize/);
    expect(() => schedules.oneCycle(1, { totalSteps: 10, pctStart: 1 })).toThrow(/pctStart/);
  });
});
