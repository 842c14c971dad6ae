import { checkSize } from "../../core/shape.js";
import { argumentError } from "../../core/validate.js";
import { zeros } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";

/** Options every layer with parameters accepts. */
export interface LayerOptions {
  /** Parameter dtype (default "float32"; "float64" for gradient checks). */
  dtype?: "float32" | "float64";
  /** Seed of the layer's initial values; the global generator (`manualSeed`) when omitted. */
  seed?: number;
}

/**
 * A zero leaf tensor that requires grad: a parameter waiting for its initial values. A shape with
 * more than `MAX_ELEMENTS` elements is a ShapeError naming `layer` (the constructor the user called).
 */
export function parameter(shape: readonly number[], dtype: "float32" | "float64" = "float32", layer = "parameter"): Tensor {
  checkSize(shape, layer);
  return zeros(shape, { dtype, requiresGrad: true });
}

/** Checks a layer's `dtype` option: undefined, "float32" or "float64"; the error names the layer. */
export function checkLayerDType(dtype: unknown, layer: string): "float32" | "float64" | undefined {
  if (dtype === undefined || dtype === "float32" || dtype === "float64") return dtype;
  throw argumentError(layer, "options.dtype", '"float32" or "float64"', dtype);
}
