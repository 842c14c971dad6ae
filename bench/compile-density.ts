// Per-gradient cost of compiled log densities (eight schools non-centred; a 1,000-observation
// logistic regression), against the hand-written eight-schools gradient: CPU µs per call, min and
// median of several rounds. Run: npx tsx bench/compile-density.ts [--source]
import { add, compile, distributions as D, infer, matmul, mul, random, tensor, valueAndGrad, type Tensor } from "../src/index.js";

const f64 = { dtype: "float64" } as const;
const y = tensor([28, 8, -3, 7, -1, 1, 18, 12], f64);
const sigma = tensor([15, 10, 16, 11, 9, 11, 10, 18], f64);
function eightSchools(y: Tensor, sigma: Tensor): void {
  const mu = infer.sample("mu", new D.Normal(tensor(0, f64), 5));
  const tau = infer.sample("tau", new D.HalfCauchy(tensor(5, f64)));
  infer.plate("schools", 8, () => {
    const eta = infer.sample("eta", new D.Normal(tensor(0, f64), 1));
    const theta = infer.deterministic("theta", add(mu, mul(tau, eta)));
    infer.sample("y", new D.Normal(theta, sigma), { obs: y });
  });
}

const N = 1000, P = 5;
const kx = random.split(random.key(1), 2);
const X = random.normal(kx[0]!, [N, P], f64);
const yl = random.bernoulli(kx[1]!, 0.5, [N]);
function logistic(X: Tensor, yl: Tensor): void {
  const w = infer.sample("w", new D.Normal(tensor(0, f64), 1).expand([P]));
  const b = infer.sample("b", new D.Normal(tensor(0, f64), 1));
  infer.sample("y", new D.Bernoulli({ logits: add(matmul(X, w), b) }), { obs: yl });
}

/** Hand-written value + gradient of eight schools in the same parameterisation. */
const Y = new Float64Array([28, 8, -3, 7, -1, 1, 18, 12]), S = new Float64Array([15, 10, 16, 11, 9, 11, 10, 18]);
function handWritten(q: Float64Array, g: Float64Array): number {
  const mu = q[0]!, ltau = q[1]!, tau = Math.exp(ltau);
  let lp = -0.5 * (mu / 5) ** 2 - Math.log1p((tau / 5) ** 2) + ltau;
  let gmu = -mu / 25, gtau = (-2 * tau) / 25 / (1 + (tau / 5) ** 2);
  for (let i = 0; i < 8; i++) {
    const eta = q[2 + i]!, z = (Y[i]! - mu - tau * eta) / S[i]!;
    lp += -0.5 * eta * eta - 0.5 * z * z;
    const dz = z / S[i]!;
    gmu += dz; gtau += dz * eta; g[2 + i] = -eta + dz * tau;
  }
  g[0] = gmu; g[1] = gtau * tau + 1;
  return lp;
}

function time(name: string, f: (q: Float64Array, g: Float64Array) => number, dim: number, reps: number): void {
  const q = new Float64Array(dim), g = new Float64Array(dim);
  for (let i = 0; i < dim; i++) q[i] = 0.1 * (i % 7) - 0.3;
  let sink = 0;
  for (let i = 0; i < reps; i++) sink += f(q, g);
  const rounds: number[] = [];
  for (let r = 0; r < 9; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) { q[0] = (i & 15) * 0.01; sink += f(q, g); }
    const c = process.cpuUsage(c0);
    rounds.push(((c.user + c.system) / reps));
  }
  rounds.sort((a, b) => a - b);
  console.log(`${name.padEnd(36)} min ${rounds[0]!.toFixed(3)} µs  median ${rounds[4]!.toFixed(3)} µs  (${sink === 0 ? "" : "ok"})`);
}

const showSource = process.argv.includes("--source");
const hooks = { onCompile: (c: { source: string | null; program: { equations: unknown[] } }) => { if (showSource) console.log(c.program.equations.length, "equations\n" + c.source); } };
void hooks; void compile;
if (showSource) {
  const ff = (await import("../src/compile/function-factory.js")).functionFactory;
  const make = ff.make.bind(ff);
  ff.make = (params: string[], body: string) => { console.log(body); return make(params, body); };
}
const ld8 = infer.logDensity(eightSchools, { args: [y, sigma] });
const ldl = infer.logDensity(logistic, { args: [X, yl] });
const g8 = new Float64Array(10), q8 = new Float64Array(10).fill(0.2);
console.log("check", ld8.logDensityAndGrad(q8, g8), Array.from(g8).map((v) => v.toFixed(6)).join(" "));
const h8 = new Float64Array(10);
console.log("hand ", handWritten(q8, h8), Array.from(h8).map((v) => v.toFixed(6)).join(" "));
time("eight schools compiled", (q, g) => ld8.logDensityAndGrad(q, g), 10, 200000);
time("eight schools hand-written", handWritten, 10, 200000);
time("logistic 1000x5 compiled", (q, g) => ldl.logDensityAndGrad(q, g), 6, 2000);

/**
 * The same potential as `infer.logDensity` compiles (its private `potential` and `inputs`), compiled
 * here with `reuseOutputs` and with the data made inside the model (constants the optimiser folds):
 * what infer.logDensity would cost with those two changes.
 */
type Internals = { potential(xs: Tensor[]): Tensor; inputs: Tensor[]; slots: { offset: number }[] };
function variant(ld: object, reuseOutputs: boolean): (q: Float64Array, g: Float64Array) => number {
  const m = ld as Internals;
  const vg = compile(valueAndGrad((...xs: Tensor[]) => m.potential(xs), { argnums: m.inputs.map((_, i) => i) }), { reuseOutputs }) as unknown as (...xs: Tensor[]) => [Tensor, Tensor[]];
  const xs = m.inputs;
  return (q, g) => {
    for (let i = 0; i < xs.length; i++) {
      const d = xs[i]!._data!, off = m.slots[i]!.offset;
      for (let j = 0; j < d.length; j++) d[j] = q[off + j]!;
    }
    const out = vg(...xs);
    for (let i = 0; i < xs.length; i++) g.set(out[1][i]!._data!, m.slots[i]!.offset);
    return out[0]._data![0]!;
  };
}
const Yd = [28, 8, -3, 7, -1, 1, 18, 12], Sd = [15, 10, 16, 11, 9, 11, 10, 18];
const ldInside = infer.logDensity(() => eightSchools(tensor(Yd, f64), tensor(Sd, f64)), { args: [] });
time("eight schools, reuseOutputs", variant(ld8, true), 10, 200000);
time("eight schools, data inside", (q, g) => ldInside.logDensityAndGrad(q, g), 10, 200000);
time("eight schools, data inside + reuseOutputs", variant(ldInside, true), 10, 200000);
time("logistic, reuseOutputs", variant(ldl, true), 6, 2000);
