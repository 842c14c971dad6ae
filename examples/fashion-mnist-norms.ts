// One optimizer, several norms (steepest descent is gradient descent only under
// the Euclidean norm). The same MLP as examples/fashion-mnist-mlp.ts, trained on Fashion-MNIST by
// optim.SteepestDescent — momentum, then the norm's dualize map, then the step — under
//
//   ℓ2 per tensor     each tensor's gradient scaled to unit Euclidean length (normalized SGD)
//   ℓ∞                the sign of each coordinate (sign descent; Adam without its second moment)
//   spectral          each weight matrix's polar factor U·Vᵀ (orthogonalised updates: Muon's core)
//   RMS→RMS           the polar factor scaled by √(fanOut/fanIn), the operator norm between RMS-sized
//                     activations (width-independent steps, modular duality)
//
// with Adam as the yardstick. Vectors (biases, batch-norm gains) get the RMS norm under the matrix
// norms. Each learning rate decays along a cosine; each was picked from a small sweep.
//
// Run: npx tsx examples/fashion-mnist-norms.ts [training examples, default 10000] [epochs, default 3]
// Prints a table and writes out/fashion-mnist-norms.svg (training loss and test accuracy curves).
import { mkdirSync, writeFileSync } from "node:fs";
import { lineCharts, type Series } from "wengert/plot";
import { argmax, crossEntropy, data, equal, nn, noGrad, optim, relu, sum, type Tensor } from "wengert";

const size = Number(process.argv[2] ?? 10000);
const epochs = Number(process.argv[3] ?? 3);
const fashion = await data.datasets.fashionMnist({ normalize: true, flatten: true });
const train = data.subset(fashion.train, size, { seed: 0 });
const { test } = fashion;

class MLP extends nn.Module {
  fc1 = new nn.Linear(784, 256, { seed: 0 });
  bn1 = new nn.BatchNorm1d(256);
  fc2 = new nn.Linear(256, 128, { seed: 1 });
  bn2 = new nn.BatchNorm1d(128);
  fc3 = new nn.Linear(128, 10, { seed: 2 });
  forward(x: Tensor): Tensor {
    const h = relu(this.bn1.forward(this.fc1.forward(x)));
    return this.fc3.forward(relu(this.bn2.forward(this.fc2.forward(h))));
  }
}

const { norms } = optim;
/** A matrix norm for every weight matrix, RMS for the vectors. */
const layerwise = (matrix: () => optim.Norm) => norms.perParam((p) => (p.ndim >= 2 ? matrix() : norms.rms()));

type Make = (params: Tensor[], lr: optim.schedules.Schedule) => optim.Optimizer<object>;
const steepest = (norm: optim.Norm): Make => (params, lr) => new optim.SteepestDescent(params, { norm, lr, momentum: 0.9 });
const arms: { name: string; lr: number; make: Make }[] = [
  { name: "Adam (reference)", lr: 1e-3, make: (params, lr) => new optim.Adam(params, { lr }) },
  { name: "ℓ2 per tensor", lr: 0.1, make: steepest(norms.perParam(norms.l2())) },
  { name: "ℓ∞ (sign descent)", lr: 1e-3, make: steepest(norms.linf()) },
  { name: "spectral (orthogonalised)", lr: 0.02, make: steepest(layerwise(() => norms.spectral())) },
  { name: "RMS→RMS", lr: 0.02, make: steepest(layerwise(() => norms.rmsToRms())) },
];

function testAccuracy(model: MLP): number {
  model.eval();
  const correct = noGrad(() => sum(equal(argmax(model.forward(test.images), 1), test.labels)).item());
  model.train();
  return correct / test.labels.shape[0]!;
}

const results: { name: string; lr: number; loss: [number, number][]; accuracy: [number, number][]; seconds: number }[] = [];
for (const arm of arms) {
  const model = new MLP();
  const loader = new data.DataLoader(train, { batchSize: 128, seed: 0 });
  const optimizer = arm.make(model.parameters(), optim.schedules.cosine(arm.lr, { totalSteps: epochs * loader.length }));
  const every = Math.ceil(loader.length / 5); // five points of the running loss per epoch
  const result = { name: arm.name, lr: arm.lr, loss: [] as [number, number][], accuracy: [[0, testAccuracy(model)]] as [number, number][], seconds: 0 };
  const start = performance.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    let batch = 0;
    let running = 0;
    for (const { images, labels } of loader) {
      const loss = crossEntropy(model.forward(images), labels);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      running += loss.item();
      if (++batch % every === 0 || batch === loader.length) {
        result.loss.push([epoch + batch / loader.length, running / (batch % every || every)]);
        running = 0;
      }
    }
    result.accuracy.push([epoch + 1, testAccuracy(model)]);
  }
  result.seconds = (performance.now() - start) / 1000;
  results.push(result);
  const last = (xs: [number, number][]) => xs[xs.length - 1]![1];
  console.log(`${arm.name.padEnd(26)} lr ${String(arm.lr).padEnd(6)} final training loss ${last(result.loss).toFixed(4)}  test accuracy ${last(result.accuracy).toFixed(4)}  (${result.seconds.toFixed(0)} s)`);
}

const series = (pick: (r: (typeof results)[number]) => [number, number][]): Series[] => results.map((r) => ({ name: `${r.name}, lr ${r.lr}`, points: pick(r) }));
const svg = await lineCharts(
  [
    { series: series((r) => r.loss), options: { title: "training loss (running mean)", xLabel: "epoch", yLabel: "cross-entropy", width: 420 } },
    { series: series((r) => r.accuracy.slice(1)), options: { title: "test accuracy", xLabel: "epoch", yLabel: "accuracy", width: 420 } },
  ],
  { title: `The same MLP under steepest descent in four norms, and Adam (Fashion-MNIST, ${train.labels.shape[0]} training examples)` },
);
mkdirSync("out", { recursive: true });
writeFileSync("out/fashion-mnist-norms.svg", svg);
console.log("wrote out/fashion-mnist-norms.svg");
