// REINFORCE in a short-horizon gridworld, written as a stochastic computation graph: each episode is
// a `stochastic.objective` model that draws its moves with `sc.sample(…, { estimator: "score" })`
// and pays `sc.cost` for every step; `grad` of the DiCE surrogate is the policy gradient, with each
// move credited only with the costs paid after it (the reward-to-go, by the library's causal order).
// With a baseline per time step — the average cost-to-go seen so far from that step, passed to the
// site as a constant `baseline`, or the library's `baseline: "movingAverage"` of each site's
// downstream cost — the gradient is still unbiased and much less noisy.
//
// The world: a 5 × 5 grid with a wall; start top left, goal bottom right; moves up, right, down,
// left (into a wall or the edge: stay); each step costs the shortest-path distance to the goal from
// the cell it reaches, until the goal; at most 14 steps. The shortest path takes 8 steps and costs
// 7 + 6 + … + 0 = 28. The policy is a table of softmax logits per cell, trained with Adam.
// Run: npx tsx examples/reinforce-gridworld.ts   (writes docs/img/reinforce-gridworld.svg)
// Options: --quick (a small, seconds-long run, no picture unless --svg), --svg <file>, --json <file>.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { lineCharts } from "wengert/plot";
import { distributions, gather, grad, manualSeed, mean, optim, random, reshape, softmax, stack, stochastic, sum, variance, zeros, type Tensor } from "wengert";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const svgPath = option("--svg") ?? (quick ? undefined : "docs/img/reinforce-gridworld.svg");
const jsonPath = option("--json");

const layout = [
  "S....",
  ".###.",
  ".....",
  ".#.#.",
  "...#G",
];
const size = layout.length;
const horizon = 14;
const episodes = 8; // per update
const updates = quick ? 40 : 150;
const runs = quick ? 2 : 6;
const lr = 0.1;

const cells = size * size;
const start = 0;
const goal = cells - 1;
const moves: [number, number][] = [[-1, 0], [0, 1], [1, 0], [0, -1]]; // up, right, down, left
/** The cell after move `a` from cell `s` (walls and edges stop the move). */
function step(s: number, a: number): number {
  const [dr, dc] = moves[a]!;
  const r = Math.floor(s / size) + dr;
  const c = (s % size) + dc;
  return r < 0 || r >= size || c < 0 || c >= size || layout[r]![c] === "#" ? s : r * size + c;
}

/** Shortest-path distance to the goal from every cell (breadth-first search; walls are unreachable). */
const distance: number[] = (() => {
  const d = Array<number>(cells).fill(Infinity);
  d[goal] = 0;
  for (const queue = [goal]; queue.length > 0; ) {
    const s = queue.shift()!;
    for (let a = 0; a < moves.length; a++) {
      const n = step(s, a);
      if (d[n] === Infinity && step(n, (a + 2) % moves.length) === s) {
        d[n] = d[s]! + 1;
        queue.push(n);
      }
    }
  }
  return d;
})();

/** One episode: the moves are score-function sites; each step costs the distance to the goal it leaves. */
function episode(sc: stochastic.StochasticContext, theta: Tensor, baselines: number[] | "movingAverage" | null): void {
  let s = start;
  for (let t = 0; t < horizon && s !== goal; t++) {
    const logits = reshape(gather(theta, [s]), [moves.length]);
    const a = sc.sample(`move ${t}`, new distributions.Categorical({ logits }), { estimator: "score", ...(baselines ? { baseline: baselines === "movingAverage" ? baselines : baselines[t]! } : {}) });
    s = step(s, a.item());
    sc.cost(`step ${t}`, distance[s]!);
  }
}

/** Per-update averages over runs: an episode's total cost and length, and the variance of one episode's policy gradient (summed over the logits). */
interface Curve {
  label: string;
  cost: number[];
  steps: number[];
  gradVariance: number[];
}

/** The uniform random policy's mean total cost and length, by simulation: the scores to beat. */
const random0 = (() => {
  const us = random.uniform(random.key(12345), [4000, horizon]).toArray() as number[][];
  let cost = 0;
  let steps = 0;
  for (const u of us)
    for (let s = start, t = 0; t < horizon && s !== goal; t++) {
      s = step(s, Math.floor(u[t]! * moves.length));
      cost += distance[s]!;
      steps++;
    }
  return { cost: cost / us.length, steps: steps / us.length };
})();

const curves: Curve[] = [];
// NOTE: "movingAverage" baselines live in the function `stochastic.objective` returns, so that variant
// makes one per run and draws its keys from the global generator (seeded by `manualSeed`); the
// others make one per episode with an explicit key.
const variants = [
  { label: "no baseline", baseline: "none" },
  { label: "baseline: average cost-to-go per step", baseline: "byHand" },
  { label: `baseline: "movingAverage"`, baseline: "movingAverage" },
] as const;
for (const { label, baseline } of variants) {
  const curve: Curve = { label, cost: Array(updates).fill(0), steps: Array(updates).fill(0), gradVariance: Array(updates).fill(0) };
  for (let run = 0; run < runs; run++) {
    const opt = optim.functional.adam({ lr });
    let params = { theta: zeros([cells, moves.length], { dtype: "float64" }) };
    let state = opt.init(params);
    // NOTE: the baseline of the move at time t is the mean cost-to-go from t over all earlier episodes
    // that got that far: it depends on no move it is subtracted from, so the gradient stays unbiased.
    const toGoSum = Array<number>(horizon).fill(0);
    const toGoCount = Array<number>(horizon).fill(0);
    manualSeed(run);
    const shared = stochastic.objective(episode);
    for (let u = 0; u < updates; u++) {
      const baselines = baseline === "byHand" ? toGoSum.map((x, t) => (toGoCount[t]! > 0 ? x / toGoCount[t]! : 0)) : baseline === "movingAverage" ? baseline : null;
      const grads: Tensor[] = [];
      for (let e = 0; e < episodes; e++) {
        const model = baseline === "movingAverage" ? shared : stochastic.objective(episode, { key: random.foldIn(random.foldIn(random.key(run), u), e) });
        let costs: number[] = [];
        grads.push(grad((theta: Tensor) => {
          const r = model(theta, baselines);
          costs = Object.values(r.costs).map((c) => c.item());
          return r.surrogate;
        })(params.theta));
        for (let t = 0, toGo = costs.reduce((a, c) => a + c, 0); t < costs.length; toGo -= costs[t]!, t++) {
          toGoSum[t]! += toGo;
          toGoCount[t]!++;
        }
        curve.cost[u]! += costs.reduce((a, c) => a + c, 0) / episodes / runs;
        curve.steps[u]! += costs.length / episodes / runs;
      }
      const g = stack(grads);
      curve.gradVariance[u]! += sum(variance(g, 0)).item() / runs;
      const [delta, next] = opt.update({ theta: mean(g, 0) }, state, params);
      params = optim.functional.applyUpdates(params, delta);
      state = next;
    }
    if (run === 0) console.log(`${label}, run 0, the most probable moves after ${updates} updates: ${greedyPath(params.theta)}`);
  }
  curves.push(curve);
  const n = Math.ceil(updates / 10);
  const last = (xs: number[]): number => xs.slice(-n).reduce((s, x) => s + x, 0) / n;
  console.log(
    `${label.padEnd(38)} last ${n} updates: cost ${last(curve.cost).toFixed(2)}, steps ${last(curve.steps).toFixed(2)}, ` +
      `gradient variance per episode ${last(curve.gradVariance).toFixed(2)}`,
  );
}
console.log(`${"uniform random policy".padEnd(38)} cost ${random0.cost.toFixed(2)}, steps ${random0.steps.toFixed(2)} (the best: cost ${bestCost()}, 8 steps)`);

/** The cells the most probable moves visit from the start (at most `horizon` moves). */
function greedyPath(theta: Tensor): string {
  const p = softmax(theta, -1).toArray() as number[][];
  const path = [start];
  for (let t = 0; t < horizon && path.at(-1) !== goal; t++) {
    const q = p[path.at(-1)!]!;
    path.push(step(path.at(-1)!, q.indexOf(Math.max(...q))));
  }
  return path.map((s) => `(${Math.floor(s / size)},${s % size})`).join(" → ");
}

/** The total cost of a shortest path: 7 + 6 + … + 0. */
function bestCost(): number {
  return (distance[start]! * (distance[start]! - 1)) / 2;
}

if (jsonPath !== undefined) {
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify({ random: random0, best: bestCost(), horizon, curves }));
}

if (svgPath !== undefined) {
  const series = (pick: (c: Curve) => number[]) => curves.map((c) => ({ name: c.label, points: pick(c).map((y, u) => [u + 1, y] as const) }));
  const flat = (name: string, y: number) => ({ name, points: [[1, y], [updates, y]] as const });
  const svg = await lineCharts(
    [
      { series: [...series((c) => c.cost), flat("uniform random policy", random0.cost), flat("shortest path", bestCost())], options: { xLabel: "update", yLabel: "total cost of an episode" } },
      { series: series((c) => c.gradVariance), options: { xLabel: "update", yLabel: "variance of one episode's gradient", logY: true } },
    ],
    { title: `REINFORCE in a 5 × 5 gridworld: ${episodes} episodes per update, Adam lr ${lr}, mean of ${runs} runs` },
  );
  mkdirSync(dirname(svgPath), { recursive: true });
  writeFileSync(svgPath, svg);
  console.log(`→ ${svgPath}`);
}
