import { datasets, FASHION_MNIST_DIR, meanStd, normalize, subset, take, type MeanStd, type Split } from "../../data/index.js";
import { UsageError } from "../usage-error.js";

/** Which data a run uses. */
export interface DataChoice {
  /** The built-in synthetic shapes instead of Fashion-MNIST. */
  synthetic: boolean;
  /** Fashion-MNIST's folder (default /usr/share/datasets/fashion-mnist). */
  dataDir?: string;
  /** Train on a random sample of this many training examples. */
  subset?: number;
  /** Evaluate on the first this many test examples. */
  testSubset?: number;
  /** Seed of the `subset` sample. */
  seed: number;
  /** Standardise with these instead of the training split's (what a saved model was trained with). */
  normalization?: MeanStd;
}

/** Training and test splits, standardised, with the statistics used. */
export interface LoadedData {
  name: "fashion-mnist" | "synthetic";
  /** A readable description: "Fashion-MNIST (/usr/share/datasets/fashion-mnist)". */
  description: string;
  train: Split;
  test: Split;
  normalization: MeanStd;
}

/** Size of the synthetic dataset's splits (the shapes of `datasets.synthetic`, fixed seed 0). */
export const SYNTHETIC_SIZES = { train: 2000, test: 500 } as const;

const firstN = (s: Split, n: number | undefined): Split => (n === undefined || n >= s.labels.shape[0]! ? s : take(s, Int32Array.from({ length: n }, (_, i) => i)));

/**
 * Loads Fashion-MNIST (standardised with the training split's mean and standard deviation) or the
 * synthetic shapes; a missing or broken dataset is a UsageError with the library's message.
 */
export async function loadData(c: DataChoice): Promise<LoadedData> {
  let name: LoadedData["name"];
  let description: string;
  let train: Split;
  let test: Split;
  let normalization: MeanStd;
  if (c.synthetic) {
    const d = datasets.synthetic({ train: Math.max(c.subset ?? 0, SYNTHETIC_SIZES.train), test: SYNTHETIC_SIZES.test, seed: 0 });
    normalization = c.normalization ?? meanStd(d.train.images);
    train = { images: normalize(d.train.images, normalization), labels: d.train.labels };
    test = { images: normalize(d.test.images, normalization), labels: d.test.labels };
    name = "synthetic";
    description = "synthetic shapes (built in)";
  } else {
    let d;
    try {
      d = await datasets.fashionMnist({ dir: c.dataDir, normalize: c.normalization ?? true });
    } catch (e) {
      throw new UsageError(`${(e as Error).message}${c.dataDir === undefined ? " (or use --synthetic)" : ""}`);
    }
    train = d.train;
    test = d.test;
    normalization = d.normalization!;
    name = "fashion-mnist";
    description = `Fashion-MNIST (${c.dataDir ?? FASHION_MNIST_DIR})`;
  }
  if (c.subset !== undefined && c.subset < train.labels.shape[0]!) train = subset(train, c.subset, { seed: c.seed });
  test = firstN(test, c.testSubset);
  return { name, description, train, test, normalization };
}
