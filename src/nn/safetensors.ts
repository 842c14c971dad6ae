/**
 * The safetensors format (Hugging Face), read and written from bytes so it works in browsers too:
 *
 *   8 bytes   N, the header length, an unsigned 64-bit little-endian integer
 *   N bytes   a UTF-8 JSON object: { "__metadata__"?: { string: string },
 *             name: { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, ... },
 *             padded at the end with spaces (0x20)
 *   the rest  the data buffer: every tensor's elements, row-major, little-endian, at
 *             [begin, end) relative to the start of the buffer, covering it with no holes
 *
 * We write F64, F32, I32 and BOOL (our dtypes), pad the header so the buffer starts 8-byte aligned,
 * and lay the tensors out widest element first, so every tensor is aligned for its type. We read
 * those plus F16, BF16 (as float32) and I8, U8, I16, U16, U32, I64, U64 (as int32 when every value
 * fits; PyTorch stores BatchNorm's step counter as I64).
 */
import type { DType, TypedArray } from "../core/dtype.js";
import { showShape } from "../core/shape.js";
import { argumentError, checkOptions } from "../core/validate.js";
import { fromData } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { Module, type AnyModule, type StateDict } from "./module.js";

/** Options of `save`. */
export interface SaveOptions {
  /** Free-form string pairs stored as the header's `__metadata__`. */
  metadata?: Record<string, string>;
}

/** What a safetensors file holds: tensors by name and the metadata strings. */
export interface SafetensorsContents {
  tensors: StateDict;
  metadata: Record<string, string>;
}

/** The largest header we accept (the reference implementation's MAX_HEADER_SIZE). */
const MAX_HEADER_BYTES = 100_000_000;

/** The most axes a tensor in a file may have. NOTE: far above any real model's, low enough to keep a shape check cheap. */
const MAX_RANK = 64;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const writtenDtype: Record<DType, { name: string; bytes: number }> = {
  float64: { name: "F64", bytes: 8 },
  float32: { name: "F32", bytes: 4 },
  int32: { name: "I32", bytes: 4 },
  bool: { name: "BOOL", bytes: 1 },
};

/** Every dtype we read: its element size and the dtype it becomes. */
const readDtype: Record<string, { bytes: number; dtype: DType }> = {
  F64: { bytes: 8, dtype: "float64" },
  F32: { bytes: 4, dtype: "float32" },
  F16: { bytes: 2, dtype: "float32" },
  BF16: { bytes: 2, dtype: "float32" },
  I64: { bytes: 8, dtype: "int32" },
  U64: { bytes: 8, dtype: "int32" },
  I32: { bytes: 4, dtype: "int32" },
  U32: { bytes: 4, dtype: "int32" },
  I16: { bytes: 2, dtype: "int32" },
  U16: { bytes: 2, dtype: "int32" },
  I8: { bytes: 1, dtype: "int32" },
  U8: { bytes: 1, dtype: "int32" },
  BOOL: { bytes: 1, dtype: "bool" },
};

class SafetensorsError extends Error {
  override name = "SafetensorsError";
}

const fail = (message: string): SafetensorsError => new SafetensorsError(`safetensors: ${message}`);

/**
 * Serialises a module's state dict (or a state dict) in the safetensors format.
 *
 * @example
 * const bytes = nn.save(model, { metadata: { epochs: "5" } });
 * model.loadStateDict(nn.load(bytes));
 */
export function save(source: AnyModule | StateDict, opts: SaveOptions = {}): Uint8Array {
  if (source === null || typeof source !== "object" || Array.isArray(source)) throw argumentError("nn.save", "source", "a Module or a state dict (an object of tensors by name)", source);
  const options = checkOptions<SaveOptions>(opts, "nn.save");
  const state = source instanceof Module ? source.stateDict() : source;
  const entries = Object.entries(state);
  for (const [name, t] of entries) {
    checkName(name, "source", "tensor names");
    if (!(t instanceof Tensor)) throw argumentError("nn.save", `source[${quote(name)}]`, "a Tensor", t);
    if (name === "__metadata__") throw argumentError("nn.save", "source", 'tensor names other than "__metadata__" (reserved for the metadata)', name);
  }
  // Widest elements first (stable, so model order is kept within a width): every tensor starts aligned.
  const ordered = entries
    .map(([name, t], i) => ({ name, t, i, spec: writtenDtype[t.dtype] }))
    .sort((a, b) => b.spec.bytes - a.spec.bytes || a.i - b.i);
  // NOTE: prototype-free, so a tensor named "__proto__" is written as a key like any other.
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (options.metadata !== undefined) {
    const metadata = options.metadata as unknown;
    if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) throw argumentError("nn.save", "options.metadata", "an object of strings", metadata);
    const copy: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(metadata)) {
      checkName(k, "options.metadata", "metadata keys");
      if (typeof v !== "string") throw argumentError("nn.save", `options.metadata[${quote(k)}]`, "a string (metadata values must be strings)", v);
      copy[k] = v;
    }
    header.__metadata__ = copy;
  }
  let offset = 0;
  for (const { name, t, spec } of ordered) {
    const end = offset + t.size * spec.bytes;
    header[name] = { dtype: spec.name, shape: t.shape.slice(), data_offsets: [offset, end] };
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil((8 + json.length) / 8) * 8 - 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const { t, spec } of ordered) {
    writeElements(t.data(), t.dtype, out, view, at);
    at += t.size * spec.bytes;
  }
  return out;
}

function writeElements(data: TypedArray, dtype: DType, out: Uint8Array, view: DataView, at: number): void {
  if (LITTLE_ENDIAN || dtype === "bool") {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    return;
  }
  for (let i = 0; i < data.length; i++) {
    if (dtype === "float64") view.setFloat64(at + 8 * i, data[i]!, true);
    else if (dtype === "float32") view.setFloat32(at + 4 * i, data[i]!, true);
    else view.setInt32(at + 4 * i, data[i]!, true);
  }
}

/**
 * Reads safetensors bytes into a state dict (tensors by name, in the file's header order).
 *
 * @example
 * model.loadStateDict(nn.load(bytes));
 */
export function load(bytes: Uint8Array | ArrayBuffer): StateDict {
  return loadSafetensors(bytes).tensors;
}

/** Reads safetensors bytes: the tensors and the `__metadata__` strings. Corrupt input raises an error saying what is wrong. */
export function loadSafetensors(input: Uint8Array | ArrayBuffer): SafetensorsContents {
  if (!(input instanceof Uint8Array) && !(input instanceof ArrayBuffer)) throw argumentError("nn.load", "bytes", "a Uint8Array or an ArrayBuffer", input);
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const { entries, metadata, dataStart } = readHeader(bytes);
  const buffer = bytes.subarray(dataStart);
  // NOTE: every entry and the layout of the whole buffer are checked before any tensor is decoded,
  // so a hostile header costs O(n log n) in its entry count and allocates nothing but the entry list.
  checkLayout(entries, buffer.length);
  // NOTE: prototype-free, so names from the file ("__proto__", "constructor") are ordinary keys.
  const tensors: StateDict = Object.create(null) as StateDict;
  for (const e of entries) tensors[e.name] = fromData(decode(buffer.subarray(e.begin, e.end), e.fileDtype, e.size, e.name), e.shape, e.dtype);
  return { tensors, metadata };
}

/** One validated header entry: where its bytes are and what they decode to. */
interface Entry {
  name: string;
  fileDtype: string;
  dtype: DType;
  shape: number[];
  size: number;
  begin: number;
  end: number;
}

/** Parses and validates the header: every entry's dtype, shape and data_offsets, and the metadata. */
function readHeader(bytes: Uint8Array): { entries: Entry[]; metadata: Record<string, string>; dataStart: number } {
  if (bytes.length < 8) throw fail(`the input has ${bytes.length} bytes, fewer than the 8 of the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) throw fail(`the header length ${n} exceeds the limit of ${MAX_HEADER_BYTES} bytes (not a safetensors file?)`);
  const headerLength = Number(n);
  if (8 + headerLength > bytes.length) throw fail(`the header length is ${headerLength} bytes but only ${bytes.length - 8} follow (truncated?)`);
  const dataLength = bytes.length - 8 - headerLength;
  let header: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
    if (!text.startsWith("{")) throw new Error("the header must start with '{'");
    header = JSON.parse(text);
  } catch (e) {
    throw fail(`the header is not valid UTF-8 JSON: ${(e as Error).message}`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw fail("the header must be a JSON object");
  const metadata: Record<string, string> = Object.create(null) as Record<string, string>;
  const entries: Entry[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) throw fail(`__metadata__ must be an object of strings`);
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof v !== "string") throw fail(`__metadata__ values must be strings, ${quote(k)} is ${clip(JSON.stringify(v))}`);
        metadata[k] = v;
      }
      continue;
    }
    entries.push(checkEntry(name, entry, dataLength));
  }
  return { entries, metadata, dataStart: 8 + headerLength };
}

/** Checks one entry in O(rank): a dtype we read, a shape of integers ≥ 0, integer data_offsets within the buffer spanning exactly the shape's bytes. */
function checkEntry(name: string, entry: unknown, dataLength: number): Entry {
  const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (e === null || typeof e !== "object" || Array.isArray(e)) throw fail(`the entry of ${quote(name)} must be an object`);
  const spec = typeof e.dtype === "string" && Object.prototype.hasOwnProperty.call(readDtype, e.dtype) ? readDtype[e.dtype] : undefined;
  if (spec === undefined) throw fail(`${quote(name)} has dtype ${clip(JSON.stringify(e.dtype) ?? "undefined")}, which wengert does not read (it reads ${Object.keys(readDtype).join(", ")})`);
  const shape = e.shape;
  if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0))
    throw fail(`${quote(name)} has an invalid shape ${clip(JSON.stringify(shape) ?? "undefined")} (expected an array of at most ${MAX_RANK} integers ≥ 0)`);
  const off = e.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && (o as number) >= 0) || (off[1] as number) < (off[0] as number))
    throw fail(`${quote(name)} has invalid data_offsets ${clip(JSON.stringify(off) ?? "undefined")} (expected [begin, end], integers with 0 ≤ begin ≤ end)`);
  const [begin, end] = off as [number, number];
  if (end > dataLength) throw fail(`${quote(name)} ends at byte ${end} of the data buffer, which has only ${dataLength} bytes (truncated?)`);
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (size * spec.bytes !== end - begin)
    throw fail(`${quote(name)} is ${e.dtype as string} ${showShape(shape as number[])}, which needs ${size * spec.bytes} bytes, but its data_offsets [${begin}, ${end}] span ${end - begin}`);
  return { name, fileDtype: e.dtype as string, dtype: spec.dtype, shape: shape as number[], size, begin, end };
}

/** The format's layout rule: sorted by offset, the spans tile the data buffer exactly (no overlaps, no holes, nothing after the last). */
function checkLayout(entries: readonly Entry[], dataLength: number): void {
  const spans = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: Entry | undefined;
  for (const s of spans) {
    if (s.begin < covered) throw fail(`${quote(s.name)} (bytes [${s.begin}, ${s.end})) overlaps ${quote(previous!.name)} (bytes [${previous!.begin}, ${previous!.end}))`);
    if (s.begin > covered) throw fail(`the data buffer has a hole at bytes [${covered}, ${s.begin})`);
    covered = s.end;
    previous = s;
  }
  if (covered !== dataLength) throw fail(`the data buffer has ${dataLength} bytes but the tensors cover ${covered}`);
}

/** Names are written as UTF-8: a lone surrogate would silently become U+FFFD and change the name. */
function checkName(name: string, arg: string, what: string): void {
  if (/\p{Surrogate}/u.test(name)) throw argumentError("nn.save", arg, `${what} in well-formed Unicode (no lone surrogates)`, name);
}

/** A name from the file, quoted and clipped for a message. */
function quote(name: string): string {
  return clip(JSON.stringify(name));
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Float16 bits to a number. */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function decode(raw: Uint8Array, dtype: string, size: number, name: string): TypedArray {
  // An aligned copy, so typed-array views are allowed whatever the tensor's offset was.
  const copy = raw.slice();
  const v = new DataView(copy.buffer);
  switch (dtype) {
    case "F64":
      if (LITTLE_ENDIAN) return new Float64Array(copy.buffer, 0, size);
      return Float64Array.from({ length: size }, (_, i) => v.getFloat64(8 * i, true));
    case "F32":
      if (LITTLE_ENDIAN) return new Float32Array(copy.buffer, 0, size);
      return Float32Array.from({ length: size }, (_, i) => v.getFloat32(4 * i, true));
    case "I32":
      if (LITTLE_ENDIAN) return new Int32Array(copy.buffer, 0, size);
      return Int32Array.from({ length: size }, (_, i) => v.getInt32(4 * i, true));
    case "BOOL":
      return copy.map((b) => (b !== 0 ? 1 : 0));
    case "F16":
      return Float32Array.from({ length: size }, (_, i) => halfToNumber(v.getUint16(2 * i, true)));
    case "BF16": {
      const bits = new Uint32Array(size);
      for (let i = 0; i < size; i++) bits[i] = v.getUint16(2 * i, true) << 16;
      return new Float32Array(bits.buffer);
    }
    default: {
      const out = new Int32Array(size);
      for (let i = 0; i < size; i++) {
        const value = readInteger(v, dtype, i);
        if (value < -2147483648n || value > 2147483647n) throw fail(`"${name}" holds ${dtype} value ${value} at position ${i}, outside the int32 range wengert stores integers in`);
        out[i] = Number(value);
      }
      return out;
    }
  }
}

function readInteger(v: DataView, dtype: string, i: number): bigint {
  switch (dtype) {
    case "I64":
      return v.getBigInt64(8 * i, true);
    case "U64":
      return v.getBigUint64(8 * i, true);
    case "U32":
      return BigInt(v.getUint32(4 * i, true));
    case "I16":
      return BigInt(v.getInt16(2 * i, true));
    case "U16":
      return BigInt(v.getUint16(2 * i, true));
    case "I8":
      return BigInt(v.getInt8(i));
    default:
      return BigInt(v.getUint8(i));
  }
}
