import { describe, expect, it } from "vitest";
import { ArgumentError, distributions as D, infer, log, relu, ShapeError, sub, tensor, zeros, type Tensor } from "../../../src/index.js";

const f64 = { dtype: "float64" } as const;

/** A constraint with no registered bijection (not discrete). */
class Weird extends D.Constraint {
  readonly name = "weird";
  check(value: Parameters<D.Constraint["check"]>[0]): ReturnType<D.Constraint["check"]> {
    return D.constraints.real.check(value);
  }
}
class WeirdNormal extends D.Normal {
  override get support(): D.Constraint {
    return new Weird();
  }
}

describe("model errors name the site", () => {
  it("a latent of discrete support", () => {
    const m = (): void => {
      infer.sample("coin", new D.Bernoulli({ probs: tensor(0.3, f64) }));
    };
    expect(() => infer.logDensity(m)).toThrow(ArgumentError);
    expect(() => infer.logDensity(m)).toThrow(/latent site "coin" \(Bernoulli\) has the discrete support/);
  });

  it("a latent whose support has no bijection", () => {
    const m = (): void => {
      infer.sample("odd", new WeirdNormal(tensor(0, f64), 1));
    };
    expect(() => infer.logDensity(m)).toThrow(/latent site "odd" \(WeirdNormal\) has the support weird, which has no bijection/);
  });

  it("an obs of the wrong shape", () => {
    const m = (): void => {
      infer.sample("y", new D.Normal(tensor([0, 0, 0], f64), 1), { obs: tensor([1, 2], f64) });
    };
    expect(() => m()).toThrow(ShapeError);
    expect(() => infer.handlers.trace(m).getTrace()).toThrow(/infer.sample: the observed value of site "y" has shape \[2\], which does not match the batch shape \[3\]/);
    // The distribution may broadcast to the data, never the data to the distribution.
    const up = (): void => {
      infer.sample("y", new D.Normal(tensor([0, 0, 0], f64), 1), { obs: tensor([1], f64) });
    };
    expect(() => infer.handlers.trace(up).getTrace()).toThrow(ShapeError);
    const ok = (): void => {
      infer.sample("y", new D.Normal(tensor(0, f64), 1), { obs: tensor([1, 2], f64) });
    };
    expect(infer.handlers.trace(ok).getTrace().logProbSum().item()).toBeCloseTo(-0.5 * 5 - Math.log(2 * Math.PI), 12);
    // Condition data are checked too.
    const cond = infer.handlers.condition(() => infer.sample("z", new D.Dirichlet(tensor([1, 1, 1], f64))), { z: tensor([0.5, 0.5], f64) });
    expect(() => cond()).toThrow(/site "z".*event shape \[3\]/);
  });

  it("a sample name used twice", () => {
    const m = (): void => {
      infer.sample("x", new D.Normal(tensor(0, f64), 1));
      infer.sample("x", new D.Normal(tensor(0, f64), 1));
    };
    expect(() => infer.handlers.trace(m).getTrace()).toThrow(ArgumentError);
    expect(() => infer.logDensity(m)).toThrow(/site name "x" is used twice/);
  });

  it("zero-size data", () => {
    const m = (): void => {
      const mu = infer.sample("mu", new D.Normal(tensor(0, f64), 1));
      infer.sample("y", new D.Normal(mu, 1), { obs: zeros([0], f64) });
    };
    expect(() => infer.logDensity(m)).toThrow(ShapeError);
    expect(() => infer.logDensity(m)).toThrow(/site "y" has zero size/);
    const inPlate = (y: Tensor): void => {
      const mu = infer.sample("mu", new D.Normal(tensor(0, f64), 1));
      infer.plate("data", y.shape[0]!, () => infer.sample("y", new D.Normal(mu, 1), { obs: y }));
    };
    expect(() => infer.logDensity(inPlate, { args: [zeros([0], f64)] })).toThrow(/infer.plate: size must be at least 1 \(plate "data" has no elements: zero-size data\?\), got the number 0/);
  });

  it("a model with no latent sites", () => {
    expect(() => infer.logDensity(() => infer.sample("y", new D.Normal(0, 1), { obs: 1 }))).toThrow(/no latent sample sites/);
  });

  it("a subsampled plate around a latent site", () => {
    const m = (): void => {
      infer.plate("N", 10, () => infer.sample("z", new D.Normal(tensor(0, f64), 1)), { subsampleSize: 5 });
    };
    expect(() => infer.logDensity(m)).toThrow(/latent site "z" is inside plate "N", which subsamples 5 of 10/);
  });
});

describe("checkInitial", () => {
  const wall = (): void => {
    const x = infer.sample("x", new D.Normal(tensor(0, f64), 1));
    infer.factor("wall", log(relu(sub(x, 5)))); // −∞ for x ≤ 5
  };
  const ld = infer.logDensity(wall);

  it("returns log p at a good point", () => {
    const lp = infer.checkInitial(ld, new Float64Array([6]));
    expect(lp).toBeCloseTo(-18 - 0.5 * Math.log(2 * Math.PI) + Math.log(1), 12);
  });

  it("names the site whose term is −∞ or NaN at the initial point", () => {
    expect(() => infer.checkInitial(ld, new Float64Array([0]))).toThrow(ArgumentError);
    expect(() => infer.checkInitial(ld, new Float64Array([0]))).toThrow(/log density is -Infinity at the initial point: site "wall" has log density -Infinity/);
    const nan = infer.logDensity((): void => {
      const x = infer.sample("x", new D.Normal(tensor(0, f64), 1));
      infer.factor("sqrtNeg", log(sub(x, 5)));
    });
    expect(() => infer.checkInitial(nan, new Float64Array([0]))).toThrow(/log density is NaN.*site "sqrtNeg" has log density NaN/);
  });

  it("works on any Potential and checks its arguments", () => {
    const flat = { dim: 1, logDensityAndGrad: (): number => -Infinity };
    expect(() => infer.checkInitial(flat, new Float64Array(1))).toThrow(/infer.checkInitial: the log density is -Infinity at the initial point;/);
    expect(() => infer.checkInitial(ld, new Float64Array(2))).toThrow(/q must be a Float64Array of length 1/);
    expect(() => infer.checkInitial(ld, new Float64Array([NaN]))).toThrow(/q must be finite/);
  });
});

describe("param", () => {
  it("an init outside the constraint is an error naming the site", () => {
    expect(() => infer.param("scale", -1, { constraint: D.constraints.positive })).toThrow(/infer.param: init of site "scale" must be in greaterThan\(0\), got -1/);
    expect(infer.param("scale", 2, { constraint: D.constraints.positive }).item()).toBe(2);
    const tr = infer.handlers.trace(() => infer.param("w", () => tensor([1, 2], f64), { constraint: D.constraints.positive })).getTrace();
    expect(tr.get("w")!.constraint).toBe(D.constraints.positive);
  });
});
