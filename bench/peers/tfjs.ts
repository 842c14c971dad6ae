// TensorFlow.js 4.22 with its cpu (pure JS) and wasm (XNNPACK, SIMD; one thread in Node) backends.
// The union package @tensorflow/tfjs is loaded, not only tfjs-core: tfjs-core's CommonJS build
// registers no gradient functions, so tf.grads and optimizers fail without it. Both backends live in
// one engine; a tensor belongs to the backend that was active when it was made, so each case makes
// its own tensors per backend (`make`) and switches the backend before every sample (`use`).
import { createRequire } from "node:module";
import { loadPeer, type Loaded } from "./load.js";

export type Tf = typeof import("@tensorflow/tfjs");
export type TfBackendName = "cpu" | "wasm";

export interface TfPeer {
  tf: Tf;
  backend: TfBackendName;
  /** Makes `backend` the active one (untimed, before each sample). */
  use: () => Promise<void>;
  info: Record<string, unknown>;
}

const require = createRequire(import.meta.url);
let shared: Promise<Tf> | null = null;

function loadTf(): Promise<Tf> {
  shared ??= (async () => {
    const tf = require("@tensorflow/tfjs") as Tf;
    require("@tensorflow/tfjs-backend-cpu");
    return tf;
  })();
  return shared;
}

export function loadTfjs(backend: TfBackendName): Promise<Loaded<TfPeer>> {
  return loadPeer(async () => {
    const tf = await loadTf();
    const info: Record<string, unknown> = {};
    if (backend === "wasm") {
      // The backend finds its .wasm files next to its own module in node_modules (no setWasmPaths needed in Node).
      const w = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
      info.simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
      info.multithread_supported = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
      // NOTE: pinned to one thread, as every contestant unless a row says otherwise (Node has no
      // multithreaded tfjs-wasm today, but a pin must not depend on that).
      w.setThreadsCount(1);
      if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') failed");
      info.threads = w.getThreadsCount();
    } else if (!(await tf.setBackend("cpu"))) throw new Error("tf.setBackend('cpu') failed");
    await tf.ready();
    if (tf.getBackend() !== backend) throw new Error(`active backend is ${tf.getBackend()}, wanted ${backend}`);
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync()); // first use prints a greeting: while its output is captured
    const use = async (): Promise<void> => {
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
    };
    return { api: { tf, backend, use, info }, version: tf.version_core };
  });
}
