// REINFORCE on a 10-armed bandit, with and without a baseline (Sutton & Barto's testbed and their
// Figure 2.5 experiment: arm values q*(a) ∼ N(4, 1), rewards N(q*(a), 1), a softmax policy over
// preferences θ). Each step draws 4 arms from π = softmax(θ), and `stochastic.gradExpectation`
// estimates ∇θ E_{a∼π}[−reward] by the score function (REINFORCE); `optim.functional.sgd` takes the
// step. The rewards are all near 4, so without a baseline every sampled arm is pushed up and the
// gradient is mostly noise; subtracting a baseline (the average of the rewards seen so far, or each
// sample's leave-one-out mean) keeps the gradient unbiased and cuts its variance.
// Run: npx tsx examples/reinforce-bandit.ts   (writes docs/img/reinforce-bandit.svg)
// Options: --quick (a small, seconds-long run, no picture unless --svg), --svg <file>, --json <file>.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { lineCharts } from "wengert/plot";
import { add, argmax, distributions, gather, mul, neg, optim, random, softmax, stochastic, sum, zeros, type Tensor } from "wengert";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const svgPath = option("--svg") ?? (quick ? undefined : "docs/img/reinforce-bandit.svg");
const jsonPath = option("--json");

const arms = 10;
const batch = 4; // arms pulled per step
const steps = quick ? 120 : 500;
const runs = quick ? 3 : 20; // independent testbeds, averaged
const lr = 0.1;

/** A way to estimate the policy gradient: its label, and the options it passes given the average cost so far `b`. */
interface Variant {
  label: string;
  options: (b: number) => stochastic.GradExpectationOptions;
}
const variants: Variant[] = [
  { label: "no baseline", options: () => ({ estimator: "score" }) },
  { label: "baseline: average reward so far", options: (b) => ({ estimator: "score", baseline: b }) },
  { label: "baseline: leave-one-out", options: () => ({ estimator: "leaveOneOut" }) },
];

/** Per-step averages over runs: the policy's expected reward, P(best arm), and the per-sample variance of the gradient (summed over arms). */
interface Curve {
  label: string;
  expectedReward: number[];
  pBest: number[];
  gradVariance: number[];
}

const policy = (p: { theta: Tensor }) => new distributions.Categorical({ logits: p.theta });
const curves: Curve[] = [];
let randomPolicyReward = 0;
for (const v of variants) {
  const curve: Curve = { label: v.label, expectedReward: Array(steps).fill(0), pBest: Array(steps).fill(0), gradVariance: Array(steps).fill(0) };
  for (let run = 0; run < runs; run++) {
    const [testbedKey, runKey] = random.split(random.key(run));
    const q = add(random.normal(testbedKey!, [arms], { dtype: "float64" }), 4); // the same testbed for every variant
    const best = argmax(q).item();
    if (v === variants[0]) randomPolicyReward += q.mean().item() / runs;
    const opt = optim.functional.sgd({ lr });
    let params = { theta: zeros([arms], { dtype: "float64" }) };
    let state = opt.init(params);
    let costSum = 0;
    for (let t = 0; t < steps; t++) {
      const [sampleKey, noiseKey] = random.split(random.foldIn(runKey!, t));
      const cost = (a: Tensor): Tensor => neg(add(gather(q, a), random.normal(noiseKey!, [batch], { dtype: "float64" })));
      const baseline = t === 0 ? 0 : costSum / (t * batch); // in the units of the cost: −(average reward)
      const r = stochastic.gradExpectation(cost, policy, params, { ...v.options(baseline), samples: batch, key: sampleKey! });
      costSum += r.value.item() * batch;
      const pi = softmax(params.theta);
      curve.expectedReward[t]! += sum(mul(pi, q)).item() / runs;
      curve.pBest[t]! += (pi.toArray() as number[])[best]! / runs;
      curve.gradVariance[t]! += sum(r.variance.theta).item() / runs;
      const [updates, next] = opt.update({ theta: r.grad.theta }, state, params);
      params = optim.functional.applyUpdates(params, updates);
      state = next;
    }
  }
  curves.push(curve);
  const last = (xs: number[]): number => xs.slice(-Math.ceil(steps / 10)).reduce((s, x) => s + x, 0) / Math.ceil(steps / 10);
  console.log(
    `${v.label.padEnd(32)} last ${Math.ceil(steps / 10)} steps: expected reward ${last(curve.expectedReward).toFixed(3)}, ` +
      `P(best arm) ${last(curve.pBest).toFixed(3)}, gradient variance per sample ${last(curve.gradVariance).toFixed(3)}`,
  );
}
console.log(`${"uniform random policy".padEnd(32)} expected reward ${randomPolicyReward.toFixed(3)}, P(best arm) ${(1 / arms).toFixed(3)}`);

if (jsonPath !== undefined) {
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify({ randomPolicyReward, arms, curves }));
}

if (svgPath !== undefined) {
  const series = (pick: (c: Curve) => number[]) => curves.map((c) => ({ name: c.label, points: pick(c).map((y, t) => [t + 1, y] as const) }));
  // NOTE: each step's variance comes from only 4 samples: the plot shows its mean over the last 25 steps.
  const smooth = (xs: number[]): number[] => xs.map((_, t) => xs.slice(Math.max(0, t - 24), t + 1).reduce((s, x) => s + x, 0) / Math.min(t + 1, 25));
  const svg = await lineCharts(
    [
      { series: series((c) => c.expectedReward), options: { xLabel: "step", yLabel: "expected reward of the policy" } },
      { series: series((c) => c.pBest), options: { xLabel: "step", yLabel: "probability of the best arm" } },
      { series: series((c) => smooth(c.gradVariance)), options: { xLabel: "step", yLabel: "gradient variance per sample (25-step mean)", logY: true } },
    ],
    { title: `REINFORCE on a 10-armed bandit (q* ∼ N(4, 1)), ${batch} pulls per step, lr ${lr}, mean of ${runs} runs` },
  );
  mkdirSync(dirname(svgPath), { recursive: true });
  writeFileSync(svgPath, svg);
  console.log(`→ ${svgPath}`);
}
