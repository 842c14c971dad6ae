// Bayesian inference (issue 14, "Performance"): (a) µs per gradient of the log density
// (infer.logDensity's logDensityAndGrad) on eight schools (non-centred) and a 1,000-observation
// logistic regression; (b) NUTS effective samples per second — the smallest bulk ESS over the
// parameters divided by the wall time including the model's preparation and warm-up — 4 chains ×
// (1,000 + 1,000), against rstan (when Rscript and rstan are installed) and WebPPL's HMC (when installed);
// (c) ADVI steps per second on the logistic regression.
import { now, randn, uniform } from "../harness.js";
import { runRstan, rstanAvailable, type RstanResult } from "../peers/rstan.js";
import { runWebppl, webpplVersion } from "../peers/webppl.js";
import * as Wg from "../peers/wengert.js";
import { fmt, medianMean, type BenchCase, type Ctx } from "./common.js";

type W = typeof import("../../src/index.js");
type T = Wg.Tensor;

/** A benchmark model: the wengert model function, its args, and the same model in Stan with its data as an R dump. */
interface BenchModel {
  name: string;
  model: (...args: never[]) => unknown;
  args: unknown[];
  stan: string;
  rdump: string;
  /** The same model in WebPPL and its HMC settings (its draws are named as our summary rows). */
  webppl: WebpplModel;
}

/**
 * A model for WebPPL's HMC: source defining `var model`, the JS arrays it reads as
 * `globalThis.<name>` (a literal of thousands of numbers overflows WebPPL's compiler), the fixed
 * step size and step count (WebPPL does not adapt them), and the iterations per chain: fewer than
 * ours where WebPPL is slow (ESS per second is a rate; the table says the iterations).
 */
interface WebpplModel {
  source: string;
  globals?: Record<string, number[]>;
  steps: number;
  stepSize: number;
  warmup: number;
  samples: number;
}

const SCHOOLS_Y = [28, 8, -3, 7, -1, 1, 18, 12];
const SCHOOLS_SIGMA = [15, 10, 16, 11, 9, 11, 10, 18];

function eightSchools(W: W): BenchModel {
  const f64 = (v: number | number[]): T => W.tensor(v, { dtype: "float64" });
  const model = (sigma: T, y: T): void => {
    const mu = W.infer.sample("mu", new W.distributions.Normal(f64(0), 5));
    const tau = W.infer.sample("tau", new W.distributions.HalfCauchy(f64(5)));
    W.infer.plate("J", 8, () => {
      const thetaTilde = W.infer.sample("thetaTilde", new W.distributions.Normal(f64(0), 1));
      W.infer.sample("y", new W.distributions.Normal(W.add(mu, W.mul(tau, thetaTilde)), sigma), { obs: y });
    });
  };
  return {
    name: "eight schools (non-centred)",
    model: model as (...args: never[]) => unknown,
    args: [f64(SCHOOLS_SIGMA), f64(SCHOOLS_Y)],
    stan: `data { int<lower=0> J; vector[J] y; vector<lower=0>[J] sigma; }
parameters { real mu; real<lower=0> tau; vector[J] theta_tilde; }
model { mu ~ normal(0, 5); tau ~ cauchy(0, 5); theta_tilde ~ normal(0, 1); y ~ normal(mu + tau * theta_tilde, sigma); }
`,
    rdump: `J <- 8L\ny <- c(${SCHOOLS_Y.join(", ")})\nsigma <- c(${SCHOOLS_SIGMA.join(", ")})\n`,
    // NOTE: WebPPL has no half-Cauchy and its HMC reflects at bounds, so tau = exp(logTau) with logTau
    // drawn from N(0, 1) and a factor that turns that density into HalfCauchy(5) on tau with its Jacobian.
    webppl: {
      source: `var y = [${SCHOOLS_Y.join(", ")}];
var sigma = [${SCHOOLS_SIGMA.join(", ")}];
var model = function () {
  var mu = sample(Gaussian({ mu: 0, sigma: 5 }));
  var logTau = sample(Gaussian({ mu: 0, sigma: 1 }));
  var tau = Math.exp(logTau);
  factor(Cauchy({ location: 0, scale: 5 }).score(tau) + Math.log(2) + logTau - Gaussian({ mu: 0, sigma: 1 }).score(logTau));
  var t = repeat(8, function () { return sample(Gaussian({ mu: 0, sigma: 1 })); });
  mapIndexed(function (j, tj) { observe(Gaussian({ mu: mu + tau * tj, sigma: sigma[j] }), y[j]); }, t);
  return _.fromPairs([["mu", mu], ["tau", tau]].concat(mapIndexed(function (j, tj) { return ["thetaTilde[" + j + "]", tj]; }, t)));
};`,
      steps: 10,
      stepSize: 0.3,
      warmup: 500,
      samples: 1000,
    },
  };
}

const N_OBS = 1000;
const K = 5;

function logisticRegression(W: W): BenchModel {
  const x = Float64Array.from(randn(N_OBS * K, 1, 41));
  const u = uniform(N_OBS, 0, 1, 42);
  const beta = [1, -0.5, 0.25, 0, 2];
  const y = new Float64Array(N_OBS);
  for (let i = 0; i < N_OBS; i++) {
    let z = 0.3;
    for (let k = 0; k < K; k++) z += x[i * K + k]! * beta[k]!;
    y[i] = u[i]! < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const f64 = (v: number): T => W.tensor(v, { dtype: "float64" });
  const model = (xs: T, ys: T): void => {
    const alpha = W.infer.sample("alpha", new W.distributions.Normal(f64(0), 2));
    const b = W.infer.plate("K", K, () => W.infer.sample("beta", new W.distributions.Normal(f64(0), 1)));
    W.infer.plate("N", N_OBS, () => W.infer.sample("y", new W.distributions.Bernoulli({ logits: W.add(W.matmul(xs, b), alpha) }), { obs: ys }));
  };
  // R matrices are column-major.
  const colMajor: number[] = [];
  for (let k = 0; k < K; k++) for (let i = 0; i < N_OBS; i++) colMajor.push(x[i * K + k]!);
  return {
    name: `logistic regression (${N_OBS.toLocaleString("en-US")} × ${K})`,
    model: model as (...args: never[]) => unknown,
    args: [W.tensor(x, { dtype: "float64", shape: [N_OBS, K] }), W.tensor(y, { dtype: "float64" })],
    stan: `data { int<lower=0> N; int<lower=0> K; matrix[N, K] x; int<lower=0, upper=1> y[N]; }
parameters { real alpha; vector[K] beta; }
model { alpha ~ normal(0, 2); beta ~ normal(0, 1); y ~ bernoulli_logit(alpha + x * beta); }
`,
    rdump: `N <- ${N_OBS}L\nK <- ${K}L\nx <- structure(c(${colMajor.map((v) => v.toPrecision(17)).join(", ")}), .Dim = c(${N_OBS}L, ${K}L))\ny <- c(${Array.from(y).join(", ")})\n`,
    webppl: {
      source: `var X = Tensor([${N_OBS}, ${K}], globalThis.__wpplX);
var Y = Tensor([${N_OBS}, 1], globalThis.__wpplY);
var model = function () {
  var alpha = sample(Gaussian({ mu: 0, sigma: 2 }));
  var beta = sample(DiagCovGaussian({ mu: zeros([${K}, 1]), sigma: ones([${K}, 1]) }));
  var logits = T.add(T.dot(X, beta), alpha);
  factor(T.sumreduce(T.sub(T.mul(Y, logits), T.log(T.add(T.exp(logits), 1)))));
  return _.fromPairs([["alpha", alpha]].concat(mapIndexed(function (k, b) { return ["beta[" + k + "]", b]; }, T.toScalars(beta))));
};`,
      globals: { __wpplX: Array.from(x), __wpplY: Array.from(y) },
      steps: 10,
      stepSize: 0.05,
      warmup: 100,
      samples: 250,
    },
  };
}

/** µs per logDensityAndGrad call: the median of 5 batches of `n` calls at a fixed point (after a warm-up batch). */
function gradientMicros(W: W, m: BenchModel, n: number): { micros: number; meanMicros: number; dim: number } {
  const ld = W.infer.logDensity(m.model, { args: m.args });
  const q = new Float64Array(ld.dim).map((_, i) => 0.1 * Math.sin(i + 1));
  const g = new Float64Array(ld.dim);
  let sink = 0;
  const batch = (): number => {
    const t0 = now();
    for (let i = 0; i < n; i++) sink += ld.logDensityAndGrad(q, g);
    return ((now() - t0) * 1000) / n;
  };
  batch();
  const times = [batch(), batch(), batch(), batch(), batch()].sort((a, b) => a - b);
  if (!Number.isFinite(sink)) throw new Error(`${m.name}: the log density is not finite`);
  return { micros: times[2]!, meanMicros: times.reduce((a, b) => a + b, 0) / times.length, dim: ld.dim };
}

interface NutsRun {
  seconds: number;
  /** Process CPU time (user + system) over the same span: what rstan's get_elapsed_time measures (std::clock). */
  cpuSeconds: number;
  minEss: number;
  divergences: number;
  means: Record<string, number>;
  mcse: Record<string, number>;
}

/** infer.nuts on the model (preparation included in the time); the smallest bulk ESS over the latent parameters' elements. */
function nutsRun(W: W, m: BenchModel, chains: number, warmup: number, samples: number): NutsRun {
  const t0 = now();
  const c0 = process.cpuUsage();
  const post = W.infer.nuts(m.model, { args: m.args, chains, warmup, samples, seed: 1 });
  const cpu = process.cpuUsage(c0);
  const seconds = (now() - t0) / 1000;
  const latent = W.infer.logDensity(m.model, { args: m.args }).names;
  const rows = post.summary().rows.filter((r) => latent.some((s) => r.name === s || r.name.startsWith(`${s}[`)));
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    minEss: Math.min(...rows.map((r) => r.essBulk)),
    divergences: post.divergences,
    means: Object.fromEntries(rows.map((r) => [r.name, r.mean])),
    mcse: Object.fromEntries(rows.map((r) => [r.name, r.mcse])),
  };
}

/** Stan's name of a scalar element (`theta_tilde[1]`) as the summary's (`thetaTilde[0]`): camelCase, 0-based. */
function ourName(stan: string): string {
  const m = /^([A-Za-z0-9_]+)(?:\[(\d+)\])?$/.exec(stan);
  if (m === null) return stan;
  const camel = m[1]!.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return m[2] === undefined ? camel : `${camel}[${Number(m[2]) - 1}]`;
}

/** How far apart two posterior means may be: 4 standard errors of their difference (√(MCSE₁² + MCSE₂²)). */
const AGREE_Z = 4;

interface Agreement {
  /** Per parameter: |Δ mean| ÷ √(MCSE_ours² + MCSE_rstan²). */
  z: Record<string, number>;
  worst: string;
  ok: boolean;
  /** rstan parameters with no summary row of ours (a naming mismatch). */
  missing: string[];
}

/** Compares the posterior means of our NUTS run with rstan's, parameter by parameter, in MCSE units. */
function agreement(ours: NutsRun, peer: RstanResult): Agreement {
  const z: Record<string, number> = {};
  const missing: string[] = [];
  let worst = "";
  for (const [stanName, theirs] of Object.entries(peer.means)) {
    const name = ourName(stanName);
    const mine = ours.means[name];
    if (mine === undefined) {
      missing.push(stanName);
      continue;
    }
    z[name] = Math.abs(mine - theirs) / Math.hypot(ours.mcse[name]!, peer.mcse[stanName] ?? 0);
    if (worst === "" || z[name]! > z[worst]!) worst = name;
  }
  return { z, worst, missing, ok: missing.length === 0 && Object.values(z).every((v) => v <= AGREE_Z) };
}

/**
 * WebPPL's HMC on the model (4 chains of its own iterations): a table row, or the reason it is
 * skipped; the note compares its posterior means with ours in MCSE units, as for rstan.
 */
function webpplRun(W: W, m: BenchModel, ours: NutsRun, chains: number, quick: boolean): { row: string[]; note: string; raw: unknown } | string {
  const v = webpplVersion();
  if (typeof v === "string") return v;
  const wp = m.webppl;
  const warmup = quick ? Math.min(wp.warmup, 100) : wp.warmup;
  const samples = quick ? Math.min(wp.samples, 200) : wp.samples;
  for (const [k, a] of Object.entries(wp.globals ?? {})) (globalThis as Record<string, unknown>)[k] = a;
  const r = runWebppl(wp.source, chains, warmup, samples, wp.steps, wp.stepSize);
  for (const k of Object.keys(wp.globals ?? {})) delete (globalThis as Record<string, unknown>)[k];
  if (typeof r === "string") return r;
  const D = W.infer.diagnostics;
  let minEss = Infinity;
  let worst = "";
  let worstZ = 0;
  for (const [name, draws] of Object.entries(r.draws)) {
    minEss = Math.min(minEss, D.essBulk(draws));
    const all = draws.flatMap((c) => Array.from(c));
    const mean = all.reduce((x, y) => x + y, 0) / all.length;
    const z = Math.abs(mean - (ours.means[name] ?? NaN)) / Math.hypot(ours.mcse[name] ?? NaN, D.mcseMean(draws));
    if (!(z <= worstZ)) [worst, worstZ] = [name, z];
  }
  const rate = minEss / r.cpuSeconds;
  const oursRate = ours.minEss / ours.cpuSeconds;
  return {
    row: [
      m.name,
      `WebPPL ${v.version}`,
      `HMC (fixed ε = ${wp.stepSize}, ${wp.steps} steps, unit metric: WebPPL does not adapt), ${chains} × (${warmup} + ${samples}), compile of the program included`,
      `${fmt((r.cpuSeconds * 1e6) / (chains * (warmup + samples) * wp.steps))} per leapfrog step, all-in`,
      `${fmt(r.wallSeconds)} / ${fmt(r.cpuSeconds)}`,
      fmt(minEss),
      fmt(rate),
      `${fmt(oursRate / rate)}× WebPPL's ESS/s`,
    ],
    note: `${m.name}: WebPPL's posterior means vs ours: max |Δ| / √(MCSE² + MCSE²) = ${fmt(worstZ)} (${worst}) over ${Object.keys(r.draws).length} parameters`,
    raw: { ...r, draws: undefined, minEss, rate, worst, worstZ },
  };
}

/** Case `inference`: log-density gradients, NUTS ESS/s (vs rstan, WebPPL) and ADVI steps/s. */
export const inferenceCase: BenchCase = {
  id: "inference",
  title: "Bayesian inference: log-density gradient, NUTS ESS per second, ADVI steps per second",
  async run(ctx: Ctx) {
    const W = await Wg.importModule<W>("index");
    const chains = 4;
    const warmup = ctx.quick ? 300 : 1000;
    const samples = ctx.quick ? 300 : 1000;
    const models = [eightSchools(W), logisticRegression(W)];
    const rows: string[][] = [];
    const raw: Record<string, unknown> = {};
    const notes: string[] = [];
    const rstan = rstanAvailable();
    if (rstan !== true) notes.push(`rstan: ${rstan}`);
    const webppl = webpplVersion();
    if (typeof webppl === "string") notes.push(`WebPPL: ${webppl}`);
    await Wg.oneThread(async () => {
      for (const m of models) {
        const grad = gradientMicros(W, m, ctx.quick ? 2000 : 20000);
        ctx.log(`  ${m.name}: ${fmt(grad.micros)} µs per gradient (dim ${grad.dim})`);
        const ours = nutsRun(W, m, chains, warmup, samples);
        // NOTE: ESS per CPU second, as rstan 2.21's get_elapsed_time is std::clock() (CPU time); on a loaded
        // machine wall time counts the other processes' turns against us but not against rstan.
        const oursRate = ours.minEss / ours.cpuSeconds;
        ctx.log(`  ${m.name}: NUTS ${chains} × (${warmup} + ${samples}) in ${fmt(ours.seconds)} s wall, ${fmt(ours.cpuSeconds)} s CPU, min bulk ESS ${fmt(ours.minEss)}, ${fmt(oursRate)} ESS per CPU s (${fmt(ours.minEss / ours.seconds)} per wall s), ${ours.divergences} divergences`);
        rows.push([m.name, "**wengert**", `infer.nuts (compiled log density), preparation included`, medianMean({ median: grad.micros, mean: grad.meanMicros }), `${fmt(ours.seconds)} / ${fmt(ours.cpuSeconds)}`, fmt(ours.minEss), fmt(oursRate), ""]);
        let peer: RstanResult | string = "";
        if (rstan === true) {
          ctx.log(`  ${m.name}: rstan (the first run compiles the Stan program, about a minute; cached after)`);
          peer = runRstan(m.name, m.stan, m.rdump, chains, warmup, samples);
          if (typeof peer === "string") notes.push(`rstan on ${m.name}: ${peer}`);
          else {
            const rate = peer.min_ess_bulk / peer.sampler_s;
            const agree = agreement(ours, peer);
            const verdict = `posterior means ${agree.ok ? "agree with" : "DISAGREE with"} rstan's: max |Δ| / √(MCSE² + MCSE²) = ${fmt(agree.z[agree.worst] ?? NaN)} (${agree.worst}) over ${Object.keys(agree.z).length} parameters, limit ${AGREE_Z}${agree.missing.length > 0 ? `; no match for ${agree.missing.join(", ")}` : ""}`;
            ctx.log(`  ${m.name}: ${verdict}`);
            notes.push(`${m.name}: ${verdict}`);
            if (!agree.ok) process.exitCode = 1;
            rows.push([
              m.name,
              "rstan 2.21",
              `NUTS, sampler time only (get_elapsed_time; stan_model() took ${fmt(peer.compile_s)} s: a compile on the first run, loading the cached model after)`,
              peer.leapfrog > 0 ? `${fmt((peer.sampler_s * 1e6) / peer.leapfrog)} per leapfrog step, all-in` : "—",
              `— / ${fmt(peer.sampler_s)}`,
              fmt(peer.min_ess_bulk),
              fmt(rate),
              // NOTE: both ratios: the issue's goal divides by wall time; the CPU ratio also counts V8's background
              // compiler and collector threads against us (a one-threaded rstan's wall time is at least its CPU time).
              `${fmt(oursRate / rate)}× rstan's ESS/s by CPU time, ${fmt(ours.minEss / ours.seconds / rate)}× by our wall time${agree.ok ? "" : "; posterior means DISAGREE"}`,
            ]);
          }
        }
        let wp: ReturnType<typeof webpplRun> | undefined;
        if (typeof webppl !== "string") {
          ctx.log(`  ${m.name}: WebPPL HMC`);
          wp = webpplRun(W, m, ours, chains, ctx.quick);
          if (typeof wp === "string") notes.push(`WebPPL on ${m.name}: ${wp}`);
          else {
            ctx.log(`  ${wp.row.join(" | ")}`);
            rows.push(wp.row);
            notes.push(wp.note);
          }
        }
        raw[m.name] = { gradientMicros: grad.micros, dim: grad.dim, nuts: ours, rstan: peer, agreement: typeof peer === "string" ? null : agreement(ours, peer), webppl: typeof wp === "object" ? wp.raw : wp };
      }
      const advi = models[1]!;
      if (typeof (W.infer as Record<string, unknown>)["advi"] === "function") {
        const iterations = ctx.quick ? 300 : 2000;
        const t0 = now();
        const res = W.infer.advi(advi.model, { args: advi.args, family: "fullRank", iterations, eta: 0.1, tolRelObj: 1e-12, evalElbo: iterations, seed: 1 });
        const seconds = (now() - t0) / 1000;
        const perSecond = res.iterations / seconds;
        ctx.log(`  ${advi.name}: ADVI full-rank ${res.iterations} steps in ${fmt(seconds)} s, ${fmt(perSecond)} steps/s`);
        rows.push([advi.name, "**wengert**", `infer.advi fullRank, ${res.iterations} steps (η = 0.1, 1 draw per gradient), preparation included`, "", fmt(seconds), "", `${fmt(perSecond)} steps/s`, ""]);
        raw.advi = { iterations: res.iterations, seconds, perSecond };
      } else notes.push("ADVI: infer.advi is not in this build; skipped");
    });
    return {
      id: "inference",
      title: this.title,
      what:
        "µs/gradient: the median (and mean) over 5 batches of infer.logDensity(model).logDensityAndGrad(q, grad) at a fixed q (compiled). " +
        `NUTS: infer.nuts(model, { chains: ${chains}, warmup: ${warmup}, samples: ${samples}, seed: 1 }) timed from the model function (tracing and compiling the log density included) to the draws; ` +
        "ESS is the smallest bulk ESS (Vehtari et al. 2021) over the latent parameters' elements; ESS/s = that ÷ the process CPU time (process.cpuUsage, what rstan 2.21's get_elapsed_time measures with std::clock; the wall time is shown beside it, and the ratio to rstan is given both ways: by our CPU time, which also counts V8's background compiler and collector threads, and by our wall time, the issue's measure, against rstan's CPU time, which a one-threaded process's wall time cannot undercut). " +
        "rstan: the same model in Stan, sampling() with the same chains and iterations on one core, timed by get_elapsed_time (warm-up + sampling, summed over chains; compilation not counted, as the issue's goal says), ESS by rstan's ess_bulk. " +
        "WebPPL: the same model in WebPPL under its HMC kernel (fixed step size and steps, unit metric: it has no NUTS and no adaptation), in this process, CPU time of all chains including its compile of the program, ESS by our essBulk on its ordered draws. One thread.",
      table: { columns: ["model", "library", "variant", "µs per gradient (median, mean)", "wall s / CPU s", "min bulk ESS", "ESS per CPU s", "ratio"], rows },
      notes,
      raw,
    };
  },
};

