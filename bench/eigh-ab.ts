// Paired A/B of eigh's tridiagonal route (src/linalg/primitives/eigh-tridiagonal.ts) at order n:
// A = a copy of an earlier version (its directory as argument: the files eigh-tridiagonal.ts,
// tridiagonalise-blocked.ts, tridiagonal-divide-conquer.ts with absolute imports of the rest),
// B = the sources, in alternating rounds in one process, CPU ms per call (min and median) on one thread.
//   npx tsx bench/eigh-ab.ts /tmp/eighbase [n] [rounds] [calls per round]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as Wg from "../src/index.js";
import { wasmLoaded } from "../src/backend/wasm/module.js";
import { getBackend } from "../src/backend/backend.js";
import { tridiagonalEigh as eighB } from "../src/linalg/primitives/eigh-tridiagonal.js";

type Eigh = typeof eighB;
const eighA = ((await import(pathToFileURL(resolve(process.argv[2]!, "eigh-tridiagonal.ts")).href)) as { tridiagonalEigh: Eigh }).tridiagonalEigh;
const n = Number(process.argv[3] ?? 256);
const rounds = Number(process.argv[4] ?? 9);
const calls = Number(process.argv[5] ?? 5);
await wasmLoaded;
Wg.setNumThreads(1);
let seed = 1;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
const sym = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) sym[i * n + j] = sym[j * n + i] = rand();

/** CPU ms per call of `f` over `calls` calls. */
function cpu(f: Eigh): number {
  const t = process.cpuUsage();
  for (let c = 0; c < calls; c++) if (!f(Float64Array.from(sym), n)) throw new Error("no convergence");
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1000 / calls;
}
for (let w = 0; w < 3; w++) {
  cpu(eighA);
  cpu(eighB);
}
const ta: number[] = [];
const tb: number[] = [];
for (let r = 0; r < rounds; r++) {
  // NOTE: the order alternates, so neither variant always runs second (warmer caches, later GC).
  if (r % 2) {
    tb.push(cpu(eighB));
    ta.push(cpu(eighA));
  } else {
    ta.push(cpu(eighA));
    tb.push(cpu(eighB));
  }
}
const med = (x: number[]): number => [...x].sort((p, q) => p - q)[x.length >> 1]!;
const ratios = ta.map((t, i) => tb[i]! / t);
console.log(`eigh n=${n} backend=${getBackend().name} rounds=${rounds}×${calls}`);
console.log(`A (base): min ${Math.min(...ta).toFixed(2)} ms, median ${med(ta).toFixed(2)} ms`);
console.log(`B (src):  min ${Math.min(...tb).toFixed(2)} ms, median ${med(tb).toFixed(2)} ms`);
console.log(`B/A per round: min ${Math.min(...ratios).toFixed(3)}, median ${med(ratios).toFixed(3)}`);
