// The WebAssembly binary format, as much of it as generated kernels need: LEB128 integers, the type,
// import (one memory), function, export and code sections. See the core specification, "Binary
// Format" (https://webassembly.github.io/spec/core/binary/).

/** Value types of the binary format. */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;

/** One of the value types' codes. */
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Unsigned LEB128 of a non-negative integer below 2³². */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of an int32. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  while (true) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** A name: its UTF-8 length and bytes (kernel names are ASCII). */
function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** A vector: count, then the items' bytes. */
function vec(items: readonly number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** One function of a module: its signature, its locals after the parameters, its body (ending in `end`). */
export interface WasmFunction {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly locals: readonly ValType[];
  readonly body: readonly number[];
  /** The export name. */
  readonly name: string;
}

/**
 * A module that imports `env.memory` and exports `functions`. NOTE: a shared memory import must
 * declare a maximum; 65536 pages (the wasm32 ceiling) admits every memory the backend makes.
 */
export function encodeModule(functions: readonly WasmFunction[], sharedMemory: boolean): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const memoryType = sharedMemory ? [0x03, ...uleb(0), ...uleb(65536)] : [0x00, ...uleb(0)];
  const imports = vec([[...name("env"), ...name("memory"), 0x02, ...memoryType]]);
  const funcs = vec(functions.map((_, i) => uleb(i)));
  const exports = vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const codes = vec(
    functions.map((f) => {
      // Locals in runs of one type: (count, type) pairs.
      const runs: number[][] = [];
      for (let i = 0; i < f.locals.length; ) {
        let j = i;
        while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
        runs.push([...uleb(j - i), f.locals[i]!]);
        i = j;
      }
      const code = [...vec(runs), ...f.body];
      return [...uleb(code.length), ...code];
    }),
  );
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, codes),
  ];
  return new Uint8Array(bytes);
}
