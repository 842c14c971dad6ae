// LowRankMultivariateNormal: densities, entropy, KL against the full-covariance MultivariateNormal
// (an independent computation: Cholesky instead of Woodbury and the determinant lemma), moments
// within the Monte Carlo standard error, a KS test on projections, gradients against finite
// differences, validation and shapes. Float64, seeded keys.
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, distributions as D, grad, hessian, linalg, random, sum, tensor, type Tensor } from "../../src/index.js";
import { ksCritical, ksStatistic } from "../random/stats.js";

const f64 = (x: number | number[] | number[][] | number[][][]): Tensor => tensor(x as number[], { dtype: "float64" });
const loc = [0.5, -1, 2];
const W = [[1, 0.2], [-0.5, 0.7], [0.3, -1.2]];
const Dg = [0.4, 1.1, 0.25];
/** WWᵀ + diag(D) as nested arrays. */
function fullCov(w: number[][], dg: number[]): number[][] {
  return dg.map((di, i) => dg.map((_, j) => w[i]!.reduce((s, wik, k) => s + wik * w[j]![k]!, 0) + (i === j ? di : 0)));
}
const rel = (u: number, v: number): number => Math.abs(u - v) / Math.max(1, Math.abs(v));

describe("LowRankMultivariateNormal", () => {
  const lr = new D.LowRankMultivariateNormal(f64(loc), f64(W), f64(Dg));
  const mvn = new D.MultivariateNormal(f64(loc), { covarianceMatrix: f64(fullCov(W, Dg)) });

  it("logProb, entropy, covariance, precision and variance equal the full-covariance normal's", () => {
    const xs = f64([[0, 0, 0], [1.5, -2, 3], [-4, 1, 0.2]]);
    const a = lr.logProb(xs).data();
    const b = mvn.logProb(xs).data();
    for (let i = 0; i < 3; i++) expect(rel(a[i]!, b[i]!)).toBeLessThan(1e-13);
    expect(rel(lr.entropy().item(), mvn.entropy().item())).toBeLessThan(1e-13);
    const close = (x: Tensor, y: Tensor): void => x.data().forEach((v, i) => expect(rel(v as number, y.data()[i] as number)).toBeLessThan(1e-12));
    close(lr.covarianceMatrix, f64(fullCov(W, Dg)));
    close(lr.precisionMatrix, linalg.inv(f64(fullCov(W, Dg))));
    close(lr.variance, f64(fullCov(W, Dg).map((r, i) => r[i]!)));
    close(lr.scaleTril, mvn.scaleTril);
    expect(Array.from(lr.mean.data())).toEqual(loc);
    expect(Array.from(lr.mode.data())).toEqual(loc);
  });

  it("batch shapes broadcast (loc [2, 3], W [3, 2], D [3]); expand keeps the density", () => {
    const d = new D.LowRankMultivariateNormal(f64([loc, [0, 0, 0]]), f64(W), f64(Dg));
    expect(d.batchShape).toEqual([2]);
    expect(d.eventShape).toEqual([3]);
    expect(d.covFactor.shape).toEqual([2, 3, 2]);
    const x = f64([1, 1, 1]);
    expect(rel(d.logProb(x).data()[0]!, lr.logProb(x).item())).toBeLessThan(1e-14);
    const e = lr.expand([4, 2]);
    expect(e.batchShape).toEqual([4, 2]);
    expect(e.logProb(x).shape).toEqual([4, 2]);
    expect(rel(e.logProb(x).data()[5]!, lr.logProb(x).item())).toBeLessThan(1e-14);
    expect(e.sample([3], random.key(1)).shape).toEqual([3, 4, 2, 3]);
  });

  it("rsample: mean and covariance within 5 Monte Carlo standard errors (N = 40000)", () => {
    const n = 40000;
    const s = lr.rsample([n], random.key(11)).data();
    const S = fullCov(W, Dg);
    for (let i = 0; i < 3; i++) {
      let m = 0;
      for (let k = 0; k < n; k++) m += s[k * 3 + i]!;
      m /= n;
      expect(Math.abs(m - loc[i]!), `mean ${i}`).toBeLessThan(5 * Math.sqrt(S[i]![i]! / n));
      for (let j = 0; j <= i; j++) {
        // the covariance estimate with the known mean: se² = (ΣiiΣjj + Σij²)/n
        let c = 0;
        for (let k = 0; k < n; k++) c += (s[k * 3 + i]! - loc[i]!) * (s[k * 3 + j]! - loc[j]!);
        c /= n;
        expect(Math.abs(c - S[i]![j]!), `cov ${i}${j}`).toBeLessThan(5 * Math.sqrt((S[i]![i]! * S[j]![j]! + S[i]![j]! ** 2) / n));
      }
    }
  });

  it("goodness of fit: a projection aᵀx is N(aᵀμ, aᵀΣa) by Kolmogorov–Smirnov", () => {
    const n = 5000;
    const s = lr.sample([n], random.key(5)).data();
    const a = [0.3, -1, 0.8];
    const S = fullCov(W, Dg);
    const mu = a.reduce((t, ai, i) => t + ai * loc[i]!, 0);
    const v = a.reduce((t, ai, i) => t + a.reduce((u, aj, j) => u + ai * S[i]![j]! * aj, 0), 0);
    const proj = Array.from({ length: n }, (_, k) => a.reduce((t, ai, i) => t + ai * s[k * 3 + i]!, 0));
    const normal = new D.Normal(f64(mu), f64(Math.sqrt(v)));
    expect(ksStatistic(proj, (x) => normal.cdf(f64(x)).item())).toBeLessThan(ksCritical(n));
  });

  it("rsample is pathwise: the gradient of a same-key sample function matches central differences", () => {
    const key = random.key(2);
    const f = (w: Tensor): Tensor => sum(new D.LowRankMultivariateNormal(f64(loc), w, f64(Dg)).rsample([4], key).square());
    const g = grad(f)(f64(W)).data();
    const h = 1e-6;
    W.flat().forEach((_, i) => {
      const plus = W.flat().slice();
      const minus = W.flat().slice();
      plus[i]! += h;
      minus[i]! -= h;
      const fd = (f(f64(plus).reshape([3, 2])).item() - f(f64(minus).reshape([3, 2])).item()) / (2 * h);
      expect(Math.abs(g[i]! - fd), `W[${i}]`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
    });
  });

  it("logProb differentiates in loc, covFactor, covDiag and the value like the full normal, to second order", () => {
    const x = f64([1, 0.5, -0.3]);
    const viaLr = (l: Tensor, w: Tensor, dg: Tensor): Tensor => new D.LowRankMultivariateNormal(l, w, dg).logProb(x);
    const viaMvn = (l: Tensor, w: Tensor, dg: Tensor): Tensor =>
      new D.MultivariateNormal(l, { covarianceMatrix: w.matmul(w.T).add(dg.unsqueeze(-1).mul(tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]], { dtype: "float64" }))) }).logProb(x);
    const args = [f64(loc), f64(W), f64(Dg)];
    const ga = grad(viaLr, { argnums: [0, 1, 2] })(...(args as [Tensor, Tensor, Tensor]));
    const gb = grad(viaMvn, { argnums: [0, 1, 2] })(...(args as [Tensor, Tensor, Tensor]));
    ga.forEach((g, k) => g.data().forEach((v, i) => expect(rel(v as number, gb[k]!.data()[i] as number), `arg ${k}[${i}]`).toBeLessThan(1e-11)));
    const ha = hessian((dg: Tensor) => viaLr(args[0]!, args[1]!, dg))(args[2]!).data();
    const hb = hessian((dg: Tensor) => viaMvn(args[0]!, args[1]!, dg))(args[2]!).data();
    ha.forEach((v, i) => expect(rel(v as number, hb[i] as number)).toBeLessThan(1e-10));
    const gx = grad((v: Tensor) => lr.logProb(v))(x).data();
    const gxm = grad((v: Tensor) => mvn.logProb(v))(x).data();
    gx.forEach((v, i) => expect(rel(v as number, gxm[i] as number)).toBeLessThan(1e-12));
  });

  it("KL: LowRank–LowRank, MVN–LowRank and LowRank–MVN equal the full-covariance KL; LowRank–LowRank against Monte Carlo", () => {
    const W2 = [[0.1, -0.3, 0.5], [0.9, 0.2, 0], [-0.4, 0.6, 1]];
    const D2 = [1.3, 0.6, 2];
    const loc2 = [0, 1, -1];
    const q = new D.LowRankMultivariateNormal(f64(loc2), f64(W2), f64(D2));
    const qm = new D.MultivariateNormal(f64(loc2), { covarianceMatrix: f64(fullCov(W2, D2)) });
    const exact = D.klDivergence(mvn, qm).item();
    expect(rel(D.klDivergence(lr, q).item(), exact)).toBeLessThan(1e-12);
    expect(rel(D.klDivergence(mvn, q).item(), exact)).toBeLessThan(1e-12);
    expect(rel(D.klDivergence(lr, qm).item(), exact)).toBeLessThan(1e-12);
    const n = 20000;
    const xs = lr.sample([n], random.key(8));
    const diff = lr.logProb(xs).sub(q.logProb(xs)).data();
    let m = 0;
    let m2 = 0;
    for (let i = 0; i < n; i++) [m, m2] = [m + diff[i]!, m2 + diff[i]! ** 2];
    m /= n;
    const se = Math.sqrt((m2 / n - m * m) / n);
    expect(Math.abs(m - exact)).toBeLessThan(5 * se);
    // batched, and differentiable in q's parameters
    const g = grad((d2: Tensor) => D.klDivergence(lr, new D.LowRankMultivariateNormal(f64(loc2), f64(W2), d2)))(f64(D2));
    const gm = grad((d2: Tensor) => D.klDivergence(mvn, new D.MultivariateNormal(f64(loc2), { covarianceMatrix: f64(W2).matmul(f64(W2).T).add(d2.unsqueeze(-1).mul(f64([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))) })))(f64(D2));
    g.data().forEach((v, i) => expect(rel(v as number, gm.data()[i] as number)).toBeLessThan(1e-11));
    expect(() => D.klDivergence(lr, new D.LowRankMultivariateNormal(f64([0, 0]), f64([[1], [1]]), f64([1, 1])))).toThrow(ShapeError);
  });

  it("invalid parameters name the distribution, the parameter and the value; validateArgs: false skips the checks", () => {
    expect(() => new D.LowRankMultivariateNormal(f64(loc), f64(W), f64([0.4, -1, 0.25]))).toThrow(ArgumentError);
    expect(() => new D.LowRankMultivariateNormal(f64(loc), f64(W), f64([0.4, -1, 0.25]))).toThrow(
      /^LowRankMultivariateNormal: covDiag must be in independent\(greaterThan\(0\), 1\), got \[0\.4, -1, 0\.25\]$/,
    );
    expect(() => new D.LowRankMultivariateNormal(f64([NaN, 0, 0]), f64(W), f64(Dg))).toThrow(/LowRankMultivariateNormal: loc must be in realVector/);
    expect(() => new D.LowRankMultivariateNormal(f64(loc), f64([[1, NaN], [0, 0], [0, 0]]), f64(Dg))).toThrow(/LowRankMultivariateNormal: covFactor must be in/);
    expect(() => new D.LowRankMultivariateNormal(f64(loc), f64([[1, 0], [0, 1]]), f64(Dg))).toThrow(/LowRankMultivariateNormal: covFactor must be a batch of matrices of shape \[3, m\], got shape \[2, 2\]/);
    expect(() => new D.LowRankMultivariateNormal(f64(loc), f64(W), f64([1, 1]))).toThrow(ShapeError);
    expect(() => new D.LowRankMultivariateNormal(f64(1), f64(W), f64(Dg))).toThrow(/loc must be at least one-dimensional/);
    expect(() => new D.LowRankMultivariateNormal(f64(loc), "W" as never, f64(Dg))).toThrow(/LowRankMultivariateNormal: covFactor must be a number or a tensor/);
    expect(() => new D.LowRankMultivariateNormal(f64(loc), f64(W), f64([0.4, -1, 0.25]), { validateArgs: false })).not.toThrow();
    expect(() => lr.logProb(f64([1, 2]))).toThrow(/LowRankMultivariateNormal\.logProb: value of shape \[2\] must end with the event shape \[3\]/);
  });
});
