import { ArgumentError } from "../../core/errors.js";
import type { Tensor } from "../../tensor/tensor.js";
import { Module } from "../module.js";

/** A module from tensor to tensor: what `Sequential` chains. */
export type Layer = Module<[Tensor], Tensor>;

/**
 * Applies its layers in order. Layers are stored under the field names "0", "1", …, so parameter
 * names match PyTorch's (`0.weight`, `2.bias`).
 *
 * @example
 * const model = new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Linear(128, 10));
 * model.forward(images); // logits [N, 10]
 */
export class Sequential extends Module {
  [index: number]: Layer;

  constructor(...layers: Layer[]) {
    super();
    layers.forEach((layer, i) => {
      if (!(layer instanceof Module)) throw new ArgumentError(`Sequential: argument ${i} is not a Module (got ${layer === null ? "null" : typeof layer})`);
      this[i] = layer;
    });
  }

  /** The number of layers. */
  get length(): number {
    return this.layers().length;
  }

  /** The layers in order. */
  layers(): Layer[] {
    return this.namedChildren().map(([, m]) => m as Layer);
  }

  /** Appends a layer; returns this. */
  append(layer: Layer): this {
    this[this.length] = layer;
    return this;
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers()) y = layer.forward(y);
    return y;
  }
}
