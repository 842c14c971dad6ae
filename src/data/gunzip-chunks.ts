/** The most bytes one deflate stream can inflate to per compressed byte (RFC 1951's best case: 258-byte matches in ~2 bits). */
export const MAX_INFLATE_RATIO = 1032;

/** The size of the pieces Node's inflater hands out. */
const CHUNK_BYTES = 1 << 20;

/**
 * Decompresses gzip bytes incrementally, a chunk at a time, so a caller can look at the first bytes
 * and stop (breaking out of the loop cancels the inflater) before a gzip bomb fills memory.
 * Corrupt or truncated input throws from the iteration.
 * NOTE: Node's zlib stream where `process.getBuiltinModule` gives it (about twice as fast), else the
 * web platform's DecompressionStream (browsers, older Node); no `node:` import a bundler could see.
 */
export async function* gunzipChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  const zlib = nodeZlib();
  if (zlib !== undefined) {
    const inflater = zlib.createGunzip({ chunkSize: CHUNK_BYTES });
    inflater.end(bytes);
    try {
      for await (const chunk of inflater as AsyncIterable<Uint8Array>) yield chunk;
    } finally {
      inflater.destroy();
    }
    return;
  }
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function nodeZlib(): typeof import("node:zlib") | undefined {
  if (typeof process === "undefined" || process.versions?.node === undefined) return undefined;
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  return get?.("node:zlib") as typeof import("node:zlib") | undefined;
}
