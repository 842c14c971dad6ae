import { describe, expect, it } from "vitest";
import { ArgumentError, distributions as D, infer, manualSeed, optim, tensor, type Tensor } from "../../../src/index.js";

const f64 = { dtype: "float64" } as const;
const x5 = tensor([2.1, 1.3, 2.9, 1.8, 2.4], f64);
const model = (x: Tensor): void => {
  const z = infer.sample("z", new D.Normal(tensor(0, f64), 1));
  const s = infer.sample("s", new D.HalfNormal(tensor(2, f64)));
  infer.plate("data", 5, () => infer.sample("x", new D.Normal(z, s), { obs: x }));
};

/** Parameters after `steps` SVI steps with the given optimizer (the same seed, guide and data). */
function fit(optimizer: Parameters<typeof infer.svi>[2], steps: number): Record<string, number[]> {
  const guide = infer.autoguides.normal(model);
  const svi = infer.svi(model, guide, optimizer, { args: [x5], seed: 3 });
  svi.run(steps);
  return Object.fromEntries(Object.entries(svi.params).map(([k, v]) => [k, Array.from(v.data() as ArrayLike<number>)]));
}

describe("infer.svi with an eager optimizer (optim.Adam, optim.SGD, … made over the parameters)", () => {
  it("optim.Adam gives the same parameters as optim.functional.adam, bit for bit", () => {
    const functional = fit(optim.functional.adam({ lr: 0.05 }), 50);
    const eager = fit((ps) => new optim.Adam(ps, { lr: 0.05 }), 50);
    expect(eager).toEqual(functional);
    expect(eager.auto_loc![0]).not.toBe(0); // it moved
  });

  it("optim.SGD with momentum matches optim.functional.sgd; init() restarts with a fresh optimizer", () => {
    const functional = fit(optim.functional.sgd({ lr: 0.01, momentum: 0.9 }), 30);
    let made = 0;
    const eager = fit((ps) => (made++, new optim.SGD(ps, { lr: 0.01, momentum: 0.9 })), 30);
    expect(eager).toEqual(functional);
    expect(made).toBe(1);
  });

  it("a function that returns no optimizer, or one over other tensors, is an error naming infer.svi", () => {
    const guide = infer.autoguides.normal(model);
    const bad = infer.svi(model, guide, (() => 3) as never, { args: [x5] });
    expect(() => bad.step()).toThrow(ArgumentError);
    expect(() => bad.step()).toThrow(/infer.svi: optimizer must be a gradient transformation or a function \(params\) => an optimizer/);
    const other = infer.svi(model, guide, () => new optim.SGD([tensor([1], { ...f64, requiresGrad: true })], { lr: 0.1 }), { args: [x5] });
    expect(() => other.step()).toThrow(/infer.svi: the optimizer made by the optimizer function does not update the parameters auto_loc, auto_scale/);
    expect(() => infer.svi(model, guide, 5 as never)).toThrow(/infer.svi: optimizer must be a gradient transformation/);
  });
});

describe("infer.svi is reproducible from its seed", () => {
  // The guide's draws take keys from the seed (the reparameterising handler used to draw before
  // `seed` had given the site its key, so draws came from the global generator).
  it("the same seed gives the same losses, whatever the global generator did in between", () => {
    const losses = (): number[] => {
      const guide = infer.autoguides.normal(model);
      const svi = infer.svi(model, guide, optim.functional.adam({ lr: 0.05 }), { args: [x5], seed: 11 });
      const out = Array.from(svi.run(5).losses);
      manualSeed(Math.floor(out[0]! * 1000)); // disturb the global generator
      return out;
    };
    const a = losses();
    expect(losses()).toEqual(a);
  });
});
