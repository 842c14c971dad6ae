/** Messages between the Train page and its worker. */

/** What to train. */
export interface TrainConfig {
  model: "mlp" | "cnn";
  optimizer: "adam" | "sgd" | "sd-linf" | "sd-spectral";
  lr: number;
  batchSize: number;
  /** Stop after this many steps. */
  steps: number;
  seed: number;
  /** Fashion-MNIST IDX files (gzip or not) by role; absent: the synthetic shapes. */
  files?: { trainImages: ArrayBuffer; trainLabels: ArrayBuffer; testImages?: ArrayBuffer; testLabels?: ArrayBuffer };
}

/** Page → worker. */
export type ToWorker = { type: "start"; config: TrainConfig } | { type: "stop" };

/** A test image with the model's guess. */
export interface Prediction {
  pixels: Float32Array;
  label: number;
  predicted: number;
}

/** Worker → page. */
export type FromWorker =
  | { type: "ready"; dataset: string; classes: readonly string[]; trainSize: number; testSize: number; parameters: number; backend: string; threads: number }
  | { type: "progress"; step: number; loss: number; accuracy: number; examplesPerSecond: number }
  | { type: "evaluation"; step: number; testAccuracy: number; predictions: Prediction[] }
  | { type: "done"; step: number; stopped: boolean }
  | { type: "error"; message: string };
