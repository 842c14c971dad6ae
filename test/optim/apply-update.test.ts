// The optimizer's fused parameter update p ← p + u: the bits of assign(p, add(p, u)) (NaN, ±∞, −0,
// denormals, on both backends), a fresh array (a tensor sharing p's old array keeps its values), the
// version counter moved, and the general path for what it does not handle.
import { afterEach, describe, expect, it } from "vitest";
import { add, assign, noGrad, optim, randn, tensor, type Tensor } from "../../src/index.js";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { applyUpdate } from "../../src/optim/apply-update.js";

const specials = [NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45, 5e-324, 1e-40, 3e38, -3e38];

function withSpecials(n: number, seed: number, dtype: "float32" | "float64"): Tensor {
  const d = randn([n], { seed, dtype }).data();
  specials.forEach((x, i) => (d[(i * 7 + seed) % n] = x));
  return tensor(d, { shape: [n], dtype });
}

describe("applyUpdate (the optimizers' p ← p + u)", () => {
  const backend0 = getBackend();
  afterEach(() => setBackend(backend0));

  for (const backend of ["wasm", "cpu"] as const)
    for (const dtype of ["float32", "float64"] as const)
      it(`${dtype}, ${backend} backend: the bits of assign(p, add(p, u)), a fresh array, the version moved`, () => {
        if (backend === "cpu") setBackend(cpuBackend);
        for (const n of [5, 4099]) {
          const p = withSpecials(n, 1, dtype);
          const q = tensor(p.data(), { shape: [n], dtype });
          const u = withSpecials(n, 2, dtype);
          const before = p._data!;
          const saved = before.slice();
          const version = p._version;
          applyUpdate(p, u);
          noGrad(() => assign(q, add(q, u)));
          const [a, b] = [p.data(), q.data()];
          for (let i = 0; i < n; i++) expect(Object.is(a[i], b[i]), `${i}: ${a[i]} vs ${b[i]}`).toBe(true);
          expect(p._data).not.toBe(before);
          expect(Array.from(before)).toEqual(Array.from(saved));
          expect(p._version).toBe(version + 1);
        }
      });

  it("falls back to assign(p, add(p, u)) for a broadcast update and mixed dtypes", () => {
    const p = tensor([[1, 2], [3, 4]]);
    applyUpdate(p, tensor([10, 20]));
    expect(Array.from(p.data())).toEqual([11, 22, 13, 24]);
    const r = tensor([1, 2], { dtype: "float64" });
    applyUpdate(r, tensor([0.5, 0.25], { dtype: "float64" }));
    expect(Array.from(r.data())).toEqual([1.5, 2.25]);
  });

  it("an SGD step through the fused update equals the hand-written step", () => {
    const w = tensor([0.5, -1.5, 2], { requiresGrad: true });
    const opt = new optim.SGD([w], { lr: 0.1 });
    w.grad = tensor([1, -2, 0.5]);
    opt.step();
    expect(Array.from(w.data())).toEqual([0.5 - Math.fround(0.1), -1.5 + Math.fround(0.2), Math.fround(2 - Math.fround(0.05))].map(Math.fround));
  });
});
