/** The part of node:zlib this file uses. */
interface Zlib {
  deflateSync(data: Uint8Array, opts: { level: number }): Uint8Array;
}

/**
 * zlib-compresses `raw` (RFC 1950): with node:zlib where the runtime has it (Node, Deno, Bun), else
 * as a valid stored (uncompressed) zlib stream, so image grids also work in browsers, only larger.
 * NOTE: node:zlib is reached through `process.getBuiltinModule`, not an import, so that bundling
 * "wengert/plot" for a browser pulls no node: module.
 *
 * @example
 * zlibDeflate(new Uint8Array([1, 2, 3])); // bytes that inflate back to 1, 2, 3
 */
export function zlibDeflate(raw: Uint8Array): Uint8Array {
  const zlib = nodeZlib();
  return zlib === undefined ? storedZlib(raw) : new Uint8Array(zlib.deflateSync(raw, { level: 9 }));
}

/** node:zlib when the runtime provides built-in modules synchronously. */
function nodeZlib(): Zlib | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.("node:zlib") as Zlib | undefined;
}

/** A zlib stream of stored deflate blocks (at most 65,535 bytes each) with its Adler-32 checksum. */
export function storedZlib(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + blocks * 5 + raw.length + 4);
  out[0] = 0x78;
  out[1] = 0x01; // deflate, 32 KiB window, no dictionary; (0x78·256 + 0x01) % 31 = 0
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, raw.length - start);
    out[o++] = b === blocks - 1 ? 1 : 0; // BFINAL, BTYPE = 00 (stored)
    out[o++] = len & 0xff;
    out[o++] = len >>> 8;
    out[o++] = ~len & 0xff;
    out[o++] = (~len >>> 8) & 0xff;
    out.set(raw.subarray(start, start + len), o);
    o += len;
  }
  let a = 1;
  let s = 0;
  for (let i = 0; i < raw.length; i++) {
    a = (a + raw[i]!) % 65521;
    s = (s + a) % 65521;
  }
  const adler = ((s << 16) | a) >>> 0;
  out[o++] = adler >>> 24;
  out[o++] = (adler >>> 16) & 0xff;
  out[o++] = (adler >>> 8) & 0xff;
  out[o] = adler & 0xff;
  return out;
}
