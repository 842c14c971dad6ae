// Paired CPU-time A/B of the dense SVD kernel (golubKahanSvd) against a baseline copy of
// src/linalg/primitives/svd-golub-kahan.ts, alternating in one process, one thread, wasm backend:
//   git show <rev>:src/linalg/primitives/svd-golub-kahan.ts | sed -e 's#"\.\./dense/#"../../src/linalg/dense/#' \
//     -e 's#"\./householder-vector#"../../src/linalg/primitives/householder-vector#' > bench/scratch-svd/base.ts
//   npx tsx bench/svd-ab.ts ./scratch-svd/base.ts 11 256x256,784x256
// For a <rev> before ec296f3 (which removed src/linalg/dense/bidiagonal-divide-conquer.ts) also extract that file:
//   git show <rev>:src/linalg/dense/bidiagonal-divide-conquer.ts | sed -e 's#"\./#"../../src/linalg/dense/#' > bench/scratch-svd/old-dc.ts
//   sed -i 's#"../../src/linalg/dense/bidiagonal-divide-conquer.js"#"./old-dc.js"#' bench/scratch-svd/base.ts
// (delete bench/scratch-svd afterwards: tsc checks bench/). Prints per-round ms, min/median and new ÷ base.
// In one process the GC work caused by either side's garbage lands on both: for a change in allocation
// (e.g. the scratch pool of dense/bidiagonal-scratch.ts) compare builds in alternating separate processes.
import { setNumThreads } from "../src/index.js";
import { golubKahanSvd as newSvd } from "../src/linalg/primitives/svd-golub-kahan.js";

type Svd = typeof newSvd;
const baseSvd = ((await import(process.argv[2] ?? "./scratch-svd/base.ts")) as { golubKahanSvd: Svd }).golubKahanSvd;
const rounds = Number(process.argv[3] ?? 11);
const shapes = (process.argv[4] ?? "256x256,784x256").split(",").map((s) => s.split("x").map(Number) as [number, number]);
setNumThreads(1);
let seed = 1;
const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
const stats = (v: number[]): string => {
  const s = [...v].sort((p, q) => p - q);
  return `min ${s[0]!.toFixed(2)} med ${s[s.length >> 1]!.toFixed(2)}`;
};
for (const [m, n] of shapes) {
  const a = Float64Array.from({ length: m * n }, rnd);
  const cpu = (f: Svd): number => {
    const t = process.cpuUsage();
    if (!f(a, m, n)) throw new Error("no convergence");
    const d = process.cpuUsage(t);
    return (d.user + d.system) / 1000;
  };
  for (let i = 0; i < 6; i++) {
    // warm-up: both JIT-compiled to the top tier
    cpu(baseSvd);
    cpu(newSvd);
  }
  const b: number[] = [];
  const c: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const [x, y] = r % 2 ? [cpu(newSvd), cpu(baseSvd)].reverse() : [cpu(baseSvd), cpu(newSvd)];
    b.push(x!);
    c.push(y!);
  }
  console.log(`${m}x${n}  base ${b.map((v) => v.toFixed(0)).join(" ")} | new ${c.map((v) => v.toFixed(0)).join(" ")}`);
  console.log(`${m}x${n}: base ${stats(b)} ms, new ${stats(c)} ms, new/base ${stats(c.map((y, i) => y / b[i]!))}`);
}
