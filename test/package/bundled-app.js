/* global process, console */
// The program test/package/bundlers.test.ts bundles (esbuild, Vite) and runs in Node and Chromium: a
// user's code importing the built package by name. It records what it saw; the test asserts.
import { data, getNumThreads, grad, mul, sin, tensor, wasmBackendLoaded } from "wengert";

const out = {};
try {
  out.wasmLoaded = await wasmBackendLoaded;
  out.grad = grad((x) => mul(x, sin(x)))(2).item();
  out.method = tensor([1, 2, 3]).mul(2).add(1).toArray();
  const p = tensor([1, -2], { requiresGrad: true });
  const loss = p.mul(p).sum();
  loss.backward();
  out.backward = p.grad.toArray();
  out.threads = getNumThreads();
  out.nodeOnly = await data.datasets.fashionMnist({ dir: "/nonexistent" }).then(() => "loaded", (e) => String(e.message));
} catch (e) {
  out.error = String(e?.stack ?? e);
}
globalThis.__result = out;
if (typeof process !== "undefined" && process.versions?.node !== undefined) console.log(JSON.stringify(out));
