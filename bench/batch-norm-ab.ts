// Paired A/B of the `training` case's BatchNorm MLP step (784-256-128-10 with BatchNorm1d, batch 128,
// Adam, one thread): BatchNorm1d with the fused batchNorm/batchNormGrad primitives (A) and with the
// composite it replaced (B: mean, variance, sub, add, rsqrt, mul, patched in here), in alternating
// rounds in one process, CPU time per step. Run: npx tsx bench/batch-norm-ab.ts [rounds]
import { add, crossEntropy, mean, mul, nn, rsqrt, setNumThreads, sub, tensor, variance, type Tensor } from "../src/index.js";
import { wasmBackendLoaded } from "../src/backend/wasm/wasm-backend.js";
import { createModel } from "../src/cli/train/models.js";
import { createOptimizer, parseOptimizer } from "../src/cli/train/optimizers.js";

await wasmBackendLoaded;
setNumThreads(1);
const B = 128;
let seed = 1;
const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const images = tensor(Float32Array.from({ length: B * 784 }, next), { shape: [B, 1, 28, 28] });
const labels = tensor(Int32Array.from({ length: B }, (_, i) => i % 10), { shape: [B] });

const fused = nn.BatchNorm1d.prototype.forward;
/** The composite training-mode forward (running statistics left alone: their update is the same noGrad code in both). */
function composite(this: nn.BatchNorm1d, x: Tensor): Tensor {
  const c = [1, this.numFeatures];
  const y = mul(sub(x, mean(x, 0, true)), rsqrt(add(variance(x, 0, true), this.eps)));
  return add(mul(y, this.weight!.reshape(c)), this.bias!.reshape(c));
}

function stepper(): () => number {
  const model = createModel("mlp", 0);
  model.train();
  const spec = parseOptimizer("adam");
  const opt = createOptimizer(spec, model.parameters(), 1e-3, (peak) => peak);
  return () => {
    const loss = crossEntropy(model.forward(images), labels);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    return loss.item();
  };
}
const [a, b] = [stepper(), stepper()];
const runs: Record<string, () => unknown> = {
  fused: a,
  composite: () => {
    nn.BatchNorm1d.prototype.forward = composite;
    try {
      return b();
    } finally {
      nn.BatchNorm1d.prototype.forward = fused;
    }
  },
};
const keys = Object.keys(runs);
const times: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
const rounds = Number(process.argv[2] ?? 15);
for (const f of Object.values(runs)) for (let i = 0; i < 3; i++) f();
for (let r = 0; r < rounds; r++)
  for (const [k, f] of Object.entries(runs)) {
    const t = process.cpuUsage();
    for (let i = 0; i < 5; i++) f();
    const u = process.cpuUsage(t);
    times[k]!.push((u.user + u.system) / 5 / 1000);
  }
const median = (x: number[]): number => [...x].sort((p, q) => p - q)[x.length >> 1]!;
for (const k of keys) console.log(`${k}: CPU ms/step min ${Math.min(...times[k]!).toFixed(2)}, median ${median(times[k]!).toFixed(2)}`);
const ratio = times.fused!.map((t, i) => t / times.composite![i]!);
console.log(`fused ÷ composite per round: min ${Math.min(...ratio).toFixed(3)}, median ${median(ratio).toFixed(3)}`);
