import { allocArray } from "../core/dtype.js";
import { sizeOf, type Shape } from "../core/shape.js";
import type { Aval } from "../primitives/primitive.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";

/** " (batch index [i, j])" for flat batch entry `b`, or "" when there is no batch (for error messages). */
export function batchLabel(batch: Shape, b: number): string {
  if (batch.length === 0) return "";
  const idx = new Array<number>(batch.length);
  for (let i = batch.length - 1; i >= 0; i--) {
    idx[i] = b % batch[i]!;
    b = Math.floor(b / batch[i]!);
  }
  return ` (batch index [${idx.join(", ")}])`;
}

/**
 * Runs a dense kernel on every matrix of a batch. The inputs share the leading `batch` axes; each
 * call gets fresh float64 copies of the inputs' trailing blocks (kernels compute in float64 whatever
 * the dtype) and returns one block per output, which is rounded into the output's dtype.
 */
export function runBatched(
  batch: Shape,
  inputs: readonly Tensor[],
  outs: readonly Aval[],
  kernel: (blocks: Float64Array[], b: number) => Float64Array[],
): Tensor[] {
  const count = sizeOf(batch);
  const inSizes = inputs.map((t) => (count === 0 ? 0 : t.size / count));
  const outSizes = outs.map((o) => (count === 0 ? 0 : sizeOf(o.shape) / count));
  if (count === 1) {
    // NOTE: one matrix: a float64 block the kernel returns becomes the output as it is (kernels return
    // fresh arrays), which saves a copy of every output (for an LU of 1024×1024: 24 MB written twice).
    const r = kernel(inputs.map((t, i) => Float64Array.from(t._data!.subarray(0, inSizes[i]!))), 0);
    return outs.map((o, i) => {
      const block = r[i]!;
      if (o.dtype === "float64" && block.length === outSizes[i]) return fromData(block, o.shape, o.dtype);
      const data = allocArray(o.dtype, outSizes[i]!);
      data.set(block);
      return fromData(data, o.shape, o.dtype);
    });
  }
  const results = outs.map((o) => allocArray(o.dtype, sizeOf(o.shape)));
  for (let b = 0; b < count; b++) {
    const blocks = inputs.map((t, i) => Float64Array.from(t._data!.subarray(b * inSizes[i]!, (b + 1) * inSizes[i]!)));
    kernel(blocks, b).forEach((r, i) => results[i]!.set(r, b * outSizes[i]!));
  }
  return results.map((r, i) => fromData(r, outs[i]!.shape, outs[i]!.dtype));
}
