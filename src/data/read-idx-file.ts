import { decodeIdx, type IdxArray } from "./idx.js";
import { readBytes } from "./node-files.js";

/**
 * Reads an IDX file, gzip-compressed or not (Node.js); errors name the file.
 *
 * @example
 * const labels = await readIdxFile("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz");
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  return decodeIdx(await readBytes(path, "readIdxFile"), path);
}
