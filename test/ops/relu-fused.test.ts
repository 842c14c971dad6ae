// The fused relu primitive (and its cotangent reluGrad): one equation each way instead of a compare,
// a boolean mask and a `where`, with outputs and gradients bit-identical to the composite
// `where(x ≤ 0, 0, x)` it replaced, on random shapes with NaN, ±∞, −0 and denormals, on both
// backends, float64 and float32; integers keep the composite.
import { afterEach, describe, expect, it } from "vitest";
import { compile, grad, hessian, jvp, relu, tensor, trace, valueAndGrad, vmap, type Tensor } from "../../src/index.js";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmElementwiseTuning } from "../../src/backend/wasm/elementwise.js";
import { randomStream } from "../../src/core/random.js";
import { mul } from "../../src/ops/arithmetic.js";
import { lessEqual, where } from "../../src/ops/comparison.js";
import { sum } from "../../src/ops/reductions.js";

/** The composite relu (the code path the primitive replaced). */
const composite = (x: Tensor): Tensor => where(lessEqual(x, 0), 0, x);

const special = [NaN, Infinity, -Infinity, -0, 0, 5e-324, -5e-324, 1e-40, -1e-40, 3e38, -3e38, 1, -1];

/** Random values with every special value mixed in, in a random shape of rank 0–3. */
function sample(seed: number, dtype: "float32" | "float64"): Tensor {
  const rng = randomStream(seed);
  const rank = Math.floor(rng.next() * 4);
  const shape = Array.from({ length: rank }, () => 1 + Math.floor(rng.next() * 9));
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: n }, () => (rng.next() < 0.3 ? special[Math.floor(rng.next() * special.length)]! : (rng.next() - 0.5) * 8));
  return tensor(data, { shape, dtype });
}

/** Bitwise equality (NaN equals NaN, +0 differs from −0). */
function expectBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Object.is(got[i], want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBe(true);
}

describe("fused relu", () => {
  const original = getBackend();
  const threshold = wasmElementwiseTuning.minElements;
  afterEach(() => {
    setBackend(original);
    wasmElementwiseTuning.minElements = threshold;
  });

  it("relu and its gradient trace to one relu and one reluGrad equation (no compare, no where)", () => {
    const x = tensor([[-1, 2], [3, -4]]);
    expect(trace((z: Tensor) => relu(z), x).equations.map((e) => e.prim.name)).toEqual(["relu"]);
    const names = trace((z: Tensor) => grad((w: Tensor) => sum(relu(w)))(z) as Tensor, x).equations.map((e) => e.prim.name);
    expect(names).toContain("reluGrad");
    expect(names).not.toContain("where");
    expect(names).not.toContain("lessEqual");
  });

  for (const backend of ["wasm", "cpu"] as const)
    for (const dtype of ["float64", "float32"] as const)
      it(`${dtype} on the ${backend} backend: values and gradients equal the composite bit for bit (NaN, ±∞, −0, denormals)`, () => {
        if (backend === "cpu") setBackend(cpuBackend);
        else wasmElementwiseTuning.minElements = 0;
        for (let s = 1; s <= 40; s++) {
          const x = sample(s, dtype);
          const weights = tensor(Array.from(x.data(), (_, i) => (i % 3) - 1.25), { shape: x.shape, dtype });
          expectBits(relu(x).data(), composite(x).data(), `relu, seed ${s}`);
          const f = (r: (t: Tensor) => Tensor) => (z: Tensor) => sum(mul(r(z), weights));
          const [v, g] = valueAndGrad(f(relu))(x) as unknown as [Tensor, Tensor];
          const [v0, g0] = valueAndGrad(f(composite))(x) as unknown as [Tensor, Tensor];
          expectBits([v.item()], [v0.item()], `value, seed ${s}`);
          expectBits(g.data(), g0.data(), `gradient, seed ${s}`);
          const [, t] = jvp(relu, [x], [weights]);
          const [, t0] = jvp(composite, [x], [weights]);
          expectBits(t.data(), t0.data(), `tangent, seed ${s}`);
        }
      });

  for (const dtype of ["float32", "float64"] as const)
    it(`${dtype}: compile fuses relu and reluGrad into its loops (JS and wasm vector kernels) with the interpreter's bits`, () => {
      for (const n of [7, 4099]) {
        const data = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? special[(i / 5) % special.length]! : Math.sin(i) * 3));
        const x = tensor(data, { dtype });
        const b = tensor([0.5], { dtype });
        const f = (z: Tensor, c: Tensor) => sum(mul(relu(z.add(c)), z));
        const [v, g] = compile(valueAndGrad(f))(x, b) as unknown as [Tensor, Tensor];
        const [v0, g0] = valueAndGrad(f)(x, b) as unknown as [Tensor, Tensor];
        expectBits([v.item()], [v0.item()], `value, n ${n}`);
        expectBits(g.data(), g0.data(), `gradient, n ${n}`);
        expectBits(compile(relu)(x).data(), composite(x).data(), `compiled relu, n ${n}`);
      }
    });

  it("second order: the Hessian of Σ relu(x)·x is diag(2·[x > 0]), as the composite's", () => {
    const x = tensor([-1.5, 0.5, 2, -0.25], { dtype: "float64" });
    const f = (r: (t: Tensor) => Tensor) => (z: Tensor) => sum(mul(r(z), z));
    expectBits(hessian(f(relu))(x).data(), hessian(f(composite))(x).data(), "hessian");
    expect(Array.from(hessian(f(relu))(x).data())).toEqual([0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0]);
  });

  it("vmap of relu and of its gradient equals the per-example results", () => {
    const xs = tensor([[-1, 2, 0], [3, -0, NaN]], { dtype: "float64" });
    expectBits(vmap(relu)(xs).data(), composite(xs).data(), "vmap relu");
    const g = vmap(grad((z: Tensor) => sum(mul(relu(z), z))))(xs);
    const g0 = vmap(grad((z: Tensor) => sum(mul(composite(z), z))))(xs);
    expectBits(g.data(), g0.data(), "vmap grad");
  });

  it("integer tensors keep the composite (an int32 result, no relu equation)", () => {
    const x = tensor([-3, 0, 4], { dtype: "int32" });
    expect(relu(x).dtype).toBe("int32");
    expect(Array.from(relu(x).data())).toEqual([0, 0, 4]);
    expect(trace((z: Tensor) => relu(z), x).equations.map((e) => e.prim.name)).not.toContain("relu");
  });
});
