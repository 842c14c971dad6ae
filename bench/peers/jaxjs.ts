// jax-js (@jax-js/jax) on its wasm device: kernels compiled to wasm SIMD, one thread in Node (its
// worker pool needs the globals Worker and SharedArrayBuffer). Rules the cases follow: every op and
// every transformed function consumes its array arguments (`x.ref` adds a reference), dataSync()
// consumes the array it reads, and evaluation is lazy: kernels run when a result is read or awaited
// with blockUntilReady().
import { loadPeer, packageVersion, type Loaded } from "./load.js";

export type Jax = typeof import("@jax-js/jax");

export interface JaxPeer {
  jax: Jax;
  np: Jax["numpy"];
  info: Record<string, unknown>;
}

export function loadJaxjs(): Promise<Loaded<JaxPeer>> {
  return loadPeer(async () => {
    const jax = (await import("@jax-js/jax")) as Jax;
    jax.defaultDevice("wasm");
    const version = packageVersion("@jax-js/jax");
    // f32x4.relaxed_madd (jax-js uses it for matmul when V8 accepts it; behind a flag in Node 20)
    const relaxed = Uint8Array.from("0061736d0100000001080160037b7b7b017b030201000a0d010b00200020012002fd85020b".match(/../g)!, (h) => parseInt(h, 16));
    const info = {
      device: jax.defaultDevice(),
      threads: typeof Worker !== "undefined" && typeof SharedArrayBuffer !== "undefined" ? "worker pool" : 1,
      relaxed_simd: WebAssembly.validate(relaxed),
    };
    return { api: { jax, np: jax.numpy, info }, version };
  });
}
