/* global process, console */
// Paired A/B of two builds of wengert in one process (e.g. the baseline commit's and the working
// tree's): CPU time per call, alternating rounds, for the notes' f(x1, x2) = ln(x1) + x1·x2 − sin(x2):
// valueAndGrad, f alone (no AD) and eager backward(), next to the hand-written closed form.
// Build each with `npx tsc -p tsconfig.build.json --outDir <dir> --declaration false --sourceMap false`
// (and copy src/backend/wasm/wasm-bytes.js into <dir>/backend/wasm/), then:
//   node bench/scalar-entry-ab.mjs <base dist> <new dist> [rounds = 7]
// NOTE: both builds share one heap, so a change in what a call allocates moves both rows (each
// side's garbage is collected during the other's rounds) and the slot a build is loaded in biased
// the valueAndGrad row by ~7% either way under load: for allocation changes, run the builds in
// separate processes, alternating (e.g. one `node` per build and round timing only valueAndGrad).
import { pathToFileURL } from "node:url";
const dirs = { base: process.argv[2], new: process.argv[3] };
const rounds = Number(process.argv[4] ?? 7);
const libs = {};
for (const [k, d] of Object.entries(dirs)) { libs[k] = await import(pathToFileURL(`${d}/index.js`).href); libs[k].setNumThreads(1); }
let sink = 0, k = 0;
const X1 = new Float64Array(1024).fill(2), X2 = new Float64Array(1024).fill(5);
const closed = () => { const i = k++ & 1023; const x1 = X1[i], x2 = X2[i]; sink += Math.log(x1) + x1 * x2 - Math.sin(x2) + (1 / x1 + x2) + (x1 - Math.cos(x2)); };
const cases = {};
for (const [name, W] of Object.entries(libs)) {
  const f = (x1, x2) => W.sub(W.add(W.log(x1), W.mul(x1, x2)), W.sin(x2));
  const vg = W.valueAndGrad(f, { argnums: [0, 1] });
  const a = W.scalar(2, "float64"), b = W.scalar(5, "float64");
  const e1 = W.tensor(2, { dtype: "float64", requiresGrad: true }), e2 = W.tensor(5, { dtype: "float64", requiresGrad: true });
  cases[`valueAndGrad ${name}`] = [() => { const [v, [g1, g2]] = vg(a, b); sink += v.item() + g1.item() + g2.item(); }, 50000];
  cases[`f no AD ${name}`] = [() => { sink += f(a, b).item(); }, 100000];
  cases[`eager backward ${name}`] = [() => { e1.grad = null; e2.grad = null; const y = f(e1, e2); W.backward(y); sink += y.item() + e1.grad.item() + e2.grad.item(); }, 50000];
}
const cpuNs = (fn, n) => { const t0 = process.cpuUsage(); for (let i = 0; i < n; i++) fn(); const t = process.cpuUsage(t0); return ((t.user + t.system) * 1000) / n; };
const med = (xs) => xs.slice().sort((p, q) => p - q)[xs.length >> 1];
const res = {};
for (let r = 0; r < rounds; r++) {
  (res["closed form"] ??= []).push(cpuNs(closed, 1000000));
  for (const [key, [fn, n]] of Object.entries(cases)) (res[key] ??= []).push(cpuNs(fn, n));
}
const cf = med(res["closed form"]);
for (const [key, xs] of Object.entries(res)) console.log(`${key.padEnd(24)} ${Math.min(...xs).toFixed(0).padStart(6)} / ${med(xs).toFixed(0).padStart(6)}   ${(med(xs) / cf).toFixed(1)}x`);
console.log(sink === 0 ? "" : " ");
