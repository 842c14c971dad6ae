// A Gaussian mixture with the discrete assignments marginalised: y_i ∼ Σ_k w_k N(μ_k, σ_k²), written
// with `MixtureSameFamily` (its logProb is logsumexp_k[log w_k + log N(y_i; μ_k, σ_k)], so NUTS sees
// a smooth density over w, μ, σ only). The component means are ordered (μ_1 < μ_2 < μ_3 through
// `transforms.ordered`), which removes the K! relabelled copies of every mode (label switching):
// without it the chains would land on different labellings and R̂ would be far above 1.
// Run: npx tsx examples/gaussian-mixture.ts   (writes docs/img/gaussian-mixture-*.svg)
// Options: --quick (2 short chains, seconds, no pictures unless --svg), --svg <prefix>, --json <file>.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { renderSvg } from "wengert/plot";
import { distributions as D, infer, ones, random, tensor, zeros, type Tensor } from "wengert";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const svgPrefix = option("--svg") ?? (quick ? undefined : "docs/img/gaussian-mixture");
const jsonPath = option("--json");
const f64 = { dtype: "float64" } as const;

const truth = { w: [0.3, 0.45, 0.25], mu: [-2, 1, 4], sigma: [0.6, 0.8, 0.5] };
const K = truth.w.length;
const n = quick ? 200 : 500;
// Synthetic data: the assignments are drawn, then forgotten (the model never sees them).
const [zKey, eKey] = random.split(random.key(11));
const z = new D.Categorical({ probs: tensor(truth.w, f64) }).sample([n], zKey).data();
const e = random.normal(eKey!, [n], f64).data();
const ys = Array.from(z, (k, i) => truth.mu[k]! + truth.sigma[k]! * e[i]!);

/** The marginalised mixture: weights on the simplex, ordered means, positive scales; one vectorised likelihood site. */
const model = (y: Tensor): void => {
  const w = infer.sample("w", new D.Dirichlet(ones([K], f64)));
  // NOTE: the ordered prior is NumPyro's idiom: N(0, 3²) on the first mean and the log-gaps (the ordered transform's domain).
  const mu = infer.sample("mu", new D.TransformedDistribution(new D.Independent(new D.Normal(zeros([K], f64), 3), 1), D.transforms.ordered));
  const sigma = infer.sample("sigma", new D.HalfNormal(tensor([2, 2, 2], f64)));
  infer.plate("data", y.shape[0]!, () => {
    infer.sample("y", new D.MixtureSameFamily(new D.Categorical({ probs: w }), new D.Normal(mu, sigma)), { obs: y });
  });
};

const t0 = performance.now();
const post = infer.nuts(model, { args: [tensor(ys, f64)], seed: 5, chains: quick ? 2 : 4, warmup: quick ? 300 : 1000, samples: quick ? 200 : 1000 });
const seconds = (performance.now() - t0) / 1000;
const summary = post.summary();
console.log(`NUTS: ${post.divergences} divergences in ${seconds.toFixed(1)} s`);
console.log(summary.toString());
console.log(`truth: w [${truth.w.join(", ")}], mu [${truth.mu.join(", ")}], sigma [${truth.sigma.join(", ")}]`);

// The posterior predictive density on a grid: for each of 200 thinned draws, Σ_k w_k N(x; μ_k, σ_k).
const flat = (name: string): Float64Array => post.draws(name).data() as Float64Array;
const [wd, md, sd] = [flat("w"), flat("mu"), flat("sigma")];
const draws = wd.length / K;
const grid = Array.from({ length: 121 }, (_, i) => -5 + (i * 11) / 120);
const thin = Math.max(1, Math.floor(draws / 200));
const band = grid.map((x) => {
  const dens: number[] = [];
  for (let s = 0; s < draws; s += thin) {
    let d = 0;
    for (let k = 0; k < K; k++) {
      const u = (x - md[s * K + k]!) / sd[s * K + k]!;
      d += (wd[s * K + k]! * Math.exp(-0.5 * u * u)) / (sd[s * K + k]! * Math.sqrt(2 * Math.PI));
    }
    dens.push(d);
  }
  dens.sort((a, b) => a - b);
  const q = (p: number): number => dens[Math.min(dens.length - 1, Math.floor(p * dens.length))]!;
  return { x, mean: dens.reduce((a, b) => a + b, 0) / dens.length, lo: q(0.05), hi: q(0.95) };
});

if (svgPrefix) {
  mkdirSync(dirname(svgPrefix), { recursive: true });
  writeFileSync(`${svgPrefix}-trace.svg`, await post.tracePlot({ sites: ["mu", "sigma", "w"] }));
  const svg = await renderSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Gaussian mixture, ${n} points: posterior predictive density (mean, 90% band)`,
    width: 520,
    height: 260,
    layer: [
      {
        data: { values: ys.map((y) => ({ y })) },
        mark: { type: "bar", opacity: 0.35, color: "#888" },
        transform: [{ bin: { step: 0.25 }, field: "y", as: ["b0", "b1"] }, { aggregate: [{ op: "count", as: "count" }], groupby: ["b0", "b1"] }, { calculate: `datum.count / (${n} * 0.25)`, as: "density" }],
        encoding: { x: { field: "b0", type: "quantitative", title: "y", bin: { binned: true, step: 0.25 } }, x2: { field: "b1" }, y: { field: "density", type: "quantitative", title: "density" } },
      },
      { data: { values: band }, mark: { type: "area", opacity: 0.3, color: "#1f77b4" }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
      { data: { values: band }, mark: { type: "line", color: "#1f77b4" }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "mean", type: "quantitative" } } },
    ],
  });
  writeFileSync(`${svgPrefix}-density.svg`, svg);
  console.log(`wrote ${svgPrefix}-trace.svg and ${svgPrefix}-density.svg`);
}
if (jsonPath) {
  const rows = summary.rows.map((r) => ({ name: r.name, mean: r.mean, sd: r.sd, rhat: r.rhat, essBulk: r.essBulk }));
  writeFileSync(jsonPath, JSON.stringify({ rows, truth, n, divergences: post.divergences, seconds }));
}
