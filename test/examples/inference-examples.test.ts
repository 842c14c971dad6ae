// The Bayesian inference examples (examples/logistic-regression.ts, hierarchical-regression.ts,
// gaussian-mixture.ts, bnn-regression.ts) run in their --quick configuration, and what they claim
// holds: coefficients recovered within 3 posterior sds, R̂ < 1.05, no divergences, ordered mixture
// means without label switching, a predictive band that covers held-out points and widens off the data.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** Runs an example with tsx (tsconfig `paths` send "wengert" to src/) and returns what it wrote to --json. */
function runExample<T>(name: string): { result: T; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), "wengert-example-"));
  const json = join(dir, "result.json");
  const run = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "examples", name), "--quick", "--json", json], { cwd: root, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return { result: JSON.parse(readFileSync(json, "utf8")) as T, stdout: run.stdout };
}

interface Row {
  name: string;
  mean: number;
  sd: number;
  rhat: number;
  essBulk: number;
}

const row = (rows: readonly Row[], name: string): Row => {
  const r = rows.find((x) => x.name === name);
  expect(r, name).toBeDefined();
  return r!;
};

/** |posterior mean − truth| ≤ 3 posterior sds (the data are one draw: the truth is a plausible value, not the mean). */
function expectRecovered(r: Row, truth: number): void {
  expect(Math.abs(r.mean - truth), `${r.name}: ${r.mean} ± ${r.sd} vs ${truth}`).toBeLessThanOrEqual(3 * r.sd);
}

describe("examples/logistic-regression.ts", () => {
  let result: { rows: (Row & { truth: number; adviMean: number; adviSd: number })[]; divergences: number };
  let stdout: string;
  beforeAll(() => ({ result, stdout } = runExample<typeof result>("logistic-regression.ts")), 300_000);

  it("prints the summary table and recovers the intercept and the 3 coefficients with R̂ < 1.05", () => {
    expect(stdout).toMatch(/Mean\s+MCSE\s+StdDev\s+MAD\s+5%\s+50%\s+95%\s+ESS_bulk\s+ESS_tail\s+R_hat/);
    expect(result.rows.map((r) => r.name)).toEqual(["alpha", "beta[0]", "beta[1]", "beta[2]"]);
    for (const r of result.rows) {
      expectRecovered(r, r.truth);
      expect(r.rhat).toBeLessThan(1.05);
      expect(r.essBulk).toBeGreaterThan(100);
      expect(r.sd).toBeLessThan(0.2); // 1,000 observations pin each coefficient down
    }
    expect(result.divergences).toBe(0);
  });

  it("full-rank ADVI agrees with NUTS: means within half a posterior sd, sds within 25%", () => {
    for (const r of result.rows) {
      expect(Math.abs(r.adviMean - r.mean), `${r.name} mean`).toBeLessThanOrEqual(0.5 * r.sd);
      expect(Math.abs(r.adviSd / r.sd - 1), `${r.name} sd`).toBeLessThanOrEqual(0.25);
    }
  });
});

describe("examples/hierarchical-regression.ts", () => {
  let result: { rows: Row[]; truth: { muA: number; b: number; sigma: number }; aTrue: number[]; noPooling: number[]; sizes: number[]; divergences: number };
  beforeAll(() => ({ result } = runExample<typeof result>("hierarchical-regression.ts")), 300_000);

  it("non-centred: no divergences, R̂ < 1.05, the hyperparameters, slope, noise and intercepts recovered", () => {
    expect(result.divergences).toBe(0);
    for (const r of result.rows) expect(r.rhat, r.name).toBeLessThan(1.05);
    expectRecovered(row(result.rows, "mu_a"), result.truth.muA);
    expectRecovered(row(result.rows, "b"), result.truth.b);
    expectRecovered(row(result.rows, "sigma"), result.truth.sigma);
    result.aTrue.forEach((a, j) => expectRecovered(row(result.rows, `a[${j}]`), a));
  });

  it("partial pooling: the smallest group's intercept is shrunk from its own estimate toward μ_a", () => {
    const j = result.sizes.indexOf(Math.min(...result.sizes));
    const a = row(result.rows, `a[${j}]`).mean;
    const muA = row(result.rows, "mu_a").mean;
    const own = result.noPooling[j]!;
    expect(Math.abs(a - muA)).toBeLessThan(Math.abs(own - muA));
  });
});

describe("examples/gaussian-mixture.ts", () => {
  let result: { rows: Row[]; truth: { w: number[]; mu: number[]; sigma: number[] }; divergences: number };
  beforeAll(() => ({ result } = runExample<typeof result>("gaussian-mixture.ts")), 300_000);

  it("ordered means: one labelling in every chain (R̂ < 1.05), weights, means and scales recovered", () => {
    for (const r of result.rows) expect(r.rhat, r.name).toBeLessThan(1.05);
    const mu = [0, 1, 2].map((k) => row(result.rows, `mu[${k}]`));
    expect(mu[0]!.mean).toBeLessThan(mu[1]!.mean);
    expect(mu[1]!.mean).toBeLessThan(mu[2]!.mean);
    for (const site of ["w", "mu", "sigma"] as const) result.truth[site].forEach((t, k) => expectRecovered(row(result.rows, `${site}[${k}]`), t));
    expect(result.divergences).toBe(0);
  });
});

describe("examples/bnn-regression.ts", () => {
  let result: { coverage: number; rmse: number; bandInData: number; bandOutside: number };
  beforeAll(() => ({ result } = runExample<typeof result>("bnn-regression.ts")), 300_000);

  it("the 90% predictive band covers most held-out points, the mean fits, and the band widens away from the data", () => {
    // 100 held-out points: a calibrated 90% band covers 90 ± 3 (binomial sd); ≥ 75 allows a short run's error.
    expect(result.coverage).toBeGreaterThanOrEqual(0.75);
    expect(result.rmse).toBeLessThan(0.3); // noise sd 0.15; the prior predictive's RMSE is above 1
    expect(result.bandOutside).toBeGreaterThan(result.bandInData);
  });
});
