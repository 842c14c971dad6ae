// Reproduces issue: the wasm backend's compiled logistic-regression gradient slowing down with every
// call (the kernel scratch allocator fragmenting). Prints CPU µs per call for 4 batches of 2,000
// calls, on the wasm backend and then the CPU backend, plus the storage's counters.
// Run: npx tsx bench/wasm-storage-regress.ts (WASM_ONLY=1: the wasm backend only)
import { add, cpuBackend, distributions as D, getBackend, infer, matmul, random, setBackend, tensor, wasmBackend, type Tensor } from "../src/index.js";
import { wasmStorage } from "../src/backend/wasm/arena-call.js";

const f64 = { dtype: "float64" } as const;
const N = 1000, K = 5;
const kx = random.split(random.key(41), 2);
const X = random.normal(kx[0]!, [N, K], f64);
const yl = random.bernoulli(kx[1]!, 0.5, [N]);
function logistic(xs: Tensor, ys: Tensor): void {
  const alpha = infer.sample("alpha", new D.Normal(tensor(0, f64), 2));
  const b = infer.plate("K", K, () => infer.sample("beta", new D.Normal(tensor(0, f64), 1)));
  infer.plate("N", N, () => infer.sample("y", new D.Bernoulli({ logits: add(matmul(xs, b), alpha) }), { obs: ys }));
}
for (const backend of process.env.WASM_ONLY ? [wasmBackend] : [wasmBackend, cpuBackend]) {
  setBackend(backend);
  const ld = infer.logDensity(logistic as (...a: never[]) => unknown, { args: [X, yl] as unknown as never[] });
  const q = new Float64Array(ld.dim).map((_, i) => 0.1 * Math.sin(i + 1)), g = new Float64Array(ld.dim);
  const out: string[] = [];
  for (let b = 0; b < 4; b++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < 2000; i++) ld.logDensityAndGrad(q, g);
    const c = process.cpuUsage(c0);
    out.push(((c.user + c.system) / 2000).toFixed(0));
  }
  const s = wasmStorage();
  console.log(`${getBackend().name}: µs per call by batch of 2,000: ${out.join(" → ")}`, backend === wasmBackend && s ? JSON.stringify(s.stats()) : "");
}
