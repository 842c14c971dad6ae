/* global process, console */
// Paired A/B of the elementwise case's chain, exp(x) + x·x on n float32 elements, eager and
// `compile`, between two builds: rounds alternate A B / B A, each round one fresh child process per
// build, timed by CPU time (process.cpuUsage: wall clock is meaningless on a shared machine); the
// parent checks that both builds give the same bits (each child reports a hash of its result's bits).
// NOTE: one child process per build and round: with both builds in one process they share the heap
// (one build's garbage is collected on the other's time) and type feedback, which biases the ratio.
// Usage: node bench/elementwise-ab.mjs <build dir A> <build dir B> [n = 1e6] [rounds = 15] [eager|compile|both]
// Prints Melem/s of CPU time (min and median over rounds) and B's rate over A's (min, median).
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const stats = (xs) => {
  const s = [...xs].sort((p, q) => p - q);
  return [s[0], s[s.length >> 1]];
};

if (process.argv[2] === "--child") {
  // One build, one kind: a hash of the result's bits, a warm-up, then Melem/s of CPU time over ~2·10⁷ elements, as JSON.
  const [dir, kind, n] = [process.argv[3], process.argv[4], Number(process.argv[5])];
  const W = await import(pathToFileURL(`${dir}/index.js`).href);
  if (!(await W.wasmBackendLoaded)) throw new Error(`${dir}: the wasm kernels did not load`);
  let seed = 7;
  const X = new Float32Array(n).map(() => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
  const x = W.tensor(X, { shape: [n] });
  const compiled = W.compile((t) => W.add(W.exp(t), W.mul(t, t)));
  const run = kind === "eager" ? () => W.add(W.exp(x), W.mul(x, x)) : () => compiled(x);
  const bits = new Uint32Array(Float32Array.from(run().data()).buffer);
  let hash = 0;
  for (let i = 0; i < n; i++) hash = (Math.imul(hash, 31) + bits[i]) | 0;
  const reps = Math.max(1, Math.round(2e7 / n));
  for (let i = 0; i < reps; i++) run();
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) run();
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ hash, rate: (n * reps) / (c.user + c.system) }));
} else {
  const [dirA, dirB] = [process.argv[2], process.argv[3]].map((d) => resolve(d ?? "node_modules/.cache/wengert-bench/dist"));
  const n = Number(process.argv[4] ?? 1e6);
  const rounds = Number(process.argv[5] ?? 15);
  const mode = process.argv[6] ?? "both";
  const self = fileURLToPath(import.meta.url);
  const child = (dir, kind) => {
    const r = spawnSync(process.execPath, [self, "--child", dir, kind, String(n)], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`child ${dir} ${kind} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop());
  };
  for (const kind of mode === "both" ? ["eager", "compile"] : [mode]) {
    const rates = [[], []];
    const hashes = [null, null];
    for (let round = 0; round < rounds; round++)
      for (const j of round % 2 ? [1, 0] : [0, 1]) {
        const out = child([dirA, dirB][j], kind);
        hashes[j] ??= out.hash;
        rates[j].push(out.rate);
      }
    const [aMin, aMed] = stats(rates[0]);
    const [bMin, bMed] = stats(rates[1]);
    const [rMin, rMed] = stats(rates[1].map((r, i) => r / rates[0][i]));
    const same = hashes[0] === hashes[1] ? "same bits" : "RESULTS DIFFER between the builds";
    console.log(`${kind.padEnd(7)} n=${n}: A ${aMin.toFixed(0)}/${aMed.toFixed(0)}, B ${bMin.toFixed(0)}/${bMed.toFixed(0)} Melem/s CPU (min/median); B/A ${rMin.toFixed(2)}/${rMed.toFixed(2)}; ${rounds} pairs; ${same}`);
  }
}
