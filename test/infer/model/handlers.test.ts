import { describe, expect, it } from "vitest";
import { distributions as D, infer, manualSeed, random, tensor, type Tensor } from "../../../src/index.js";

const { trace, condition, substitute, seed, block, scale, mask, replay } = infer.handlers;
const f64 = { dtype: "float64" } as const;
const num = (t: Tensor): number => t.item();

/** mu ~ N(0, 1); y ~ N(mu, 1) observed at 0.5. */
const model = (): Tensor => {
  const mu = infer.sample("mu", new D.Normal(tensor(0, f64), 1));
  infer.sample("y", new D.Normal(mu, 1), { obs: tensor(0.5, f64) });
  return mu;
};
const normalLp = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

describe("primitives outside handlers", () => {
  it("sample draws from the global generator (manualSeed reproduces) and returns obs as given", () => {
    manualSeed(3);
    const a = num(infer.sample("x", new D.Normal(0, 1)));
    manualSeed(3);
    const b = num(infer.sample("x", new D.Normal(0, 1)));
    expect(a).toBe(b);
    expect(num(infer.sample("x", new D.Normal(0, 1), { obs: 2 }))).toBe(2);
    expect(num(infer.deterministic("d", 4))).toBe(4);
    expect(num(infer.param("p", 1.5))).toBe(1.5);
  });
});

describe("trace", () => {
  it("records sites in order with type, fn, value, isObserved and logProb", () => {
    const tr = trace(seed(model, 0)).getTrace();
    expect(tr.names).toEqual(["mu", "y"]);
    const mu = tr.get("mu")!;
    const y = tr.get("y")!;
    expect(mu.type).toBe("sample");
    expect(mu.isObserved).toBe(false);
    expect(y.isObserved).toBe(true);
    expect(mu.fn).toBeInstanceOf(D.Normal);
    expect(num(y.value)).toBe(0.5);
    const m = num(mu.value);
    expect(num(mu.logProb)).toBeCloseTo(normalLp(m, 0, 1), 12);
    expect(num(tr.logProbSum())).toBeCloseTo(normalLp(m, 0, 1) + normalLp(0.5, m, 1), 12);
    expect(tr.latentSites().map((s) => s.name)).toEqual(["mu"]);
  });

  it("records deterministic and param sites, factors as observed sites whose logProb is the weight", () => {
    const tr = trace(() => {
      const p = infer.param("p", 2);
      infer.deterministic("twice", p.mul(2));
      infer.factor("f", tensor([1, 2], f64));
    }).getTrace();
    expect(tr.get("p")!.type).toBe("param");
    expect(num(tr.get("twice")!.value)).toBe(4);
    expect(tr.get("f")!.isObserved).toBe(true);
    expect(num(tr.logProbSum())).toBe(3);
  });
});

describe("seed", () => {
  it("the same seed gives the same draws; a different seed different ones; keys as seeds work", () => {
    const draw = (s: number | ReturnType<typeof random.key>): number => num(trace(seed(model, s)).getTrace().get("mu")!.value);
    expect(draw(1)).toBe(draw(1));
    expect(draw(1)).not.toBe(draw(2));
    expect(draw(random.key(1))).toBe(draw(1));
  });

  it("does not consume the global generator", () => {
    manualSeed(5);
    trace(seed(model, 0)).getTrace();
    const after = num(new D.Normal(0, 1).sample());
    manualSeed(5);
    expect(num(new D.Normal(0, 1).sample())).toBe(after);
  });
});

describe("condition and substitute", () => {
  it("condition makes a latent site observed at the value; its logProb counts", () => {
    const tr = trace(condition(model, { mu: tensor(0.25, f64) })).getTrace();
    expect(tr.get("mu")!.isObserved).toBe(true);
    expect(num(tr.get("mu")!.value)).toBe(0.25);
    expect(tr.latentSites()).toEqual([]);
    expect(num(tr.logProbSum())).toBeCloseTo(normalLp(0.25, 0, 1) + normalLp(0.5, 0.25, 1), 12);
  });

  it("substitute sets the value but keeps the site latent; works with a function", () => {
    const tr = trace(substitute(model, { mu: 0.25 })).getTrace();
    expect(tr.get("mu")!.isObserved).toBe(false);
    expect(num(tr.get("mu")!.value)).toBe(0.25);
    const tr2 = trace(substitute(model, (site) => (site.name === "mu" ? -1 : undefined))).getTrace();
    expect(num(tr2.get("mu")!.value)).toBe(-1);
    const p = trace(substitute(() => infer.param("p", 1), { p: 3 })).getTrace();
    expect(num(p.get("p")!.value)).toBe(3);
  });
});

describe("block", () => {
  it("hides every site by default, or only those named; hidden sites still run", () => {
    expect(trace(block(seed(model, 0))).getTrace().names).toEqual([]);
    const tr = trace(block(seed(model, 0), { hide: ["mu"] })).getTrace();
    expect(tr.names).toEqual(["y"]);
    expect(trace(block(seed(model, 0), { expose: ["mu"] })).getTrace().names).toEqual(["mu"]);
    // A blocked site is not conditioned by a handler outside the block.
    const blocked = trace(condition(block(seed(model, 0), { hide: ["mu"] }), { mu: 7 })).getTrace();
    expect(blocked.has("mu")).toBe(false);
    const ret = condition(block(seed(model, 0), { hide: ["mu"] }), { mu: 7 })();
    expect(num(ret)).not.toBe(7);
  });
});

describe("scale and mask", () => {
  it("scale multiplies the log density; nested scales multiply", () => {
    const plain = trace(seed(model, 0)).getTrace();
    const scaled = trace(scale(scale(seed(model, 0), 2), 3)).getTrace();
    expect(num(scaled.get("mu")!.logProb)).toBeCloseTo(6 * num(plain.get("mu")!.logProb), 12);
    expect(scaled.get("mu")!.scale).toBe(6);
    expect(num(scaled.logProbSum())).toBeCloseTo(6 * num(plain.logProbSum()), 12);
  });

  it("mask zeroes the log density where false (bool tensor or boolean)", () => {
    const vec = (): void => {
      infer.sample("v", new D.Normal(tensor([0, 0, 0], f64), 1), { obs: tensor([1, 2, 3], f64) });
    };
    const tr = trace(mask(vec, tensor([true, false, true]))).getTrace();
    expect(tr.get("v")!.logProb.toArray()).toEqual([normalLp(1, 0, 1), 0, normalLp(3, 0, 1)].map((x) => expect.closeTo(x, 12)));
    expect(num(trace(mask(model, false)).getTrace().logProbSum())).toBe(0);
    expect(num(trace(mask(mask(vec, tensor([true, true, false])), tensor([false, true, true]))).getTrace().logProbSum())).toBeCloseTo(normalLp(2, 0, 1), 12);
  });
});

describe("replay", () => {
  it("latent sites take the recorded values, observed sites keep their data", () => {
    const guide = (): void => {
      infer.sample("mu", new D.Normal(3, 0.1));
    };
    const gt = trace(seed(guide, 4)).getTrace();
    const tr = trace(replay(seed(model, 9), gt)).getTrace();
    expect(num(tr.get("mu")!.value)).toBe(num(gt.get("mu")!.value));
    expect(num(tr.get("y")!.value)).toBe(0.5);
    const again = trace(replay(seed(model, 10), trace(seed(model, 9)).getTrace())).getTrace();
    expect(num(again.get("mu")!.value)).toBe(num(trace(seed(model, 9)).getTrace().get("mu")!.value));
  });
});
