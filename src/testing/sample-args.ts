import { allocArray } from "../core/dtype.js";
import { normalDraw, type RandomStream } from "../core/random.js";
import { sizeOf } from "../core/shape.js";
import type { ArgSpec } from "../primitives/primitive.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";

/** One argument drawn from its spec: float64 uniform on `domain`, or bool / int32 in [0, `intHigh`). */
export function sampleArg(spec: ArgSpec, rng: RandomStream): Tensor {
  const n = sizeOf(spec.shape);
  const dtype = spec.dtype ?? "float64";
  const data = allocArray(dtype, n);
  const [lo, hi] = spec.domain ?? [-2, 2];
  const high = spec.dtype === "bool" ? 2 : (spec.intHigh ?? 2);
  for (let i = 0; i < n; i++) data[i] = spec.dtype === undefined ? lo + (hi - lo) * rng.next() : Math.floor(rng.next() * high);
  return fromData(data, spec.shape.slice(), dtype);
}

/** The arguments of a test case drawn from their specs (float arguments in float64). */
export function sampleArgs(specs: readonly ArgSpec[], rng: RandomStream): Tensor[] {
  return specs.map((s) => sampleArg(s, rng));
}

/** Standard normal samples with the shape and (float) dtype of `like`: random directions for the checks. */
export function randomLike(like: Tensor, rng: RandomStream): Tensor {
  const data = allocArray(like.dtype, like.size);
  for (let i = 0; i < data.length; i++) data[i] = normalDraw(rng);
  return fromData(data, like.shape, like.dtype);
}
