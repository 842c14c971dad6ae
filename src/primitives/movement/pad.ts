import { showShape } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import type { Primitive } from "../primitive.js";
import { shapeError } from "../rule-helpers.js";
import { slice } from "./slice.js";


/** Params of `pad`: [before, after] per axis, and the fill value. */
export interface PadParams {
  readonly widths: readonly (readonly [number, number])[];
  readonly value: number;
}

/** Constant padding. Affine in x: the tangent is padded with zeros; the transpose slices. */
export const padP: Primitive<PadParams> = {
  name: "pad",
  differentiable: true,
  shape([x], { widths }) {
    if (widths.length !== x!.shape.length || widths.some(([a, b]) => !(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0)))
      throw shapeError("pad", `widths ${JSON.stringify(widths)} must be one [before, after] pair of non-negative integers per axis of ${showShape(x!.shape)}`);
    return [{ shape: x!.shape.map((d, i) => d + widths[i]![0] + widths[i]![1]), dtype: x!.dtype }];
  },
  impl: ([x], { widths, value }, [out]) => [fromData(getBackend().pad(x!._data!, x!.shape, widths, value), out!.shape, out!.dtype)],
  jvp: ([x], [t], { widths, value }) => [[pad(x!, widths, value)], [pad(t!, widths, 0)]],
  vjp: ([x], _y, [ct], { widths }) => [slice(ct!, widths.map((w) => w[0]), x!.shape)],
  vmap: ([x], _b, { widths, value }) => [[pad(x!, [[0, 0], ...widths], value)], [true]],
  testSpec: [{ args: [{ shape: [2, 3] }], params: { widths: [[1, 0], [2, 1]], value: 0.5 } }],
};

/** Pad `x` (primitive). */
export function pad(x: Tensor, widths: readonly (readonly [number, number])[], value: number): Tensor {
  return bind1(padP, [x], { widths, value });
}
