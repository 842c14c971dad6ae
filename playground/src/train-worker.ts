// The Train page's worker: builds the data and the model and trains it, posting progress, so that
// the page stays responsive. Runs the built library like any module.
import { argmax, crossEntropy, data, equal, getBackend, getNumThreads, mean, nn, noGrad, optim, wasmBackendLoaded, type Tensor } from "wengert";
import type { FromWorker, Prediction, ToWorker, TrainConfig } from "./train-protocol.js";

const range = (a: number, b: number) => Int32Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
let stopRequested = false;

self.addEventListener("message", (e: MessageEvent<ToWorker>) => {
  if (e.data.type === "stop") stopRequested = true;
  else
    train(e.data.config).catch((err: unknown) => post({ type: "error", message: err instanceof Error ? err.message : String(err) }));
});

/** Lets queued messages (a stop) in without the 4 ms clamp of nested timers. */
const yieldToEvents = () => new Promise<void>((resolve) => {
  const c = new MessageChannel();
  c.port1.onmessage = () => resolve();
  c.port2.postMessage(0);
});

/** Fashion-MNIST from its IDX files: images [N, 1, 28, 28] in [0, 1], int32 labels. */
async function fromFiles(files: NonNullable<TrainConfig["files"]>): Promise<data.ImageDataset> {
  const split = async (images: ArrayBuffer, labels: ArrayBuffer, name: string): Promise<data.Split> => {
    const x = data.idxToTensor(await data.decodeIdx(new Uint8Array(images), `${name} images`));
    const y = data.idxToTensor(await data.decodeIdx(new Uint8Array(labels), `${name} labels`));
    return { images: x.cast("float32").div(255).reshape([x.shape[0]!, 1, 28, 28]), labels: y.cast("int32") };
  };
  const train = await split(files.trainImages, files.trainLabels, "training");
  const test = files.testImages && files.testLabels ? await split(files.testImages, files.testLabels, "test") : data.take(train, []);
  return { train, test, classes: data.FASHION_MNIST_CLASSES };
}

function model(kind: TrainConfig["model"], classes: number, seed: number): nn.Module {
  if (kind === "mlp") return new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 64, { seed }), new nn.ReLU(), new nn.Linear(64, classes, { seed: seed + 1 }));
  return new nn.Sequential(
    new nn.Conv2d(1, 8, 3, { padding: 1, seed }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(8, 16, 3, { padding: 1, seed: seed + 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(16 * 7 * 7, classes, { seed: seed + 2 }),
  );
}

function optimizer(kind: TrainConfig["optimizer"], params: Tensor[], lr: number): optim.Optimizer<object> {
  const { norms } = optim;
  if (kind === "adam") return new optim.Adam(params, { lr });
  if (kind === "sgd") return new optim.SGD(params, { lr, momentum: 0.9 });
  if (kind === "sd-linf") return new optim.SteepestDescent(params, { norm: norms.linf(), lr });
  // NOTE: Muon's recipe: matrices (and conv filters) under the spectral norm, vectors under RMS.
  return new optim.SteepestDescent(params, { norm: norms.perParam((p) => (p.ndim >= 2 ? norms.spectral() : norms.rms())), lr, momentum: 0.9 });
}

async function train(config: TrainConfig): Promise<void> {
  stopRequested = false;
  await wasmBackendLoaded;
  const ds = config.files ? await fromFiles(config.files) : data.datasets.synthetic({ train: 2000, test: 400, seed: config.seed });
  // Fashion-MNIST without its test files: the last 1,000 training images are held out.
  const n = ds.train.labels.shape[0]!;
  const [trainSplit, testSplit] = data.datasetSize(ds.test) > 0 ? [ds.train, ds.test] : [data.take(ds.train, range(0, n - 1000)), data.take(ds.train, range(n - 1000, n))];
  const net = model(config.model, ds.classes.length, config.seed);
  const opt = optimizer(config.optimizer, net.parameters(), config.lr);
  post({
    type: "ready",
    dataset: config.files ? "Fashion-MNIST" : "synthetic shapes",
    classes: ds.classes,
    trainSize: data.datasetSize(trainSplit),
    testSize: data.datasetSize(testSplit),
    parameters: net.parameters().reduce((s, p) => s + p.size, 0),
    backend: getBackend().name,
    threads: getNumThreads(),
  });
  const evalSet = data.take(testSplit, range(0, Math.min(400, data.datasetSize(testSplit))));
  let step = 0;
  let seen = 0;
  let t0 = performance.now();
  for (let epoch = 0; step < config.steps && !stopRequested; epoch++)
    for (const { images, labels } of new data.DataLoader(trainSplit, { batchSize: config.batchSize, seed: config.seed + epoch, dropLast: true })) {
      net.train();
      const logits = net.forward(images);
      const loss = crossEntropy(logits, labels);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      step += 1;
      seen += labels.shape[0]!;
      const accuracy = noGrad(() => mean(equal(argmax(logits, 1), labels).cast("float32")).item());
      const elapsed = (performance.now() - t0) / 1000;
      post({ type: "progress", step, loss: loss.item(), accuracy, examplesPerSecond: elapsed > 0 ? seen / elapsed : 0 });
      if (step % 25 === 0 || step === config.steps) evaluate(net, evalSet, step);
      if (step % 2 === 0) await yieldToEvents();
      if (step >= config.steps || stopRequested) break;
      if (elapsed > 2) {
        seen = 0;
        t0 = performance.now();
      }
    }
  if (step % 25 !== 0 && step !== config.steps) evaluate(net, evalSet, step);
  post({ type: "done", step, stopped: stopRequested });
}

function evaluate(net: nn.Module, split: data.Split, step: number): void {
  net.eval();
  const predicted = noGrad(() => argmax(net.forward(split.images), 1));
  const testAccuracy = mean(equal(predicted, split.labels).cast("float32")).item();
  const guesses = predicted.data();
  const labels = split.labels.data();
  const pixels = split.images.data() as Float32Array;
  const predictions: Prediction[] = Array.from({ length: Math.min(12, guesses.length) }, (_, i) => ({
    pixels: pixels.slice(i * 784, (i + 1) * 784),
    label: labels[i]!,
    predicted: guesses[i]!,
  }));
  post({ type: "evaluation", step, testAccuracy, predictions }, predictions.map((p) => p.pixels.buffer));
}
