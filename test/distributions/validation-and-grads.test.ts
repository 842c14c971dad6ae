import { describe, expect, it } from "vitest";
import { ArgumentError, compile, distributions as D, grad, hessian, jvp, tensor, type Tensor } from "../../src/index.js";

const f64 = (x: number | number[] | number[][]): Tensor => tensor(x as number[], { dtype: "float64" });

describe("invalid parameters raise an ArgumentError naming the distribution, the parameter and the value", () => {
  it.each([
    [() => new D.Normal(0, -1), /^Normal: scale must be in greaterThan\(0\), got -1$/],
    [() => new D.Normal(f64([0, 1]), f64([1, 0])), /^Normal: scale must be in greaterThan\(0\), got 0 at index \[1\]$/],
    [() => new D.Normal(NaN, 1), /^Normal: loc must be in real, got NaN$/],
    [() => new D.Uniform(2, 1), /^Uniform: low must be less than high/],
    [() => new D.Exponential(0), /^Exponential: rate must be in greaterThan\(0\), got 0$/],
    [() => new D.Gamma(-1, 1), /^Gamma: concentration must be in greaterThan\(0\), got -1$/],
    [() => new D.Chi2(-2), /^Chi2: df must be in greaterThan\(0\), got -2$/],
    [() => new D.Beta(1, 0), /^Beta: concentration0 must be in greaterThan\(0\), got 0$/],
    [() => new D.Dirichlet(f64([1, -1])), /^Dirichlet: concentration must be in independent\(greaterThan\(0\), 1\), got \[1, -1\]$/],
    [() => new D.StudentT(0), /^StudentT: df must be in greaterThan\(0\), got 0$/],
    [() => new D.Bernoulli({ probs: 1.5 }), /^Bernoulli: probs must be in interval\(0, 1\), got 1\.5$/],
    [() => new D.Bernoulli({ probs: 0.5, logits: 0 }), /^Bernoulli: options must give exactly one of probs and logits, got both$/],
    [() => new D.Categorical({ probs: f64([0.5, -0.5]) }), /^Categorical: probs must be in independent\(greaterThanEq\(0\), 1\), got \[0\.5, -0\.5\]$/],
    [() => new D.Poisson(-3), /^Poisson: rate must be in greaterThanEq\(0\), got -3$/],
    [() => new D.Binomial(2.5, { probs: 0.5 }), /^Binomial: totalCount must be in nonnegativeInteger, got 2\.5$/],
    [() => new D.Geometric({ probs: 0 }), /^Geometric: probs must be in greaterThan\(0\), got 0$/],
    [() => new D.LowRankMultivariateNormal(f64([0, 0]), f64([[1], [1]]), f64([1, 0])), /^LowRankMultivariateNormal: covDiag must be in independent\(greaterThan\(0\), 1\), got \[1, 0\]$/],
    [() => new D.LKJCholesky(3, -2), /^LKJCholesky: concentration must be in greaterThan\(0\), got -2$/],
    [() => new D.Laplace(0, "1" as never), /^Laplace: scale must be a number or a tensor, got the string "1"$/],
    [() => new D.Delta(f64([1, 2]), { logDensity: f64([0, 0, 0]) }), /^Delta: options\.logDensity of shape \[3\] must broadcast to the batch shape \[2\]$/],
    [() => new D.Normal(0, 1, { validateArgs: 1 as never }), /^Normal: options\.validateArgs must be a boolean, got the number 1$/],
  ] as const)("%#", (make, message) => {
    expect(make).toThrow(String(message).includes("logDensity") ? Error : ArgumentError);
    expect(make).toThrow(message);
  });

  it("validateArgs: false skips the checks", () => {
    expect(new D.Normal(0, -1, { validateArgs: false }).scale.item()).toBe(-1);
    expect(new D.Bernoulli({ probs: 1.5, validateArgs: false }).probs.item()).toBe(1.5);
    expect(new D.Gamma(-1, 1, { validateArgs: false }).batchShape).toEqual([]);
  });

  it("bad sample and icdf arguments name the method", () => {
    const d = new D.Normal(0, 1);
    expect(() => d.sample([-1])).toThrow(/Normal\.sample: shape\[0\] must be a non-negative integer/);
    expect(() => d.sample([2], "key" as never)).toThrow(/Normal\.sample: key must be a key/);
    expect(() => d.icdf(1.5)).toThrow(/Normal\.icdf: p must be in interval\(0, 1\), got 1\.5/);
    expect(() => d.logProb("x" as never)).toThrow(/Normal\.logProb: value must be a number or a tensor/);
    expect(() => new D.Poisson(2).icdf(0.5)).toThrow(/Poisson\.icdf: not available for Poisson/);
  });
});

describe("densities differentiate in every parameter and in the value", () => {
  it("Normal: ∂/∂μ, ∂/∂σ, ∂/∂x of log p against closed forms; the Hessian in (μ, σ)", () => {
    const [mu, s, x] = [0.3, 1.7, 1.1];
    const f = (m: Tensor, sc: Tensor, v: Tensor): Tensor => new D.Normal(m, sc).logProb(v);
    const [gm, gs, gx] = grad(f, { argnums: [0, 1, 2] })(f64(mu), f64(s), f64(x));
    const z = (x - mu) / s;
    expect(gm.item()).toBeCloseTo(z / s, 12);
    expect(gs.item()).toBeCloseTo((z * z - 1) / s, 12);
    expect(gx.item()).toBeCloseTo(-z / s, 12);
    const H = hessian((m: Tensor, sc: Tensor) => f(m, sc, f64(x)), { argnums: [0, 1] })(f64(mu), f64(s));
    expect(H[0][0].item()).toBeCloseTo(-1 / (s * s), 12);
    expect(H[0][1].item()).toBeCloseTo(-2 * z / (s * s), 12);
    expect(H[1][1].item()).toBeCloseTo((1 - 3 * z * z) / (s * s), 12);
  });

  it("Gamma: ∂/∂α = log β + log x − ψ(α), ∂/∂β = α/β − x; the second derivative in α is −ψ′(α)", () => {
    const f = (a: Tensor, b: Tensor): Tensor => new D.Gamma(a, b).logProb(f64(0.8));
    const [ga, gb] = grad(f, { argnums: [0, 1] })(f64(1), f64(2));
    const eulerGamma = 0.5772156649015329;
    expect(ga.item()).toBeCloseTo(Math.log(2) + Math.log(0.8) + eulerGamma, 10);
    expect(gb.item()).toBeCloseTo(0.5 - 0.8, 12);
    expect(hessian((a: Tensor) => f(a, f64(2)))(f64(1)).item()).toBeCloseTo(-(Math.PI ** 2) / 6, 10);
  });

  it("Bernoulli, Categorical and Poisson: gradients in logits/rate; forward mode agrees", () => {
    expect(grad((l: Tensor) => new D.Bernoulli({ logits: l }).logProb(f64(1)))(f64(0.4)).item()).toBeCloseTo(1 - 1 / (1 + Math.exp(-0.4)), 12);
    const gl = grad((l: Tensor) => new D.Categorical({ logits: l }).logProb(f64(2)))(f64([0, 1, 2])).data();
    const z = 1 + Math.E + Math.E ** 2;
    expect(Array.from(gl).map((v) => +v.toFixed(12))).toEqual([-1 / z, -Math.E / z, 1 - Math.E ** 2 / z].map((v) => +v.toFixed(12)));
    expect(grad((r: Tensor) => new D.Poisson(r).logProb(f64(4)))(f64(2.5)).item()).toBeCloseTo(4 / 2.5 - 1, 12);
    const [, t] = jvp((r: Tensor) => new D.Poisson(r).logProb(f64(4)), [f64(2.5)], [f64(1)]);
    expect(t.item()).toBeCloseTo(4 / 2.5 - 1, 12);
  });

  it("eager requiresGrad parameters get .grad from backward()", () => {
    const loc = f64(0.5);
    loc.requiresGrad = true;
    new D.Normal(loc, 2).logProb(f64(1.5)).backward();
    expect(loc.grad!.item()).toBeCloseTo(0.25, 12);
  });

  it("inside compile the value checks are skipped, not an error", () => {
    const lp = compile((m: Tensor, x: Tensor) => new D.Normal(m, 1).logProb(x));
    expect(lp(f64(0), f64(0)).item()).toBeCloseTo(-0.9189385332046727, 12);
  });
});
