/* global process, console */
// Paired A/B of the two training steps of issue 18's goals between two builds: the mlp case's
// 784-256-256-10 SGD step (valueAndGrad of the mean softmax cross-entropy, batch 128, the user's
// sub/mul update) and the training case's BatchNorm MLP step (`wengert train`'s MLP, nn.Module
// forward, crossEntropy, backward(), Adam lr 1e-3), one thread each. Rounds alternate A B / B A,
// each round one fresh child process per build, timed by CPU time (process.cpuUsage: wall clock is
// meaningless on a shared machine); every child prints its first 20 losses and the parent checks
// that both builds give the same loss bits.
// NOTE: one child process per build and round: with both builds in one process they share the heap
// (one build's garbage is collected on the other's time) and type feedback, which biased the ratio.
// Usage: node bench/training-step-ab.mjs <build dir A> <build dir B> [mlp|bn|both] [rounds = 15] [steps per round = 40]
// Prints ms of CPU time per step (min and median over rounds) and B's time over A's (min, median);
// for the BatchNorm step also the CPU time of its opt.step() alone.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pathToFileURL } from "node:url";


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

/** CPU µs spent in the BatchNorm step's opt.step() (the Adam update), summed over steps. */
let optimizerUs = 0;

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
    const t0 = process.cpuUsage();
    opt.step();
    const d = process.cpuUsage(t0);
    optimizerUs += d.user + d.system;
    return loss.item();
  };
}

const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const fmt = (x) => x.toFixed(2);
if (process.argv[2] === "--child") {
  // One build, one kind: 20 checked losses, a warm-up, then CPU ms per step over `per` steps, as JSON.
  const [dir, kind, per] = [process.argv[3], process.argv[4], Number(process.argv[5])];
  const build = await load(dir);
  const step = (kind === "mlp" ? mlpStep : bnStep)(build);
  const losses = [];
  for (let i = 0; i < 20; i++) losses.push(step());
  for (let i = 0; i < 10; i++) step();
  optimizerUs = 0;
  const t0 = process.cpuUsage();
  for (let i = 0; i < per; i++) step();
  const d = process.cpuUsage(t0);
  console.log(JSON.stringify({ losses, ms: (d.user + d.system) / 1000 / per, optMs: optimizerUs / 1000 / per }));
} else {
  const dirs = [process.argv[2], process.argv[3]].map((d) => resolve(d ?? "node_modules/.cache/wengert-bench/dist"));
  const which = process.argv[4] ?? "both";
  const rounds = Number(process.argv[5] ?? 15);
  const per = Number(process.argv[6] ?? 40);
  const self = fileURLToPath(import.meta.url);
  const child = (dir, kind) => {
    const r = spawnSync(process.execPath, [self, "--child", dir, kind, String(per)], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`child ${dir} ${kind} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop());
  };
  for (const kind of which === "both" ? ["mlp", "bn"] : [which]) {
    const t = [[], []];
    const opt = [[], []];
    let losses = [null, null];
    for (let r = 0; r < rounds; r++)
      for (const k of r % 2 ? [1, 0] : [0, 1]) {
        const out = child(dirs[k], kind);
        losses[k] ??= out.losses;
        t[k].push(out.ms);
        opt[k].push(out.optMs);
      }
    losses[0].forEach((a, i) => {
      if (!Object.is(a, losses[1][i])) throw new Error(`${kind}: step ${i + 1} loss A ${a} ≠ B ${losses[1][i]}`);
    });
    const ratio = t[1].map((b, i) => b / t[0][i]);
    console.log(
      `${kind === "mlp" ? "MLP 784-256-256-10 + SGD" : "BatchNorm MLP + Adam"}: A ${fmt(Math.min(...t[0]))} / ${fmt(med(t[0]))} ms, B ${fmt(Math.min(...t[1]))} / ${fmt(med(t[1]))} ms (CPU per step, min / median); ` +
        `B/A min ${fmt(Math.min(...ratio))}, median ${fmt(med(ratio))}; ${rounds} pairs; same loss bits for 20 steps`,
    );
    if (kind === "bn") {
      const r = opt[1].map((b, i) => b / opt[0][i]);
      console.log(`  of which opt.step() (Adam): A ${fmt(Math.min(...opt[0]))} / ${fmt(med(opt[0]))} ms, B ${fmt(Math.min(...opt[1]))} / ${fmt(med(opt[1]))} ms; B/A min ${fmt(Math.min(...r))}, median ${fmt(med(r))}`);
    }
  }
}
