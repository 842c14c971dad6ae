/* global process, console */
// Paired A/B of the CNN training step of bench/cases/training.ts (`wengert train`'s CNN, nn.Module
// forward, crossEntropy, backward(), Adam lr 1e-3, batch 128, one thread) between two builds, or of
// one of its kernel calls (the wasm backend's conv2d, gradients, max pooling, bias-gradient sum on
// the step's shapes). CPU time (process.cpuUsage: wall clock is meaningless on a shared machine),
// alternating rounds, each round one fresh child process per build; the parent checks that both
// builds give the same loss (step) or the same result bits (kernel).
// NOTE: one child process per build and round: two builds in one process share the heap and type feedback.
// Build each with `npx tsc -p tsconfig.build.json --outDir <dir> --declaration false --sourceMap false --inlineSources false`
// and copy src/backend/wasm/wasm-bytes.js into <dir>/backend/wasm/, then:
//   node bench/cnn-step-ab.mjs <dir A> <dir B> [step | conv1fwd | conv1wgrad | conv2fwd | conv2igrad | conv2wgrad | pool1fwd | pool1grad | pool2grad | biasgrad] [rounds = 15] [calls per child = 10]
// Prints ms of CPU time per call (min and median over rounds of each child's median) and B/A per round (min, median).
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const med = (xs) => xs.slice().sort((p, q) => p - q)[xs.length >> 1];
const cpuMs = (fn) => {
  const t0 = process.cpuUsage();
  fn();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
};

async function child(dir, what, calls) {
  const W = await import(pathToFileURL(`${dir}/index.js`).href);
  W.setNumThreads(1);
  let s = 12345;
  const rnd = (n, lo = 0, hi = 1) => Float32Array.from({ length: n }, () => lo + ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * (hi - lo));
  let fn;
  let bits;
  if (what === "step") {
    const models = await import(pathToFileURL(`${dir}/cli/train/models.js`).href);
    const opts = await import(pathToFileURL(`${dir}/cli/train/optimizers.js`).href);
    const model = models.createModel("cnn", 0);
    model.train();
    const opt = opts.createOptimizer(opts.parseOptimizer("adam"), model.parameters(), 1e-3, (peak) => peak);
    const images = W.tensor(rnd(128 * 784), { shape: [128, 1, 28, 28] });
    const labels = W.tensor(Int32Array.from({ length: 128 }, (_, i) => (i * 7) % 10), { shape: [128] });
    let loss = 0;
    fn = () => {
      const l = W.crossEntropy(model.forward(images), labels);
      opt.zeroGrad();
      l.backward();
      opt.step();
      loss = l.item();
    };
    bits = () => String(loss);
  } else {
    const { wasmBackend: B } = await import(pathToFileURL(`${dir}/backend/wasm/wasm-backend.js`).href);
    const gp = { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] };
    const gc = { stride: [1, 1], padding: [[1, 1], [1, 1]], dilation: [1, 1], groups: 1 };
    const x0 = rnd(128 * 784), w1 = rnd(144, -1 / 3, 1 / 3), b1 = rnd(16, -1 / 3, 1 / 3);
    const y1 = rnd(128 * 16 * 784, -1, 1), c1 = rnd(128 * 16 * 196, -1, 1);
    const h1 = rnd(128 * 16 * 196), w2 = rnd(32 * 144, -1 / 12, 1 / 12), b2 = rnd(32, -1 / 12, 1 / 12);
    const y2 = rnd(128 * 32 * 196, -1, 1), c2 = rnd(128 * 32 * 49, -1, 1);
    const cases = {
      conv1fwd: () => B.conv2d(x0, [128, 1, 28, 28], w1, [16, 1, 3, 3], [128, 16, 28, 28], gc, b1),
      conv1wgrad: () => B.conv2dWeightGrad(x0, [128, 1, 28, 28], y1, [128, 16, 28, 28], [16, 1, 3, 3], gc),
      conv2fwd: () => B.conv2d(h1, [128, 16, 14, 14], w2, [32, 16, 3, 3], [128, 32, 14, 14], gc, b2),
      conv2igrad: () => B.conv2dInputGrad(y2, [128, 32, 14, 14], w2, [32, 16, 3, 3], [128, 16, 14, 14], gc),
      conv2wgrad: () => B.conv2dWeightGrad(h1, [128, 16, 14, 14], y2, [128, 32, 14, 14], [32, 16, 3, 3], gc),
      pool1fwd: () => B.maxPool2d(y1, [128, 16, 28, 28], [128, 16, 14, 14], gp),
      pool1grad: () => B.maxPool2dGrad(y1, [128, 16, 28, 28], c1, [128, 16, 14, 14], gp),
      pool2grad: () => B.maxPool2dGrad(y2, [128, 32, 14, 14], c2, [128, 32, 7, 7], gp),
      biasgrad: () => [B.reduce("sum", y1, [128, 16, 28, 28], [0, 2, 3]), B.reduce("sum", y2, [128, 32, 14, 14], [0, 2, 3])].at(-1),
    };
    const k = cases[what];
    if (!k) throw new Error(`unknown case ${what}`);
    let out;
    fn = () => (out = k());
    bits = () => {
      let h = 0;
      const u = new Uint32Array(out.buffer, out.byteOffset, out.length);
      for (let i = 0; i < u.length; i++) h = (Math.imul(h, 31) + u[i]) | 0;
      return String(h);
    };
  }
  for (let i = 0; i < 4; i++) fn();
  const t = Array.from({ length: calls }, () => cpuMs(fn));
  console.log(JSON.stringify({ ms: med(t), bits: bits() }));
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], Number(process.argv[5]));
else {
  const dirs = [resolve(process.argv[2] ?? "dist"), resolve(process.argv[3] ?? "dist")];
  const what = process.argv[4] ?? "step";
  const rounds = Number(process.argv[5] ?? 15);
  const calls = process.argv[6] ?? "10";
  const res = [[], []];
  const bits = [new Set(), new Set()];
  for (let r = 0; r < rounds; r++)
    for (let s = 0; s < 2; s++) {
      // Alternate which build goes first in each round.
      const which = (r + s) & 1;
      const c = spawnSync(process.execPath, [process.argv[1], "--child", dirs[which], what, calls], { encoding: "utf8" });
      if (c.status !== 0) throw new Error(`child for ${dirs[which]} failed: ${c.stderr}`);
      const o = JSON.parse(c.stdout);
      res[which].push(o.ms);
      bits[which].add(o.bits);
    }
  const st = (xs, d = 2) => `min ${Math.min(...xs).toFixed(d)} med ${med(xs).toFixed(d)}`;
  console.log(`A = ${dirs[0]}, B = ${dirs[1]}; ${what}, ${rounds} alternating rounds, a process per build and round, CPU ms per call`);
  console.log(`A ${st(res[0])} | B ${st(res[1])} | B/A per round ${st(res[1].map((b, i) => b / res[0][i]), 3)}`);
  console.log([...bits[0]].join() === [...bits[1]].join() ? "same results (loss / bits) in both builds" : `RESULTS DIFFER: A ${[...bits[0]]} B ${[...bits[1]]}`);
}
