// Paired A/B of the eager scalar path: CPU ns per call of the eager value and gradient of
// f(x1, x2) = ln(x1) + x1·x2 − sin(x2) (bench/cases/scalar.ts's "eager backward()" row), for two
// builds run in alternating rounds, each round in a fresh child process per build, next to the hand-written closed form.
// NOTE: one process per build and round: with both builds in one process, the cases' closures (one
// function literal) share type feedback across the builds, so each build's calls became polymorphic
// and the ratio moved with the order (0.69× to 1.04× for one pair of builds).
// Run on built JavaScript with plain node (tsx slows closure-heavy code):
//   npx tsc -p tsconfig.build.json --outDir /tmp/d18/dist --declaration false --sourceMap false --inlineSources false
//   cp src/backend/wasm/wasm-bytes.js /tmp/d18/dist/backend/wasm/   (gitignored, so tsc does not copy it)
//   npx esbuild bench/eager-scalar-ab.ts --outfile=/tmp/d18/ab.mjs --format=esm --platform=node
//   node /tmp/d18/ab.mjs /tmp/base-fe52040/dist /tmp/d18/dist [rounds = 9]
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

type W = typeof import("../src/index.js");
type T = InstanceType<W["Tensor"]>;

const X1 = new Float64Array(1024).fill(2);
const X2 = new Float64Array(1024).fill(5);
let k = 0;
let sink = 0;
const closed = (): void => {
  const i = k++ & 1023;
  const x1 = X1[i]!;
  const x2 = X2[i]!;
  sink += Math.log(x1) + x1 * x2 - Math.sin(x2) + (1 / x1 + x2) + (x1 - Math.cos(x2));
};

/** The bench's eager row on one build, plus a longer scalar program (a 20-op chain and a leaf used twice). */
function casesOf(Wg: W): Record<string, () => void> {
  Wg.setNumThreads(1);
  const f = (x1: T, x2: T): T => Wg.sub(Wg.add(Wg.log(x1), Wg.mul(x1, x2)), Wg.sin(x2));
  const e1 = Wg.tensor(2, { dtype: "float64", requiresGrad: true });
  const e2 = Wg.tensor(5, { dtype: "float64", requiresGrad: true });
  return {
    "eager backward()": () => {
      e1.grad = null;
      e2.grad = null;
      const y = f(e1, e2);
      Wg.backward(y);
      sink += y.item() + e1.grad!.item() + e2.grad!.item();
    },
    "eager y.backward(), accumulate": () => {
      const y = f(e1, e2);
      y.backward();
      sink += y.item() + e1.grad!.item() + e2.grad!.item();
    },
    "eager 20-op chain": () => {
      e1.grad = null;
      let y = e1;
      for (let i = 0; i < 10; i++) y = Wg.mul(Wg.sin(y), e1);
      Wg.backward(y);
      sink += y.item() + e1.grad!.item();
    },
  };
}

function cpuNs(fn: () => void, n: number): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const t = process.cpuUsage(t0);
  return ((t.user + t.system) * 1000) / n;
}
const med = (xs: number[]): number => xs.slice().sort((p, q) => p - q)[xs.length >> 1]!;

if (process.argv[2] === "--child") {
  // One build in this process: warm up, then the median of three runs per case, as JSON.
  const Wg = (await import(pathToFileURL(`${process.argv[3]}/index.js`).href)) as W;
  const cases = casesOf(Wg);
  const out: Record<string, number> = { "closed form": med([0, 1, 2].map(() => cpuNs(closed, 1_000_000))) };
  for (const [name, fn] of Object.entries(cases)) {
    cpuNs(fn, 20_000);
    out[name] = med([0, 1, 2].map(() => cpuNs(fn, 30_000)));
  }
  console.log(JSON.stringify(out) + (sink === 0 ? "" : " "));
} else {
  const dirs = [resolve(process.argv[2] ?? "dist"), resolve(process.argv[3] ?? "dist")];
  const rounds = Number(process.argv[4] ?? 9);
  const res: Record<string, number[]> = {};
  const push = (key: string, v: number): number => (res[key] ??= []).push(v);
  const names: string[] = [];
  for (let r = 0; r < rounds; r++)
    for (let s = 0; s < 2; s++) {
      // Alternate which build goes first in each round.
      const which = (r + s) & 1;
      const child = spawnSync(process.execPath, [process.argv[1]!, "--child", dirs[which]!], { encoding: "utf8" });
      if (child.status !== 0) throw new Error(`child for ${dirs[which]} failed: ${child.stderr}`);
      const got = JSON.parse(child.stdout) as Record<string, number>;
      for (const [name, v] of Object.entries(got)) {
        if (name === "closed form") push(name, v);
        else {
          if (!names.includes(name)) names.push(name);
          push(`${name} ${which === 0 ? "A" : "B"}`, v);
        }
      }
    }
  const cf = med(res["closed form"]!);
  console.log(`A = ${dirs[0]}, B = ${dirs[1]}`);
  console.log(`CPU ns per call, ${rounds} alternating rounds, a process per build and round (min / median; ratio to the closed form's median)`);
  for (const key of ["closed form", ...names.flatMap((name) => [`${name} A`, `${name} B`])]) {
    const xs = res[key]!;
    console.log(`${key.padEnd(36)} ${Math.min(...xs).toFixed(0).padStart(6)} / ${med(xs).toFixed(0).padStart(6)}   ${(med(xs) / cf).toFixed(2)}×`);
  }
  for (const name of names) {
    const ratios = res[`${name} B`]!.map((b, i) => b / res[`${name} A`]![i]!);
    console.log(`${name}: B/A per round min ${Math.min(...ratios).toFixed(2)}, median ${med(ratios).toFixed(2)}`);
  }
}
