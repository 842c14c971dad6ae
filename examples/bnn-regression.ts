// Bayesian neural-network regression: a 1-hidden-layer tanh network f(x) = Σ_h v_h tanh(w_h x + b_h) + c
// with 8 hidden units and N(0, 1) priors on every weight, noise y ∼ N(f(x), σ²), σ ∼ HalfNormal(0.5),
// on 1-D data with a gap in the middle. NUTS samples all 26 weights and σ; the posterior predictive
// (f(x) + σε for each draw) gives a mean and a 90% band that widens in the gap and beyond the data,
// where the network is unconstrained. Held-out points from the same curve check the band's calibration.
// Run: npx tsx examples/bnn-regression.ts   (writes docs/img/bnn-regression-band.svg)
// Options: --quick (2 short chains, seconds, no picture unless --svg), --svg <file>, --json <file>.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { renderSvg } from "wengert/plot";
import { add, distributions as D, infer, matmul, random, reshape, tanh, tensor, zeros, type Tensor } from "wengert";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const svgPath = option("--svg") ?? (quick ? undefined : "docs/img/bnn-regression-band.svg");
const jsonPath = option("--json");
const f64 = { dtype: "float64" } as const;

const H = 8;
const noiseSd = 0.15;
const curve = (x: number): number => Math.sin(1.5 * x) + 0.3 * x;
/** n points with x uniform on [−3, −0.8] ∪ [0.8, 3] (a gap around 0) and y = curve(x) + N(0, 0.15²). */
function dataset(seed: number, n: number): { x: number[]; y: number[] } {
  const [uKey, eKey] = random.split(random.key(seed));
  const u = random.uniform(uKey!, [n], f64).data();
  const e = random.normal(eKey!, [n], f64).data();
  const x = Array.from(u, (v) => (v < 0.5 ? -3 + 4.4 * v : 0.8 + 4.4 * (v - 0.5)));
  return { x, y: x.map((xi, i) => curve(xi) + noiseSd * e[i]!) };
}
const train = dataset(1, 40);
const test = dataset(2, 100);

/** The network's output for inputs x [n, 1]: tanh(x W + b) v + c, as one expression of the weight sites. */
const model = (x: Tensor, y: Tensor): void => {
  const w = infer.sample("w", new D.Normal(zeros([1, H], f64), 1));
  const b = infer.sample("b", new D.Normal(zeros([H], f64), 1));
  const v = infer.sample("v", new D.Normal(zeros([H], f64), 1));
  const c = infer.sample("c", new D.Normal(tensor(0, f64), 1));
  const sigma = infer.sample("sigma", new D.HalfNormal(tensor(0.5, f64)));
  const f = add(matmul(tanh(add(matmul(x, w), b)), v), c);
  infer.sample("y", new D.Normal(f, sigma), { obs: y });
};

const column = (xs: readonly number[]): Tensor => reshape(tensor(xs, f64), [xs.length, 1]);
const t0 = performance.now();
const post = infer.nuts(model, { args: [column(train.x), tensor(train.y, f64)], seed: 4, chains: quick ? 2 : 4, warmup: quick ? 200 : 500, samples: quick ? 150 : 500, maxTreeDepth: quick ? 6 : 8 });
const seconds = (performance.now() - t0) / 1000;
console.log(`NUTS: ${post.divergences} divergences in ${seconds.toFixed(1)} s, mean tree depth ${(Array.from(post.treeDepth.data()).reduce((a, b) => a + b, 0) / post.treeDepth.size).toFixed(1)}`);
console.log(post.summary({ sites: ["sigma", "c"] }).toString());

// Posterior predictive at any x, from the draws: y_s = f_s(x) + σ_s ε_s; its mean and 5%/95% quantiles.
const d = (name: string): Float64Array => post.draws(name).data() as Float64Array;
const [wd, bd, vd, cd, sd] = [d("w"), d("b"), d("v"), d("c"), d("sigma")];
const S = cd.length;
const eps = random.normal(random.key(99), [S], f64).data();
function predictive(x: number): { mean: number; fMean: number; lo: number; hi: number } {
  const ys = new Float64Array(S);
  let fSum = 0;
  for (let s = 0; s < S; s++) {
    let f = cd[s]!;
    for (let h = 0; h < H; h++) f += vd[s * H + h]! * Math.tanh(wd[s * H + h]! * x + bd[s * H + h]!);
    fSum += f;
    ys[s] = f + sd[s]! * eps[s]!; // one ε per draw: each x's marginal predictive is exact
  }
  ys.sort();
  const q = (p: number): number => ys[Math.min(S - 1, Math.floor(p * S))]!;
  return { mean: ys.reduce((a, b) => a + b, 0) / S, fMean: fSum / S, lo: q(0.05), hi: q(0.95) };
}
const held = test.x.map((x, i) => ({ x, y: test.y[i]!, ...predictive(x) }));
const coverage = held.filter((p) => p.y >= p.lo && p.y <= p.hi).length / held.length;
const rmse = Math.sqrt(held.reduce((a, p) => a + (p.fMean - p.y) ** 2, 0) / held.length);
const grid = Array.from({ length: 161 }, (_, i) => -4 + i / 20).map((x) => ({ x, truth: curve(x), ...predictive(x) }));
const width = (lo: number, hi: number): number => {
  const g = grid.filter((p) => p.x >= lo && p.x <= hi);
  return g.reduce((a, p) => a + p.hi - p.lo, 0) / g.length;
};
const bandInData = width(-2.5, -1.2);
const bandOutside = width(3.5, 4);
console.log(`held-out: ${(100 * coverage).toFixed(0)}% of ${held.length} points inside the 90% band, RMSE of the predictive mean ${rmse.toFixed(3)} (noise sd ${noiseSd})`);
console.log(`band width: ${bandInData.toFixed(2)} among the data (x in [−2.5, −1.2]), ${bandOutside.toFixed(2)} beyond it (x in [3.5, 4])`);

if (svgPath) {
  mkdirSync(dirname(svgPath), { recursive: true });
  const pts = (xs: number[], ys: number[], kind: string) => xs.map((x, i) => ({ x, y: ys[i]!, kind }));
  const svg = await renderSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Bayesian neural network (tanh, ${H} hidden units), NUTS: posterior predictive mean and 90% band`,
    width: 560,
    height: 300,
    layer: [
      { data: { values: grid }, mark: { type: "area", opacity: 0.25, color: "#1f77b4" }, encoding: { x: { field: "x", type: "quantitative", title: "x" }, y: { field: "lo", type: "quantitative", title: "y" }, y2: { field: "hi" } } },
      { data: { values: grid }, mark: { type: "line", color: "#1f77b4" }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "mean", type: "quantitative" } } },
      { data: { values: grid }, mark: { type: "line", color: "#444", strokeDash: [4, 3] }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "truth", type: "quantitative" } } },
      {
        data: { values: [...pts(train.x, train.y, "training data"), ...pts(test.x, test.y, "held-out")] },
        mark: { type: "point", filled: true, size: 22 },
        encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, color: { field: "kind", type: "nominal", title: null, scale: { range: ["#d62728", "#999"] }, legend: { orient: "bottom" } } },
      },
    ],
  });
  writeFileSync(svgPath, svg);
  console.log(`wrote ${svgPath}`);
}
if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ coverage, rmse, bandInData, bandOutside, divergences: post.divergences, seconds, sigma: post.summary({ sites: ["sigma"] }).rows[0] }));
