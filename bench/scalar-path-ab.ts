// Paired A/B of reverse mode's scalar path (src/interpreters/scalar-rules.ts; off also turns off the ops' scalar entry, src/ops/scalar-entry.ts): off (A), on with nodes
// (N: the compact tape, scalar-tape.ts, off) and on with the tape (B) in alternating rounds in one process, CPU time per call, for the value and gradient of
// f(x1, x2) = ln(x1) + x1·x2 − sin(x2) (valueAndGrad and eager backward()), next to the hand-written
// closed form; compile(valueAndGrad) returning tensors and numbers (tensor and number arguments); and a
// sin chain's reverse pass.
// Run on the built JavaScript with plain node (tsx would transform the built files too, with
// keepNames, which slows closure-heavy code up to 3×):
//   npx tsc -p tsconfig.build.json --outDir /tmp/scalar18/dist --declaration false --sourceMap false
//   npx esbuild bench/scalar-path-ab.ts --outfile=/tmp/scalar18/ab.mjs --format=esm --platform=node
//   node /tmp/scalar18/ab.mjs /tmp/scalar18/dist [rounds = 7] [depth = 100000]
// or, for a quick look at the sources: npx tsx bench/scalar-path-ab.ts src 3 20000
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

type W = typeof import("../src/index.js");
type Rules = typeof import("../src/interpreters/scalar-rules.js");
type Tape = typeof import("../src/interpreters/scalar-tape.js");
const dir = resolve(process.argv[2] ?? "src");
const ext = dir.endsWith("src") ? ".ts" : ".js";
const Wg = (await import(pathToFileURL(`${dir}/index${ext}`).href)) as W;
const { setScalarPath } = (await import(pathToFileURL(`${dir}/interpreters/scalar-rules${ext}`).href)) as Rules;
const { setScalarTape } = (await import(pathToFileURL(`${dir}/interpreters/scalar-tape${ext}`).href)) as Tape;
/** A: the general path; N: the scalar path on nodes (tape off); B: the scalar path with the compact tape. */
const MODES = { "A (off)": [false, false], "N (nodes)": [true, false], "B (tape)": [true, true] } as const;
const setMode = ([path, tape]: readonly [boolean, boolean]): void => {
  setScalarPath(path);
  setScalarTape(tape);
};
const rounds = Number(process.argv[3] ?? 7);
const depth = Number(process.argv[4] ?? 100_000);
Wg.setNumThreads(1);

type T = InstanceType<W["Tensor"]>;
const f = (x1: T, x2: T): T => Wg.sub(Wg.add(Wg.log(x1), Wg.mul(x1, x2)), Wg.sin(x2));
const vg = Wg.valueAndGrad(f, { argnums: [0, 1] });
const a = Wg.scalar(2, "float64");
const b = Wg.scalar(5, "float64");
const e1 = Wg.tensor(2, { dtype: "float64", requiresGrad: true });
const e2 = Wg.tensor(5, { dtype: "float64", requiresGrad: true });
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
const cvg = Wg.compile(vg);
const cvgn = Wg.compile(vg, { returns: "numbers" });
const cvgnn = Wg.compile(vg, { returns: "numbers" });
const cases: Record<string, [() => void, number]> = {
  valueAndGrad: [
    () => {
      const [v, [g1, g2]] = vg(a, b);
      sink += v.item() + g1!.item() + g2!.item();
    },
    50_000,
  ],
  "eager backward()": [
    () => {
      e1.grad = null;
      e2.grad = null;
      const y = f(e1, e2);
      Wg.backward(y);
      sink += y.item() + e1.grad!.item() + e2.grad!.item();
    },
    50_000,
  ],
};

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
  for (const [mode, on] of Object.entries(MODES)) {
    setMode(on);
    for (const [name, [fn, n]] of Object.entries(cases)) push(`${name} ${mode}`, cpuNs(fn, n));
  }
  setMode([true, true]);
  push("compile → tensors", cpuNs(() => {
    const [v, [g1, g2]] = cvg(a, b);
    sink += v.item() + g1!.item() + g2!.item();
  }, 500_000));
  push('compile → numbers', cpuNs(() => {
    const [v, [g1, g2]] = cvgn(a, b);
    sink += v + g1! + g2!;
  }, 500_000));
  // Number arguments, read from arrays as the closed form's are (constants could be folded once inlined).
  push("compile(x1, x2) → numbers", cpuNs(() => {
    const i = k++ & 1023;
    const [v, [g1, g2]] = cvgnn(X1[i]!, X2[i]!);
    sink += v + g1! + g2!;
  }, 500_000));
}
setMode([true, true]);
const cf = med(res["closed form"]!);
console.log(`CPU ns per call, ${rounds} alternating rounds (min / median; ratio to the closed form's median)`);
for (const [key, xs] of Object.entries(res)) console.log(`${key.padEnd(28)} ${Math.min(...xs).toFixed(0).padStart(6)} / ${med(xs).toFixed(0).padStart(6)}   ${(med(xs) / cf).toFixed(2)}×`);
for (const name of Object.keys(cases)) {
  const m = (mode: string): number => med(res[`${name} ${mode}`]!);
  console.log(`${name}: B/A = ${(m("B (tape)") / m("A (off)")).toFixed(2)}, B/N = ${(m("B (tape)") / m("N (nodes)")).toFixed(2)}`);
}

const chain = (): [number, number] => {
  const c0 = process.cpuUsage();
  let c1 = c0;
  const g = Wg.valueAndGrad((z: T): T => {
    let y = z;
    for (let i = 0; i < depth; i++) y = Wg.sin(y);
    c1 = process.cpuUsage(c0);
    return y;
  })(Wg.scalar(0.5, "float64"))[1];
  sink += g.item();
  const c2 = process.cpuUsage(c0);
  return [(c1.user + c1.system) / 1000, (c2.user + c2.system - c1.user - c1.system) / 1000];
};
const ch: Record<string, number[][]> = {};
for (let r = 0; r < 3; r++)
  for (const [mode, on] of Object.entries(MODES)) {
    setMode(on);
    (ch[mode] ??= []).push(chain());
  }
setMode([true, true]);
for (const [key, xs] of Object.entries(ch))
  console.log(`sin chain ${depth} ${key}: forward ${med(xs.map((x) => x[0]!)).toFixed(1)} ms CPU, backward ${med(xs.map((x) => x[1]!)).toFixed(1)} ms CPU (median of 3)`);
console.log(sink === 0 ? "" : " ");
