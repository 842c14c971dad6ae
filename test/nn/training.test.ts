// CI-sized training smoke tests on the built-in synthetic dataset: an MLP and a small CNN trained
// with plain SGD + momentum (through backward() and assign, as an optimizer does) must drive the
// loss down and beat chance (10%) by far on held-out data.
import { describe, expect, it } from "vitest";
import { datasets, meanStd, normalize, subset } from "../../src/data/index.js";
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from "../../src/nn/index.js";
import { accuracy, train } from "./training-helpers.js";

describe("training on the synthetic dataset", () => {
  const raw = datasets.synthetic({ train: 800, test: 300, seed: 1 });
  const stats = meanStd(raw.train.images);
  const trainSplit = { images: normalize(raw.train.images, stats), labels: raw.train.labels };
  const test = { images: normalize(raw.test.images, stats), labels: raw.test.labels };

  it("an MLP: the loss falls and test accuracy beats chance by far", { timeout: 60_000 }, () => {
    const model = new Sequential(new Flatten(), new Linear(784, 64, { seed: 0 }), new ReLU(), new Linear(64, 10, { seed: 1 }));
    const losses = train(model, trainSplit, 4, 0.02);
    expect(losses[0]).toBeGreaterThan(1.2);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]! * 0.6);
    expect(accuracy(model, test)).toBeGreaterThan(0.4); // chance is 0.1; typically ≈ 0.65
  });

  it("a CNN (conv, ReLU, max-pool twice, linear): the loss falls and test accuracy beats chance by far", { timeout: 60_000 }, () => {
    const model = new Sequential(
      new Conv2d(1, 8, 3, { padding: 1, seed: 0 }), new ReLU(), new MaxPool2d(2),
      new Conv2d(8, 16, 3, { padding: 1, seed: 1 }), new ReLU(), new MaxPool2d(2),
      new Flatten(), new Linear(16 * 7 * 7, 10, { seed: 2 }),
    );
    const losses = train(model, subset(trainSplit, 480), 2, 0.02);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]! * 0.8);
    expect(accuracy(model, test)).toBeGreaterThan(0.4); // chance is 0.1; typically ≈ 0.6
  });
});
