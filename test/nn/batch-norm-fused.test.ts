// BatchNorm's fused primitives (src/ops/batch-norm-primitive.ts, batch-norm-grad-primitive.ts): training
// mode traces to one batchNorm equation and its gradient to one batchNormGrad, and the layer's output,
// gradients and running statistics equal the unfused composite (mean, variance, sub, rsqrt, mul, add;
// float64 within 1e-12 of the values' scale, float32 within 8 float32 ulps of it, the same NaN and ±∞
// pattern) on random shapes with NaN, ±∞, −0 and denormals, on both backends; evaluation mode is the
// folded per-channel scale and shift, PyTorch's inference formula.
import { afterEach, describe, expect, it } from "vitest";
import { add, grad, mean, mul, nn, rsqrt, sub, sum, tensor, trace, variance, vmap, type Tensor } from "../../src/index.js";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { batchNorm } from "../../src/ops/batch-norm-primitive.js";

type Dtype = "float32" | "float64";

/** Seeded values in ±4 with NaN, ±∞, ±0, denormals and huge magnitudes in a fraction `special`. */
function values(n: number, seed: number, special: number, dtype: Dtype): number[] {
  let s = seed >>> 0;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const tiny = dtype === "float32" ? 1e-40 : 5e-320;
  const odd = [NaN, Infinity, -Infinity, 0, -0, tiny, -tiny, 1e20, -1e20];
  return Array.from({ length: n }, () => (next() < special ? odd[Math.floor(next() * odd.length)]! : (next() - 0.5) * 8 + 3));
}

/** The layer's training-mode math as it was before the fused primitives: mean, biased variance and elementwise ops. */
function composite(x: Tensor, w: Tensor, b: Tensor, eps: number): Tensor {
  const axes = [0, ...Array.from({ length: x.ndim - 2 }, (_, i) => i + 2)];
  const perChannel = [1, x.shape[1]!, ...Array.from({ length: x.ndim - 2 }, () => 1)];
  const y = mul(sub(x, mean(x, axes, true)), rsqrt(add(variance(x, axes, true), eps)));
  return add(mul(y, w.reshape(perChannel)), b.reshape(perChannel));
}

/** Asserts got equals want within `rel` of `scale` (NaN and ±∞ exactly where want has them). */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel: number, scale: number, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const [a, b] = [got[i]!, want[i]!];
    if (!Number.isFinite(b) || !Number.isFinite(a)) expect(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), `${what}[${i}]: ${a} vs ${b}`).toBe(true);
    else expect(Math.abs(a - b), `${what}[${i}]: ${a} vs ${b}`).toBeLessThanOrEqual(rel * (scale + Math.abs(b)));
  }
}

const tol = { float64: 1e-12, float32: 8 * 2 ** -24 } as const;
const SHAPES = [[7, 3], [16, 5], [4, 3, 9], [3, 2, 5, 6], [2, 8, 3, 3]] as const;

/** A BatchNorm layer of `c` channels for rank `rank`, with seeded non-trivial weight and bias. */
function layer(rank: number, c: number, dtype: Dtype, seed: number): nn.Module & { weight: Tensor; bias: Tensor } {
  const bn = rank === 4 ? new nn.BatchNorm2d(c, { dtype }) : new nn.BatchNorm1d(c, { dtype });
  bn.weight = tensor(values(c, seed, 0, dtype), { dtype, requiresGrad: true });
  bn.bias = tensor(values(c, seed + 1, 0, dtype), { dtype, requiresGrad: true });
  return bn as never;
}

describe("fused batch norm", () => {
  const original = getBackend();
  afterEach(() => setBackend(original));

  it("training mode traces to one batchNorm equation, its gradient to one batchNormGrad (no mean/variance/rsqrt ops on x)", () => {
    const bn = layer(2, 3, "float64", 1);
    const x = tensor(values(21, 2, 0, "float64"), { shape: [7, 3], dtype: "float64" });
    const names = trace((t: Tensor) => bn.forward(t), x).equations.map((e) => e.prim.name);
    expect(names.filter((n) => n === "batchNorm")).toHaveLength(1);
    expect(names).not.toContain("rsqrt");
    const gnames = trace((u: Tensor) => grad((t: Tensor) => sum(mul(bn.forward(t), t)))(u) as Tensor, x).equations.map((e) => e.prim.name);
    expect(gnames.filter((n) => n === "batchNormGrad")).toHaveLength(1);
  });

  for (const backend of ["wasm", "cpu"] as const)
    for (const dtype of ["float64", "float32"] as const)
      for (const special of [0, 0.03])
        it(`${dtype} on the ${backend} backend: output and gradients equal the composite${special ? " (special values)" : ""}`, () => {
          if (backend === "cpu") setBackend(cpuBackend);
          SHAPES.forEach((shape, k) => {
            const size = shape.reduce((a, b) => a * b, 1);
            const bn = layer(shape.length, shape[1], dtype, 10 + k);
            const x = tensor(values(size, 20 + k, special, dtype), { shape: [...shape], dtype });
            const c = tensor(values(size, 30 + k, 0, dtype), { shape: [...shape], dtype });
            const [w, b] = [bn.weight, bn.bias];
            const what = `[${shape.join(", ")}]`;
            // NOTE: the reference is the composite in float64 (the fused kernel sums in float64 and rounds
            // once; a float32 composite overflows its variance on 1e20 and loses digits on large means).
            const [x64, w64, b64, c64] = [x, w, b, c].map((t) => t.cast("float64"));
            expectClose(bn.forward(x).data(), composite(x64!, w64!, b64!, 1e-5).data(), tol[dtype], 1, `y ${what}`);
            // ∂/∂(x, w, b) of Σ c ⊙ y: the fused batchNormGrad against the composite's reverse sweep.
            const loss = (f: (x: Tensor, w: Tensor, b: Tensor) => Tensor) => (x: Tensor, w: Tensor, b: Tensor) => sum(mul(f(x, w, b), x.dtype === dtype ? c : c64!));
            const fused = grad(
              loss((x, w, b) => {
                bn.weight = w;
                bn.bias = b;
                return bn.forward(x);
              }),
              { argnums: [0, 1, 2] },
            )(x, w, b) as Tensor[];
            const want = grad(loss((x, w, b) => composite(x, w, b, 1e-5)), { argnums: [0, 1, 2] })(x64!, w64!, b64!) as Tensor[];
            ["x̄", "w̄", "b̄"].forEach((name, i) => {
              const scale = Math.max(...Array.from(want[i]!.data(), (v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
              expectClose(fused[i]!.data(), want[i]!.data(), tol[dtype] * (special ? 1 : size), scale, `${name} ${what}`);
            });
          });
        });

  it("running statistics: (1 − m)·running + m·batch with the unbiased variance (PyTorch's), and evaluation mode uses them", () => {
    const bn = layer(4, 2, "float64", 3) as unknown as nn.BatchNorm2d;
    const x = tensor(values(2 * 2 * 3 * 3, 4, 0, "float64"), { shape: [2, 2, 3, 3], dtype: "float64" });
    bn.forward(x);
    const axes = [0, 2, 3];
    const mu = mean(x, axes).data();
    const v = variance(x, axes, false, { correction: 1 }).data();
    expectClose(bn.runningMean!.data(), Array.from(mu, (m) => 0.1 * m), 1e-14, 1, "running mean");
    expectClose(bn.runningVar!.data(), Array.from(v, (u) => 0.9 + 0.1 * u), 1e-14, 1, "running variance");
    bn.eval();
    const rm = bn.runningMean!.reshape([1, 2, 1, 1]);
    const rv = bn.runningVar!.reshape([1, 2, 1, 1]);
    const want = add(mul(mul(sub(x, rm), rsqrt(add(rv, 1e-5))), bn.weight!.reshape([1, 2, 1, 1])), bn.bias!.reshape([1, 2, 1, 1]));
    expectClose(bn.forward(x).data(), want.data(), 1e-14, 1, "evaluation mode");
  });

  it("under vmap each example of the mapped axis gets its own statistics (the batching rule keeps that axis)", () => {
    const x = tensor(values(3 * 5 * 2, 6, 0, "float64"), { shape: [3, 5, 2], dtype: "float64" });
    const f = (t: Tensor): Tensor => batchNorm(t, { keep: [1], eps: 1e-5 })[0]!;
    const mapped = vmap(f)(x) as Tensor;
    const loop = [0, 1, 2].map((i) => f(x.slice([i, 0, 0], [1, 5, 2]).reshape([5, 2])).data());
    expectClose(mapped.data(), loop.flatMap((a) => Array.from(a)), 1e-14, 1, "vmap");
  });
});
