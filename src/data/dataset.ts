import { ArgumentError, ShapeError } from "../core/errors.js";
import { argumentError, checkFiniteNumber, checkInteger, checkIntegerArray, checkOptions } from "../core/validate.js";
import { randomStream } from "../core/random.js";
import { showShape } from "../core/shape.js";
import { tensor } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { gather } from "../ops/indexing.js";

/** Tensors that share their first axis, one example per index (PyTorch's TensorDataset). */
export type TensorDataset = Record<string, Tensor>;

/** Any object whose fields are all tensors (a `Split`, a `TensorDataset`, …). */
export type TensorFields<T> = { [K in keyof T]: Tensor };

/** One split of an image-classification dataset: images [N, 1, 28, 28] (or [N, 784]) and int32 labels [N]. */
export interface Split {
  images: Tensor;
  labels: Tensor;
}

/** An image-classification dataset: training and test splits and the class names. */
export interface ImageDataset {
  train: Split;
  test: Split;
  classes: readonly string[];
}

/** The number of examples of a dataset; raises when its tensors disagree. */
export function datasetSize<T extends TensorFields<T>>(dataset: T): number {
  return datasetSizeOf(dataset, "datasetSize");
}

/** `datasetSize` for public function `op`: checks that `dataset` is an object of tensors with one example count. */
export function datasetSizeOf(dataset: unknown, op: string): number {
  if (dataset === null || typeof dataset !== "object" || Array.isArray(dataset) || dataset instanceof Tensor)
    throw argumentError(op, "dataset", "an object of tensors ({ images, labels, ... })", dataset);
  const entries = Object.entries(dataset) as [string, unknown][];
  if (entries.length === 0) throw new ArgumentError(`${op}: a dataset needs at least one tensor, got an empty object`);
  for (const [name, t] of entries) if (!(t instanceof Tensor)) throw argumentError(op, `dataset.${name}`, "a tensor", t);
  const tensors = entries as [string, Tensor][];
  const n = tensors[0]![1].shape[0];
  for (const [name, t] of tensors) {
    if (t.ndim === 0) throw new ShapeError(`${op}: "${name}" is a scalar; every tensor needs the example axis first`);
    if (t.shape[0] !== n)
      throw new ShapeError(`${op}: "${name}" has ${t.shape[0]} examples (shape ${showShape(t.shape)}) but "${tensors[0]![0]}" has ${n}`);
  }
  return n!;
}

/** The examples at `indices`, from every tensor of the dataset. */
export function take<T extends TensorFields<T>>(dataset: T, indices: readonly number[] | Int32Array): T {
  const size = datasetSizeOf(dataset, "take");
  if (!(indices instanceof Int32Array)) checkIntegerArray(indices, "take", "indices");
  for (let i = 0; i < indices.length; i++) checkInteger(indices[i], "take", `indices[${i}]`, 0, size - 1);
  const idx = tensor(Int32Array.from(indices), { dtype: "int32" });
  const out: TensorDataset = {};
  for (const [name, t] of Object.entries(dataset) as [string, Tensor][]) out[name] = gather(t, idx, 0);
  return out as T;
}

/**
 * The first `n` examples, or with `seed` a random sample of `n` (in random order).
 *
 * @example
 * const small = subset(train, 5000, { seed: 0 });
 */
export function subset<T extends TensorFields<T>>(dataset: T, n: number, opts: { seed?: number } = {}): T {
  const size = datasetSizeOf(dataset, "subset");
  checkInteger(n, "subset", "n", 0);
  const seed = checkOptions<{ seed?: number }>(opts, "subset").seed;
  if (seed !== undefined) checkFiniteNumber(seed, "subset", "seed");
  const count = Math.min(n, size);
  const order = opts.seed === undefined ? Int32Array.from({ length: count }, (_, i) => i) : permutation(size, opts.seed).subarray(0, count);
  return take(dataset, order);
}

/** A seeded random permutation of 0..n−1 (Fisher–Yates). */
export function permutation(n: number, seed: number): Int32Array {
  checkInteger(n, "permutation", "n", 0, 2147483647);
  checkFiniteNumber(seed, "permutation", "seed");
  return shuffleWith(Int32Array.from({ length: n }, (_, i) => i), randomStream(seed));
}

/** Shuffles `values` in place with the given stream and returns them. */
export function shuffleWith(values: Int32Array, rng: { next(): number }): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
  return values;
}
