// Paired A/B of linalg.cholesky and linalg.lu (issue 17's "≥ 50% of the matmul rate") between two
// builds of wengert, alternating in one process, one thread, wasm backend; matmul of the same size
// (from the new build) is timed in the same rounds, so each round gives the percentages too.
//   (cd <baseline worktree> && tsc -p tsconfig.build.json --outDir /tmp/ab/old ...)   # and the same for new;
//   copy src/backend/wasm/wasm-bytes.js into <dir>/backend/wasm/ and put {"type":"module"} in /tmp/ab/package.json
//   npx tsx bench/cholesky-lu-ab.ts /tmp/ab/old /tmp/ab/new 9 1024
// Prints per-op CPU and wall ms (min/median) of each build, new ÷ old per round, and % of the matmul rate.
// AB_OPS=lu (or cholesky) times only that op.
import { pathToFileURL } from "node:url";
import { join } from "node:path";

type W = typeof import("../src/index.js");
const load = async (dir: string): Promise<W> => {
  const w = (await import(pathToFileURL(join(dir, "index.js")).href)) as W;
  await w.wasmReady;
  w.setNumThreads(1);
  return w;
};
const [oldDir, newDir] = [process.argv[2] ?? "/tmp/ab/old", process.argv[3] ?? "/tmp/ab/new"];
const rounds = Number(process.argv[4] ?? 9);
const n = Number(process.argv[5] ?? 1024);
const builds = { old: await load(oldDir), new: await load(newDir) };
console.log(`backends: old ${builds.old.getBackend().name}, new ${builds.new.getBackend().name}; n = ${n}, ${rounds} rounds`);

let seed = 1;
const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
const a = Float64Array.from({ length: n * n }, rnd);
const spd = new Float64Array(n * n);
for (let i = 0; i < n; i++)
  for (let j = 0; j <= i; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[i * n + k]! * a[j * n + k]!;
    spd[i * n + j] = spd[j * n + i] = s / n + (i === j ? 1 : 0);
  }

type Op = "cholesky" | "lu" | "matmul";
const FLOPS: Record<Op, number> = { cholesky: n ** 3 / 3, lu: (2 * n ** 3) / 3, matmul: 2 * n ** 3 };
const call = (w: W, op: Op): (() => unknown) => {
  const t = (x: Float64Array): ReturnType<W["tensor"]> => w.tensor(x, { shape: [n, n], dtype: "float64" });
  const [ta, ts] = [t(a), t(spd)];
  return op === "cholesky" ? () => w.linalg.cholesky(ts) : op === "lu" ? () => w.linalg.lu(ta) : () => w.matmul(ta, ta);
};
const time = (f: () => unknown): [number, number] => {
  const c = process.cpuUsage();
  const t = performance.now();
  f();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  return [(d.user + d.system) / 1000, wall];
};
const stats = (v: number[]): string => {
  const s = [...v].sort((p, q) => p - q);
  return `min ${s[0]!.toFixed(2)} med ${s[s.length >> 1]!.toFixed(2)}`;
};
const mm = call(builds.new, "matmul");
for (const op of (process.env.AB_OPS ?? "cholesky,lu").split(",") as ("cholesky" | "lu")[]) {
  const [fo, fn] = [call(builds.old, op), call(builds.new, op)];
  for (let i = 0; i < 3; i++) [fo, fn, mm].forEach((f) => time(f));
  const r: Record<"old" | "new" | "mm", [number[], number[]]> = { old: [[], []], new: [[], []], mm: [[], []] };
  for (let k = 0; k < rounds; k++) {
    const order: ("old" | "new" | "mm")[] = k % 2 ? ["new", "old", "mm"] : ["old", "new", "mm"];
    for (const which of order) {
      const [c, w] = time(which === "old" ? fo : which === "new" ? fn : mm);
      r[which][0].push(c);
      r[which][1].push(w);
    }
  }
  for (const [i, kind] of [[0, "cpu"], [1, "wall"]] as const) {
    const pct = (which: "old" | "new"): number[] => r[which][i].map((v, k) => (100 * FLOPS[op] / v) / (FLOPS.matmul / r.mm[i][k]!));
    console.log(
      `${op} ${n} ${kind}: old ${stats(r.old[i])} ms, new ${stats(r.new[i])} ms, matmul ${stats(r.mm[i])} ms; ` +
        `new/old ${stats(r.new[i].map((v, k) => v / r.old[i][k]!))}; % of matmul rate: old ${stats(pct("old"))}, new ${stats(pct("new"))}`,
    );
  }
}
