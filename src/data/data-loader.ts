import { randomStream, type RandomStream } from "../core/random.js";
import { slice } from "../ops/indexing.js";
import type { Tensor } from "../tensor/tensor.js";
import { datasetSizeOf, shuffleWith, take, type TensorFields } from "./dataset.js";
import { checkBoolean, checkFiniteNumber, checkInteger, checkOptions } from "../core/validate.js";

/** Options of `DataLoader`. */
export interface DataLoaderOptions {
  /** Examples per batch (default 32). */
  batchSize?: number;
  /** A new random order every epoch (default true). */
  shuffle?: boolean;
  /** Seed of the shuffling: the same seed gives the same sequence of epochs (default 0). */
  seed?: number;
  /** Skip the last batch of an epoch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
}

/**
 * Batches of a dataset (tensors sharing their first axis): iterating once is one epoch, in which
 * every example appears exactly once (except the dropped remainder with `dropLast`). With `shuffle`
 * each epoch has a fresh seeded order. Batches have the dataset's keys.
 *
 * @example
 * const loader = new DataLoader(train, { batchSize: 64, seed: 0 });
 * for (let epoch = 0; epoch < 5; epoch++)
 *   for (const { images, labels } of loader) { ... }
 */
export class DataLoader<T extends TensorFields<T>> implements Iterable<T> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** The number of examples. */
  readonly size: number;
  /** Epochs started so far. */
  epoch = 0;
  private readonly rng: RandomStream;

  constructor(
    readonly dataset: T,
    opts: DataLoaderOptions = {},
  ) {
    this.size = datasetSizeOf(dataset, "DataLoader");
    checkOptions<DataLoaderOptions>(opts, "DataLoader");
    this.batchSize = checkInteger(opts.batchSize ?? 32, "DataLoader", "batchSize", 1);
    this.shuffle = checkBoolean(opts.shuffle ?? true, "DataLoader", "shuffle");
    this.dropLast = checkBoolean(opts.dropLast ?? false, "DataLoader", "dropLast");
    this.rng = randomStream(checkFiniteNumber(opts.seed ?? 0, "DataLoader", "seed"));
  }

  /** Batches per epoch. */
  get length(): number {
    return this.dropLast ? Math.floor(this.size / this.batchSize) : Math.ceil(this.size / this.batchSize);
  }

  /** One epoch of batches. */
  *[Symbol.iterator](): Iterator<T> {
    this.epoch++;
    const order = this.shuffle ? shuffleWith(Int32Array.from({ length: this.size }, (_, i) => i), this.rng) : null;
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const start = b * this.batchSize;
      const end = Math.min(start + this.batchSize, this.size);
      if (order !== null) {
        yield take(this.dataset, order.subarray(start, end));
      } else {
        const out: Record<string, unknown> = {};
        for (const [name, t] of Object.entries(this.dataset) as [string, Tensor][]) out[name] = slice(t, [start], [end - start]);
        yield out as T;
      }
    }
  }
}
