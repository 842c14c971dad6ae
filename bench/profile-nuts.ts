// Profiles infer.nuts on the benchmark models (eight schools non-centred, a 1,000 × 5 logistic
// regression) to see the per-leapfrog overhead: prints CPU time per leapfrog step split into the
// log-density gradient and the rest. Run: npx tsx bench/profile-nuts.ts [eight|logistic] [--cpu-prof]
// (or node --cpu-prof --import tsx bench/profile-nuts.ts eight, then open the .cpuprofile in DevTools).
import { add, cpuBackend, distributions as D, getBackend, infer, matmul, mul, random, setBackend, tensor, type Tensor } from "../src/index.js";
import type { Potential } from "../src/infer/index.js";

const f64 = { dtype: "float64" } as const;
function eightSchools(sigma: Tensor, y: Tensor): void {
  const mu = infer.sample("mu", new D.Normal(tensor(0, f64), 5));
  const tau = infer.sample("tau", new D.HalfCauchy(tensor(5, f64)));
  infer.plate("J", 8, () => {
    const t = infer.sample("thetaTilde", new D.Normal(tensor(0, f64), 1));
    infer.sample("y", new D.Normal(add(mu, mul(tau, t)), sigma), { obs: y });
  });
}
const N = 1000, K = 5;
const kx = random.split(random.key(41), 2);
const X = random.normal(kx[0]!, [N, K], f64);
const yl = random.bernoulli(kx[1]!, 0.5, [N]);
function logistic(xs: Tensor, ys: Tensor): void {
  const alpha = infer.sample("alpha", new D.Normal(tensor(0, f64), 2));
  const b = infer.plate("K", K, () => infer.sample("beta", new D.Normal(tensor(0, f64), 1)));
  infer.plate("N", N, () => infer.sample("y", new D.Bernoulli({ logits: add(matmul(xs, b), alpha) }), { obs: ys }));
}

const which = process.argv[2] ?? "eight";
const [model, args] = which === "logistic"
  ? [logistic, [X, yl]] as const
  : [eightSchools, [tensor([15, 10, 16, 11, 9, 11, 10, 18], f64), tensor([28, 8, -3, 7, -1, 1, 18, 12], f64)]] as const;
if (process.argv.includes("--cpu")) setBackend(cpuBackend);
const p0 = process.cpuUsage();
const ld = infer.logDensity(model as (...a: never[]) => unknown, { args: args as unknown as never[] });
const prep = process.cpuUsage(p0);
let calls = 0, gradMicros = 0;
const timed: Potential = {
  dim: ld.dim,
  logDensityAndGrad(q, g) {
    calls++;
    return ld.logDensityAndGrad(q, g);
  },
};
// Warm up the JIT, then time: the run with the counting wrapper gives the number of gradients;
// the gradient's own cost is measured separately in a tight loop at a typical point.
infer.nuts(timed, { seed: 0, chains: 1, warmup: 200, samples: 200 });
calls = 0;
const c0 = process.cpuUsage();
const post = infer.nuts(timed, { seed: 1, chains: 4, warmup: 1000, samples: Number(process.env.SAMPLES ?? 1000) });
const c = process.cpuUsage(c0);
const minEss = Math.min(...post.summary().rows.map((r) => r.essBulk));
const total = c.user + c.system;
const q = new Float64Array(ld.dim).map((_, i) => 0.1 * Math.sin(i + 1)), g = new Float64Array(ld.dim);
const reps = Math.min(200000, Math.max(2000, Math.round(calls / 10)));
const g0 = process.cpuUsage();
for (let i = 0; i < reps; i++) ld.logDensityAndGrad(q, g);
const gc = process.cpuUsage(g0);
gradMicros = (gc.user + gc.system) / reps;
const seconds = (total + prep.user + prep.system) / 1e6;
console.log(`${which} (${getBackend().name} backend): 4 × (1000 + ${process.env.SAMPLES ?? 1000}): min bulk ESS ${minEss.toFixed(0)} in ${seconds.toFixed(3)} s CPU (preparation ${((prep.user + prep.system) / 1e6).toFixed(3)} s included): ${(minEss / seconds).toFixed(0)} ESS per CPU s`);
console.log(`${which}: ${calls} gradients in ${(total / 1e6).toFixed(3)} s CPU: ${(total / calls).toFixed(3)} µs per leapfrog step, of which the gradient ${gradMicros.toFixed(3)} µs (${((100 * gradMicros * calls) / total).toFixed(0)}%), the sampler ${(total / calls - gradMicros).toFixed(3)} µs`);
