// The built-in synthetic dataset: layout like Fashion-MNIST, balanced, reproducible, in [0, 1].
import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { datasets, SHAPE_CLASSES } from "../../src/data/index.js";

describe("datasets.synthetic", () => {
  const ds = datasets.synthetic({ train: 200, test: 50, seed: 3 });

  it("has Fashion-MNIST's layout", () => {
    expect(ds.train.images.shape).toEqual([200, 1, 28, 28]);
    expect(ds.train.images.dtype).toBe("float32");
    expect(ds.train.labels.shape).toEqual([200]);
    expect(ds.train.labels.dtype).toBe("int32");
    expect(ds.test.images.shape).toEqual([50, 1, 28, 28]);
    expect(ds.classes).toEqual(SHAPE_CLASSES);
    const px = ds.train.images.data();
    expect(px.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it("is balanced over the classes", () => {
    const counts = new Array(10).fill(0);
    for (const l of ds.train.labels.data()) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(20));
  });

  it("is reproducible for a seed; train and test differ", () => {
    const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);
    expect(same(datasets.synthetic({ train: 200, test: 50, seed: 3 }).train.images.data(), ds.train.images.data())).toBe(true);
    expect(same(datasets.synthetic({ train: 200, test: 50, seed: 4 }).train.images.data(), ds.train.images.data())).toBe(false);
    expect(same(ds.test.images.data().slice(0, 784), ds.train.images.data().slice(0, 784))).toBe(false);
  });

  it("draws visibly different classes: the mean images of two classes differ", () => {
    const mean = (label: number): number[] => {
      const out = new Array(784).fill(0);
      const px = ds.train.images.data();
      const labels = ds.train.labels.data();
      for (let k = 0; k < 200; k++) if (labels[k] === label) for (let i = 0; i < 784; i++) out[i] += px[k * 784 + i]! / 20;
      return out;
    };
    const [bar, vbar] = [mean(0), mean(1)];
    expect(bar.reduce((s, v, i) => s + Math.abs(v - vbar[i]!), 0)).toBeGreaterThan(20);
  });

  it("options: classes, flatten, noise; errors", () => {
    const small = datasets.synthetic({ train: 6, test: 0, classes: 3, flatten: true, noise: 0 });
    expect(small.train.images.shape).toEqual([6, 784]);
    expect(Array.from(small.train.labels.data())).toEqual([0, 1, 2, 0, 1, 2]);
    expect(small.classes).toEqual(["horizontal bar", "vertical bar", "square"]);
    expect(() => datasets.synthetic({ classes: 11 })).toThrow(/synthetic: classes must be an integer in \[2, 10\], got the number 11/);
  });
});
