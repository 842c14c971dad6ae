import { describe, expect, it } from "vitest";
import { distributions as D, grad, linalg, random, sub, sum, tensor, type Tensor } from "../../src/index.js";

const f64 = (x: number | number[] | number[][]): Tensor => tensor(x as number[], { dtype: "float64" });
const key = random.key(3);
const N = 20000;
const cov = [[2, 0.6], [0.6, 1]];

describe("MultivariateNormal", () => {
  it("logProb equals the closed form for each parameterisation", () => {
    const x = [0.5, -1];
    const mu = [0.2, 0.1];
    const det = 2 - 0.36;
    const dx = [x[0]! - mu[0]!, x[1]! - mu[1]!];
    const maha = (cov[1]![1]! * dx[0]! ** 2 - 2 * 0.6 * dx[0]! * dx[1]! + cov[0]![0]! * dx[1]! ** 2) / det;
    const exact = -0.5 * (maha + 2 * Math.log(2 * Math.PI) + Math.log(det));
    const L = linalg.cholesky(f64(cov));
    const byCov = new D.MultivariateNormal(f64(mu), { covarianceMatrix: f64(cov) });
    const byTril = new D.MultivariateNormal(f64(mu), { scaleTril: L });
    const byPrec = new D.MultivariateNormal(f64(mu), { precisionMatrix: linalg.inv(f64(cov)) });
    for (const d of [byCov, byTril, byPrec]) expect(d.logProb(f64(x)).item()).toBeCloseTo(exact, 12);
    expect(byCov.entropy().item()).toBeCloseTo(1 + Math.log(2 * Math.PI) + 0.5 * Math.log(det), 12);
    expect(Array.from(byCov.variance.data())).toEqual([2, 1].map((v) => expect.closeTo(v, 12)) as unknown as number[]);
    expect(byPrec.covarianceMatrix.data()[1]).toBeCloseTo(0.6, 12);
  });

  it("batches, samples with the right covariance, and rsample is pathwise", () => {
    const d = new D.MultivariateNormal(f64([[0, 0], [1, 2]]), { covarianceMatrix: f64(cov) });
    expect(d.batchShape).toEqual([2]);
    expect(d.eventShape).toEqual([2]);
    expect(d.logProb(f64([0, 0])).shape).toEqual([2]);
    const s = d.sample([N], key).data();
    let c01 = 0;
    for (let i = 0; i < N; i++) c01 += s[i * 4]! * s[i * 4 + 1]!;
    c01 /= N;
    // se of the sample covariance: √((Σ00Σ11 + Σ01²)/N).
    expect(Math.abs(c01 - 0.6)).toBeLessThan(5 * Math.sqrt((2 + 0.36) / N));
    // ∇μ E[Σ xᵢ] = (1, 1) exactly, for every sample.
    const g = grad((m: Tensor) => sum(new D.MultivariateNormal(m, { covarianceMatrix: f64(cov) }).rsample([10], key)))(f64([0, 0]));
    expect(Array.from(g.data())).toEqual([10, 10]);
  });

  it("KL against Monte Carlo and invalid matrices", () => {
    const p = new D.MultivariateNormal(f64([0.5, 0]), { covarianceMatrix: f64(cov) });
    const q = new D.MultivariateNormal(f64([0, 1]), { scaleTril: f64([[1, 0], [0.5, 1.5]]) });
    const x = p.sample([N], key);
    const dlp = Array.from(sub(p.logProb(x), q.logProb(x)).data());
    const m = dlp.reduce((a, b) => a + b, 0) / N;
    const se = Math.sqrt(dlp.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1) / N);
    expect(Math.abs(D.klDivergence(p, q).item() - m)).toBeLessThan(5 * se);
    expect(D.klDivergence(p, p).item()).toBeCloseTo(0, 12);
    expect(() => new D.MultivariateNormal(f64([0, 0]), { covarianceMatrix: f64([[1, 2], [2, 1]]) }))
      .toThrow(/^MultivariateNormal: covarianceMatrix must be in positiveDefinite, got \[1, 2, 2, 1\]$/);
    expect(() => new D.MultivariateNormal(f64([0, 0]), { scaleTril: f64([[1, 1], [0, 1]]) })).toThrow(/MultivariateNormal: scaleTril must be in lowerCholesky/);
    expect(() => new D.MultivariateNormal(f64([0, 0]), {})).toThrow(/exactly one of covarianceMatrix, precisionMatrix and scaleTril, got none/);
    expect(() => new D.MultivariateNormal(f64([0, 0, 0]), { covarianceMatrix: f64(cov) })).toThrow(/loc must end with the matrix size 2/);
  });
});
