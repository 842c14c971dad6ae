// Paired A/B of softmax cross-entropy forward + backward, logits [batch, classes] (default [1024, 1000]) float32, one thread, with
// the generated wasm row kernels of log softmax and its cotangent (on) and without them (off: the JS
// loops, vectorKernelSettings.enabled = false while the call runs), compiled (compile(valueAndGrad))
// and uncompiled (valueAndGrad), in alternating rounds in one process, CPU time per call.
// Run: npx tsx bench/softmax-ce-ab.ts [rounds] [batch] [classes]
import { compile, crossEntropy, setNumThreads, tensor, valueAndGrad, type Tensor } from "../src/index.js";
import { wasmBackendLoaded } from "../src/backend/wasm/wasm-backend.js";
import { vectorKernelSettings } from "../src/compile/wasm/vector-kernels-available.js";

await wasmBackendLoaded;
setNumThreads(1);
const [B, C] = [Number(process.argv[3] ?? 1024), Number(process.argv[4] ?? 1000)];
let seed = 1;
const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const z = tensor(Float32Array.from({ length: B * C }, () => (next() + next() + next() - 1.5) * 4), { shape: [B, C] });
const labels = tensor(Int32Array.from({ length: B }, (_, i) => (i * 7) % C), { shape: [B] });
const vg = valueAndGrad((x: Tensor) => crossEntropy(x, labels));
const cvg = compile(vg);
const off = <T>(f: () => T): T => {
  vectorKernelSettings.enabled = false;
  try {
    return f();
  } finally {
    vectorKernelSettings.enabled = true;
  }
};
const runs: Record<string, () => unknown> = {
  "compiled, on": () => cvg(z),
  "compiled, off": () => off(() => cvg(z)),
  "uncompiled, on": () => vg(z),
  "uncompiled, off": () => off(() => vg(z)),
};
const keys = Object.keys(runs);
const times: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
const rounds = Number(process.argv[2] ?? 15);
for (const f of Object.values(runs)) for (let i = 0; i < 3; i++) f();
for (let r = 0; r < rounds; r++)
  for (const [k, f] of Object.entries(runs)) {
    const t = process.cpuUsage();
    for (let i = 0; i < 3; i++) (f() as [Tensor, Tensor])[1].data();
    const u = process.cpuUsage(t);
    times[k]!.push((u.user + u.system) / 3 / 1000);
  }
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1]!;
for (const k of keys) console.log(`${k}: CPU ms/call min ${Math.min(...times[k]!).toFixed(1)}, median ${median(times[k]!).toFixed(1)}`);
for (const mode of ["compiled", "uncompiled"]) {
  const ratio = times[`${mode}, on`]!.map((a, i) => a / times[`${mode}, off`]![i]!);
  console.log(`${mode}: on ÷ off per round: min ${Math.min(...ratio).toFixed(3)}, median ${median(ratio).toFixed(3)}`);
}
