/* global process, console */
// Paired A/B of two builds of wengert's FUNCTIONAL scalar path (e.g. the baseline commit's and the
// working tree's): CPU ns per call of valueAndGrad of the notes' f(x1, x2) = ln(x1) + x1·x2 − sin(x2)
// (bench/cases/scalar.ts's row), grad of one argument, a 20-op chain and f without AD, next to the
// hand-written closed form; alternating rounds, each round in a fresh child process per build.
// NOTE: one process per build and round: two builds in one process share the heap (each side's
// garbage is collected during the other's rounds) and type feedback, which biased the ratio by the
// load slot (~7% either way) in an earlier version of this script.
// Build each with `npx tsc -p tsconfig.build.json --outDir <dir> --declaration false --sourceMap false --inlineSources false`
// (and copy src/backend/wasm/wasm-bytes.js into <dir>/backend/wasm/), then:
//   node bench/scalar-entry-ab.mjs <base dist> <new dist> [rounds = 15]
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const cpuNs = (fn, n) => {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const t = process.cpuUsage(t0);
  return ((t.user + t.system) * 1000) / n;
};
const med = (xs) => xs.slice().sort((p, q) => p - q)[xs.length >> 1];

if (process.argv[2] === "--child") {
  const W = await import(pathToFileURL(`${process.argv[3]}/index.js`).href);
  W.setNumThreads(1);
  let sink = 0;
  let k = 0;
  const X1 = new Float64Array(1024).fill(2);
  const X2 = new Float64Array(1024).fill(5);
  const closed = () => {
    const i = k++ & 1023;
    const x1 = X1[i];
    const x2 = X2[i];
    sink += Math.log(x1) + x1 * x2 - Math.sin(x2) + (1 / x1 + x2) + (x1 - Math.cos(x2));
  };
  const f = (x1, x2) => W.sub(W.add(W.log(x1), W.mul(x1, x2)), W.sin(x2));
  const vg = W.valueAndGrad(f, { argnums: [0, 1] });
  const g0 = W.grad(f);
  const chain = W.valueAndGrad((x) => {
    let y = x;
    for (let i = 0; i < 10; i++) y = W.mul(W.sin(y), x);
    return y;
  });
  const a = W.scalar(2, "float64");
  const b = W.scalar(5, "float64");
  const cases = {
    valueAndGrad: [() => { const [v, [g1, g2]] = vg(a, b); sink += v.item() + g1.item() + g2.item(); }, 60000],
    "grad argnums 0": [() => { sink += g0(a, b).item(); }, 60000],
    "valueAndGrad 20-op chain": [() => { const [v, g] = chain(a); sink += v.item() + g.item(); }, 30000],
    "f no AD": [() => { sink += f(a, b).item(); }, 100000],
  };
  const out = { "closed form": med([0, 1, 2].map(() => cpuNs(closed, 1000000))) };
  for (const [name, [fn, n]] of Object.entries(cases)) {
    cpuNs(fn, n >> 1);
    out[name] = med([0, 1, 2].map(() => cpuNs(fn, n)));
  }
  console.log(JSON.stringify(out) + (sink === 0 ? "" : " "));
} else {
  const dirs = [resolve(process.argv[2] ?? "dist"), resolve(process.argv[3] ?? "dist")];
  const rounds = Number(process.argv[4] ?? 15);
  const res = {};
  const push = (key, v) => (res[key] ??= []).push(v);
  const names = [];
  for (let r = 0; r < rounds; r++)
    for (let s = 0; s < 2; s++) {
      // Alternate which build goes first in each round.
      const which = (r + s) & 1;
      const child = spawnSync(process.execPath, [process.argv[1], "--child", dirs[which]], { encoding: "utf8" });
      if (child.status !== 0) throw new Error(`child for ${dirs[which]} failed: ${child.stderr}`);
      for (const [name, v] of Object.entries(JSON.parse(child.stdout))) {
        if (name === "closed form") push(name, v);
        else {
          if (!names.includes(name)) names.push(name);
          push(`${name} ${which === 0 ? "A" : "B"}`, v);
        }
      }
    }
  const cf = med(res["closed form"]);
  console.log(`A = ${dirs[0]}, B = ${dirs[1]}`);
  console.log(`CPU ns per call, ${rounds} alternating rounds, a process per build and round (min / median; ratio to the closed form's median)`);
  for (const key of ["closed form", ...names.flatMap((name) => [`${name} A`, `${name} B`])]) {
    const xs = res[key];
    console.log(`${key.padEnd(30)} ${Math.min(...xs).toFixed(0).padStart(6)} / ${med(xs).toFixed(0).padStart(6)}   ${(med(xs) / cf).toFixed(1)}×`);
  }
  for (const name of names) {
    const ratios = res[`${name} B`].map((b, i) => b / res[`${name} A`][i]);
    console.log(`${name}: B/A per round min ${Math.min(...ratios).toFixed(2)}, median ${med(ratios).toFixed(2)}`);
  }
}
