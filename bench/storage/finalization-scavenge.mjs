/* global process, console, setTimeout, WebAssembly */
// Does V8 run FinalizationRegistry callbacks for young objects collected by a scavenge (minor GC),
// or only after a full (mark-compact) collection? Run: node --trace-gc bench/storage/finalization-scavenge.mjs
// Each step makes one registered view over a shared wasm memory (as WasmStorage.adopt does) and
// drops it, plus some small garbage so that scavenges happen; the event loop is yielded every
// `every` steps (callbacks run as tasks). Prints callbacks seen against steps, and the scavenge
// and mark-compact counts (from performance's gc entries).
import { PerformanceObserver, constants } from "node:perf_hooks";

const steps = Number(process.argv[2] ?? 20000);
const every = Number(process.argv[3] ?? 100);
const memory = new WebAssembly.Memory({ initial: 64, maximum: 64, shared: true });
let released = 0;
const registry = new FinalizationRegistry(() => void released++);
const gcs = { minor: 0, major: 0, incremental: 0, weak: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const k = e.detail?.kind ?? e.kind;
    if (k === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor++;
    else if (k === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major++;
    else if (k === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gcs.incremental++;
    else gcs.weak++;
  }
}).observe({ entryTypes: ["gc"] });

const rows = [];
let sink = 0;
for (let i = 1; i <= steps; i++) {
  const view = new Float32Array(memory.buffer, (i % 1024) * 64, 16);
  registry.register(view, i);
  sink += view.length;
  for (let j = 0; j < 20; j++) sink += [j, j + 1, { j }].length; // young garbage: scavenges
  if (i % every === 0) await new Promise((r) => setTimeout(r, 0));
  if (i % (steps / 10) === 0) rows.push({ steps: i, made: i, released, ...gcs });
}
await new Promise((r) => setTimeout(r, 50));
console.table(rows);
console.log(`node ${process.version} (V8 ${process.versions.v8}); sink ${sink}`);
