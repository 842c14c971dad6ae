import { allocArray, type TypedArray } from "../core/dtype.js";
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
  if (spec.structure === "spd") positiveDefinite(data, spec.shape);
  return fromData(data, spec.shape.slice(), dtype);
}

/** Replaces each n×n matrix B of a batch (in place) by B·Bᵀ + n·I: symmetric positive definite. */
function positiveDefinite(data: TypedArray, shape: readonly number[]): void {
  const n = shape[shape.length - 1]!;
  if (shape.length < 2 || shape[shape.length - 2] !== n) throw new Error(`sampleArg: "spd" needs square matrices, got shape [${shape.join(", ")}]`);
  for (let off = 0; off < data.length; off += n * n) {
    const b = Array.from(data.subarray(off, off + n * n));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = i === j ? n : 0;
        for (let k = 0; k < n; k++) s += b[i * n + k]! * b[j * n + k]!;
        data[off + i * n + j] = s;
      }
  }
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
