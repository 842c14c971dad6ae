// optim.functional: pure transformations with grad and no classes; the classes are the same code.
import { describe, expect, it } from "vitest";
import { grad, matmul, randn, sub, sum, square, tensor, type Tensor } from "../../src/index.js";
import { Adam, clipGradNorm, clipGradValue, functional as F, norms, SteepestDescent } from "../../src/optim/index.js";
import { expectBitEqual, expectClose, f64, flat } from "./helpers.js";

const x = randn([8, 3], { seed: 1 });
const y = randn([8, 2], { seed: 2 });
type Params = { w: Tensor; b: Tensor };
const loss = (p: Params) => sum(square(sub(matmul(x, p.w).add(p.b), y)));
const init = (): Params => ({ w: randn([3, 2], { seed: 3 }), b: randn([2], { seed: 4 }) });

describe("functional optimizers with grad", () => {
  it("a training loop with no classes: init/update/applyUpdates", () => {
    const tx = F.adam({ lr: 0.05 });
    let params = init();
    let state = tx.init(params);
    const first = loss(params).item();
    for (let i = 0; i < 100; i++) {
      const g = grad(loss)(params);
      const [updates, s] = tx.update(g, state, params);
      params = F.applyUpdates(params, updates);
      state = s;
    }
    expect(loss(params).item()).toBeLessThan(first / 3);
    expect(Object.keys(params).sort()).toEqual(["b", "w"]);
  });
  it("update is pure: the same inputs give the same outputs, inputs unchanged", () => {
    const tx = F.steepestDescent({ norm: norms.spectral(), lr: 0.1, momentum: 0.9 });
    const p = { w: randn([3, 2], { seed: 3 }) };
    const s0 = tx.init(p);
    const g = { w: randn([3, 2], { seed: 5 }) };
    const [u1, s1] = tx.update(g, s0, p);
    const [u2] = tx.update(g, s0, p);
    expectBitEqual(u1, u2);
    expect(s1).not.toBe(s0);
    expect((s0[0] as F.MomentumState).buffers[0]).toBeNull();
  });
  it("the classes are thin wrappers: SteepestDescent and Adam equal their chains bit for bit", () => {
    for (const [make, tx] of [
      [(p: Tensor[]) => new SteepestDescent(p, { norm: norms.rmsToRms(), lr: 0.05, momentum: 0.9, weightDecay: 0.01 }), F.steepestDescent({ norm: norms.rmsToRms(), lr: 0.05, momentum: 0.9, weightDecay: 0.01 })],
      [(p: Tensor[]) => new Adam(p, { lr: 0.05 }), F.adam({ lr: 0.05 })],
    ] as const) {
      const pA = init();
      const eager = [tensor(pA.w, { requiresGrad: true })];
      const opt = make(eager);
      let fp = [pA.w];
      let st = tx.init(fp);
      const f = (ps: Tensor[]) => loss({ w: ps[0]!, b: pA.b });
      for (let i = 0; i < 5; i++) {
        opt.zeroGrad();
        f(eager).backward();
        opt.step();
        const [u, s] = tx.update(grad(f)(fp), st, fp);
        fp = F.applyUpdates(fp, u);
        st = s;
      }
      expectBitEqual(eager, fp);
    }
  });
  it("a custom chain: clip → momentum → dualize by a norm → weight decay → scale by lr", () => {
    const tx = F.chain(F.clipByGlobalNorm(1), F.momentum({ beta: 0.9 }), F.dualizeBy(norms.linf()), F.addDecayedWeights(0.1), F.scaleByLearningRate(0.5));
    const p = [f64([1, -1])];
    const [u] = tx.update([f64([30, -40])], tx.init(p), p);
    // clip: [0.6, −0.8]; EMA: 0.1·that; sign: [1, −1]; + 0.1·p: [1.1, −1.1]; × −0.5
    expectClose(u, [-0.55, 0.55], 1e-15);
  });
  it("dualizeBy, unnormalized: u ↦ sharp(u)", () => {
    const [u] = F.dualizeBy(norms.linf(), { normalized: false }).update([f64([3, -4])], {});
    expectClose(u, [7, -7], 0);
  });
  it("null updates (no gradient) pass through every transformation", () => {
    const tx = F.steepestDescent({ norm: norms.l2(), lr: 1, momentum: 0.5, weightDecay: 0.1 });
    const p = [f64([1, 1]), f64([2])];
    const [u] = tx.update([f64([3, 4]), null], tx.init(p), p);
    expect(u[1]).toBeNull();
    expectClose(u[0]!, [-0.7, -0.9], 1e-15);
    expect(() => F.dualizeBy(norms.l2()).update([null], {})).toThrow(/pass the parameters/);
  });
  it("errors name the problem", () => {
    const tx = F.adam();
    const st = tx.init([f64([1])]);
    expect(() => tx.update([f64([1]), f64([2])], st)).toThrow(/holds 1 parameters but the updates have 2/);
    expect(() => F.scaleByLearningRate(() => -1).update([f64([1])], { count: 0 })).toThrow(/must be a finite number ≥ 0, got the number -1 at step 0/);
    expect(() => F.addDecayedWeights(0.1).update([f64([1])], {})).toThrow(/needs the parameters/);
  });
});

describe("gradient clipping", () => {
  it("clipGradNorm: global ℓ2 with PyTorch's formula, returns the norm before clipping", () => {
    const a = tensor([1, 1], { dtype: "float64", requiresGrad: true });
    const b = tensor([1], { dtype: "float64", requiresGrad: true });
    a.grad = f64([3, 0]);
    b.grad = f64([-4]);
    expect(clipGradNorm([a, b], 1)).toBe(5);
    expectClose([...flat(a.grad), ...flat(b.grad)], [3, 0, -4].map((v) => v / (5 + 1e-6)), 1e-15);
    expect(clipGradNorm([a, b], 10)).toBeCloseTo(1, 5); // below the limit: unchanged
    expectClose([...flat(a.grad), ...flat(b.grad)], [3, 0, -4].map((v) => v / (5 + 1e-6)), 1e-15);
  });
  it("clip by any norm: ℓ∞ bounds the largest entry, ℓ1 the sum, the dual measure uses ‖g‖_*", () => {
    const w = tensor([0, 0, 0], { dtype: "float64", requiresGrad: true });
    w.grad = f64([2, -4, 1]);
    expect(clipGradNorm([w], 2, { norm: norms.linf() })).toBe(4);
    expectClose(w.grad, [1, -2, 0.5], 1e-6);
    w.grad = f64([2, -4, 1]);
    clipGradNorm([w], 3.5, { norm: norms.l1() });
    expectClose(norms.l1().norm(w.grad), 3.5, 1e-6);
    const [u] = F.clipByNorm(norms.linf(), 3.5, { measure: "dual" }).update([f64([2, -4, 1])], {});
    expectClose(norms.l1().norm(u), 3.5, 1e-6);
  });
  it("clip by value", () => {
    const w = tensor([0, 0, 0], { requiresGrad: true });
    w.grad = tensor([2, -4, 0.5]);
    clipGradValue([w], 1);
    expectClose(w.grad, [1, -1, 0.5], 0);
  });
});
