import { ShapeError } from "../core/errors.js";
import { argumentError, checkBoolean, checkFiniteNumber, checkOptions, checkString } from "../core/validate.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import type { ImageDataset, Split } from "./dataset.js";
import { IdxError, type IdxArray } from "./idx.js";
import { isFile } from "./node-files.js";
import { readIdxFile } from "./read-idx-file.js";
import type { MeanStd } from "./normalize.js";

/** Where the Debian package `dataset-fashion-mnist` installs the four IDX files. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The ten classes, by label. */
export const FASHION_MNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"] as const;

/** Fashion-MNIST as loaded: the splits, the class names and the standardisation applied (null for none). */
export interface FashionMnist extends ImageDataset {
  normalization: MeanStd | null;
}

/** Options of `fashionMnist`. */
export interface FashionMnistOptions {
  /** The folder with the IDX files, gzip-compressed or not (default /usr/share/datasets/fashion-mnist). */
  dir?: string;
  /**
   * After scaling pixels to [0, 1]: `true` standardises with the training split's mean and
   * standard deviation (0.2860, 0.3530), or give them; default false.
   */
  normalize?: boolean | MeanStd;
  /** Images as [N, 784] instead of [N, 1, 28, 28] (default false). */
  flatten?: boolean;
}

/** Checks `fashionMnist`'s options before any file is read; the ArgumentError names the option. */
function checkFashionMnistOptions(options: unknown): FashionMnistOptions {
  const o = checkOptions<FashionMnistOptions>(options, "fashionMnist");
  if (o.dir !== undefined) checkString(o.dir, "fashionMnist", "options.dir");
  if (o.flatten !== undefined) checkBoolean(o.flatten, "fashionMnist", "options.flatten");
  const n = o.normalize;
  if (n !== undefined && typeof n !== "boolean") {
    if (n === null || typeof n !== "object") throw argumentError("fashionMnist", "options.normalize", "a boolean or { mean, std }", n);
    checkFiniteNumber(n.mean, "fashionMnist", "options.normalize.mean");
    checkFiniteNumber(n.std, "fashionMnist", "options.normalize.std", "positive");
  }
  return o;
}

const FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

async function findFile(dir: string, base: string): Promise<string | null> {
  for (const name of [`${base}.gz`, base]) {
    const path = `${dir.replace(/\/+$/, "")}/${name}`;
    if (await isFile(path, "fashionMnist")) return path;
  }
  return null;
}

function checkImages(idx: IdxArray, path: string): Uint8Array {
  if (idx.type !== "uint8" || idx.shape.length !== 3 || idx.shape[1] !== 28 || idx.shape[2] !== 28)
    throw new IdxError(`${path}: expected uint8 images [N, 28, 28], got ${idx.type} [${idx.shape.join(", ")}]`);
  return idx.data as Uint8Array;
}

/** Mean and standard deviation of bytes/255, exactly, from a 256-bin histogram. */
function byteStats(bytes: Uint8Array): MeanStd {
  const counts = new Float64Array(256);
  for (let i = 0; i < bytes.length; i++) counts[bytes[i]!]!++;
  let s = 0;
  for (let v = 0; v < 256; v++) s += counts[v]! * (v / 255);
  const mean = s / bytes.length;
  let q = 0;
  for (let v = 0; v < 256; v++) q += counts[v]! * (v / 255 - mean) ** 2;
  return { mean, std: Math.sqrt(q / bytes.length) };
}

/** Pixels scaled to [0, 1], then (p − mean) / std, in one pass: a·byte + b. */
function imagesOf(bytes: Uint8Array, stats: MeanStd | null, flatten: boolean): Tensor {
  const a = stats === null ? 1 / 255 : 1 / (255 * stats.std);
  const b = stats === null ? 0 : -stats.mean / stats.std;
  const pixels = new Float32Array(bytes.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = a * bytes[i]! + b;
  const n = bytes.length / 784;
  return fromData(pixels, flatten ? [n, 784] : [n, 1, 28, 28], "float32");
}

function labelsOf(idx: IdxArray, path: string): Tensor {
  if (idx.type !== "uint8" || idx.shape.length !== 1) throw new IdxError(`${path}: expected uint8 labels [N], got ${idx.type} [${idx.shape.join(", ")}]`);
  const labels = Int32Array.from(idx.data as Uint8Array);
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) throw new IdxError(`${path}: label ${labels[bad]} at position ${bad} is not a Fashion-MNIST class (0–9)`);
  return fromData(labels, [labels.length], "int32");
}

/**
 * Loads Fashion-MNIST (Zalando's 70,000 28×28 grey-scale clothing images in 10 classes; 60,000 for
 * training, 10,000 for testing) from IDX files: images float32 in [0, 1] as [N, 1, 28, 28] (or
 * standardised, or flat), labels int32 [N]. Node.js only (it reads files).
 *
 * The files come with the Debian package `dataset-fashion-mnist`
 * (`sudo apt-get install dataset-fashion-mnist`), or pass `dir` with the four files of
 * https://github.com/zalandoresearch/fashion-mnist.
 *
 * @example
 * const { train, test, classes, normalization } = await datasets.fashionMnist({ normalize: true });
 * train.images.shape; // [60000, 1, 28, 28]; normalization: { mean: 0.2860, std: 0.3530 }
 */
export async function fashionMnist(options: FashionMnistOptions = {}): Promise<FashionMnist> {
  const opts = checkFashionMnistOptions(options);
  const dir = opts.dir ?? FASHION_MNIST_DIR;
  const paths: Partial<Record<keyof typeof FILES, string>> = {};
  const missing: string[] = [];
  for (const [key, base] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    const path = await findFile(dir, base);
    if (path === null) missing.push(`${base}[.gz]`);
    else paths[key] = path;
  }
  if (missing.length > 0)
    throw new Error(
      `fashionMnist: ${missing.join(", ")} not found in ${dir}. ` +
        (opts.dir === undefined
          ? `Install the Debian package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist), which puts the files there, or pass { dir } to a folder with them.`
          : `Pass { dir } pointing at a folder with the four IDX files (gzip-compressed or not), or install the Debian package dataset-fashion-mnist and omit dir.`),
    );
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    (["trainImages", "trainLabels", "testImages", "testLabels"] as const).map((k) => readIdxFile(paths[k]!)),
  );
  const flatten = opts.flatten ?? false;
  const trainBytes = checkImages(trainImages!, paths.trainImages!);
  const testBytes = checkImages(testImages!, paths.testImages!);
  const normalization = opts.normalize === true ? byteStats(trainBytes) : opts.normalize ? opts.normalize : null;
  const split = (bytes: Uint8Array, labels: IdxArray, ip: string, lp: string): Split => {
    const s = { images: imagesOf(bytes, normalization, flatten), labels: labelsOf(labels, lp) };
    if (s.images.shape[0] !== s.labels.shape[0])
      throw new ShapeError(`fashionMnist: ${ip} has ${s.images.shape[0]} images but ${lp} has ${s.labels.shape[0]} labels`);
    return s;
  };
  const train = split(trainBytes, trainLabels!, paths.trainImages!, paths.trainLabels!);
  const test = split(testBytes, testLabels!, paths.testImages!, paths.testLabels!);
  return { train, test, classes: FASHION_MNIST_CLASSES, normalization };
}
