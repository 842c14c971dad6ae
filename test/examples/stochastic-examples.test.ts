// The stochastic examples (examples/estimator-variance.ts, examples/reinforce-*.ts) run in their
// --quick configuration, and what they report holds: estimates within 5 MCSE of the closed forms,
// the estimators' variance ordering, and REINFORCE policies that learn.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** Runs an example with tsx (tsconfig `paths` send "wengert" to src/) and returns what it wrote to --json. */
function runExample<T>(name: string, extra: string[] = []): { result: T; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), "wengert-example-"));
  const json = join(dir, "result.json");
  const run = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "examples", name), "--quick", "--json", json, ...extra], {
    cwd: root,
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return { result: JSON.parse(readFileSync(json, "utf8")) as T, stdout: run.stdout };
}

interface EstimatorTable {
  table: { problem: string; estimator: string; param: string; estimate: number; exact: number; variance: number; stderr: number; biased: boolean }[];
  curves: { problem: string; estimator: string; n: number; mse: number }[];
}

describe("examples/estimator-variance.ts", () => {
  let result: EstimatorTable;
  let stdout: string;
  beforeAll(() => {
    ({ result, stdout } = runExample<EstimatorTable>("estimator-variance.ts"));
  }, 300_000);
  const row = (problem: string, estimator: string, param: string) => {
    const r = result.table.find((x) => x.problem.startsWith(problem) && x.estimator === estimator && x.param === param);
    expect(r, `${problem} ${estimator} ${param}`).toBeDefined();
    return r!;
  };

  it("prints a table whose unbiased estimates are within 5 MCSE of the closed forms", () => {
    expect(stdout).toMatch(/estimator\s+param\s+estimate\s+exact\s+variance\/sample\s+MCSE\s+biased/);
    expect(result.table.length).toBe(27);
    const biased = result.table.filter((r) => r.biased).map((r) => `${r.estimator} ${r.param}`);
    expect(biased.sort()).toEqual(["relaxed theta", "score, mean baseline mu", "score, mean baseline mu", "score, mean baseline sigma", "score, mean baseline sigma", "score, mean baseline theta", "straightThrough theta"]);
    for (const r of result.table) {
      if (r.biased) continue;
      expect(Math.abs(r.estimate - r.exact), `${r.problem} ${r.estimator} ${r.param}`).toBeLessThanOrEqual(5 * r.stderr + 1e-12);
    }
    // The relaxations estimate another objective's gradient: far more than 5 MCSE off (even the sign).
    for (const e of ["relaxed", "straightThrough"]) {
      const r = row("(b", e, "theta");
      expect(Math.abs(r.estimate - r.exact), e).toBeGreaterThan(5 * r.stderr);
    }
  });

  it("shows the variance ordering of the research notes' table T-MC-1", () => {
    const v = (p: string, e: string, param = "mu") => row(p, e, param).variance;
    expect(v("x²", "pathwise")).toBeLessThan(0.5 * v("x²", "score")); // 4 vs 30
    expect(v("x²", "leaveOneOut")).toBeLessThan(0.8 * v("x²", "score")); // 18 vs 30
    expect(v("x²", "measureValued")).toBeLessThan(0.5 * v("x²", "pathwise")); // 1.09 vs 4
    expect(v("cos 3x", "pathwise")).toBeGreaterThan(4 * v("cos 3x", "score")); // 4.5 vs 0.5: pathwise is not always best
    expect(v("cos 3x", "measureValued")).toBeLessThan(0.05 * v("cos 3x", "score")); // 0.0065 vs 0.5
    expect(v("(b", "leaveOneOut", "theta")).toBeLessThan(0.1 * v("(b", "score", "theta")); // 0.0074 vs 0.36
    expect(v("(b", "measureValued", "theta")).toBeLessThan(1e-20); // f(1) − f(0): exact up to rounding
    expect(row("(b", "enumerate", "theta").estimate).toBeCloseTo(0.1, 12);
  });

  it("measures a mean squared error that falls with the number of samples, ordered as the variances are", () => {
    const mse = (p: string, e: string, n: number) => result.curves.find((c) => c.problem.includes(p) && c.estimator === e && c.n === n)!.mse;
    for (const e of ["pathwise", "score", "leaveOneOut", "measureValued"]) expect(mse("x²", e, 128)).toBeLessThan(0.2 * mse("x²", e, 2));
    expect(mse("cos 3x", "pathwise", 128)).toBeGreaterThan(mse("cos 3x", "score", 128));
    expect(mse("x²", "pathwise", 128)).toBeLessThan(mse("x²", "score", 128));
    expect(mse("(b", "score", 128)).toBeGreaterThan(10 * mse("(b", "leaveOneOut", 128));
    // A biased estimator's error levels off at its squared bias.
    expect(mse("(b", "relaxed", 128)).toBeGreaterThan(0.5 * mse("(b", "relaxed", 16));
  });
});

interface BanditResult {
  randomPolicyReward: number;
  arms: number;
  curves: { label: string; expectedReward: number[]; pBest: number[]; gradVariance: number[] }[];
}

describe("examples/reinforce-bandit.ts", () => {
  const svg = join(mkdtempSync(join(tmpdir(), "wengert-example-")), "bandit.svg");
  let result: BanditResult;
  beforeAll(() => {
    ({ result } = runExample<BanditResult>("reinforce-bandit.ts", ["--svg", svg]));
  }, 300_000);
  const curve = (label: string) => result.curves.find((c) => c.label.includes(label))!;
  const tail = (xs: number[]): number => xs.slice(-10).reduce((s, x) => s + x, 0) / 10;
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

  it("learns policies that beat the uniform random one", () => {
    for (const c of result.curves) {
      expect(tail(c.expectedReward), c.label).toBeGreaterThan(result.randomPolicyReward + 0.5); // q* has standard deviation 1
      expect(tail(c.pBest), c.label).toBeGreaterThan(3 / result.arms);
    }
  });

  it("has a policy gradient of lower variance with a baseline than without", () => {
    const none = mean(curve("no baseline").gradVariance);
    expect(mean(curve("average reward").gradVariance)).toBeLessThan(none / 3);
    expect(mean(curve("leave-one-out").gradVariance)).toBeLessThan(none / 3);
  });

  it("draws the learning curves", () => {
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg[\s\S]*no baseline[\s\S]*<\/svg>$/);
  });
});

interface GridworldResult {
  random: { cost: number; steps: number };
  best: number;
  curves: { label: string; cost: number[]; steps: number[]; gradVariance: number[] }[];
}

describe("examples/reinforce-gridworld.ts", () => {
  let result: GridworldResult;
  let stdout: string;
  beforeAll(() => {
    ({ result, stdout } = runExample<GridworldResult>("reinforce-gridworld.ts"));
  }, 300_000);
  const curve = (label: string) => result.curves.find((c) => c.label.includes(label))!;
  const tail = (xs: number[]): number => xs.slice(-5).reduce((s, x) => s + x, 0) / 5;
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

  it("learns, with a baseline, a policy far cheaper than the uniform random one", () => {
    expect(result.best).toBe(28);
    expect(result.random.cost).toBeGreaterThan(80);
    expect(tail(curve("average cost-to-go").cost)).toBeLessThan(result.random.cost - 20);
    expect(tail(curve("movingAverage").cost)).toBeLessThan(result.random.cost - 20);
    expect(tail(curve("no baseline").cost)).toBeLessThan(result.random.cost);
  });

  it("has a policy gradient of lower variance with a baseline than without", () => {
    const none = mean(curve("no baseline").gradVariance);
    expect(mean(curve("average cost-to-go").gradVariance)).toBeLessThan(none / 3);
    expect(mean(curve("movingAverage").gradVariance)).toBeLessThan(none / 3);
  });

  it("prints the most probable path", () => {
    expect(stdout).toMatch(/\(0,0\) → /);
  });
});
