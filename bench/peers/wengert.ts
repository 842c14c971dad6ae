// wengert as the benchmarks use it: its public API (src/index.ts), loaded from the JavaScript that
// `tsc -p tsconfig.build.json` emits, i.e. what a user of the package runs. (tsx, which runs the
// suite itself, transpiles with esbuild's keepNames, which wraps every function definition in a
// helper call; on closure-heavy code such as the transforms that alone costs up to 2×.)
// `--source` loads src/ through tsx instead, for a quick look without the build.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as WengertModule from "../../src/index.js";
import type { Tensor } from "../../src/index.js";

export type { Tensor };
type W = typeof WengertModule;
type Un = (x: Tensor) => Tensor;
type Bin = (a: Tensor, b: Tensor) => Tensor;

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/**
 * Where the suite builds wengert (inside node_modules, so never committed); WENGERT_BENCH_DIST
 * overrides it, so that two runs at once (e.g. A/B of two checkouts) do not overwrite each other's build.
 */
export const BUILD_DIR = process.env.WENGERT_BENCH_DIST ?? join(ROOT, "node_modules", ".cache", "wengert-bench", "dist");
/** Tells child processes which build to load ("source" for src/ through tsx). */
export const ENV_VAR = "WENGERT_BENCH_LIB";

/**
 * Compiles src/ with the project's build settings into BUILD_DIR. Type errors are reported but
 * do not stop the benchmark (tsc still emits); a missing index.js does.
 */
export function buildWengert(): { dir: string; note: string } {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const r = spawnSync(
    process.execPath,
    [tsc, "-p", join(ROOT, "tsconfig.build.json"), "--outDir", BUILD_DIR, "--declaration", "false", "--declarationMap", "false", "--sourceMap", "false", "--inlineSources", "false", "--incremental", "false"],
    { encoding: "utf8", cwd: ROOT, maxBuffer: 1 << 24 },
  );
  if (!existsSync(join(BUILD_DIR, "index.js"))) throw new Error(`tsc emitted no index.js: ${(r.stdout + r.stderr).trim().slice(0, 500)}`);
  // The wasm kernels: a generated module that tsc does not emit (npm run build:wasm writes it into src/).
  const wasmBytes = join(ROOT, "src", "backend", "wasm", "wasm-bytes.js");
  if (!existsSync(wasmBytes)) spawnSync(process.execPath, [join(ROOT, "scripts", "build-wasm.mjs")], { encoding: "utf8", cwd: ROOT });
  if (existsSync(wasmBytes)) copyFileSync(wasmBytes, join(BUILD_DIR, "backend", "wasm", "wasm-bytes.js"));
  const errors = (r.stdout.match(/error TS\d+/g) ?? []).length;
  return { dir: BUILD_DIR, note: errors ? `tsc reported ${errors} type error(s) in src/ (JS emitted anyway)` : "built with tsc -p tsconfig.build.json" };
}

let api: W | null = null;
let origin = "";

// Live bindings, set by initWengert (no wrapper call on the measured path).
export let matmul: Bin;
export let add: Bin;
export let sub: Bin;
export let mul: Bin;
export let exp: Un;
export let log: Un;
export let sin: Un;
export let relu: Un;
/** log-softmax over the last axis. */
export let logSoftmax: Un;
/** Sum of all elements. */
export let sumAll: Un;
export let scalar: W["scalar"];
export let valueAndGrad: W["valueAndGrad"];
export let compile: W["compile"];
export let jvp: W["jvp"];
export let transpose: (x: Tensor) => Tensor;
export let tensor: W["tensor"];
export let backward: (y: Tensor) => void;
/** 2-D convolution, NCHW input, [O, C, KH, KW] weight (cases conv, training). */
export let conv2d: W["conv2d"];
/** Max pooling over windows of the last two axes. */
export let maxPool2d: W["maxPool2d"];
/** Softmax cross-entropy over the last axis (mean over the batch by default). */
export let crossEntropy: W["crossEntropy"];
/** The nn namespace (Module, layers). */
export let nn: W["nn"];
/** The optim namespace (SGD, Adam, Muon, ...). */
export let optim: W["optim"];

/** Loads wengert from a build directory, or from src/ ("source"). */
export async function initWengert(where: string): Promise<void> {
  const url = where === "source" ? new URL("../../src/index.ts", import.meta.url).href : pathToFileURL(join(where, "index.js")).href;
  const m = (await import(url)) as W;
  api = m;
  ({ matmul, add, sub, mul, exp, log, sin, relu, logSoftmax, scalar, valueAndGrad, jvp } = m);
  compile = m.compile;
  sumAll = (x) => m.sum(x);
  transpose = (x) => m.transpose(x);
  tensor = m.tensor;
  backward = (y) => m.backward(y);
  ({ conv2d, maxPool2d, crossEntropy, nn, optim } = m);
  origin = where === "source" ? "src/ through tsx (--source)" : `tsc output in ${where.replace(ROOT, "")}`;
  process.env[ENV_VAR] = where;
}

/**
 * A module of the same build other than index, by its path under src/ without extension
 * ("cli/train/models"): e.g. the models and optimizers of `wengert train`.
 */
export async function importModule<T>(path: string): Promise<T> {
  const where = process.env[ENV_VAR] ?? "source";
  const url = where === "source" ? new URL(`../../src/${path}.ts`, import.meta.url).href : pathToFileURL(join(where, `${path}.js`)).href;
  return (await import(url)) as T;
}

/** In a child process: the same build as the parent. */
export async function initWengertFromEnv(): Promise<void> {
  await initWengert(process.env[ENV_VAR] ?? "source");
}

function w(): W {
  if (!api) throw new Error("wengert not loaded: call initWengert() first");
  return api;
}

/** A Float32Array/Float64Array as a tensor of `shape` (copied). */
export function fromArray(data: Float32Array | Float64Array, shape: readonly number[]): Tensor {
  return w().tensor(data, { shape });
}

/** The elements of a tensor. */
export function dataOf(t: Tensor): Float32Array | Float64Array {
  return t.data() as Float32Array | Float64Array;
}

/** Threads for wengert's wasm kernels (a no-op where the build predates setNumThreads). */
export function setThreads(n: number): void {
  (w() as Partial<W>).setNumThreads?.(n);
}

/** wengert's thread count (1 where the build predates getNumThreads). */
export function getThreads(): number {
  return (w() as Partial<W>).getNumThreads?.() ?? 1;
}

/**
 * Runs `f` with wengert on one thread, as every JS peer (tfjs-wasm and jax-js get one in Node), then
 * restores the thread count.
 */
export async function oneThread<T>(f: () => Promise<T>): Promise<T> {
  const before = getThreads();
  setThreads(1);
  try {
    return await f();
  } finally {
    setThreads(before);
  }
}

/** The backend kernel `op(A)·op(B)` on raw arrays, as the matmul rule's backward pass calls it (no tensors). */
export function kernelMatmul(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], outShape: number[], ta: boolean, tb: boolean): ArrayLike<number> {
  return w().getBackend().matmul(a, aShape, b, bShape, outShape, ta, tb);
}

/** For the report. */
export function provenance(): string {
  const m = w() as Partial<W>;
  const backend = m.getBackend?.().name ?? "?";
  return `public API of src/index.ts, from ${origin || "(not loaded)"}; backend ${backend}${m.getNumThreads ? `, threads ${m.getNumThreads()} by default` : ""}`;
}
