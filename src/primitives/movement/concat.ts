import { DTypeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData, zerosLike } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { shapeError } from "../rule-helpers.js";
import { slice } from "./slice.js";
import { materializeAll } from "../batching.js";

/** Params of `concat`: the (non-negative) axis. */
export interface ConcatParams {
  readonly axis: number;
}

/** Joins tensors along an axis. Linear; its transpose slices the cotangent into pieces. */
export const concatP: Primitive<ConcatParams> = {
  name: "concat",
  differentiable: true,
  shape(xs, { axis }) {
    if (xs.length === 0) throw shapeError("concat", "needs at least one tensor");
    const first = xs[0]!;
    const out = first.shape.slice();
    out[axis] = 0;
    xs.forEach((x, k) => {
      if (x.dtype !== first.dtype) throw new DTypeError(`concat: tensor ${k} has dtype ${x.dtype}, tensor 0 has ${first.dtype}`);
      if (x.shape.length !== first.shape.length || x.shape.some((d, i) => i !== axis && d !== first.shape[i]))
        throw shapeError("concat", `tensor ${k} has shape ${showShape(x.shape)}, incompatible with ${showShape(first.shape)} along axis ${axis}`);
      out[axis]! += x.shape[axis]!;
    });
    return [{ shape: out, dtype: first.dtype }];
  },
  impl: (xs, { axis }, [out]) => [fromData(getBackend().concat(xs.map((x) => x._data!), xs.map((x) => x.shape), axis), out!.shape, out!.dtype)],
  jvp(xs, ts, { axis }) {
    const y = concat(xs, axis);
    const filled = ts.map((t, i) => t ?? zerosLike(xs[i]!));
    return [[y], [concat(filled, axis)]];
  },
  vjp(xs, _y, [ct], { axis }) {
    let offset = 0;
    return xs.map((x) => {
      const begin = x.shape.map((_, i) => (i === axis ? offset : 0));
      offset += x.shape[axis]!;
      return slice(ct!, begin, x.shape);
    });
  },
  vmap: (xs, batched, { axis }, n) => [[concat(materializeAll(xs, batched, n), axis + 1)], [true]],
  testSpec: [{ args: [{ shape: [2, 3] }, { shape: [2, 1] }, { shape: [2, 2] }], params: { axis: 1 } }],
};

/** Concatenate along `axis` (primitive). */
export function concat(xs: readonly Tensor[], axis: number): Tensor {
  return xs.length === 1 ? xs[0]! : bind(concatP, xs, { axis })[0]!;
}
