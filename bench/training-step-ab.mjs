/* global process, console */
// Paired A/B of the two training steps of issue 18's goals between two builds in one process: the
// mlp case's 784-256-256-10 SGD step (valueAndGrad of the mean softmax cross-entropy, batch 128,
// the user's sub/mul update) and the training case's BatchNorm MLP step (`wengert train`'s MLP,
// nn.Module forward, crossEntropy, backward(), Adam lr 1e-3), one thread each. Rounds alternate
// A B / B A, each timed by CPU time (process.cpuUsage: wall clock is meaningless on a shared
// machine), after a check that both builds give the same loss bits for 20 steps.
// Usage: node bench/training-step-ab.mjs <build dir A> <build dir B> [mlp|bn|both] [rounds = 12] [steps per round = 25]
// Prints ms of CPU time per step (min and median over rounds) and B's time over A's (min, median).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dirA, dirB] = [process.argv[2], process.argv[3]].map((d) => resolve(d ?? "node_modules/.cache/wengert-bench/dist"));
const which = process.argv[4] ?? "both";
const rounds = Number(process.argv[5] ?? 12);
const per = Number(process.argv[6] ?? 25);

const lcg = (seed) => {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
};
function randn(n, scale, seed) {
  const r = lcg(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
  return a;
}

async function load(dir) {
  const url = (p) => pathToFileURL(`${dir}/${p}`).href;
  const W = await import(url("index.js"));
  if (!(await W.wasmBackendLoaded)) throw new Error(`${dir}: the wasm kernels did not load`);
  W.setNumThreads(1);
  return { W, models: await import(url("cli/train/models.js")), opts: await import(url("cli/train/optimizers.js")) };
}

/** The mlp case's step: 784-256-256-10, batch 128, SGD lr 0.01 written with ops. */
function mlpStep({ W }) {
  const sizes = [784, 256, 256, 10];
  const [B, L] = [128, 3];
  const f32 = (a, shape) => W.tensor(a, { shape, dtype: "float32" });
  let params = { W: sizes.slice(0, -1).map((f, l) => f32(randn(f * sizes[l + 1], Math.sqrt(2 / f), 11 + l), [f, sizes[l + 1]])), b: sizes.slice(1).map((n) => f32(new Float32Array(n), [n])) };
  const X = f32(randn(B * 784, 1, 3), [B, 784]);
  const y = new Float32Array(B * 10);
  for (let i = 0; i < B; i++) y[i * 10 + ((i * 7) % 10)] = 1;
  const Y = f32(y, [B, 10]);
  const [negInvB, lr] = [W.scalar(-1 / B, "float32"), W.scalar(0.01, "float32")];
  const loss = (p, x, t) => {
    let h = x;
    for (let l = 0; l < L; l++) {
      h = W.add(W.matmul(h, p.W[l]), p.b[l]);
      if (l < L - 1) h = W.relu(h);
    }
    return W.mul(W.sum(W.mul(W.logSoftmax(h, -1), t)), negInvB);
  };
  const vg = W.valueAndGrad(loss);
  return () => {
    const [v, g] = vg(params, X, Y);
    params = { W: params.W.map((w, l) => W.sub(w, W.mul(g.W[l], lr))), b: params.b.map((b, l) => W.sub(b, W.mul(g.b[l], lr))) };
    return v.item();
  };
}

/** The training case's BatchNorm MLP step: `wengert train`'s MLP (784-256(BN)-128(BN)-10), Adam lr 1e-3, batch 128. */
function bnStep({ W, models, opts }) {
  const model = models.createModel("mlp", 0);
  model.train();
  const opt = opts.createOptimizer(opts.parseOptimizer("adam"), model.parameters(), 1e-3, (p) => p);
  const B = 128;
  const r = lcg(3);
  const images = W.tensor(Float32Array.from({ length: B * 784 }, r), { shape: [B, 1, 28, 28], dtype: "float32" });
  const labels = W.tensor(Int32Array.from({ length: B }, (_, i) => (i * 7) % 10), { shape: [B] });
  return () => {
    const loss = W.crossEntropy(model.forward(images), labels);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    return loss.item();
  };
}

const builds = [await load(dirA), await load(dirB)];
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const fmt = (x) => x.toFixed(2);
for (const kind of which === "both" ? ["mlp", "bn"] : [which]) {
  const make = kind === "mlp" ? mlpStep : bnStep;
  const check = builds.map(make);
  for (let i = 0; i < 20; i++) {
    const [a, b] = check.map((s) => s());
    if (!Object.is(a, b)) throw new Error(`${kind}: step ${i + 1} loss A ${a} ≠ B ${b}`);
  }
  const steps = builds.map(make);
  for (const s of steps) for (let i = 0; i < 10; i++) s();
  const t = [[], []];
  for (let r = 0; r < rounds; r++)
    for (const k of r % 2 ? [1, 0] : [0, 1]) {
      const t0 = process.cpuUsage();
      for (let i = 0; i < per; i++) steps[k]();
      const d = process.cpuUsage(t0);
      t[k].push((d.user + d.system) / 1000 / per);
    }
  const ratio = t[1].map((b, i) => b / t[0][i]);
  console.log(
    `${kind === "mlp" ? "MLP 784-256-256-10 + SGD" : "BatchNorm MLP + Adam"}: A ${fmt(Math.min(...t[0]))} / ${fmt(med(t[0]))} ms, B ${fmt(Math.min(...t[1]))} / ${fmt(med(t[1]))} ms (CPU per step, min / median); ` +
      `B/A min ${fmt(Math.min(...ratio))}, median ${fmt(med(ratio))}; same loss bits for 20 steps`,
  );
}
