import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { storedZlib, zlibDeflate } from "../../src/cli/plot/zlib-deflate.js";

const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 17 + ((i * i) >> 3)) & 0xff);

describe("zlibDeflate", () => {
  it("stored streams inflate back (empty, one block, several blocks, a block boundary)", () => {
    for (const n of [0, 1, 1000, 65535, 65536, 200_001]) {
      const raw = bytes(n, n);
      const z = storedZlib(raw);
      expect(z.length).toBe(2 + Math.max(1, Math.ceil(n / 65535)) * 5 + n + 4);
      expect(Buffer.from(inflateSync(z)).equals(Buffer.from(raw))).toBe(true); // inflate also checks Adler-32
    }
  });
  it("a wrong checksum is rejected (the Adler-32 is really checked)", () => {
    const z = storedZlib(bytes(100, 1));
    z[z.length - 1] ^= 1;
    expect(() => inflateSync(z)).toThrow();
  });
  it("compresses with node:zlib in Node", () => {
    const raw = new Uint8Array(10_000).fill(7);
    const z = zlibDeflate(raw);
    expect(z.length).toBeLessThan(200);
    expect(Buffer.from(inflateSync(z)).equals(Buffer.from(raw))).toBe(true);
  });
});
