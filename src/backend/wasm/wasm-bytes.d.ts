// Types of wasm-bytes.js, the module `npm run build:wasm` generates (gitignored): the kernels
// compiled from assembly/ as base64. When it is absent the wasm backend is unavailable and the CPU
// backend stays active.
/** The single-threaded build (owns a non-shared memory it imports as env.memory). */
export declare const wasmST: string;
/** The threaded build (imports a shared env.memory). */
export declare const wasmMT: string;
