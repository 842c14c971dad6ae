// A hierarchical linear regression with varying intercepts, written non-centred: J = 8 groups with
// intercepts a_j = μ_a + σ_a z_j, z_j ∼ N(0, 1), a common slope b, noise σ; y_ij ∼ N(a_j + b x_ij, σ²).
// Sampling z instead of a (the non-centred form) removes the funnel between σ_a and the a_j that makes
// the centred form diverge when groups carry little data. The groups have 3 to 30 observations, so the
// small ones are pulled toward μ_a (partial pooling): the picture shows each group's posterior
// intercept (90% interval) next to its true value and its own least-squares estimate.
// Run: npx tsx examples/hierarchical-regression.ts   (writes docs/img/hierarchical-regression-*.svg)
// Options: --quick (2 short chains, seconds, no pictures unless --svg), --svg <prefix>, --json <file>.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { renderSvg } from "wengert/plot";
import { add, distributions as D, infer, matmul, mul, random, tensor, zeros, type Tensor } from "wengert";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const svgPrefix = option("--svg") ?? (quick ? undefined : "docs/img/hierarchical-regression");
const jsonPath = option("--json");
const f64 = { dtype: "float64" } as const;

// Synthetic data: the true hyperparameters, one intercept per group, group sizes from 3 to 30.
const truth = { muA: 1.5, sigmaA: 1.0, b: 0.7, sigma: 0.8 };
const sizes = [3, 5, 30, 8, 4, 20, 12, 6];
const J = sizes.length;
const n = sizes.reduce((a, b) => a + b, 0);
const [aKey, xKey, eKey] = random.split(random.key(7), 3);
const aTrue = Array.from(random.normal(aKey!, [J], f64).data(), (z) => truth.muA + truth.sigmaA * z);
const xs = Array.from(random.normal(xKey!, [n], f64).data());
const noise = Array.from(random.normal(eKey!, [n], f64).data());
const group = sizes.flatMap((s, j) => Array<number>(s).fill(j));
const ys = xs.map((x, i) => aTrue[group[i]!]! + truth.b * x + truth.sigma * noise[i]!);
// The one-hot group matrix G (n × J): G a picks each observation's intercept as one matmul.
const G = tensor(group.map((g) => Array.from({ length: J }, (_, j) => (j === g ? 1 : 0))), f64);

/** The non-centred model: z_j are the latent standardised intercepts; a = μ_a + σ_a z is a deterministic site. */
const model = (g: Tensor, x: Tensor, y: Tensor): void => {
  const muA = infer.sample("mu_a", new D.Normal(tensor(0, f64), 5));
  const sigmaA = infer.sample("sigma_a", new D.HalfNormal(tensor(2, f64)));
  const z = infer.sample("z", new D.Normal(zeros([J], f64), 1));
  const a = infer.deterministic("a", add(muA, mul(sigmaA, z)));
  const b = infer.sample("b", new D.Normal(tensor(0, f64), 5));
  const sigma = infer.sample("sigma", new D.HalfNormal(tensor(2, f64)));
  infer.sample("y", new D.Normal(add(matmul(g, a), mul(b, x)), sigma), { obs: y });
};

const t0 = performance.now();
const post = infer.nuts(model, { args: [G, tensor(xs, f64), tensor(ys, f64)], seed: 3, chains: quick ? 2 : 4, warmup: quick ? 300 : 1000, samples: quick ? 300 : 1000, targetAccept: 0.9 });
const seconds = (performance.now() - t0) / 1000;
const summary = post.summary({ sites: ["mu_a", "sigma_a", "b", "sigma", "a"] });
console.log(`NUTS: ${post.divergences} divergences in ${seconds.toFixed(1)} s`);
console.log(summary.toString());
console.log(`truth: mu_a ${truth.muA}, sigma_a ${truth.sigmaA}, b ${truth.b}, sigma ${truth.sigma}, a [${aTrue.map((a) => a.toFixed(2)).join(", ")}]`);

// Each group's own least-squares intercept given the true slope (no pooling), for the picture.
const noPooling = Array.from({ length: J }, (_, j) => {
  const idx = group.flatMap((g, i) => (g === j ? [i] : []));
  return idx.reduce((s, i) => s + ys[i]! - truth.b * xs[i]!, 0) / idx.length;
});
const aRows = summary.rows.filter((r) => r.name.startsWith("a["));

if (svgPrefix) {
  mkdirSync(dirname(svgPrefix), { recursive: true });
  writeFileSync(`${svgPrefix}-trace.svg`, await post.tracePlot({ sites: ["mu_a", "sigma_a", "b", "sigma"] }));
  const values = aRows.flatMap((r, j) => [
    { group: `${j} (n=${sizes[j]})`, kind: "posterior mean, 90% interval", value: r.mean, lo: r.q5, hi: r.q95 },
    { group: `${j} (n=${sizes[j]})`, kind: "true intercept", value: aTrue[j]! },
    { group: `${j} (n=${sizes[j]})`, kind: "group's own estimate (no pooling)", value: noPooling[j]! },
  ]);
  const svg = await renderSvg({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Varying intercepts: partial pooling toward μ_a",
    width: 420,
    height: 260,
    data: { values },
    layer: [
      { transform: [{ filter: "datum.lo != null" }], mark: { type: "rule" }, encoding: { y: { field: "group", type: "nominal", title: "group" }, x: { field: "lo", type: "quantitative", title: "intercept" }, x2: { field: "hi" } } },
      { mark: { type: "point", filled: true, size: 60 }, encoding: { y: { field: "group", type: "nominal" }, x: { field: "value", type: "quantitative" }, color: { field: "kind", type: "nominal", title: null, legend: { orient: "bottom", direction: "vertical", labelLimit: 320 } }, shape: { field: "kind", type: "nominal", title: null } } },
    ],
  });
  writeFileSync(`${svgPrefix}-intercepts.svg`, svg);
  console.log(`wrote ${svgPrefix}-trace.svg and ${svgPrefix}-intercepts.svg`);
}
if (jsonPath) {
  const rows = summary.rows.map((r) => ({ name: r.name, mean: r.mean, sd: r.sd, q5: r.q5, q95: r.q95, rhat: r.rhat, essBulk: r.essBulk }));
  writeFileSync(jsonPath, JSON.stringify({ rows, truth, aTrue, noPooling, sizes, divergences: post.divergences, seconds }));
}
