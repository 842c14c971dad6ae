import type { Aval } from "../../primitives/primitive.js";
import type { AnyPrimitive } from "../../primitives/primitive.js";
import { logSoftmaxP } from "../../ops/log-softmax-primitive.js";
import { logSoftmaxGradP } from "../../ops/log-softmax-grad-primitive.js";
import { Tensor } from "../../tensor/tensor.js";
import { logSoftmaxGradRowsKernel, logSoftmaxRowsKernel, type RowKernelBytes } from "./row-kernels.js";
import { RunnableLoopKernel, runLoopKernel } from "./run-loop-kernel.js";
import { vectorKernelsAvailable } from "./vector-kernels-available.js";

/** The row-reduction primitives with a generated float32 kernel, and the builders of their bytes. */
const BUILDERS = new Map<AnyPrimitive, () => RowKernelBytes>([
  [logSoftmaxP, logSoftmaxRowsKernel],
  [logSoftmaxGradP, logSoftmaxGradRowsKernel],
]);

const built = new Map<AnyPrimitive, RunnableLoopKernel>();

/**
 * Fewer elements than this run the primitive's JS kernel: the wasm call's fixed cost (copies in and
 * out of the arena) is more than the vector exponentials save.
 */
export const ROW_KERNEL_MIN_SIZE = 256;

/**
 * The generated kernel for an equation of `prim` with output `out`, or null: a row primitive over
 * the last axis (log softmax and its cotangent), float32, and vector kernels available (see
 * `vectorKernelsAvailable`). Built once per primitive.
 */
export function rowKernelFor(prim: AnyPrimitive, out: Aval): RunnableLoopKernel | null {
  const builder = BUILDERS.get(prim);
  if (builder === undefined || out.dtype !== "float32" || out.shape.length === 0 || !vectorKernelsAvailable()) return null;
  let k = built.get(prim);
  if (k === undefined) {
    const bytes = builder();
    k = new RunnableLoopKernel({ bytes, arrays: [], outputs: [], sums: [], scalars: [] });
    built.set(prim, k);
  }
  return k;
}

/**
 * Runs a row kernel on concrete float32 `args` (one shape, rows along the last axis) into a new
 * tensor of aval `out`; null (nothing run) when it is small, empty, or the wasm kernel cannot run:
 * the caller runs the primitive's `impl` then.
 */
export function runRowKernel(kernel: RunnableLoopKernel, args: readonly Tensor[], out: Aval): Tensor[] | null {
  const n = out.shape[out.shape.length - 1]!;
  const size = args[0]!.size;
  if (size < ROW_KERNEL_MIN_SIZE || n === 0) return null;
  const data = new Float32Array(size);
  if (!runLoopKernel(kernel, args.map((a) => a._data!), [size / n, n], [data])) return null;
  return [new Tensor(out.shape, "float32", data)];
}
