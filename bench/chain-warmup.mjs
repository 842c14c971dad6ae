/* global process, performance, console */
// The deep-chain case's wengert run (valueAndGrad of x → sin(x) applied 10⁵ times), repeated in one
// process: shows how much of the cold forward/backward time is JIT warm-up of the tape's record and
// sweep. Usage: node bench/chain-warmup.mjs [build dir, default node_modules/.cache/wengert-bench/dist] [depth] [runs]
// Prints wall and CPU ms of each run (run 1 is the cold one) and the process's peak RSS after it.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dir = resolve(process.argv[2] ?? "node_modules/.cache/wengert-bench/dist");
const depth = Number(process.argv[3] ?? 100000);
const runs = Number(process.argv[4] ?? 3);
const W = await import(pathToFileURL(`${dir}/index.js`).href);
W.setNumThreads(1);

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** One valueAndGrad of the chain: [forward ms, backward ms, forward CPU ms, backward CPU ms], timed as bench/cases/chain.ts times it. */
function run(n) {
  const t0 = performance.now();
  const c0 = cpuMs();
  let t1 = 0;
  let c1 = 0;
  const chain = (z) => {
    let y = z;
    for (let i = 0; i < n; i++) y = W.sin(y);
    t1 = performance.now();
    c1 = cpuMs();
    return y;
  };
  const [, g] = W.valueAndGrad(chain)(W.scalar(0.5, "float64"));
  g.item();
  return [t1 - t0, performance.now() - t1, c1 - c0, cpuMs() - c1];
}

run(1000);
for (let k = 1; k <= runs; k++) {
  const [f, b, cf, cb] = run(depth);
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`run ${k}: forward ${f.toFixed(1)} ms, backward ${b.toFixed(1)} ms (CPU ${cf.toFixed(1)} + ${cb.toFixed(1)} ms), peak RSS ${rss.toFixed(0)} MB`);
}
