import { showShape } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { shapeError } from "../rule-helpers.js";
import { pad } from "./pad.js";


/** Params of `slice`: start and extent per axis (both full rank, resolved). */
export interface SliceParams {
  readonly begin: readonly number[];
  readonly size: readonly number[];
}

/** A rectangular block. Linear; its transpose pads the cotangent with zeros. */
export const sliceP: Primitive<SliceParams> = {
  name: "slice",
  differentiable: true,
  shape([x], { begin, size }) {
    const s = x!.shape;
    if (begin.length !== s.length || size.length !== s.length || s.some((d, i) => begin[i]! < 0 || size[i]! < 0 || begin[i]! + size[i]! > d))
      throw shapeError("slice", `begin ${showShape(begin)} and size ${showShape(size)} do not fit in ${showShape(s)}`);
    return [{ shape: size.slice(), dtype: x!.dtype }];
  },
  impl: ([x], { begin, size }, [out]) => [fromData(getBackend().slice(x!._data!, x!.shape, begin, size), out!.shape, out!.dtype)],
  jvp: ([x], [t], p) => [[slice(x!, p.begin, p.size)], [slice(t!, p.begin, p.size)]],
  vjp: ([x], _y, [ct], { begin, size }) => [pad(ct!, x!.shape.map((d, i) => [begin[i]!, d - begin[i]! - size[i]!] as const), 0)],
  vmap: ([x], _b, { begin, size }, n) => [[slice(x!, [0, ...begin], [n, ...size])], [true]],
  testSpec: [{ args: [{ shape: [4, 5] }], params: { begin: [1, 0], size: [2, 3] } }],
};

/** A block of `x` (primitive). */
export function slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  return bind1(sliceP, [x], { begin, size });
}
