// The NUTS sampler's own cost per leapfrog step, on a 10-dimensional standard normal whose gradient
// costs almost nothing: CPU µs per leapfrog step, min and median of 5 rounds (after a warm-up run).
// Run: npx tsx bench/profile-sampler.ts [dim]
import { infer } from "../src/index.js";
import type { Potential } from "../src/infer/index.js";

const dim = Number(process.argv[2] ?? 10);
let calls = 0;
const target: Potential = {
  dim,
  logDensityAndGrad(q, g) {
    calls++;
    let s = 0;
    for (let i = 0; i < dim; i++) {
      g[i] = -q[i]!;
      s += q[i]! * q[i]!;
    }
    return -0.5 * s;
  },
};
infer.nuts(target, { seed: 0, chains: 1, warmup: 500, samples: 500 });
const rounds: number[] = [];
for (let r = 0; r < 5; r++) {
  calls = 0;
  const c0 = process.cpuUsage();
  infer.nuts(target, { seed: r + 1, chains: 2, warmup: 1000, samples: 2000 });
  const c = process.cpuUsage(c0);
  rounds.push((c.user + c.system) / calls);
}
rounds.sort((a, b) => a - b);
console.log(`NUTS on a ${dim}-d standard normal: ${rounds[0]!.toFixed(3)} µs (min) / ${rounds[2]!.toFixed(3)} µs (median) CPU per leapfrog step, sampler and a trivial gradient`);
