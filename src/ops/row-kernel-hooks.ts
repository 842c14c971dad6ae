/**
 * A faster kernel for a row primitive over float32 rows [rows, n] (inputs, then the output array):
 * true when it ran, false to leave the rows to the primitive's JS loops.
 */
export type RowKernelHook = (inputs: readonly Float32Array[], out: Float32Array, rows: number, n: number) => boolean;

/**
 * The row kernels the fused primitives try before their JS loops: compile's generated wasm SIMD
 * kernels (src/compile/wasm/run-row-kernel.ts), installed by src/index.ts.
 * NOTE: a hook, as the random-lane hooks, because the kernel generator sits in a higher layer
 * (compile) than the primitives (ops); null leaves every row to the JS loops.
 */
export const rowKernelHooks: { logSoftmax: RowKernelHook | null; logSoftmaxGrad: RowKernelHook | null } = {
  logSoftmax: null,
  logSoftmaxGrad: null,
};
