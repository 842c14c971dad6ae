import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** Budgets of the playground's built files, in KiB (1024 bytes). */
export interface BudgetOptions {
  /** All emitted files together, uncompressed. */
  totalKiB: number;
  /** All emitted files together, gzip-compressed (what a server usually sends). */
  gzipKiB: number;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * A Vite plugin that reports the size of every emitted file (raw and gzipped), the share of the
 * library's embedded WebAssembly kernels and of Graphviz (`@viz-js/viz`, wasm inside), and fails
 * the build when the totals exceed the budget.
 */
export function bundleBudget(budget: BudgetOptions): Plugin {
  return {
    name: "wengert-bundle-budget",
    apply: "build",
    generateBundle(_options, bundle) {
      const rows: [string, number, number][] = [];
      let wasmKernels = 0;
      let graphviz = 0;
      for (const file of Object.values(bundle)) {
        const bytes = file.type === "chunk" ? Buffer.from(file.code) : Buffer.from(file.source);
        rows.push([file.fileName, bytes.length, gzipSync(bytes).length]);
        if (file.type !== "chunk") continue;
        for (const [id, m] of Object.entries(file.modules)) {
          if (id.includes("wasm-bytes")) wasmKernels += m.renderedLength;
          if (id.includes("@viz-js")) graphviz += m.renderedLength;
        }
      }
      rows.sort((a, b) => b[1] - a[1]);
      const total = rows.reduce((s, r) => s + r[1], 0);
      const gzip = rows.reduce((s, r) => s + r[2], 0);
      const lines = rows.map(([name, raw, gz]) => `  ${name.padEnd(44)} ${kib(raw).padStart(12)} ${kib(gz).padStart(12)} gzip`);
      this.info(
        [
          "bundle budget:",
          ...lines,
          `  ${"total".padEnd(44)} ${kib(total).padStart(12)} ${kib(gzip).padStart(12)} gzip   (budget ${budget.totalKiB} KiB, ${budget.gzipKiB} KiB gzip)`,
          `  of which the library's wasm kernels ${kib(wasmKernels)}, Graphviz (graph layout, wasm inside) ${kib(graphviz)}`,
        ].join("\n"),
      );
      if (total > budget.totalKiB * 1024 || gzip > budget.gzipKiB * 1024)
        this.error(`bundle budget exceeded: ${kib(total)} (${kib(gzip)} gzip) > ${budget.totalKiB} KiB (${budget.gzipKiB} KiB gzip)`);
    },
  };
}
