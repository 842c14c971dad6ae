import { checkBoolean, checkFiniteNumber, checkInteger, checkOptions } from "../core/validate.js";
import { normalDraw, randomStream, type RandomStream } from "../core/random.js";
import { fromData } from "../tensor/creation.js";
import type { ImageDataset, Split } from "./dataset.js";

/** Options of `synthetic`. */
export interface SyntheticOptions {
  /** Training examples (default 1000). */
  train?: number;
  /** Test examples (default 200). */
  test?: number;
  /** Number of classes, 2–10 (default 10): the first shapes of `SHAPE_CLASSES`. */
  classes?: number;
  /** Seed of everything drawn (default 0); the test split uses a different stream of the same seed. */
  seed?: number;
  /** Standard deviation of the Gaussian pixel noise (default 0.15). */
  noise?: number;
  /** Images as [N, 784] instead of [N, 1, 28, 28] (default false). */
  flatten?: boolean;
}

/** The shapes drawn, by label. */
export const SHAPE_CLASSES = ["horizontal bar", "vertical bar", "square", "frame", "disk", "ring", "plus", "cross", "triangle", "diamond"] as const;

/**
 * Signed distance-like functions of each shape at offset (x, y) from its centre (negative inside),
 * for size s and stroke half-width t.
 */
const shapes: readonly ((x: number, y: number, s: number, t: number) => number)[] = [
  (x, y, s, t) => Math.max(Math.abs(x) - s, Math.abs(y) - t),
  (x, y, s, t) => Math.max(Math.abs(x) - t, Math.abs(y) - s),
  (x, y, s) => Math.max(Math.abs(x), Math.abs(y)) - 0.75 * s,
  (x, y, s, t) => Math.abs(Math.max(Math.abs(x), Math.abs(y)) - 0.75 * s) - t,
  (x, y, s) => Math.hypot(x, y) - 0.8 * s,
  (x, y, s, t) => Math.abs(Math.hypot(x, y) - 0.8 * s) - t,
  (x, y, s, t) => Math.min(Math.max(Math.abs(x) - t, Math.abs(y) - s), Math.max(Math.abs(x) - s, Math.abs(y) - t)),
  (x, y, s, t) => {
    const u = (x + y) * Math.SQRT1_2;
    const v = (x - y) * Math.SQRT1_2;
    return Math.min(Math.max(Math.abs(u) - t, Math.abs(v) - s), Math.max(Math.abs(u) - s, Math.abs(v) - t));
  },
  (x, y, s) => Math.max(y - 0.7 * s, Math.abs(x) - 0.6 * (y + s)),
  (x, y, s) => Math.abs(x) + Math.abs(y) - s,
];

function drawSplit(n: number, classes: number, noise: number, rng: RandomStream, flatten: boolean): Split {
  const pixels = new Float32Array(n * 784);
  const labels = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const label = k % classes; // balanced classes, in a fixed interleaved order
    labels[k] = label;
    const cx = 14 + (rng.next() * 2 - 1) * 3;
    const cy = 14 + (rng.next() * 2 - 1) * 3;
    const s = 5 + rng.next() * 4;
    const t = 1.1 + rng.next() * 1.0;
    const angle = (rng.next() * 2 - 1) * 0.3;
    const ink = 0.6 + rng.next() * 0.4;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const shape = shapes[label]!;
    for (let py = 0; py < 28; py++)
      for (let px = 0; px < 28; px++) {
        const dx = px + 0.5 - cx;
        const dy = py + 0.5 - cy;
        const d = shape(cos * dx + sin * dy, -sin * dx + cos * dy, s, t);
        // anti-aliased edge one pixel wide, then noise, clipped to [0, 1]
        const v = ink * Math.min(1, Math.max(0, 0.5 - d)) + noise * normalDraw(rng);
        pixels[k * 784 + py * 28 + px] = Math.min(1, Math.max(0, v));
      }
  }
  return { images: fromData(pixels, flatten ? [n, 784] : [n, 1, 28, 28], "float32"), labels: fromData(labels, [n], "int32") };
}

/**
 * A small built-in image-classification dataset that needs no download: 28×28 grey-scale drawings
 * of simple shapes (bars, squares, rings, crosses, …) at random positions, sizes, rotations and
 * intensities, with pixel noise — the same layout as Fashion-MNIST (float32 images in [0, 1] as
 * [N, 1, 28, 28], int32 labels), so code written for one runs on the other. Reproducible for a seed.
 *
 * @example
 * const { train, test, classes } = datasets.synthetic({ train: 2000, seed: 0 });
 */
export function synthetic(opts: SyntheticOptions = {}): ImageDataset {
  checkOptions<SyntheticOptions>(opts, "synthetic");
  const classes = checkInteger(opts.classes ?? 10, "synthetic", "classes", 2, shapes.length);
  // NOTE: at most 2^20 examples per split (784 floats each: 3 GB), so a huge count fails here.
  const nTrain = checkInteger(opts.train ?? 1000, "synthetic", "train", 0, 2 ** 20);
  const nTest = checkInteger(opts.test ?? 200, "synthetic", "test", 0, 2 ** 20);
  const seed = checkFiniteNumber(opts.seed ?? 0, "synthetic", "seed");
  const noise = checkFiniteNumber(opts.noise ?? 0.15, "synthetic", "noise", "nonnegative");
  const flatten = checkBoolean(opts.flatten ?? false, "synthetic", "flatten");
  return {
    train: drawSplit(nTrain, classes, noise, randomStream(seed), flatten),
    test: drawSplit(nTest, classes, noise, randomStream(seed ^ 0x5eed7e57), flatten),
    classes: SHAPE_CLASSES.slice(0, classes),
  };
}
