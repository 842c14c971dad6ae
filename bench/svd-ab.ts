// Paired CPU-time A/B of the dense SVD kernel (golubKahanSvd, one thread, wasm backend) of two
// builds, in alternating rounds, each round in a fresh child process per build.
// NOTE: one process per build and round: in one process the GC work caused by either side's
// garbage lands on both, and the two copies share type feedback (the ratio then moves with the order).
// Run on built JavaScript with plain node:
//   npx tsc -p tsconfig.build.json --outDir /tmp/dist-x --declaration false --sourceMap false --inlineSources false
//   cp src/backend/wasm/wasm-bytes.* /tmp/dist-x/backend/wasm/   (gitignored, so tsc does not copy it)
//   npx esbuild bench/svd-ab.ts --outfile=/tmp/svd-ab.mjs --format=esm --platform=node
//   node /tmp/svd-ab.mjs /tmp/base/dist /tmp/dist-x [rounds = 15] [shapes = 256x256,784x256]
// Prints per build the min/median over rounds of each child's least CPU ms per call, and new ÷ base per round.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

type Svd = (a: Float64Array, m: number, n: number) => [Float64Array, Float64Array, Float64Array] | null;
const med = (xs: number[]): number => xs.slice().sort((p, q) => p - q)[xs.length >> 1]!;
const stats = (xs: number[], d = 2): string => `min ${Math.min(...xs).toFixed(d)} med ${med(xs).toFixed(d)}`;

if (process.argv[2] === "--child") {
  // One build in this process: warm up, then the least CPU ms of eleven calls per shape, as JSON.
  // NOTE: the least, not the median: on the shared 2-core machine other processes' load inflates
  // single calls (cache and scheduler) by up to 2×, and the least call is the one it touched least.
  const dir = process.argv[3]!;
  const W = (await import(pathToFileURL(`${dir}/index.js`).href)) as { setNumThreads(n: number): void };
  const svd = ((await import(pathToFileURL(`${dir}/linalg/primitives/svd-golub-kahan.js`).href)) as { golubKahanSvd: Svd }).golubKahanSvd;
  W.setNumThreads(1);
  const out: Record<string, number> = {};
  for (const shape of process.argv[4]!.split(",")) {
    const [m, n] = shape.split("x").map(Number) as [number, number];
    let seed = 1;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    const a = Float64Array.from({ length: m * n }, rnd);
    const cpu = (): number => {
      const t = process.cpuUsage();
      if (!svd(a, m, n)) throw new Error("no convergence");
      const d = process.cpuUsage(t);
      return (d.user + d.system) / 1000;
    };
    for (let i = 0; i < 8; i++) cpu();
    out[shape] = Math.min(...Array.from({ length: 11 }, cpu));
  }
  console.log(JSON.stringify(out));
} else {
  const dirs = [resolve(process.argv[2] ?? "dist"), resolve(process.argv[3] ?? "dist")];
  const rounds = Number(process.argv[4] ?? 15);
  const shapes = process.argv[5] ?? "256x256,784x256";
  const res: Record<string, number[][]> = {};
  for (let r = 0; r < rounds; r++)
    for (let s = 0; s < 2; s++) {
      // Alternate which build goes first in each round.
      const which = (r + s) & 1;
      const child = spawnSync(process.execPath, [process.argv[1]!, "--child", dirs[which]!, shapes], { encoding: "utf8" });
      if (child.status !== 0) throw new Error(`child for ${dirs[which]} failed: ${child.stderr}`);
      for (const [shape, v] of Object.entries(JSON.parse(child.stdout) as Record<string, number>)) ((res[shape] ??= [[], []])[which]!).push(v);
    }
  console.log(`base = ${dirs[0]}, new = ${dirs[1]}; ${rounds} alternating rounds, a process per build and round, CPU ms per call`);
  for (const [shape, [b, c]] of Object.entries(res)) {
    console.log(`${shape}: base ${stats(b!)} ms, new ${stats(c!)} ms, new/base ${stats(c!.map((y, i) => y / b![i]!), 3)}`);
  }
}
