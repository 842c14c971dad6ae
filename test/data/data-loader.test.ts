// DataLoader: every example exactly once per epoch (shuffled or not, with and without the last
// partial batch), fresh seeded orders per epoch, reproducibility, and helpers (subset, take).
import { describe, expect, it } from "vitest";
import { arange, tensor, zeros } from "../../src/index.js";
import { DataLoader, datasetSize, meanStd, normalize, permutation, subset, take } from "../../src/data/index.js";

const n = 103;
const dataset = { x: arange(0, n * 2, 1).reshape([n, 2]), y: arange(0, n, 1, { dtype: "int32" }) };

function epochIds(loader: DataLoader<typeof dataset>): number[][] {
  return Array.from(loader, (b) => {
    // x and y stay paired: row i of x is [2i, 2i + 1]
    const ids = Array.from(b.y.data());
    expect(Array.from(b.x.data())).toEqual(ids.flatMap((i) => [2 * i, 2 * i + 1]));
    return ids;
  });
}

describe("DataLoader", () => {
  it("shuffled: every example exactly once per epoch, last batch partial", () => {
    const loader = new DataLoader(dataset, { batchSize: 10, seed: 1 });
    expect(loader.length).toBe(11);
    for (let epoch = 0; epoch < 3; epoch++) {
      const batches = epochIds(loader);
      expect(batches.map((b) => b.length)).toEqual([...Array(10).fill(10), 3]);
      expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    expect(loader.epoch).toBe(3);
  });

  it("a new order each epoch, the same sequence of orders for the same seed", () => {
    const a = new DataLoader(dataset, { batchSize: 16, seed: 7 });
    const b = new DataLoader(dataset, { batchSize: 16, seed: 7 });
    const a1 = epochIds(a).flat();
    const a2 = epochIds(a).flat();
    expect(a1).not.toEqual(a2);
    expect(epochIds(b).flat()).toEqual(a1);
    expect(epochIds(b).flat()).toEqual(a2);
    expect(epochIds(new DataLoader(dataset, { batchSize: 16, seed: 8 })).flat()).not.toEqual(a1);
  });

  it("dropLast skips the partial batch", () => {
    const loader = new DataLoader(dataset, { batchSize: 10, dropLast: true, seed: 0 });
    expect(loader.length).toBe(10);
    const ids = epochIds(loader).flat();
    expect(ids.length).toBe(100);
    expect(new Set(ids).size).toBe(100);
  });

  it("shuffle: false keeps the order", () => {
    const ids = epochIds(new DataLoader(dataset, { batchSize: 50, shuffle: false }));
    expect(ids.map((b) => b.length)).toEqual([50, 50, 3]);
    expect(ids.flat()).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it("rejects bad options and mismatched tensors", () => {
    expect(() => new DataLoader(dataset, { batchSize: 0 })).toThrow(/DataLoader: batchSize must be an integer ≥ 1, got the number 0/);
    expect(() => new DataLoader({ x: zeros([3, 2]), y: zeros([4]) })).toThrow(/"y" has 4 examples \(shape \[4\]\) but "x" has 3/);
  });
});

describe("helpers", () => {
  it("subset: the first n, or a seeded sample", () => {
    expect(Array.from(subset(dataset, 3).y.data())).toEqual([0, 1, 2]);
    const s = Array.from(subset(dataset, 20, { seed: 3 }).y.data());
    expect(new Set(s).size).toBe(20);
    expect(s).toEqual(Array.from(subset(dataset, 20, { seed: 3 }).y.data()));
    expect(datasetSize(subset(dataset, 1000))).toBe(n);
  });

  it("take and permutation", () => {
    expect(Array.from(take(dataset, [5, 1]).y.data())).toEqual([5, 1]);
    expect(() => take(dataset, [0, n])).toThrow(new RegExp(`^take: indices\\[1\\] must be an integer in \\[0, ${n - 1}\\], got the number ${n}$`));
    expect(() => take(dataset, Int32Array.of(-1))).toThrow(/^take: indices\[0\] must be an integer in \[0, /);
    expect(Array.from(permutation(10, 0)).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it("meanStd and normalize", () => {
    const x = tensor([1, 2, 3, 4]);
    const stats = meanStd(x);
    expect(stats.mean).toBe(2.5);
    expect(stats.std).toBeCloseTo(Math.sqrt(1.25), 12);
    const z = normalize(x, stats);
    expect(meanStd(z).mean).toBeCloseTo(0, 6);
    expect(meanStd(z).std).toBeCloseTo(1, 6);
    expect(() => normalize(x, { mean: 0, std: 0 })).toThrow(/normalize: stats.std must be a finite number > 0, got the number 0/);
  });
});
