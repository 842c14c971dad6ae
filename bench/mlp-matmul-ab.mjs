/* global process, console */
// Paired A/B of the MLP 784-256-256-10 step's eight matrix products (batch 128: three forward, the
// backward's dX = dZ·Wᵀ and dW = Xᵀ·dZ with the transposes read in place) between two builds, one
// thread, CPU time (process.cpuUsage) per call through the matmul primitive (operand copies into
// wasm memory and the result's copy out included). Rounds alternate A B / B A, each round one fresh
// child process per build that times every product.
// NOTE: one child process per build and round: two builds in one process share the heap and type
// feedback, which biased the ratio.
// Usage: node bench/mlp-matmul-ab.mjs <build dir A> <build dir B> [rounds = 15] [calls per round = 40]
// Prints per product: shape, flags, CPU µs min/median and GFLOP/s (median) for A and B, B/A median.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// [label, m, n, k, transA, transB]
const products = [
  ["fwd1 X·W1", 128, 256, 784, false, false],
  ["fwd2 H1·W2", 128, 256, 256, false, false],
  ["fwd3 H2·W3", 128, 10, 256, false, false],
  ["dX3 dZ3·W3ᵀ", 128, 256, 10, false, true],
  ["dW3 H2ᵀ·dZ3", 256, 10, 128, true, false],
  ["dX2 dZ2·W2ᵀ", 128, 256, 256, false, true],
  ["dW2 H1ᵀ·dZ2", 256, 256, 128, true, false],
  ["dW1 Xᵀ·dZ1", 784, 256, 128, true, false],
];

let s = 7;
const rand = (n) => Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5));

async function load(dir) {
  const W = await import(pathToFileURL(`${dir}/index.js`).href);
  const P = await import(pathToFileURL(`${dir}/primitives/linalg/matmul.js`).href);
  if (!(await W.wasmBackendLoaded)) throw new Error(`${dir}: the wasm kernels did not load`);
  W.setNumThreads?.(1);
  return products.map(([, m, n, k, ta, tb]) => {
    const a = W.tensor(rand(m * k), { shape: ta ? [k, m] : [m, k] });
    const b = W.tensor(rand(k * n), { shape: tb ? [n, k] : [k, n] });
    return () => P.matmulTransposed(a, b, ta, tb);
  });
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system); };
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
if (process.argv[2] === "--child") {
  // One build: warm-up, then CPU µs per call of each product, as JSON.
  const fs = await load(process.argv[3]);
  const per = Number(process.argv[4]);
  for (let w = 0; w < 5; w++) for (const f of fs) f();
  console.log(JSON.stringify(fs.map((f) => {
    const t0 = cpu();
    for (let c = 0; c < per; c++) f();
    return (cpu() - t0) / per;
  })));
} else {
  const dirs = [process.argv[2], process.argv[3]].map((d) => resolve(d));
  const rounds = Number(process.argv[4] ?? 15);
  const per = Number(process.argv[5] ?? 40);
  const self = fileURLToPath(import.meta.url);
  const res = products.map(() => [[], []]);
  for (let r = 0; r < rounds; r++)
    for (const side of r % 2 ? [1, 0] : [0, 1]) {
      const out = spawnSync(process.execPath, [self, "--child", dirs[side], String(per)], { encoding: "utf8" });
      if (out.status !== 0) throw new Error(`child ${dirs[side]} failed: ${out.stderr}`);
      JSON.parse(out.stdout.trim().split("\n").pop()).forEach((us, i) => res[i][side].push(us));
    }
  let totA = 0, totB = 0;
  for (let i = 0; i < products.length; i++) {
    const [label, m, n, k, ta, tb] = products[i];
    const gf = (us) => ((2 * m * n * k) / (us * 1e3)).toFixed(1);
    const [a, b] = res[i];
    totA += med(a); totB += med(b);
    const ratio = b.map((x, j) => x / a[j]);
    console.log(`${label.padEnd(14)} ${m}×${n}×${k} ${ta ? "Aᵀ" : "A "}${tb ? "Bᵀ" : "B "}  A ${Math.min(...a).toFixed(0)}/${med(a).toFixed(0)} µs ${gf(med(a))} GF/s  B ${Math.min(...b).toFixed(0)}/${med(b).toFixed(0)} µs ${gf(med(b))} GF/s  B/A min ${Math.min(...ratio).toFixed(2)} median ${med(ratio).toFixed(2)}`);
  }
  console.log(`sum of medians: A ${totA.toFixed(0)} µs, B ${totB.toFixed(0)} µs; ${rounds} pairs`);
}
