// data: datasets, IDX parsing, batching, normalisation, and file helpers. The static import graph
// of this folder is browser-safe: the functions that read files (`datasets.fashionMnist`,
// `readIdxFile`, `saveFile`, `loadFile`) load Node's fs and zlib on demand and raise a clear error
// elsewhere.
import { fashionMnist } from "./fashion-mnist.js";
import { synthetic } from "./synthetic.js";

export { parseIdx, decodeIdx, idxToTensor, IdxError, type IdxArray, type IdxType } from "./idx.js";
export { readIdxFile } from "./read-idx-file.js";
export { gunzip, isGzip, type GunzipOptions } from "./gunzip.js";
export { GzipError } from "./gzip-error.js";
export { DataLoader, type DataLoaderOptions } from "./data-loader.js";
export { datasetSize, take, subset, permutation, type TensorDataset, type TensorFields, type Split, type ImageDataset } from "./dataset.js";
export { meanStd, normalize, type MeanStd } from "./normalize.js";
export { FASHION_MNIST_DIR, FASHION_MNIST_CLASSES, type FashionMnist, type FashionMnistOptions } from "./fashion-mnist.js";
export { SHAPE_CLASSES, type SyntheticOptions } from "./synthetic.js";
export { saveFile, loadFile, loadFileWithMetadata } from "./safetensors-file.js";

/** Built-in datasets: `fashionMnist` (from IDX files on disk, Node.js) and `synthetic` (drawn in memory). */
export const datasets = { fashionMnist, synthetic };
