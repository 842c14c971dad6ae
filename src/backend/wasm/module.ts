/**
 * Loads the WebAssembly kernels (assembly/*.ts, compiled by `npm run build:wasm`) once, at import
 * time, with a top-level await, so the backend is either ready or known to be unavailable by the
 * time anything runs a kernel.
 *
 * The bytes come from `wasm-bytes.js`, an ES module the build generates (base64 strings; no fs, no
 * fetch, so it works the same in Node, browsers and bundlers). When that module is absent — a fresh
 * clone that has not run `npm run build` yet, e.g. `npm start` through tsx — or WebAssembly (SIMD) is
 * unavailable, `wasmKernels` is null and the CPU backend stays the default, with no error.
 *
 * Memory: the module imports `env.memory`. Where shared memory can be made (SharedArrayBuffer: Node,
 * or a cross-origin-isolated page) the threaded build gets a shared memory that worker threads
 * instantiate the same module over; elsewhere the single-threaded build gets a plain memory.
 */

/** The functions the kernels export (byte offsets into `memory`; sizes and strides in elements). */
export interface KernelExports {
  heapBase(): number;
  gemmScratchBytes(size: number): number;
  gemmF32(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number, scratch: number): void;
  gemmF64(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number, scratch: number): void;
  poolProbe(i: number, out: number, trapAt: number, scratch: number): void;
  [name: string]: unknown;
}

/** An instantiated kernel module and what it runs over. */
export interface WasmKernels {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  /** True when `memory` is shared (the threaded build): worker threads may run kernels over it. */
  readonly shared: boolean;
}

/** Page counts of the memories: wasm32 tops out at 65536 pages (4 GiB); a shared memory must declare its maximum. */
const MAX_PAGES_ST = 65536;
const MAX_PAGES_MT = 32768;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === "undefined") return false;
  const g = globalThis as { crossOriginIsolated?: boolean; process?: { versions?: { node?: string } } };
  // Browsers expose SharedArrayBuffer only to cross-origin-isolated pages, but check anyway.
  return g.process?.versions?.node !== undefined || g.crossOriginIsolated === true;
}

async function compile(bytes: Uint8Array<ArrayBuffer>): Promise<WebAssembly.Module> {
  // Synchronous compilation is what Node does best; browsers refuse it on the main thread above a
  // few KB, hence the async fallback.
  try {
    return new WebAssembly.Module(bytes);
  } catch {
    return await WebAssembly.compile(bytes);
  }
}

function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const abort = (): never => {
    throw new Error("wasm kernel aborted");
  };
  return new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as KernelExports;
}

async function load(): Promise<WasmKernels | null> {
  if (typeof WebAssembly === "undefined") return null;
  let bytes: { wasmST: string; wasmMT: string };
  try {
    bytes = await import("./wasm-bytes.js");
  } catch {
    return null; // not built yet: the CPU backend serves everything
  }
  const attempts: [string, boolean][] = canShareMemory() ? [[bytes.wasmMT, true], [bytes.wasmST, false]] : [[bytes.wasmST, false]];
  for (const [b64, shared] of attempts) {
    try {
      const module = await compile(decodeBase64(b64));
      const memory = new WebAssembly.Memory({ initial: 16, maximum: shared ? MAX_PAGES_MT : MAX_PAGES_ST, shared });
      return { module, memory, exports: instantiate(module, memory), shared };
    } catch {
      // e.g. no SIMD in this engine, or no shared memory after all: try the next build, else give up.
    }
  }
  return null;
}

/** The loaded kernels, or null where they are unavailable (not built, or no WebAssembly SIMD). */
export const wasmKernels: WasmKernels | null = await load();

/** Instantiates the kernel module again over `memory` (what a worker thread does). */
export { instantiate as instantiateKernels };
