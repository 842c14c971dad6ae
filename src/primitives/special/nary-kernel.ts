import { allocArray } from "../../core/dtype.js";
import { ShapeError } from "../../core/errors.js";
import { shapesEqual } from "../../core/shape.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Aval } from "../primitive.js";
import { requireFloat, requireSameDtype } from "../rule-helpers.js";

/**
 * The shape rule of an elementwise special function of several float arguments of one shape.
 * NOTE: the ops broadcast the arguments first, so the kernels never broadcast.
 */
export function sameShapeFloat(name: string, args: readonly Aval[]): Aval[] {
  args.forEach((a, i) => {
    requireFloat(name, a, i);
    requireSameDtype(name, args[0]!, a);
    if (!shapesEqual(args[0]!.shape, a.shape))
      throw new ShapeError(`${name}: arguments must have one shape (the op broadcasts them), got [${args[0]!.shape.join(", ")}] and [${a.shape.join(", ")}]`);
  });
  return [args[0]!];
}

/** Applies a float64 scalar kernel elementwise to same-shape arguments (float32 rounds once on store). */
export function mapElements(args: readonly Tensor[], out: Aval, f: (...xs: number[]) => number): Tensor {
  const srcs = args.map((a) => a._data!);
  const n = srcs[0]!.length;
  const data = allocArray(out.dtype, n);
  const [p, q, r] = srcs as ArrayLike<number>[];
  if (srcs.length === 2) for (let i = 0; i < n; i++) data[i] = f(p![i]!, q![i]!);
  else if (srcs.length === 3) for (let i = 0; i < n; i++) data[i] = f(p![i]!, q![i]!, r![i]!);
  else {
    const xs = new Array<number>(srcs.length);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < srcs.length; k++) xs[k] = srcs[k]![i] as number;
      data[i] = f(...xs);
    }
  }
  return fromData(data, args[0]!.shape, out.dtype);
}
