// datasets.fashionMnist: the real files when the Debian package dataset-fashion-mnist is installed
// (skipped with a printed reason otherwise) including a CI-sized training run, a fake dataset
// written here (raw IDX files), and the errors for missing or inconsistent files.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ArgumentError } from "../../src/index.js";
import { datasets, FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, meanStd, subset, type FashionMnist } from "../../src/data/index.js";
import { Flatten, Linear, ReLU, Sequential } from "../../src/nn/index.js";
import { accuracy, train } from "../nn/training-helpers.js";

const installed = existsSync(join(FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz"));
if (!installed) console.log(`Skipping the real Fashion-MNIST tests: ${FASHION_MNIST_DIR} is missing (apt-get install dataset-fashion-mnist).`);

function idxBytes(type: number, shape: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  out.set([0, 0, type, shape.length]);
  shape.forEach((d, i) => new DataView(out.buffer).setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}

function fakeDataset(nTrain: number, nTest: number, labelsTrain = nTrain): string {
  const dir = mkdtempSync(join(tmpdir(), "wengert-fmnist-"));
  const images = (n: number) => idxBytes(0x08, [n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => (i * 7) % 256));
  const labels = (n: number) => idxBytes(0x08, [n], Uint8Array.from({ length: n }, (_, i) => i % 10));
  writeFileSync(join(dir, "train-images-idx3-ubyte"), images(nTrain));
  writeFileSync(join(dir, "train-labels-idx1-ubyte"), labels(labelsTrain));
  writeFileSync(join(dir, "t10k-images-idx3-ubyte"), images(nTest));
  writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), labels(nTest));
  return dir;
}

describe.skipIf(!installed)("datasets.fashionMnist (real files)", () => {
  // One load (decompressing 30 MB takes a few seconds) serves both tests; the unstandardised
  // [0, 1] scaling is checked on the files written below.
  let loaded: FashionMnist;
  beforeAll(async () => {
    loaded = await datasets.fashionMnist({ normalize: true });
  }, 60_000);

  it("60,000 + 10,000 images, balanced labels, standardised with the training statistics", () => {
    const { train, test, classes, normalization } = loaded;
    expect(train.images.shape).toEqual([60000, 1, 28, 28]);
    expect(train.images.dtype).toBe("float32");
    expect(test.images.shape).toEqual([10000, 1, 28, 28]);
    expect(test.labels.dtype).toBe("int32");
    expect(classes).toEqual(FASHION_MNIST_CLASSES);
    const counts = new Array(10).fill(0);
    for (const l of train.labels.data()) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(6000));
    expect(normalization!.mean).toBeCloseTo(0.286, 3); // the published statistics
    expect(normalization!.std).toBeCloseTo(0.353, 3);
    const stats = meanStd(train.images);
    expect(stats.mean).toBeCloseTo(0, 4);
    expect(stats.std).toBeCloseTo(1, 4);
    const lowest = (0 - normalization!.mean) / normalization!.std;
    let min = Infinity;
    for (const v of test.images.data()) min = Math.min(min, v);
    expect(min).toBeCloseTo(lowest, 5);
  });

  it("a CI-sized training run: an MLP on 3,000 images beats chance (10%) by far on 1,000 test images", { timeout: 60_000 }, () => {
    const model = new Sequential(new Flatten(), new Linear(784, 128, { seed: 0 }), new ReLU(), new Linear(128, 10, { seed: 1 }));
    const losses = train(model, subset(loaded.train, 3000, { seed: 0 }), 2, 0.01, 32);
    expect(losses[1]).toBeLessThan(losses[0]!);
    expect(accuracy(model, subset(loaded.test, 1000))).toBeGreaterThan(0.6); // typically ≈ 0.8
  });
});

describe("datasets.fashionMnist (files written here)", () => {
  it("reads uncompressed IDX files from { dir }", async () => {
    const { train, test, normalization } = await datasets.fashionMnist({ dir: fakeDataset(12, 5) });
    expect(normalization).toBeNull();
    expect(train.images.shape).toEqual([12, 1, 28, 28]);
    expect(Array.from(train.labels.data())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(train.images.data()[1]).toBeCloseTo(7 / 255, 6);
    expect(test.images.shape).toEqual([5, 1, 28, 28]);
    const { train: t2 } = await datasets.fashionMnist({ dir: fakeDataset(3, 2), normalize: { mean: 0.5, std: 0.5 } });
    expect(t2.images.data()[0]).toBeCloseTo(-1, 6);
    const { test: t3 } = await datasets.fashionMnist({ dir: fakeDataset(3, 2), flatten: true });
    expect(t3.images.shape).toEqual([2, 784]);
  });

  it("names the Debian package when the default folder is missing files, and the folder otherwise", async () => {
    const empty = mkdtempSync(join(tmpdir(), "wengert-empty-"));
    await expect(datasets.fashionMnist({ dir: empty })).rejects.toThrow(
      `fashionMnist: train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] not found in ${empty}`,
    );
    await expect(datasets.fashionMnist({ dir: empty })).rejects.toThrow(/install the Debian package dataset-fashion-mnist/);
    if (!installed) await expect(datasets.fashionMnist()).rejects.toThrow(/Install the Debian package dataset-fashion-mnist \(sudo apt-get install dataset-fashion-mnist\)/);
  });

  it("rejects inconsistent files", async () => {
    await expect(datasets.fashionMnist({ dir: fakeDataset(4, 2, 3) })).rejects.toThrow(/has 4 images but .* has 3 labels/);
    const dir = fakeDataset(2, 2);
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), idxBytes(0x08, [2], Uint8Array.of(1, 12)));
    await expect(datasets.fashionMnist({ dir })).rejects.toThrow(/label 12 at position 1 is not a Fashion-MNIST class/);
    writeFileSync(join(dir, "t10k-images-idx3-ubyte"), idxBytes(0x08, [2, 14, 14], new Uint8Array(392)));
    await expect(datasets.fashionMnist({ dir })).rejects.toThrow(/expected uint8 images \[N, 28, 28\], got uint8 \[2, 14, 14\]/);
  });

  it("checks its options before reading any file: an ArgumentError naming the option", async () => {
    const missing = join(tmpdir(), "wengert-no-such-folder");
    await expect(datasets.fashionMnist({ dir: missing, normalize: { mean: 0, std: 0 } })).rejects.toThrow(
      new ArgumentError("fashionMnist: options.normalize.std must be a finite number > 0, got the number 0"),
    );
    await expect(datasets.fashionMnist({ dir: missing, normalize: "yes" as never })).rejects.toThrow(/^fashionMnist: options\.normalize must be a boolean or \{ mean, std \}/);
    await expect(datasets.fashionMnist({ dir: 3 as never })).rejects.toThrow(new ArgumentError("fashionMnist: options.dir must be a string, got the number 3"));
    await expect(datasets.fashionMnist({ dir: missing, flatten: 1 as never })).rejects.toBeInstanceOf(ArgumentError);
    await expect(datasets.fashionMnist(null as never)).rejects.toBeInstanceOf(ArgumentError);
  });
});
