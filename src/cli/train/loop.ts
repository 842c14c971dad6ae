import { argmax, crossEntropy, equal, noGrad, slice, sum } from "../../index.js";
import { DataLoader, type Split } from "../../data/index.js";
import type { Module } from "../../nn/index.js";
import type { Stepper } from "./optimizers.js";

/** Loss and accuracy of a model on a split. */
export interface Evaluation {
  loss: number;
  accuracy: number;
  examples: number;
}

/** Where the loop stands after a batch (for a progress bar). */
export interface BatchProgress {
  epoch: number;
  /** Examples of this epoch done so far. */
  examples: number;
  /** Examples per epoch. */
  total: number;
  /** Mean loss and accuracy over this epoch's batches so far. */
  loss: number;
  accuracy: number;
  /** Examples per second this epoch so far. */
  examplesPerSecond: number;
}

/** One epoch's summary. */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** Wall-clock seconds of the training pass (evaluation not included). */
  seconds: number;
  examplesPerSecond: number;
  /** The largest resident set size sampled during the epoch, in bytes. */
  peakRss: number;
}

/** A point of the running curves: the mean over the last `window` batches, at a fractional epoch. */
export interface CurvePoint {
  epoch: number;
  loss: number;
  accuracy: number;
}

/** Everything a run produced. */
export interface TrainHistory {
  epochs: EpochRecord[];
  curve: CurvePoint[];
}

/** Options of `trainModel`. */
export interface TrainLoopOptions {
  model: Module;
  optimizer: Stepper;
  train: Split;
  test: Split;
  epochs: number;
  batchSize: number;
  seed: number;
  /** Running-curve points per epoch (default 10). */
  pointsPerEpoch?: number;
  onEpochStart?: (epoch: number, total: number) => void;
  onBatch?: (p: BatchProgress) => void;
  onEpochEnd?: (r: EpochRecord) => void;
}

/** Lets timers (the progress bar's redraws, signals) run between batches of a synchronous loop. */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const rss = (): number => process.memoryUsage.rss();

/**
 * Loss and accuracy of `model` on `split`, in evaluation mode and without recording, over chunks of
 * `batchSize` examples (sums, so the result does not depend on the chunking up to rounding).
 */
export function evaluate(model: Module, split: Split, batchSize = 1000): Evaluation {
  const n = split.labels.shape[0]!;
  const wasTraining = model.training;
  model.eval();
  let loss = 0;
  let correct = 0;
  try {
    noGrad(() => {
      for (let start = 0; start < n; start += batchSize) {
        const count = Math.min(batchSize, n - start);
        const images = slice(split.images, [start], [count]);
        const labels = slice(split.labels, [start], [count]);
        const logits = model.forward(images);
        loss += crossEntropy(logits, labels, { reduction: "sum" }).item();
        correct += sum(equal(argmax(logits, 1), labels)).item();
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return { loss: loss / Math.max(n, 1), accuracy: correct / Math.max(n, 1), examples: n };
}

/**
 * The classic training loop over minibatches: forward, cross-entropy loss,
 * `backward()`, optimizer step; after each epoch the model is evaluated on the test split.
 */
export async function trainModel(o: TrainLoopOptions): Promise<TrainHistory> {
  const loader = new DataLoader(o.train, { batchSize: o.batchSize, seed: o.seed });
  const perEpoch = loader.length;
  const window = Math.max(1, Math.floor(perEpoch / (o.pointsPerEpoch ?? 10)));
  const history: TrainHistory = { epochs: [], curve: [] };
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    o.model.train();
    o.onEpochStart?.(epoch, loader.size);
    let peakRss = rss();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let windowLoss = 0;
    let windowCorrect = 0;
    let windowSeen = 0;
    let batch = 0;
    let lastBreath = performance.now();
    const t0 = performance.now();
    for (const { images, labels } of loader) {
      const logits = o.model.forward(images);
      const loss = crossEntropy(logits, labels);
      o.optimizer.zeroGrad();
      loss.backward();
      o.optimizer.step();

      const b = labels.shape[0]!;
      const l = loss.item() * b;
      const c = noGrad(() => sum(equal(argmax(logits, 1), labels)).item());
      lossSum += l;
      correct += c;
      seen += b;
      windowLoss += l;
      windowCorrect += c;
      windowSeen += b;
      batch++;
      if (batch % window === 0 || batch === perEpoch) {
        history.curve.push({ epoch: epoch - 1 + batch / perEpoch, loss: windowLoss / windowSeen, accuracy: windowCorrect / windowSeen });
        windowLoss = windowCorrect = windowSeen = 0;
      }
      peakRss = Math.max(peakRss, rss());
      const now = performance.now();
      o.onBatch?.({ epoch, examples: seen, total: loader.size, loss: lossSum / seen, accuracy: correct / seen, examplesPerSecond: seen / ((now - t0) / 1000) });
      if (now - lastBreath > 50) {
        await breathe();
        lastBreath = performance.now();
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const test = evaluate(o.model, o.test);
    peakRss = Math.max(peakRss, rss());
    const record: EpochRecord = {
      epoch,
      trainLoss: lossSum / Math.max(seen, 1),
      trainAccuracy: correct / Math.max(seen, 1),
      testLoss: test.loss,
      testAccuracy: test.accuracy,
      seconds,
      examplesPerSecond: seen / seconds,
      peakRss,
    };
    history.epochs.push(record);
    o.onEpochEnd?.(record);
    await breathe();
  }
  return history;
}
