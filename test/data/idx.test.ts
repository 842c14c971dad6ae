// IDX parsing: every element type, gzip, files on disk, and corrupted or truncated input (a clear
// IdxError, never a crash or a wrong array).
import { gzipSync } from "node:zlib";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { ArgumentError, ShapeError } from "../../src/index.js";
import { decodeIdx, gunzip, GzipError, idxToTensor, IdxError, isGzip, parseIdx, readIdxFile } from "../../src/data/index.js";

/** IDX bytes written here from the format description: 0, 0, type, ndim, big-endian sizes, big-endian data. */
function idx(type: number, shape: number[], values: number[]): Uint8Array {
  const width = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 }[type]!;
  const bytes = new Uint8Array(4 + 4 * shape.length + width * values.length);
  const v = new DataView(bytes.buffer);
  bytes.set([0, 0, type, shape.length]);
  shape.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  const at = 4 + 4 * shape.length;
  values.forEach((x, i) => {
    const o = at + width * i;
    if (type === 0x08) v.setUint8(o, x);
    else if (type === 0x09) v.setInt8(o, x);
    else if (type === 0x0b) v.setInt16(o, x, false);
    else if (type === 0x0c) v.setInt32(o, x, false);
    else if (type === 0x0d) v.setFloat32(o, x, false);
    else v.setFloat64(o, x, false);
  });
  return bytes;
}

describe("parseIdx", () => {
  it("uint8 images [2, 2, 3]", () => {
    const out = parseIdx(idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]));
    expect(out.type).toBe("uint8");
    expect(out.shape).toEqual([2, 2, 3]);
    expect(Array.from(out.data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    const t = idxToTensor(out);
    expect(t.dtype).toBe("int32");
    expect(t.shape).toEqual([2, 2, 3]);
  });

  it("every element type, big-endian", () => {
    expect(Array.from(parseIdx(idx(0x09, [3], [-128, 0, 127])).data)).toEqual([-128, 0, 127]);
    expect(Array.from(parseIdx(idx(0x0b, [2], [-300, 300])).data)).toEqual([-300, 300]);
    expect(Array.from(parseIdx(idx(0x0c, [2], [-70000, 123456789])).data)).toEqual([-70000, 123456789]);
    expect(Array.from(parseIdx(idx(0x0d, [2], [1.5, -0.25])).data)).toEqual([1.5, -0.25]);
    const f64 = parseIdx(idx(0x0e, [1, 1], [Math.PI]));
    expect(f64.type).toBe("float64");
    expect(idxToTensor(f64).dtype).toBe("float64");
    expect(idxToTensor(f64).item()).toBe(Math.PI);
  });

  it("reads from a subarray at any offset", () => {
    const inner = idx(0x0c, [2], [7, -7]);
    const padded = new Uint8Array(inner.length + 3);
    padded.set(inner, 3);
    expect(Array.from(parseIdx(padded.subarray(3)).data)).toEqual([7, -7]);
  });
});

describe("corrupted and truncated input", () => {
  const good = idx(0x08, [3, 2], [1, 2, 3, 4, 5, 6]);
  const cases: [string, Uint8Array, RegExp][] = [
    ["empty", new Uint8Array(0), /has 0 bytes, too few for an IDX header/],
    ["bad magic number", Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0, 0, 0), /not an IDX file: its magic number must start with two zero bytes, got 0x50 0x4b/],
    ["unknown type", Uint8Array.of(0, 0, 0x0a, 1, 0, 0, 0, 0), /unknown element type 0x0a/],
    ["zero dimensions", Uint8Array.of(0, 0, 8, 0), /declares 0 dimensions/],
    ["truncated header", good.subarray(0, 9), /truncated: its header declares 2 dimensions \(12 bytes\) but the file has 9 bytes/],
    ["truncated data", good.subarray(0, good.length - 2), /truncated: its header declares \[3, 2\] uint8, 6 bytes of data, but only 4 follow/],
    ["trailing bytes", Uint8Array.from([...good, 9, 9]), /has 2 bytes after the 6 bytes its header declares/],
    ["gzip given to the synchronous parser", gzipSync(good), /gzip-compressed: use decodeIdx/],
    ["huge declared shape", Uint8Array.of(0, 0, 8, 2, 255, 255, 255, 255, 255, 255, 255, 255, 1), /declares an impossible shape \[4294967295, 4294967295\] uint8/],
    ["large declared shape", Uint8Array.of(0, 0, 8, 1, 0, 255, 255, 255, 1), /16777215 bytes of data, but only 1 follow/],
  ];
  for (const [name, bytes, message] of cases)
    it(name, () => {
      expect(() => parseIdx(bytes, "file.idx")).toThrow(IdxError);
      expect(() => parseIdx(bytes, "file.idx")).toThrow(message);
    });

  it("corrupted or truncated gzip", async () => {
    const gz = gzipSync(idx(0x08, [1000], Array.from({ length: 1000 }, (_, i) => i % 256)));
    await expect(decodeIdx(gz.subarray(0, gz.length - 10), "a.gz")).rejects.toThrow(/a.gz is a corrupted or truncated gzip file/);
    const flipped = Uint8Array.from(gz);
    flipped[20] ^= 0xff;
    flipped[21] ^= 0x55;
    await expect(decodeIdx(flipped, "b.gz")).rejects.toThrow(IdxError);
  });
});

describe("decodeIdx and readIdxFile", () => {
  const raw = idx(0x08, [2, 2], [10, 20, 30, 40]);

  it("decodes raw and gzip-compressed bytes alike", async () => {
    expect(Array.from((await decodeIdx(raw)).data)).toEqual([10, 20, 30, 40]);
    expect(Array.from((await decodeIdx(gzipSync(raw))).data)).toEqual([10, 20, 30, 40]);
  });

  it("reads files; errors name the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wengert-idx-"));
    writeFileSync(join(dir, "a.gz"), gzipSync(raw));
    writeFileSync(join(dir, "bad"), raw.subarray(0, 6));
    expect((await readIdxFile(join(dir, "a.gz"))).shape).toEqual([2, 2]);
    await expect(readIdxFile(join(dir, "bad"))).rejects.toThrow(`${join(dir, "bad")} is truncated`);
    await expect(readIdxFile(join(dir, "missing"))).rejects.toThrow(/ENOENT/);
  });
});

describe("gzip bombs: the header is checked first and decompression stops at the size it declares", () => {
  // A gzip file may hold several members, decompressed one after the other: one member with the
  // IDX header, then many of 1 MiB of zeros each (about 1 KiB compressed), built without ever
  // holding the inflated bytes.
  const mib = gzipSync(new Uint8Array(1 << 20));
  const bomb = (first: Uint8Array, members: number): Uint8Array => {
    const head = gzipSync(first);
    const out = new Uint8Array(head.length + members * mib.length);
    out.set(head);
    for (let i = 0; i < members; i++) out.set(mib, head.length + i * mib.length);
    return out;
  };

  it("valid header, 64 MiB of zeros after 16 declared bytes: stops after the declared size", async () => {
    const bytes = bomb(idx(0x08, [16], Array(16).fill(7)), 64);
    // The message does not know how much more there was: decompression stopped at the first excess chunk.
    await expect(decodeIdx(bytes, "bomb.gz")).rejects.toThrow(/bomb.gz \(decompressed\) has more than the 16 bytes of data its header declares \(\[16\] uint8\); corrupted\?/);
  });

  it("no IDX header: rejected from the first chunk", async () => {
    await expect(decodeIdx(bomb(Uint8Array.of(0x50, 0x4b, 3, 4), 64), "zip.gz")).rejects.toThrow(/zip.gz \(decompressed\) is not an IDX file: its magic number/);
  });

  it("a header declaring more than the compressed bytes can hold is refused before anything is allocated", async () => {
    const liar = gzipSync(Uint8Array.of(0, 0, 0x0e, 2, 0, 1, 0, 0, 0, 1, 0, 0, 1));
    await expect(decodeIdx(liar, "liar.gz")).rejects.toThrow(/liar.gz \(decompressed\) declares \[65536, 65536\] float64, 34359738368 bytes of data, more than \d+ compressed bytes can hold/);
  });

  it("short data and trailing data after decompression", async () => {
    const good = idx(0x0c, [3], [1, -2, 3]);
    await expect(decodeIdx(gzipSync(good.subarray(0, good.length - 4)), "s.gz")).rejects.toThrow(/s.gz \(decompressed\) is truncated: its header declares \[3\] int32, 12 bytes of data, but only 8 follow/);
    await expect(decodeIdx(gzipSync(Uint8Array.from([...good, 0])), "t.gz")).rejects.toThrow(/t.gz \(decompressed\) has more than the 12 bytes of data/);
    await expect(decodeIdx(gzipSync(good.subarray(0, 6)), "h.gz")).rejects.toThrow(/h.gz \(decompressed\) is truncated: its header declares 1 dimensions \(8 bytes\) but the file has 6 bytes/);
    expect(Array.from((await decodeIdx(bomb(good, 0))).data)).toEqual([1, -2, 3]);
  });

  it("decompressed in chunks, a large file is read whole", async () => {
    const values = Array.from({ length: 3 << 20 }, (_, i) => (i * 7) % 251);
    const out = await decodeIdx(gzipSync(idx(0x08, [3, 1 << 20], values)));
    expect(out.shape).toEqual([3, 1 << 20]);
    expect(out.data.length).toBe(3 << 20);
    expect(out.data[(3 << 20) - 1]).toBe(values[(3 << 20) - 1]);
  });
});

describe("gunzip with maxBytes", () => {
  const mib = gzipSync(new Uint8Array(1 << 20));

  it("stops at the first chunk beyond the bound (64 MiB of zeros, bound 1,000 bytes)", async () => {
    const bomb = new Uint8Array(64 * mib.length);
    for (let i = 0; i < 64; i++) bomb.set(mib, i * mib.length);
    const result = gunzip(bomb, { maxBytes: 1000 });
    await expect(result).rejects.toBeInstanceOf(GzipError);
    await expect(result).rejects.toThrow("gunzip: the data inflates to more than options.maxBytes = 1000 bytes");
  });

  it("corrupt or truncated gzip input rejects with a GzipError naming gunzip, with or without a bound", async () => {
    const gz = gzipSync(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    for (const opts of [{}, { maxBytes: 100 }]) {
      const truncated = gunzip(gz.subarray(0, gz.length - 6), opts);
      await expect(truncated).rejects.toBeInstanceOf(GzipError);
      await expect(truncated).rejects.toThrow(/^gunzip: bytes is not valid gzip data \(corrupted or truncated\?\): /);
      await expect(gunzip(Uint8Array.of(0x1f, 0x8b, 0, 0, 9, 9, 9), opts)).rejects.toBeInstanceOf(GzipError);
    }
  });

  it("within the bound, the whole data; a bad bound is an ArgumentError", async () => {
    expect(Array.from(await gunzip(gzipSync(Uint8Array.of(1, 2, 3)), { maxBytes: 3 }))).toEqual([1, 2, 3]);
    await expect(gunzip(mib, { maxBytes: -1 })).rejects.toThrow(/gunzip: options.maxBytes must be an integer ≥ 0, got the number -1/);
    await expect(gunzip(mib, { maxBytes: -1 })).rejects.toBeInstanceOf(ArgumentError);
  });
});

describe("argument checks of the byte-level functions", () => {
  it("parseIdx, decodeIdx, isGzip and gunzip take a Uint8Array and say so, naming themselves", async () => {
    expect(() => parseIdx(new Float32Array(3) as never)).toThrow(new ArgumentError("parseIdx: bytes must be a Uint8Array, got an object of class Float32Array"));
    expect(() => parseIdx([0, 0, 8, 1] as never)).toThrow(ArgumentError);
    expect(() => parseIdx(idx(0x08, [1], [7]), 5 as never)).toThrow(new ArgumentError("parseIdx: name must be a string, got the number 5"));
    expect(() => isGzip(null as never)).toThrow(new ArgumentError("isGzip: bytes must be a Uint8Array, got null"));
    expect(isGzip(Uint8Array.of(0x1f, 0x8b))).toBe(true);
    await expect(decodeIdx("x" as never)).rejects.toThrow(new ArgumentError('decodeIdx: bytes must be a Uint8Array, got the string "x"'));
    await expect(gunzip(undefined as never)).rejects.toThrow(new ArgumentError("gunzip: bytes must be a Uint8Array, got undefined"));
  });

  it("idxToTensor checks that it got an IdxArray whose data fits its type and shape", () => {
    expect(() => idxToTensor(-1 as never)).toThrow(/^idxToTensor: idx must be an IdxArray \{ type, shape, data \} \(from parseIdx or decodeIdx\), got the number -1$/);
    expect(() => idxToTensor({ type: "uint16", shape: [1], data: new Uint8Array(1) } as never)).toThrow(/^idxToTensor: idx\.type must be one of uint8, int8/);
    expect(() => idxToTensor({ type: "uint8", shape: "1", data: new Uint8Array(1) } as never)).toThrow(/^idxToTensor: idx\.shape must be an array/);
    expect(() => idxToTensor({ type: "float32", shape: [2], data: new Float64Array(2) } as never)).toThrow(
      new ArgumentError("idxToTensor: idx.data must be a Float32Array (idx.type is float32), got an object of class Float64Array"),
    );
    const e = (() => {
      try {
        idxToTensor({ type: "uint8", shape: [2, 2], data: new Uint8Array(3) });
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(ShapeError);
    expect((e as Error).message).toBe("idxToTensor: idx.data has 3 elements, its shape [2, 2] needs 4");
    expect(idxToTensor(parseIdx(idx(0x08, [2], [7, 9]))).toArray()).toEqual([7, 9]);
  });
});
