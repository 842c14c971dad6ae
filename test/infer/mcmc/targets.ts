import type { Potential } from "../../../src/infer/index.js";

/** Helpers shared by the MCMC tests: hand-written potentials and batch-means Monte Carlo standard errors. */

/** N(mean, diag(sd²)) in dim = sd.length dimensions. */
export function gaussian(mean: readonly number[], sd: readonly number[]): Potential {
  const dim = sd.length;
  return {
    dim,
    logDensityAndGrad(q, g) {
      let s = 0;
      for (let i = 0; i < dim; i++) {
        const z = (q[i]! - mean[i]!) / sd[i]!;
        g[i] = -z / sd[i]!;
        s += z * z;
      }
      return -0.5 * s;
    },
  };
}

/** The 2-D Gaussian with zero mean, standard deviations s0, s1 and correlation rho. */
export function correlated2d(s0: number, s1: number, rho: number): Potential {
  // Precision of Σ = [[s0², ρ s0 s1], [ρ s0 s1, s1²]]: Σ⁻¹ = 1/(1−ρ²) [[1/s0², −ρ/(s0 s1)], [−ρ/(s0 s1), 1/s1²]].
  const c = 1 / (1 - rho * rho);
  const a = c / (s0 * s0);
  const b = (-c * rho) / (s0 * s1);
  const d = c / (s1 * s1);
  return {
    dim: 2,
    logDensityAndGrad(q, g) {
      const x = q[0]!;
      const y = q[1]!;
      g[0] = -(a * x + b * y);
      g[1] = -(b * x + d * y);
      return -0.5 * (a * x * x + 2 * b * x * y + d * y * y);
    },
  };
}

/** Draw i's coordinate j of every chain of a [chains, samples, dim] array of draws, as chains. */
export function coordinate(chains: readonly Float64Array[], dim: number, j: number, f: (x: number) => number = (x) => x): Float64Array[] {
  return chains.map((c) => {
    const n = c.length / dim;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = f(c[i * dim + j]!);
    return out;
  });
}

/**
 * The mean of the pooled chains and its Monte Carlo standard error by batch means: each chain cut
 * into batches of `batch` draws; MCSE = sd(batch means)/√(number of batches). Valid when batches
 * are much longer than the autocorrelation time (NUTS on these targets: a few draws).
 */
export function meanAndMcse(chains: readonly Float64Array[], batch = 50): { mean: number; mcse: number } {
  const means: number[] = [];
  for (const c of chains) for (let s = 0; s + batch <= c.length; s += batch) {
    let m = 0;
    for (let i = s; i < s + batch; i++) m += c[i]!;
    means.push(m / batch);
  }
  const k = means.length;
  const mean = means.reduce((a, b) => a + b, 0) / k;
  const v = means.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1);
  return { mean, mcse: Math.sqrt(v / k) };
}
