/**
 * The threaded build of the kernels, made from the single-threaded one at load time.
 *
 * NOTE: the two builds differ only in their memory import (`env.memory`: plain with at most 65536
 * pages, or shared with at most 32768), so the package ships one build and this rewrites that
 * import's limits: the wasm bytes are in the package once, not twice.
 */

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function readU32(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error("wasm module: truncated LEB128");
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, at];
    shift += 7;
  }
}

function u32(value: number): number[] {
  const out: number[] = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

/** Skips a name (length-prefixed bytes). */
function skipName(bytes: Uint8Array, at: number): number {
  const [len, next] = readU32(bytes, at);
  return next + len;
}

/**
 * A copy of the wasm module `bytes` whose imported memory is shared with at most `maximumPages`
 * pages (it must import exactly one memory, with 32-bit limits).
 */
export function withSharedMemory(bytes: Uint8Array, maximumPages: number): Uint8Array<ArrayBuffer> {
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at]!;
    const [size, contentStart] = readU32(bytes, at + 1);
    const end = contentStart + size;
    if (id === 2) {
      let p = contentStart;
      const [count, first] = readU32(bytes, p);
      p = first;
      for (let i = 0; i < count; i++) {
        p = skipName(bytes, skipName(bytes, p));
        const kind = bytes[p++]!;
        if (kind === 0) p = readU32(bytes, p)[1];
        else if (kind === 1) p = skipLimits(bytes, p + 1);
        else if (kind === 3) p += 2;
        else if (kind === 4) p = readU32(bytes, p + 1)[1];
        else if (kind === 2) {
          const flags = bytes[p]!;
          if (flags > 3) throw new Error(`wasm module: unsupported memory limits flags ${flags}`);
          const [initial] = readU32(bytes, p + 1);
          const limitsEnd = skipLimits(bytes, p);
          const limits = [0x03, ...u32(initial), ...u32(maximumPages)];
          const content = [...bytes.subarray(contentStart, p), ...limits, ...bytes.subarray(limitsEnd, end)];
          const out = new Uint8Array(at + 1 + u32(content.length).length + content.length + (bytes.length - end));
          out.set(bytes.subarray(0, at + 1));
          out.set([...u32(content.length), ...content], at + 1);
          out.set(bytes.subarray(end), out.length - (bytes.length - end));
          return out;
        } else throw new Error(`wasm module: unknown import kind ${kind}`);
      }
    }
    at = end;
  }
  throw new Error("wasm module: no imported memory");
}

/** Skips memory or table limits (flags, minimum, optional maximum). */
function skipLimits(bytes: Uint8Array, at: number): number {
  const flags = bytes[at]!;
  let p = readU32(bytes, at + 1)[1];
  if (flags & 1) p = readU32(bytes, p)[1];
  return p;
}
