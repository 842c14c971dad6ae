// Learning-rate transfer across widths, in miniature (the modular-norm paper's claim): train the
// same 784-w-w-10 MLP at several widths w and learning rates, with Adam and with steepest descent
// under the RMS→RMS operator norm (spectral, scaled by √(fanOut/fanIn)). Under the operator norm
// the best learning rate should stay put as the width grows; under Adam it drifts.
// Run: npx tsx examples/lr-transfer.ts   (Fashion-MNIST from the Debian package dataset-fashion-mnist;
// add --synthetic to use the built-in data). Writes out/lr-transfer.svg.
import { mkdirSync, writeFileSync } from "node:fs";
import { renderSvg } from "wengert/plot";
import { crossEntropy, data, nn, optim, relu, type Tensor } from "wengert";

const synthetic = process.argv.includes("--synthetic");
const { train } = synthetic
  ? data.datasets.synthetic({ train: 2048, test: 256, seed: 0 })
  : await data.datasets.fashionMnist({ normalize: true, flatten: true });
const subset = data.subset(train, 4096, { seed: 0 });
const images = synthetic ? subset.images.reshape([subset.images.shape[0]!, -1]) : subset.images;

class MLP extends nn.Module {
  fc1: nn.Linear;
  fc2: nn.Linear;
  fc3: nn.Linear;
  constructor(width: number) {
    super();
    this.fc1 = new nn.Linear(784, width, { bias: false, seed: 1 });
    this.fc2 = new nn.Linear(width, width, { bias: false, seed: 2 });
    this.fc3 = new nn.Linear(width, 10, { bias: false, seed: 3 });
  }
  forward(x: Tensor): Tensor {
    return this.fc3.forward(relu(this.fc2.forward(relu(this.fc1.forward(x)))));
  }
}

const widths = [64, 128, 256, 512];
const rates = { adam: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2], "SD(RMS→RMS)": [0.01, 0.03, 0.1, 0.3, 1, 3] };
const makeOptimizer = (kind: string, params: Tensor[], lr: number): { zeroGrad(): void; step(): void } =>
  kind === "adam"
    ? new optim.Adam(params, { lr })
    : new optim.SteepestDescent(params, { norm: optim.norms.perParam(optim.norms.rmsToRms()), lr, momentum: 0.9 });

const rows: { optimizer: string; width: string; lr: number; loss: number }[] = [];
for (const [kind, lrs] of Object.entries(rates))
  for (const width of widths)
    for (const lr of lrs) {
      const model = new MLP(width);
      const opt = makeOptimizer(kind, model.parameters(), lr);
      let sum = 0;
      let count = 0;
      for (let epoch = 0; epoch < 2; epoch++)
        for (const batch of new data.DataLoader({ images, labels: subset.labels }, { batchSize: 128, seed: epoch })) {
          const loss = crossEntropy(model.forward(batch.images), batch.labels);
          opt.zeroGrad();
          loss.backward();
          opt.step();
          if (epoch === 1) {
            sum += Number.isFinite(loss.item()) ? loss.item() : 10;
            count++;
          }
        }
      const last = sum / count; // mean training loss over the second epoch
      rows.push({ optimizer: kind, width: `w = ${width}`, lr, loss: Math.min(last, 10) });
      console.log(`${kind.padEnd(12)} width ${String(width).padStart(3)}  lr ${lr.toExponential(0).padStart(5)}  mean loss, epoch 2: ${last.toFixed(4)}`);
    }

for (const kind of Object.keys(rates))
  for (const width of widths) {
    const best = rows.filter((r) => r.optimizer === kind && r.width === `w = ${width}`).sort((a, b) => a.loss - b.loss)[0]!;
    console.log(`best lr, ${kind}, width ${width}: ${best.lr}`);
  }

const svg = await renderSvg({
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  data: { values: rows },
  title: { text: "Learning-rate transfer across widths (784-w-w-10 MLP, 2 epochs on 4096 examples)" },
  facet: { column: { field: "optimizer", type: "nominal", title: null } },
  spec: {
    width: 300,
    height: 240,
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "lr", type: "quantitative", scale: { type: "log" }, title: "learning rate" },
      y: { field: "loss", type: "quantitative", scale: { type: "log" }, title: "training loss, 2nd epoch (capped at 10)" },
      color: { field: "width", type: "nominal", title: null, sort: widths.map((w) => `w = ${w}`) },
    },
  },
  resolve: { scale: { x: "independent" } },
});
mkdirSync("out", { recursive: true });
writeFileSync("out/lr-transfer.svg", svg);
console.log("→ out/lr-transfer.svg");
