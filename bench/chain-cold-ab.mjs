/* global process, console, URL */
// Paired A/B of the deep chain's COLD run (bench case `chain`): alternating fresh child processes of
// two builds, each running the bench's own child (bench/child.ts under tsx: a warm-up at depth
// 1,000, then one cold valueAndGrad at full depth), as `npm run bench -- --only=chain` does.
// Reports the cold forward and backward ms, wall and CPU (process.cpuUsage: V8's background compiler
// and collector threads count), min / median per build, the ratio new/base of the medians and the
// median of the per-pair ratios, and the RSS the cold run added over the child's start.
// Usage: node bench/chain-cold-ab.mjs <base dist> <new dist> [pairs, default 15] [depth, default 100000]
// NOTE: one child process per build and round (two builds in one process share heap and type
// feedback); the order within a pair alternates, so neither build always runs first.
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const [baseDir, newDir] = [process.argv[2], process.argv[3]].map((d) => (d === undefined ? undefined : resolve(d)));
if (baseDir === undefined || newDir === undefined) {
  console.error("usage: node bench/chain-cold-ab.mjs <base dist> <new dist> [pairs] [depth]");
  process.exit(2);
}
const pairs = Number(process.argv[4] ?? 15);
const depth = Number(process.argv[5] ?? 100000);

/** One cold run of `dir`'s build in a fresh bench child: its JSON result. */
function child(dir) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/child.ts", "chain", "wengert", JSON.stringify({ depth, runs: 1 })], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WENGERT_BENCH_LIB: dir },
    maxBuffer: 1 << 24,
  });
  const line = r.stdout?.split("\n").reverse().find((l) => l.startsWith("{"));
  if (!line) throw new Error(`child failed (${dir}): ${r.stderr?.slice(-500)}`);
  const j = JSON.parse(line);
  if (!j.ok) throw new Error(`child failed (${dir}): ${j.error}`);
  return {
    fwd: j.cold_forward_ms,
    bwd: j.cold_backward_ms,
    tot: j.cold_forward_ms + j.cold_backward_ms,
    cfwd: j.cold_forward_cpu_ms,
    cbwd: j.cold_backward_cpu_ms,
    ctot: j.cold_forward_cpu_ms + j.cold_backward_cpu_ms,
    rss: j.cold_peak_rss_mb - j.start_rss_mb,
    grad: j.grad,
  };
}

const keys = ["fwd", "bwd", "tot", "cfwd", "cbwd", "ctot", "rss"];
const label = { fwd: "forward wall", bwd: "backward wall", tot: "total wall", cfwd: "forward CPU", cbwd: "backward CPU", ctot: "total CPU", rss: "cold RSS +MB" };
const runs = { base: [], new: [] };
const load0 = loadavg()[0];
for (let k = 0; k < pairs; k++) {
  const order = k % 2 === 0 ? ["base", "new"] : ["new", "base"];
  for (const which of order) runs[which].push(child(which === "base" ? baseDir : newDir));
  const b = runs.base[k];
  const n = runs.new[k];
  if (b.grad !== n.grad) throw new Error(`pair ${k}: gradients differ (${b.grad} vs ${n.grad})`);
  console.error(`pair ${k + 1}/${pairs}: base ${b.tot.toFixed(1)} ms (CPU ${b.ctot.toFixed(1)}), new ${n.tot.toFixed(1)} ms (CPU ${n.ctot.toFixed(1)})`);
}
const load1 = loadavg()[0];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const min = (xs) => Math.min(...xs);
console.log(`chain cold A/B, depth ${depth}, ${pairs} pairs, load average ${load0.toFixed(1)} -> ${load1.toFixed(1)}`);
console.log(`base ${baseDir}\nnew  ${newDir}`);
console.log("measure         | base min / median | new min / median | new/base (medians) | median pair ratio");
for (const key of keys) {
  const b = runs.base.map((r) => r[key]);
  const n = runs.new.map((r) => r[key]);
  const ratios = b.map((x, i) => n[i] / x);
  console.log(
    `${label[key].padEnd(15)} | ${min(b).toFixed(1).padStart(7)} / ${median(b).toFixed(1).padStart(7)} | ${min(n).toFixed(1).padStart(6)} / ${median(n).toFixed(1).padStart(7)} | ${(median(n) / median(b)).toFixed(3).padStart(18)} | ${median(ratios).toFixed(3).padStart(17)}`,
  );
}
