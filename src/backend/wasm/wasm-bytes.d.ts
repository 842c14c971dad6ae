// Types of wasm-bytes.js, the module `npm run build:wasm` generates (gitignored): the kernels
// compiled from assembly/ as base64. When it is absent the wasm backend is unavailable and the CPU
// backend stays active.
/** The kernels, importing a plain env.memory (the loader derives the shared-memory variant for threads). */
export declare const wasmKernels: string;
