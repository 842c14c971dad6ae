import { describe, expect, it } from "vitest";
import { crossEntropy } from "../../src/index.js";
import { datasets, meanStd, normalize, type Split } from "../../src/data/index.js";
import { evaluate, trainModel } from "../../src/cli/train/loop.js";
import { CNN, createModel, MLP } from "../../src/cli/train/models.js";
import { createOptimizer, parseOptimizer, STEEPEST_NORMS } from "../../src/cli/train/optimizers.js";
import { clock, epochBar } from "../../src/cli/train/progress.js";
import { UsageError } from "../../src/cli/usage-error.js";

// The pieces of `wengert train`, in process (the command itself is tested built, in train.test.ts).

const shapes = datasets.synthetic({ train: 256, test: 64, seed: 3 });
const stats = meanStd(shapes.train.images);
const train: Split = { images: normalize(shapes.train.images, stats), labels: shapes.train.labels };
const test: Split = { images: normalize(shapes.test.images, stats), labels: shapes.test.labels };

describe("models", () => {
  it("map [N, 1, 28, 28] images to [N, 10] logits, with the documented parameter counts", () => {
    const x = train.images;
    const mlp = new MLP(0);
    const cnn = new CNN(0);
    expect(mlp.numParameters()).toBe(235_914);
    expect(cnn.numParameters()).toBe(206_922);
    expect(mlp.forward(x).shape).toEqual([256, 10]);
    expect(cnn.forward(x).shape).toEqual([256, 10]);
    expect(cnn.namedParameters().map(([n]) => n)).toEqual(["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
  });

  it("are reproducible for a seed and differ between seeds", () => {
    const a = createModel("mlp", 4).fc1.weight.toArray();
    expect(createModel("mlp", 4).fc1.weight.toArray()).toEqual(a);
    expect(createModel("mlp", 5).fc1.weight.toArray()).not.toEqual(a);
  });
});

describe("--optimizer", () => {
  it("parses sgd, adam, muon and steepest:<norm>, normalising case and aliases", () => {
    expect(parseOptimizer("Adam")).toMatchObject({ name: "adam", kind: "adam", defaultLr: 1e-3 });
    expect(parseOptimizer("muon")).toMatchObject({ kind: "muon", defaultLr: 0.02 });
    expect(parseOptimizer("steepest:rmsToRms")).toMatchObject({ name: "steepest:rms-to-rms", kind: "steepest", norm: "rms-to-rms" });
    expect(() => parseOptimizer("lbfgs")).toThrow(UsageError);
    expect(() => parseOptimizer("steepest:")).toThrow(/steepest needs a norm/);
    expect(() => parseOptimizer("steepest:l3")).toThrow(/unknown norm 'l3'/);
  });

  it.each(["sgd", "adam", "muon", ...Object.keys(STEEPEST_NORMS).map((n) => `steepest:${n}`)])("%s lowers the loss of a batch", (name) => {
    const spec = parseOptimizer(name);
    const model = createModel("mlp", 1);
    const opt = createOptimizer(spec, model.parameters(), spec.defaultLr, (peak) => peak);
    const batch = { images: train.images, labels: train.labels };
    const lossOf = () => crossEntropy(model.forward(batch.images), batch.labels);
    const before = lossOf().item();
    for (let i = 0; i < 5; i++) {
      const loss = lossOf();
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    expect(lossOf().item()).toBeLessThan(before);
  });
});

describe("training loop", () => {
  it("evaluate: loss and accuracy over chunks equal those of one pass, and leave the mode as it was", () => {
    const model = createModel("mlp", 2);
    const whole = evaluate(model, test, 64);
    const chunked = evaluate(model, test, 10);
    expect(chunked.accuracy).toBe(whole.accuracy);
    expect(chunked.loss).toBeCloseTo(whole.loss, 5);
    expect(whole.examples).toBe(64);
    expect(model.training).toBe(true);
    model.eval();
    evaluate(model, test);
    expect(model.training).toBe(false);
  });

  it("reports every batch and epoch, with running curves ending at each epoch", async () => {
    const model = createModel("mlp", 0);
    const spec = parseOptimizer("adam");
    const batches: number[] = [];
    const history = await trainModel({
      model,
      optimizer: createOptimizer(spec, model.parameters(), 3e-3, (p) => p),
      train,
      test,
      epochs: 2,
      batchSize: 64,
      seed: 0,
      onBatch: (p) => batches.push(p.examples),
    });
    expect(batches).toEqual([64, 128, 192, 256, 64, 128, 192, 256]);
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(history.curve.map((p) => p.epoch)).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    const [e1, e2] = history.epochs;
    expect(e2!.trainLoss).toBeLessThan(e1!.trainLoss);
    expect(e1!.peakRss).toBeGreaterThan(0);
    expect(e1!.examplesPerSecond).toBeGreaterThan(0);
    expect(evaluate(model, test).accuracy).toBe(e2!.testAccuracy);
  });
});

describe("progress", () => {
  it("clock formats seconds as m:ss and h:mm:ss", () => {
    expect(clock(0)).toBe("0:00");
    expect(clock(75.4)).toBe("1:15");
    expect(clock(3725)).toBe("1:02:05");
    expect(clock(Number.NaN)).toBe("-:--");
  });

  it("off a terminal, the bar prints whole lines: at the start and the end of the epoch", () => {
    let err = "";
    const bar = epochBar(3, { stdout: () => {}, stderr: (s) => (err += s) });
    bar.start(2, 1000);
    bar.update({ epoch: 2, examples: 500, total: 1000, loss: 0.5, accuracy: 0.75, examplesPerSecond: 250 });
    bar.update({ epoch: 2, examples: 1000, total: 1000, loss: 0.4, accuracy: 0.8, examplesPerSecond: 250 });
    bar.stop();
    bar.stop(); // a second stop is harmless
    const lines = err.split("\n").filter((l) => l !== "");
    expect(lines[0]).toMatch(/^epoch 2\/3 \S+ 0% \| 0\/1,000 \| - ex\/s \| ETA -:-- \| loss - \| acc -$/);
    expect(lines[lines.length - 1]).toMatch(/^epoch 2\/3 \S+ 100% \| 1,000\/1,000 \| 250 ex\/s \| ETA 0:00 \| loss 0\.4000 \| acc 0\.8000$/);
  });
});

