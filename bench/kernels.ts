// Micro-benchmark of the backend's elementwise, comparison, where and reduction kernels on 10⁶
// elements, float32 and float64, same-shape and broadcast, on the JS (cpu) and wasm backends.
// Not an `npm run bench` case: a tool for kernel work. Prints the median Melem/s (elements of the
// larger operand, or of the input for reductions, per second) over repeated calls.
//
//   npx tsx bench/kernels.ts [--only=substring] [--backend=cpu|wasm] [--n=1000000] [--reps=9] [--best]
//                            [--against=/path/to/another/checkout]
//
// --against adds that checkout's backends as columns (its src/, with its wasm built), timed
// alternately with this one's: a before/after comparison that the machine's load affects alike.
// E.g. `git archive <commit> src assembly scripts package.json | tar -x -C /tmp/base`, link
// node_modules into it, `node scripts/build-wasm.mjs` there, then --against=/tmp/base.
//
// --best reports the fastest call instead of the median: on a shared, loaded machine it shows what
// the code can do, the median what a user sees.
import type { Backend, BinaryOp, UnaryOp } from "../src/backend/backend.js";
import { cpuBackend } from "../src/backend/cpu/cpu-backend.js";
import { wasmBackend, wasmReady } from "../src/backend/wasm/wasm-backend.js";
import type { TypedArray } from "../src/core/dtype.js";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const only = args.get("only") ?? "";
const n = Number(args.get("n") ?? 1e6);
const reps = Number(args.get("reps") ?? 9);
const best = args.has("best");
const against = args.get("against");
const baseline: Backend[] = against
  ? [
      { ...((await import(`${against}/src/backend/cpu/cpu-backend.ts`)) as { cpuBackend: Backend }).cpuBackend, name: "cpu@base" },
      { ...((await import(`${against}/src/backend/wasm/wasm-backend.ts`)) as { wasmBackend: Backend }).wasmBackend, name: "wasm@base" },
    ]
  : [];
const backends = [...baseline, cpuBackend, wasmBackend].filter((b) => !args.has("backend") || b.name.startsWith(args.get("backend")!));
if (!wasmReady()) console.warn("wasm kernels not built (npm run build:wasm): the wasm column is the JS backend");

type F = Float32Array | Float64Array;
const dtypes = [["f32", Float32Array], ["f64", Float64Array]] as const;

let seed = 1;
const rand = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
const fill = (Arr: typeof Float32Array | typeof Float64Array, len: number, lo = -2, hi = 2): F => new Arr(len).map(() => lo + (hi - lo) * rand());

let sink = 0;
/**
 * Median (or best) Melem/s of `reps` timed calls of each of `fs`, after two warm-up calls each.
 * The contestants alternate call by call, so a change in the machine's load hits them alike.
 */
function melems(elems: number, fs: readonly (() => TypedArray)[]): number[] {
  const times = fs.map((): number[] => []);
  for (let r = 0; r < reps + 2; r++)
    fs.forEach((f, j) => {
      const t0 = performance.now();
      const out = f();
      const t = performance.now() - t0;
      sink += out[out.length >> 1] ?? 0;
      if (r >= 2) times[j]!.push(t);
    });
  return times.map((ts) => {
    ts.sort((a, b) => a - b);
    return elems / ((best ? ts[0]! : ts[ts.length >> 1]!) * 1e3);
  });
}

interface Case {
  name: string;
  elems: number;
  run: (b: Backend) => TypedArray;
}
const cases: Case[] = [];

// Shapes with n elements: flat, [N, C] with a row [C], [N, C, H, W] with a channel [1, C, 1, 1].
const C = 64;
const rowShape = [n / C, C];
const nchw = [Math.max(1, Math.round(n / 8192)), 32, 16, 16];
const nchwC = nchw[1]!;
const sizeOf = (s: readonly number[]): number => s.reduce((p, q) => p * q, 1);

for (const [dt, Arr] of dtypes) {
  const x = fill(Arr, n);
  const pos = fill(Arr, n, 0.01, 4);
  const y = fill(Arr, n);
  const s = fill(Arr, 1);
  const row = fill(Arr, C);
  const xc = fill(Arr, sizeOf(nchw));
  const chan = fill(Arr, nchwC);
  const dtype = dt === "f32" ? "float32" : "float64";
  const unaryOps: [UnaryOp, F][] = [["neg", x], ["exp", x], ["log", pos], ["tanh", x], ["sqrt", pos], ["abs", x], ["sign", x]];
  for (const [op, v] of unaryOps) cases.push({ name: `unary ${op} ${dt}`, elems: n, run: (b) => b.unary(op, v, dtype) });
  const bin = (op: BinaryOp, out: "bool" | typeof dtype, tag: string): void => {
    cases.push({ name: `${tag} ${op} ${dt} same`, elems: n, run: (b) => b.binary(op, x, [n], y, [n], [n], out) });
    cases.push({ name: `${tag} ${op} ${dt} scalar`, elems: n, run: (b) => b.binary(op, x, [n], s, [], [n], out) });
    cases.push({ name: `${tag} ${op} ${dt} [N,C]+[C]`, elems: n, run: (b) => b.binary(op, x, rowShape, row, [C], rowShape, out) });
    cases.push({ name: `${tag} ${op} ${dt} [N,C,H,W]+[1,C,1,1]`, elems: xc.length, run: (b) => b.binary(op, xc, nchw, chan, [1, nchwC, 1, 1], nchw, out) });
  };
  for (const op of ["add", "mul", "div", "max", "pow"] as const) bin(op, dtype, "binary");
  for (const op of ["greater", "equal"] as const) bin(op, "bool", "compare");
  const cond = cpuBackend.binary("greater", x, [n], y, [n], [n], "bool");
  cases.push({ name: `where ${dt} same`, elems: n, run: (b) => b.where(cond, [n], x, [n], y, [n], [n], dtype) });
  cases.push({ name: `where ${dt} scalar`, elems: n, run: (b) => b.where(cond, [n], x, [n], s, [], [n], dtype) });
  const red: [string, readonly number[], readonly number[]][] = [
    ["all", [n], [0]],
    ["[N,C] axis 1", rowShape, [1]],
    ["[N,C] axis 0", rowShape, [0]],
    ["[N,C,H,W] axes 0,2,3", nchw, [0, 2, 3]],
  ];
  for (const op of ["sum", "max", "min"] as const)
    for (const [tag, shape, axes] of red) {
      const v = shape === nchw ? xc : x;
      cases.push({ name: `reduce ${op} ${dt} ${tag}`, elems: v.length, run: (b) => b.reduce(op, v, shape, axes) });
    }
  for (const op of ["argmax", "argmin"] as const) {
    cases.push({ name: `${op} ${dt} [N,C] axis 1`, elems: n, run: (b) => b.argReduce(op, x, rowShape, 1) });
    cases.push({ name: `${op} ${dt} [N,C] axis 0`, elems: n, run: (b) => b.argReduce(op, x, rowShape, 0) });
  }
}

const selected = cases.filter((c) => c.name.includes(only));
const w = Math.max(...selected.map((c) => c.name.length));
console.log(`n = ${n}, ${best ? "best" : "median"} of ${reps} calls, Melem/s; node ${process.version}`);
console.log(`${"kernel".padEnd(w)}  ${backends.map((b) => b.name.padStart(9)).join("  ")}`);
for (const c of selected) {
  const cols = melems(c.elems, backends.map((b) => () => c.run(b))).map((v) => v.toFixed(0).padStart(9));
  console.log(`${c.name.padEnd(w)}  ${cols.join("  ")}`);
}
if (sink === 42) console.log("");
