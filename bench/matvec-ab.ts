// Paired CPU-time A/B of matrix–vector products: the wasm gemm (copies in and out) against the JS
// in-place matvec, alternating rounds in one process. Run: npx tsx bench/matvec-ab.ts
import { wasmBackend, wasmBackendLoaded } from "../src/backend/wasm/wasm-backend.js";
import { matvec } from "../src/backend/cpu/matvec.js";
import { matmul } from "../src/backend/cpu/matmul.js";

type Case = [string, number[], number[], number[], boolean, boolean];
const cases: Case[] = [
  ["A·x 64²", [64, 64], [64, 1], [64, 1], false, false],
  ["Aᵀ·x 64²", [64, 64], [64, 1], [64, 1], true, false],
  ["X·b 1000×5", [1000, 5], [5, 1], [1000, 1], false, false],
  ["Xᵀ·g 1000×5", [1000, 5], [1000, 1], [5, 1], true, false],
  ["A·x 256²", [256, 256], [256, 1], [256, 1], false, false],
  ["Aᵀ·x 256²", [256, 256], [256, 1], [256, 1], true, false],
  ["xᵀ·A 256²", [1, 256], [256, 256], [1, 256], false, false],
  ["A·x 2048²", [2048, 2048], [2048, 1], [2048, 1], false, false],
  ["Aᵀ·x 2048²", [2048, 2048], [2048, 1], [2048, 1], true, false],
];
const cpuNow = (): number => { const u = process.cpuUsage(); return u.user + u.system; };
console.log("wasm loaded:", await wasmBackendLoaded);
for (const [name, as, bs, os, ta, tb] of cases) {
  const a = new Float64Array(as.reduce((x, y) => x * y)).map(() => Math.random() - 0.5);
  const b = new Float64Array(bs.reduce((x, y) => x * y)).map(() => Math.random() - 0.5);
  const macs = os.reduce((x, y) => x * y) * (ta ? as[0]! : as[1]!);
  const reps = Math.max(5, Math.round(2e7 / macs));
  const variants: [string, () => unknown][] = [
    ["wasm", () => wasmBackend.matmul(a, as, b, bs, os, ta, tb)],
    ["js-matvec", () => matvec(a, as, b, bs, os, ta, tb)],
    ["js-old", () => ta || tb ? matmulTransposedOld(a, as, b, bs, os, ta, tb) : matmul(a, as, b, bs, os)],
  ];
  const times = variants.map(() => [] as number[]);
  for (let round = 0; round < 9; round++)
    variants.forEach(([, f], v) => {
      const t0 = cpuNow();
      for (let r = 0; r < reps; r++) f();
      times[v]!.push((cpuNow() - t0) / reps);
    });
  const med = (x: number[]): number => [...x].sort((p, q) => p - q)[x.length >> 1]!;
  console.log(name.padEnd(14), variants.map(([n], v) => `${n} ${med(times[v]!).toFixed(2)} µs (min ${Math.min(...times[v]!).toFixed(2)})`).join("  "));
}
function matmulTransposedOld(a: Float64Array, as: number[], b: Float64Array, bs: number[], os: number[], ta: boolean, tb: boolean): unknown {
  // The pre-matvec path: materialise the transpose, then the plain kernel.
  const t = new Float64Array(a.length);
  const [r, c] = [as[0]!, as[1]!];
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = a[i * c + j]!;
  void tb;
  return ta ? matmul(t, [c, r], b, bs, os) : matmul(a, as, b, bs, os);
}
