// Paired A/B of the eager scalar path: CPU ns per call of the eager value and gradient of
// f(x1, x2) = ln(x1) + x1·x2 − sin(x2) (bench/cases/scalar.ts's "eager backward()" row), for two
// builds loaded into one process and run in alternating rounds, next to the hand-written closed form.
// Run on built JavaScript with plain node (tsx slows closure-heavy code):
//   npx tsc -p tsconfig.build.json --outDir /tmp/d18/dist --declaration false --sourceMap false
//   npx esbuild bench/eager-scalar-ab.ts --outfile=/tmp/d18/ab.mjs --format=esm --platform=node
//   node /tmp/d18/ab.mjs /tmp/base-fe52040/dist /tmp/d18/dist [rounds = 9]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

type W = typeof import("../src/index.js");
type T = InstanceType<W["Tensor"]>;
const dirs = [resolve(process.argv[2] ?? "dist"), resolve(process.argv[3] ?? "dist")];
const rounds = Number(process.argv[4] ?? 9);
const libs = (await Promise.all(dirs.map((d) => import(pathToFileURL(`${d}/index.js`).href)))) as W[];

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
const cases = libs.map(casesOf);

function cpuNs(fn: () => void, n: number): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const t = process.cpuUsage(t0);
  return ((t.user + t.system) * 1000) / n;
}
const med = (xs: number[]): number => xs.slice().sort((p, q) => p - q)[xs.length >> 1]!;
const res: Record<string, number[]> = {};
const push = (key: string, v: number): number => (res[key] ??= []).push(v);
for (let r = 0; r < rounds; r++) {
  push("closed form", cpuNs(closed, 1_000_000));
  for (const name of Object.keys(cases[0]!))
    for (let s = 0; s < 2; s++) {
      // Alternate which build goes first in each round.
      const which = (r + s) & 1;
      push(`${name} ${which === 0 ? "A" : "B"}`, cpuNs(cases[which]![name]!, 30_000));
    }
}
const cf = med(res["closed form"]!);
console.log(`A = ${dirs[0]}, B = ${dirs[1]}`);
console.log(`CPU ns per call, ${rounds} alternating rounds (min / median; ratio to the closed form's median)`);
for (const [key, xs] of Object.entries(res))
  console.log(`${key.padEnd(36)} ${Math.min(...xs).toFixed(0).padStart(6)} / ${med(xs).toFixed(0).padStart(6)}   ${(med(xs) / cf).toFixed(2)}×`);
for (const name of Object.keys(cases[0]!)) {
  const ratios = res[`${name} B`]!.map((b, i) => b / res[`${name} A`]![i]!);
  console.log(`${name}: B/A per round min ${Math.min(...ratios).toFixed(2)}, median ${med(ratios).toFixed(2)}`);
}
console.log(sink === 0 ? "" : " ");
