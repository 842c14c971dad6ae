import { afterEach, describe, expect, it } from "vitest";
import { add, optim, randn, tensor, type Tensor } from "../../src/index.js";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import type { DType } from "../../src/core/dtype.js";

const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1e-45, 1e-40, 3e38, -3e38];

/** A gradient for parameter `j` at step `t` (special values included), or null for the third parameter at odd steps. */
function grad(shape: number[], dtype: DType, j: number, t: number): Tensor | null {
  if (j === 2 && t % 2 === 1) return null;
  const g = randn(shape, { dtype, seed: 100 * t + j }).data();
  if (t === 3 && j === 0) SPECIALS.forEach((x, i) => (g[i * 7] = x));
  g[1] = t === 2 ? -0 : g[1]!;
  return tensor(g, { shape, dtype });
}

const same = (a: Tensor, b: Tensor): boolean => {
  const [x, y] = [a.data(), b.data()];
  return x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]));
};

describe("Adam's one-pass step (applyInPlace)", () => {
  const backend0 = getBackend();
  afterEach(() => setBackend(backend0));

  it("is offered by adam() without weight decay or AMSGrad, and by adamw() without AMSGrad", () => {
    expect(typeof optim.functional.adam().applyInPlace).toBe("function");
    expect(optim.functional.adam({ weightDecay: 0.1 }).applyInPlace).toBeUndefined();
    expect(optim.functional.adam({ amsgrad: true }).applyInPlace).toBeUndefined();
    expect(typeof optim.functional.adamw().applyInPlace).toBe("function");
    expect(typeof optim.functional.adamw({ weightDecay: 0 }).applyInPlace).toBe("function");
    expect(optim.functional.adamw({ amsgrad: true }).applyInPlace).toBeUndefined();
  });

  // The slow path: the chain's update, then p ← p + u as applyUpdate adds.
  const kinds = [
    { name: "Adam", make: (ps: Tensor[], lr: number | ((t: number) => number)) => new optim.Adam(ps, { lr }), tx: (lr: number | ((t: number) => number)) => optim.functional.adam({ lr }), adamAt: 1 },
    { name: "AdamW (weight decay 0.05)", make: (ps: Tensor[], lr: number | ((t: number) => number)) => new optim.AdamW(ps, { lr, weightDecay: 0.05 }), tx: (lr: number | ((t: number) => number)) => optim.functional.adamw({ lr, weightDecay: 0.05 }), adamAt: 0 },
  ];
  for (const kind of kinds)
  for (const backend of ["wasm", "cpu"] as const)
    for (const dtype of ["float32", "float64"] as const)
      for (const lr of [1e-2, (t: number) => 0.05 / (1 + t)])
        it(`${kind.name}, ${dtype}, ${backend} backend, ${typeof lr === "number" ? "constant lr" : "scheduled lr"}: the bits and state of update + add over four steps`, () => {
          if (backend === "cpu") setBackend(cpuBackend);
          const shapes = [[70, 70], [40, 40], [5]]; // 4,900 elements: the compiled program (float32); the others the JS loop
          const init = shapes.map((s, j) => randn(s, { dtype, seed: j + 1 }).data());
          const params = shapes.map((s, j) => tensor(init[j]!, { shape: s, dtype, requiresGrad: true }));
          const opt = kind.make(params, lr);
          let ref = shapes.map((s, j) => tensor(init[j]!, { shape: s, dtype }));
          const tx = kind.tx(lr);
          let state = tx.init(ref);
          for (let t = 1; t <= 4; t++) {
            const gs = shapes.map((s, j) => grad(s, dtype, j, t));
            params.forEach((p, j) => (p.grad = gs[j]!));
            const before = params.map((p) => p._version);
            opt.step();
            const [us, next] = tx.update(gs, state, ref);
            state = next;
            ref = ref.map((p, j) => (us[j] === null ? p : add(p, us[j]!)));
            params.forEach((p, j) => {
              expect(same(p, ref[j]!), `step ${t}, parameter ${j}`).toBe(true);
              expect(p._version - before[j]!).toBe(gs[j] === null ? 0 : 1);
            });
          }
          const saved = opt.stateDict().state[0] as unknown[];
          const adamState = (saved[kind.adamAt] as { step: number[]; expAvg: Tensor[]; expAvgSq: Tensor[] });
          const want = (state as unknown[])[kind.adamAt] as { step: number[]; expAvg: Tensor[]; expAvgSq: Tensor[] };
          expect(adamState.step).toEqual(want.step);
          expect(adamState.step).toEqual([4, 4, 2]);
          adamState.expAvg.forEach((m, j) => expect(same(m, want.expAvg[j]!)).toBe(true));
          adamState.expAvgSq.forEach((v, j) => expect(same(v, want.expAvgSq[j]!)).toBe(true));
          expect((saved[2] as { count: number }).count).toBe(4);
        });

  it("declines (null, nothing changed) a gradient that is not a plain tensor of the parameter's shape and dtype", () => {
    const tx = optim.functional.adam();
    const p = tensor([1, 2, 3], { requiresGrad: true });
    const state = tx.init([p]);
    const data = p._data;
    for (const g of [tensor([1, 2, 3], { requiresGrad: true }), tensor([1, 2, 3], { dtype: "float64" }), tensor([[1, 2, 3]])]) {
      expect(tx.applyInPlace!([g], state, [p])).toBeNull();
      expect(p._data).toBe(data);
    }
  });
});
