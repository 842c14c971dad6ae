/**
 * Loads the WebAssembly kernels (assembly/*.ts, compiled by `npm run build:wasm`).
 *
 * The bytes live in `wasm-bytes.js`, an ES module the build generates next to this file (base64
 * strings), so they travel with the JavaScript through any bundler. Two ways in:
 * - Node (≥ 20.16, which has `process.getBuiltinModule`): read synchronously at import time, so the
 *   kernels are ready before the first op and the wasm backend is the default from the start.
 * - elsewhere (browsers, bundles, older Node): a dynamic `import()` of that module, compiled
 *   asynchronously; `wasmReady()` turns true when it resolves (the `wasmLoaded` promise), and until
 *   then ops run on the CPU backend.
 * When the module is absent — a fresh clone that has not run `npm run build` yet, e.g. `npm start`
 * through tsx — or WebAssembly SIMD is unavailable, the CPU backend stays in charge, with no error.
 * No top-level await: the library stays importable from CommonJS (`require`) and tsx's CJS mode.
 *
 * Memory: the module imports `env.memory`. Where shared memory can be made (SharedArrayBuffer: Node,
 * or a cross-origin-isolated page) the threaded build (the same bytes with the memory import made
 * shared: shared-memory-build.ts) gets a shared memory that worker threads instantiate the same
 * module over; elsewhere the kernels get a plain memory.
 */

import { withSharedMemory } from "./shared-memory-build.js";

/** The functions the kernels export (byte offsets into `memory`; sizes and strides in elements). */
export interface KernelExports {
  heapBase(): number;
  gemmScratchBytes(size: number): number;
  gemmF32(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number, scratch: number): void;
  gemmF64(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number, scratch: number): void;
  gemmUpdateF32(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number, mode: number, scratch: number): void;
  gemmUpdateF64(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number, mode: number, scratch: number): void;
  gemmPackedBElements(k: number, n: number, size: number): number;
  gemmPackBF32(k: number, n: number, b: number, rsB: number, csB: number, dst: number, j0: number, j1: number, scratch: number): void;
  gemmPackBF64(k: number, n: number, b: number, rsB: number, csB: number, dst: number, j0: number, j1: number, scratch: number): void;
  gemmPackedBF32(m: number, n: number, k: number, a: number, rsA: number, csA: number, packed: number, c: number, ldc: number, accumulate: number, scratch: number): void;
  gemmPackedBF64(m: number, n: number, k: number, a: number, rsA: number, csA: number, packed: number, c: number, ldc: number, accumulate: number, scratch: number): void;
  gemvF64(m: number, k: number, a: number, lda: number, x: number, y: number): void;
  gemvTF64(m: number, k: number, a: number, lda: number, x: number, y: number): void;
  gemvTWideF64(m: number, k: number, a: number, lda: number, x: number, y: number): void;
  luPanelF64(a: number, ld: number, n: number, r0: number, m: number, w: number, piv: number, work: number): void;
  adamStepF32(n: number, g: number, m: number, v: number, p: number, mo: number, vo: number, po: number, b1: number, c1: number, b2: number, c2: number, s2: number, eps: number, bc1: number, nlr: number, wd: number, mode: number): void;
  batchNormRowsF32(rows: number, count: number, x: number, xhat: number, stats: number, eps: number): void;
  batchNormGradRowsF32(rows: number, count: number, xhat: number, variance: number, g: number, out: number, eps: number): void;
  poolProbe(i: number, out: number, trapAt: number, scratch: number): void;
  convScratchBytes(dims: number, size: number): number;
  conv2dImageF32(img: number, dims: number, x: number, w: number, y: number, bias: number, scratch: number): void;
  conv2dImageF64(img: number, dims: number, x: number, w: number, y: number, bias: number, scratch: number): void;
  conv2dInputGradImageF32(img: number, dims: number, ct: number, w: number, dx: number, scratch: number): void;
  conv2dInputGradImageF64(img: number, dims: number, ct: number, w: number, dx: number, scratch: number): void;
  conv2dWeightGradImagesF32(img0: number, count: number, dims: number, x: number, ct: number, dw: number, scratch: number): void;
  conv2dWeightGradImagesF64(img0: number, count: number, dims: number, x: number, ct: number, dw: number, scratch: number): void;
  poolScratchBytes(dims: number): number;
  maxPool2dF32(dims: number, x: number, y: number, scratch: number): void;
  maxPool2dF64(dims: number, x: number, y: number, scratch: number): void;
  maxPool2dTangentF32(dims: number, x: number, t: number, dy: number, scratch: number): void;
  maxPool2dTangentF64(dims: number, x: number, t: number, dy: number, scratch: number): void;
  maxPool2dGradF32(dims: number, x: number, ct: number, dx: number, scratch: number): void;
  maxPool2dGradF64(dims: number, x: number, ct: number, dx: number, scratch: number): void;
  expF32(x: number, out: number, n: number): void;
  logF32(x: number, out: number, n: number): void;
  binaryF32(op: number, mode: number, a: number, b: number, out: number, n: number): void;
  binaryF64(op: number, mode: number, a: number, b: number, out: number, n: number): void;
  sumRowsF32(x: number, out: number, rows: number, len: number): void;
  binaryRowsF32(op: number, mode: number, a: number, b: number, out: number, rows: number, len: number): void;
  binaryRowsF64(op: number, mode: number, a: number, b: number, out: number, rows: number, len: number): void;
  sumColsF32(x: number, out: number, rows: number, len: number, acc: number): void;
  sumOuterInnerF32(x: number, out: number, outer: number, count: number, inner: number, acc: number, first: number): void;
  sumColsF64(x: number, out: number, rows: number, len: number): void;
  sumRowsF64(x: number, out: number, rows: number, len: number): void;
  maxRowsF32(x: number, out: number, rows: number, len: number): void;
  maxRowsF64(x: number, out: number, rows: number, len: number): void;
  expF64(x: number, out: number, n: number): void;
  tanhF32(x: number, out: number, n: number): void;
  tanhF64(x: number, out: number, n: number): void;
  binaryBroadcastF32(op: number, a: number, b: number, out: number, nd: number, dims: number): void;
  binaryBroadcastF64(op: number, a: number, b: number, out: number, nd: number, dims: number): void;
  compareF32(op: number, a: number, b: number, out: number, nd: number, dims: number): void;
  compareF64(op: number, a: number, b: number, out: number, nd: number, dims: number): void;
  whereF32(cond: number, a: number, b: number, out: number, nd: number, dims: number): void;
  whereF64(cond: number, a: number, b: number, out: number, nd: number, dims: number): void;
  minRowsF32(x: number, out: number, rows: number, len: number): void;
  minRowsF64(x: number, out: number, rows: number, len: number): void;
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
export const MAX_PAGES_ST = 65536;
export const MAX_PAGES_MT = 32768;

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

function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const abort = (): never => {
    throw new Error("wasm kernel aborted");
  };
  return new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as KernelExports;
}

interface WasmBytes {
  wasmKernels: string;
}

/** A Node built-in, synchronously, without an import statement (absent in browsers and Node < 20.16). */
export function nodeBuiltin<T>(name: string): T | null {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return typeof p?.getBuiltinModule === "function" ? ((p.getBuiltinModule(name) as T | undefined) ?? null) : null;
  } catch {
    return null;
  }
}

/** Node: the generated module's strings, read from disk next to this file; null when not there. */
function readBytesSync(): WasmBytes | null {
  const fs = nodeBuiltin<{ readFileSync(path: URL, enc: "utf8"): string }>("node:fs");
  if (!fs) return null;
  try {
    const text = fs.readFileSync(new URL("./wasm-bytes.js", import.meta.url), "utf8");
    const kernels = /wasmKernels = "([^"]*)"/.exec(text)?.[1];
    return kernels ? { wasmKernels: kernels } : null;
  } catch {
    return null;
  }
}

let plainBuild: Uint8Array<ArrayBuffer> | null = null;

/** The plain (unshared-memory) build's bytes once the kernels' bytes are read, else null (see plain-kernels.ts). */
export function plainKernelBytes(): Uint8Array<ArrayBuffer> | null {
  return plainBuild;
}

/** The builds to try, best first: the threaded one (derived from the plain one) where memory can be shared. */
function builds(bytes: WasmBytes): [Uint8Array<ArrayBuffer>, boolean][] {
  const plain = decodeBase64(bytes.wasmKernels);
  plainBuild = plain;
  if (!canShareMemory()) return [[plain, false]];
  try {
    return [[withSharedMemory(plain, MAX_PAGES_MT), true], [plain, false]];
  } catch {
    return [[plain, false]];
  }
}

function instantiateBuild(module: WebAssembly.Module, shared: boolean): WasmKernels {
  const memory = new WebAssembly.Memory({ initial: 16, maximum: shared ? MAX_PAGES_MT : MAX_PAGES_ST, shared });
  return { module, memory, exports: instantiate(module, memory), shared };
}

let kernels: WasmKernels | null = null;

function loadSync(): boolean {
  if (typeof WebAssembly === "undefined") return false;
  const bytes = readBytesSync();
  if (!bytes) return false;
  for (const [wasm, shared] of builds(bytes)) {
    try {
      kernels = instantiateBuild(new WebAssembly.Module(wasm), shared);
      break;
    } catch {
      // e.g. no SIMD in this engine, or no shared memory after all: try the next build, else give up.
    }
  }
  return true; // the bytes were there: no second attempt, whether or not they compiled
}

async function loadAsync(): Promise<boolean> {
  if (typeof WebAssembly === "undefined") return false;
  let bytes: WasmBytes;
  try {
    bytes = await import("./wasm-bytes.js");
  } catch {
    return false; // not built: the CPU backend serves everything
  }
  for (const [wasm, shared] of builds(bytes)) {
    try {
      // Asynchronous compilation: browsers refuse synchronous compilation of large modules on the main thread.
      kernels = instantiateBuild(await WebAssembly.compile(wasm), shared);
      return true;
    } catch {
      // try the next build
    }
  }
  return false;
}

/** Resolves (true) once the kernels are loaded, or false when they cannot be. */
export const wasmLoaded: Promise<boolean> = loadSync() ? Promise.resolve(kernels !== null) : loadAsync();

/** The loaded kernels, or null (not yet loaded, not built, or no WebAssembly SIMD). */
export function getKernels(): WasmKernels | null {
  return kernels;
}

/** Instantiates the kernel module again over `memory` (what a worker thread does). */
export { instantiate as instantiateKernels };
