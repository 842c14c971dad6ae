/**
 * The IDX format of MNIST and Fashion-MNIST (big-endian throughout):
 *
 *   bytes 0–1  zero
 *   byte  2    element type: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
 *   byte  3    the number of dimensions d
 *   4·d bytes  the size of each dimension, unsigned 32-bit
 *   the rest   the elements, row-major
 *
 * Parsing works on bytes (browser-safe); `decodeIdx` also accepts gzip-compressed files.
 */
import { ShapeError } from "../core/errors.js";
import { checkShape, sizeOf } from "../core/shape.js";
import { argumentError, checkBytes, checkString } from "../core/validate.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { MAX_INFLATE_RATIO, gunzipChunks } from "./gunzip-chunks.js";
import { isGzip } from "./gunzip.js";

/** The element types of IDX files. */
export type IdxType = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** A parsed IDX file: its element type, shape and elements (uint8 data is a view of the input). */
export interface IdxArray {
  type: IdxType;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** An IDX file that cannot be read: the message says what is wrong. */
export class IdxError extends Error {
  override name = "IdxError";
}

const types: Record<number, { type: IdxType; bytes: number }> = {
  0x08: { type: "uint8", bytes: 1 },
  0x09: { type: "int8", bytes: 1 },
  0x0b: { type: "int16", bytes: 2 },
  0x0c: { type: "int32", bytes: 4 },
  0x0d: { type: "float32", bytes: 4 },
  0x0e: { type: "float64", bytes: 8 },
};

/** The typed array that holds each IDX element type (as `parseIdx` returns it). */
const arrayTypes: Record<IdxType, new (n: number) => IdxArray["data"]> = {
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * Checks that `idx` is an IdxArray: a known type, a shape of non-negative integers and data of that
 * type's typed array with one element per shape entry; the ArgumentError names `fn`. O(rank).
 */
function checkIdxArray(idx: unknown, fn: string): IdxArray {
  const expected = "an IdxArray { type, shape, data } (from parseIdx or decodeIdx)";
  if (idx === null || typeof idx !== "object") throw argumentError(fn, "idx", expected, idx);
  const { type, shape, data } = idx as Partial<IdxArray>;
  if (typeof type !== "string" || !Object.prototype.hasOwnProperty.call(arrayTypes, type))
    throw argumentError(fn, "idx.type", `one of ${Object.keys(arrayTypes).join(", ")}`, type);
  if (!Array.isArray(shape)) throw argumentError(fn, "idx.shape", "an array of non-negative integers", shape);
  checkShape(shape, fn);
  const Typed = arrayTypes[type];
  if (!(data instanceof Typed)) throw argumentError(fn, "idx.data", `a ${Typed.name} (idx.type is ${type})`, data);
  const n = sizeOf(shape!);
  if (data.length !== n) throw new ShapeError(`${fn}: idx.data has ${data.length} elements, its shape [${shape!.join(", ")}] needs ${n}`);
  return idx as IdxArray;
}

const hex = (b: number): string => `0x${b.toString(16).padStart(2, "0")}`;

/**
 * Parses an uncompressed IDX file; raises an `IdxError` naming the problem for anything that is
 * not a complete, well-formed IDX file (bad magic number, unknown type, truncated or trailing data).
 *
 * @example
 * const labels = parseIdx(bytes); // { type: "uint8", shape: [60000], data: Uint8Array }
 */
export function parseIdx(bytes: Uint8Array, name = "IDX data"): IdxArray {
  checkBytes(bytes, "parseIdx");
  const what = checkString(name, "parseIdx", "name");
  if (bytes.length >= 2 && isGzip(bytes)) throw new IdxError(`${what} is gzip-compressed: use decodeIdx (which decompresses) or decompress it first`);
  const header = readIdxHeader(bytes, what);
  if (header === undefined) {
    if (bytes.length < 4) throw new IdxError(`${what} has ${bytes.length} bytes, too few for an IDX header (truncated?)`);
    throw new IdxError(`${what} is truncated: its header declares ${bytes[3]!} dimensions (${4 + 4 * bytes[3]!} bytes) but the file has ${bytes.length} bytes`);
  }
  const { spec, shape, start, dataBytes, described } = header;
  const actual = bytes.length - start;
  if (actual < dataBytes) throw new IdxError(`${what} is truncated: its header declares ${described}, ${dataBytes} bytes of data, but only ${actual} follow`);
  if (actual > dataBytes) throw new IdxError(`${what} has ${actual - dataBytes} bytes after the ${dataBytes} bytes its header declares (${described}); corrupted?`);
  return { type: spec.type, shape, data: readElements(bytes.subarray(start), spec.type, dataBytes / spec.bytes) };
}

/** What an IDX header declares: the element type, the shape, where the data starts and how many bytes it has. */
interface IdxHeader {
  spec: { type: IdxType; bytes: number };
  shape: number[];
  start: number;
  dataBytes: number;
  described: string;
}

/**
 * Reads the header at the start of `bytes`, or returns undefined when more bytes are needed to
 * see all of it; raises an `IdxError` as soon as the bytes present are not an IDX header.
 */
function readIdxHeader(bytes: Uint8Array, what: string): IdxHeader | undefined {
  if (bytes.length >= 2 && (bytes[0] !== 0 || bytes[1] !== 0))
    throw new IdxError(`${what} is not an IDX file: its magic number must start with two zero bytes, got ${hex(bytes[0]!)} ${hex(bytes[1]!)}`);
  if (bytes.length < 4) return undefined;
  const spec = types[bytes[2]!];
  if (spec === undefined) throw new IdxError(`${what} has unknown element type ${hex(bytes[2]!)} (IDX types are 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e)`);
  const ndim = bytes[3]!;
  if (ndim === 0) throw new IdxError(`${what} declares 0 dimensions`);
  const start = 4 + 4 * ndim;
  if (bytes.length < start) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const dataBytes = shape.reduce((a, b) => a * b, 1) * spec.bytes;
  const described = `[${shape.join(", ")}] ${spec.type}`;
  if (!Number.isSafeInteger(dataBytes)) throw new IdxError(`${what} declares an impossible shape ${described}`);
  return { spec, shape, start, dataBytes, described };
}

function readElements(raw: Uint8Array, type: IdxType, count: number): IdxArray["data"] {
  if (type === "uint8") return raw;
  if (type === "int8") return new Int8Array(raw.buffer, raw.byteOffset, count);
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (type) {
    case "int16":
      return Int16Array.from({ length: count }, (_, i) => v.getInt16(2 * i, false));
    case "int32":
      return Int32Array.from({ length: count }, (_, i) => v.getInt32(4 * i, false));
    case "float32":
      return Float32Array.from({ length: count }, (_, i) => v.getFloat32(4 * i, false));
    default:
      return Float64Array.from({ length: count }, (_, i) => v.getFloat64(8 * i, false));
  }
}

/**
 * Parses IDX bytes that may be gzip-compressed (`.gz` files as distributed); asynchronous because
 * decompression is.
 *
 * @example
 * const images = await decodeIdx(await (await fetch("train-images-idx3-ubyte.gz")).bytes());
 */
export async function decodeIdx(bytes: Uint8Array, name = "IDX data"): Promise<IdxArray> {
  checkBytes(bytes, "decodeIdx");
  checkString(name, "decodeIdx", "name");
  if (!isGzip(bytes)) return parseIdx(bytes, name);
  return parseIdx(await inflateIdx(bytes, `${name} (decompressed)`, name), `${name} (decompressed)`);
}

/**
 * Decompresses a gzip-compressed IDX file, checking the header as soon as it is out and never
 * holding more than the header declares: decompression stops at the first byte beyond it.
 * NOTE: the declared size is also checked against the most the compressed bytes can inflate to
 * (deflate's 1032:1), so a lying header cannot make us allocate more than the file could hold.
 */
async function inflateIdx(bytes: Uint8Array, what: string, name: string): Promise<Uint8Array> {
  let out: Uint8Array = new Uint8Array(64);
  let length = 0;
  let header: IdxHeader | undefined;
  try {
    for await (const chunk of gunzipChunks(bytes)) {
      if (header !== undefined && length + chunk.length > out.length)
        throw new IdxError(`${what} has more than the ${header.dataBytes} bytes of data its header declares (${header.described}); corrupted?`);
      if (length + chunk.length > out.length) out = grow(out, length, length + chunk.length);
      out.set(chunk, length);
      length += chunk.length;
      if (header === undefined && (header = readIdxHeader(out.subarray(0, length), what)) !== undefined) {
        const total = header.start + header.dataBytes;
        if (total > MAX_INFLATE_RATIO * bytes.length)
          throw new IdxError(`${what} declares ${header.described}, ${header.dataBytes} bytes of data, more than ${bytes.length} compressed bytes can hold; corrupted?`);
        if (length > total) throw new IdxError(`${what} has more than the ${header.dataBytes} bytes of data its header declares (${header.described}); corrupted?`);
        out = grow(out, length, total);
      }
    }
  } catch (e) {
    if (e instanceof IdxError) throw e;
    throw new IdxError(`${name} is a corrupted or truncated gzip file: ${(e as Error).message}`);
  }
  return out.subarray(0, length);
}

/** A copy of `buffer`'s first `used` bytes in a new buffer of `size` bytes. */
function grow(buffer: Uint8Array, used: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(buffer.subarray(0, used));
  return out;
}

/**
 * An IDX array as a tensor: integer types become int32, float32 and float64 stay.
 *
 * @example
 * idxToTensor(parseIdx(bytes)).shape; // [60000]
 */
export function idxToTensor(idx: IdxArray): Tensor {
  checkIdxArray(idx, "idxToTensor");
  if (idx.type === "float32" || idx.type === "float64") return fromData(idx.data as Float32Array | Float64Array, idx.shape);
  return fromData(Int32Array.from(idx.data as ArrayLike<number>), idx.shape, "int32");
}
