import { InvalidArgumentError, Option } from "commander";
import { MODEL_KINDS } from "./models.js";

/** An argument parser for integers ≥ `min`. */
export function integerAtLeast(min: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}.`);
    return n;
  };
}

/** An argument parser for positive finite numbers. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number.");
  return n;
}

/** `--model mlp|cnn`. */
export function modelOption(fallback?: string): Option {
  const o = new Option("-m, --model <model>", "the model: mlp (784-256-128-10 with batch normalisation) or cnn (two 3×3 convolutions with max pooling, then 1568-128-10)").choices(MODEL_KINDS);
  return fallback === undefined ? o : o.default(fallback);
}

/** The data options shared by `train` and `eval`. */
export function dataOptions(): Option[] {
  return [
    new Option("--data-dir <dir>", "folder with Fashion-MNIST's four IDX files (default /usr/share/datasets/fashion-mnist, Debian package dataset-fashion-mnist)"),
    new Option("--synthetic", "use the built-in synthetic shapes dataset (no download)").conflicts("dataDir"),
    new Option("--test-subset <n>", "evaluate on the first n test examples only").argParser(integerAtLeast(1)),
  ];
}

/** The options of `wengert train`, as commander parses them. */
export interface TrainOptions {
  model: "mlp" | "cnn";
  optimizer?: string;
  epochs?: number;
  batchSize: number;
  lr?: number;
  schedule: "cosine" | "constant";
  subset?: number;
  testSubset?: number;
  seed: number;
  save?: string;
  plot: string | false;
  dataDir?: string;
  synthetic?: boolean;
  progress: boolean;
}

/** The options of `wengert eval`. */
export interface EvalOptions {
  model?: "mlp" | "cnn";
  load: string;
  batchSize: number;
  testSubset?: number;
  dataDir?: string;
  synthetic?: boolean;
}
