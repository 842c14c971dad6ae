// The playground: a static site built by Vite against the built library (dist/, `npm run build`).
// `npm run playground` serves it; `npm run build:playground` writes playground/dist/.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { bundleBudget } from "./bundle-budget.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

// NOTE: the two headers that make the pages cross-origin isolated, the condition for
// SharedArrayBuffer and so for the wasm kernels' worker threads. Any host serving playground/dist
// must send them too (without them everything runs, on one thread).
export const isolationHeaders = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

/** The pages, by name: each is an HTML file in playground/. */
export const pages = ["index", "descent", "train", "sample"] as const;

export default defineConfig({
  root: here,
  base: "./",
  // The playground shows the library as users get it: the built package, not its sources.
  resolve: { alias: { wengert: join(root, "dist", "index.js") } },
  server: { headers: isolationHeaders, fs: { allow: [root] } },
  preview: { headers: isolationHeaders },
  // NOTE: the workers train and sample; they never draw, so the optional drawing packages that the
  // library loads on first use (Graphviz for graphs, Vega for plots) stay out of their bundles.
  worker: { format: "es", rolldownOptions: { external: ["@viz-js/viz", "vega", "vega-lite"] } },
  build: {
    outDir: join(here, "dist"),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2048,
    rolldownOptions: { input: Object.fromEntries(pages.map((p) => [p, join(here, `${p}.html`)])) },
  },
  // NOTE: the budget counts every emitted file once: each worker has its own copy of the library, and
  // Graphviz (most of the total) is fetched only when the Trace page draws its first graph. Each copy
  // of the library carries the wasm kernels as base64 (79 KiB since the LU panel, shared packed-B gemm
  // and direct convolution kernels; 50 KiB before, when the total was 2,488 KiB, 866 KiB gzip).
  plugins: [bundleBudget({ totalKiB: 2700, gzipKiB: 940 })],
});
