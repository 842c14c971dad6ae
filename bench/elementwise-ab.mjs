/* global process, console */
// Paired A/B of the elementwise case's chain, exp(x) + x·x on n float32 elements, eager and
// `compile`, between two builds in one process: rounds alternate A B / B A, each timed by CPU time
// (process.cpuUsage: wall clock is meaningless on a shared machine), after a check that both builds
// give the same bits. Usage: node bench/elementwise-ab.mjs <build dir A> <build dir B> [n = 1e6] [rounds = 15] [eager|compile|both]
// Prints Melem/s of CPU time (min and median over rounds) and B's rate over A's (min, median).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dirA, dirB] = [process.argv[2], process.argv[3]].map((d) => resolve(d ?? "node_modules/.cache/wengert-bench/dist"));
const n = Number(process.argv[4] ?? 1e6);
const rounds = Number(process.argv[5] ?? 15);
const mode = process.argv[6] ?? "both";
const builds = [];
for (const dir of [dirA, dirB]) {
  const W = await import(pathToFileURL(`${dir}/index.js`).href);
  if (!(await W.wasmBackendLoaded)) throw new Error(`${dir}: the wasm kernels did not load`);
  builds.push(W);
}

let seed = 7;
const X = new Float32Array(n).map(() => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
const runs = builds.map((W) => {
  const x = W.tensor(X, { shape: [n] });
  const compiled = W.compile((t) => W.add(W.exp(t), W.mul(t, t)));
  return { eager: () => W.add(W.exp(x), W.mul(x, x)), compile: () => compiled(x) };
});

const kinds = mode === "both" ? ["eager", "compile"] : [mode];
for (const kind of kinds) {
  const [a, b] = runs.map((r) => r[kind]().data());
  let differ = 0;
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) differ++;
  if (differ > 0) console.log(`${kind}: ${differ} of ${n} elements differ between the builds`);
}
const reps = Math.max(1, Math.round(2e7 / n));
const stats = (xs) => {
  const s = [...xs].sort((p, q) => p - q);
  return [s[0], s[s.length >> 1]];
};
for (const kind of kinds) {
  const rates = [[], []];
  for (const r of runs) for (let i = 0; i < reps; i++) r[kind]();
  for (let round = 0; round < rounds; round++)
    for (const j of round % 2 ? [1, 0] : [0, 1]) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < reps; i++) runs[j][kind]();
      const c = process.cpuUsage(c0);
      rates[j].push((n * reps) / (c.user + c.system));
    }
  const [aMin, aMed] = stats(rates[0]);
  const [bMin, bMed] = stats(rates[1]);
  const [rMin, rMed] = stats(rates[1].map((r, i) => r / rates[0][i]));
  console.log(`${kind.padEnd(7)} n=${n}: A ${aMin.toFixed(0)}/${aMed.toFixed(0)}, B ${bMin.toFixed(0)}/${bMed.toFixed(0)} Melem/s CPU (min/median); B/A ${rMin.toFixed(2)}/${rMed.toFixed(2)}`);
}
