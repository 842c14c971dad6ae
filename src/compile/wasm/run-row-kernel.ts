import { rowKernelHooks, type RowKernelHook } from "../../ops/row-kernel-hooks.js";
import { logSoftmaxGradRowsKernel, logSoftmaxRowsKernel, type RowKernelBytes } from "./row-kernels.js";
import { RunnableLoopKernel, runLoopKernel } from "./run-loop-kernel.js";
import { vectorKernelsAvailable } from "./vector-kernels-available.js";

/**
 * Fewer elements than this run the primitive's JS loops: the wasm call's fixed cost (copies in and
 * out of the arena) is more than the vector exponentials save.
 */
export const ROW_KERNEL_MIN_SIZE = 256;

/** A hook that runs the kernel of `bytes` (built on first use) over float32 rows, when vector kernels are available (see `vectorKernelsAvailable`). */
function hook(bytes: () => RowKernelBytes): RowKernelHook {
  let kernel: RunnableLoopKernel | null = null;
  return (inputs, out, rows, n) => {
    if (out.length < ROW_KERNEL_MIN_SIZE || !vectorKernelsAvailable()) return false;
    kernel ??= new RunnableLoopKernel({ bytes: bytes(), arrays: [], outputs: [], sums: [], scalars: [] });
    return runLoopKernel(kernel, inputs, [rows, n], [out]);
  };
}

/** Installs the generated wasm row kernels as the fused row primitives' kernels (log softmax and its cotangent). */
export function installRowKernels(): void {
  rowKernelHooks.logSoftmax = hook(logSoftmaxRowsKernel);
  rowKernelHooks.logSoftmaxGrad = hook(logSoftmaxGradRowsKernel);
}
