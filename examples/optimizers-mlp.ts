// One small MLP, five optimizers: SGD with momentum, Adam, Muon, and steepest descent under the
// RMS→RMS operator norm (per layer) and under the modular norm of the whole network.
//
// Task: regression onto a random teacher network (16 → 32 → 8, tanh) from 512 Gaussian inputs;
// student 16 → 64 → 64 → 8 with ReLU and no biases (weights in PyTorch's [out, in] layout), mean
// squared error, minibatches of 64, 400 steps, learning rates decayed to 0 by a cosine schedule. Each
// optimizer gets the best of four peak learning rates.
//
// Run: npx tsx examples/optimizers-mlp.ts   (prints loss curves; writes out/optimizers-mlp.svg and .json)
import { mkdirSync, writeFileSync } from "node:fs";
import { lineChart } from "wengert/plot";
import { gather, matmul, mseLoss, optim, randint, randn, relu, tanh, tensor, transpose, type Tensor } from "wengert";

const linear = (x: Tensor, w: Tensor) => matmul(x, transpose(w));
const X = randn([512, 16], { seed: 0 });
const T1 = randn([32, 16], { seed: 1 }).mul(1 / 4);
const T2 = randn([8, 32], { seed: 2 }).mul(1 / Math.sqrt(32));
const Y = linear(tanh(linear(X, T1)), T2).mul(2);

const sizes: [number, number][] = [[16, 64], [64, 64], [64, 8]]; // [fanIn, fanOut]
const init = (): Tensor[] => sizes.map(([i, o], k) => tensor(randn([o, i], { seed: 10 + k }).mul(1 / Math.sqrt(i)), { requiresGrad: true }));
const forward = (ws: Tensor[], x: Tensor) => linear(relu(linear(relu(linear(x, ws[0]!)), ws[1]!)), ws[2]!);

const lin = ([fanIn, fanOut]: [number, number]) => ({ norm: optim.norms.rmsToRms({ fanIn, fanOut }) });
const STEPS = 400;

const cosine = (peak: number) => optim.schedules.cosine(peak, { totalSteps: STEPS });
const arms: [string, number[], (ws: Tensor[], lr: optim.schedules.Schedule) => optim.Optimizer<object>][] = [
  ["SGD, momentum 0.9", [0.03, 0.1, 0.3, 1], (ws, lr) => new optim.SGD(ws, { lr, momentum: 0.9 })],
  ["Adam", [0.003, 0.01, 0.03, 0.1], (ws, lr) => new optim.Adam(ws, { lr })],
  ["Muon", [0.02, 0.05, 0.1, 0.2], (ws, lr) => new optim.Muon(ws, { lr })],
  ["SD under RMS→RMS", [0.02, 0.05, 0.1, 0.2], (ws, lr) => new optim.SteepestDescent(ws, { norm: optim.norms.rmsToRms(), lr, momentum: 0.9 })],
  ["SD under modular", [0.05, 0.1, 0.2, 0.5], (ws, lr) => new optim.SteepestDescent(ws, { norm: optim.norms.modular([lin(sizes[0]!), {}, lin(sizes[1]!), {}, lin(sizes[2]!)]), lr, momentum: 0.9 })],
];

const EVERY = 20;
function train(make: (ws: Tensor[]) => optim.Optimizer<object>): number[] {
  const ws = init();
  const opt = make(ws);
  const curve: number[] = [];
  for (let step = 0; step <= STEPS; step++) {
    if (step % EVERY === 0) curve.push(mseLoss(forward(ws, X), Y).item());
    if (step === STEPS) break;
    const idx = randint(0, 512, [64], { seed: 1000 + step });
    opt.zeroGrad();
    mseLoss(forward(ws, gather(X, idx)), gather(Y, idx)).backward();
    opt.step();
  }
  return curve;
}

const best: { name: string; lr: number; curve: number[]; ms: number }[] = [];
for (const [name, lrs, make] of arms) {
  let pick: (typeof best)[number] | null = null;
  for (const lr of lrs) {
    const t0 = performance.now();
    const curve = train((ws) => make(ws, cosine(lr)));
    const ms = (performance.now() - t0) / STEPS;
    const last = curve[curve.length - 1]!;
    if (!pick || !(last >= pick.curve[pick.curve.length - 1]!)) pick = { name, lr, curve, ms };
  }
  best.push(pick!);
}

console.log(`full-batch training loss every ${EVERY} steps (best of four peak learning rates, cosine decay)\n`);
console.log(["step".padStart(5), ...best.map((b) => `${b.name} lr ${b.lr}`.padStart(26))].join(" "));
best[0]!.curve.forEach((_, i) => console.log([String(i * EVERY).padStart(5), ...best.map((b) => b.curve[i]!.toExponential(3).padStart(26))].join(" ")));
console.log(`\nms per step: ${best.map((b) => `${b.name} ${b.ms.toFixed(2)}`).join(", ")}`);

mkdirSync("out", { recursive: true });
writeFileSync("out/optimizers-mlp.json", JSON.stringify(best));
const svg = await lineChart(
  best.map((b) => ({ name: `${b.name} (lr ${b.lr})`, points: b.curve.map((v, i) => [i * EVERY, v] as const) })),
  { title: "MLP on a teacher-network regression: training loss", xLabel: "step", yLabel: "mean squared error", logY: true, width: 560 },
);
writeFileSync("out/optimizers-mlp.svg", svg);
console.log("wrote out/optimizers-mlp.svg and out/optimizers-mlp.json");
