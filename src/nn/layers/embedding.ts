import { checkFiniteNumber, checkInteger, checkOptions } from "../../core/validate.js";
import { ArgumentError } from "../../core/errors.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { assign } from "../../eager/leaf-ops.js";
import { mul } from "../../ops/arithmetic.js";
import { cast } from "../../ops/cast.js";
import { notEqual } from "../../ops/comparison.js";
import { gather, toIndices } from "../../ops/indexing.js";
import { unsqueeze } from "../../ops/shape-ops.js";
import { noGrad } from "../../eager/grad-mode.js";
import { normal } from "../init.js";
import { Module } from "../module.js";
import { parameter, type LayerOptions, checkLayerDType } from "./parameter.js";

/** Options of `Embedding`. */
export interface EmbeddingOptions extends LayerOptions {
  /** An index whose vector starts at zero, stays zero and gets no gradient (a padding token). */
  paddingIdx?: number;
}

/**
 * A lookup table: integer indices of any shape → their rows of weight [numEmbeddings, embeddingDim],
 * initialised N(0, 1) as in PyTorch. The gradient scatters back into the rows that were used.
 *
 * @example
 * const emb = new Embedding(1000, 32, { seed: 0 });
 * emb.forward(tensor([[1, 2], [3, 4]], { dtype: "int32" })).shape; // [2, 2, 32]
 */
export class Embedding extends Module<[Tensor | readonly number[]], Tensor> {
  weight: Tensor;
  readonly paddingIdx: number | null;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    opts: EmbeddingOptions = {},
  ) {
    super();
    checkInteger(numEmbeddings, "Embedding", "numEmbeddings", 0);
    checkInteger(embeddingDim, "Embedding", "embeddingDim", 0);
    checkOptions<EmbeddingOptions>(opts, "Embedding");
    checkLayerDType(opts.dtype, "Embedding");
    if (opts.seed !== undefined) checkFiniteNumber(opts.seed, "Embedding", "seed");
    this.weight = normal(parameter([numEmbeddings, embeddingDim], opts.dtype, "Embedding"), { seed: opts.seed });
    let p = opts.paddingIdx ?? null;
    if (p !== null) {
      if (!Number.isInteger(p) || p < -numEmbeddings || p >= numEmbeddings)
        throw new ArgumentError(`Embedding: paddingIdx ${p} is out of range for ${numEmbeddings} embeddings`);
      if (p < 0) p += numEmbeddings;
      const values = this.weight.data();
      values.fill(0, p * embeddingDim, (p + 1) * embeddingDim);
      noGrad(() => assign(this.weight, fromData(values, this.weight.shape)));
    }
    this.paddingIdx = p;
  }

  forward(indices: Tensor | readonly number[]): Tensor {
    const idx = toIndices(indices, "Embedding");
    const rows = gather(this.weight, idx, 0);
    if (this.paddingIdx === null) return rows;
    // NOTE: multiplying by the mask keeps the padding row's gradient at zero.
    return mul(rows, unsqueeze(cast(notEqual(idx, this.paddingIdx), rows.dtype), -1));
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, paddingIdx=${this.paddingIdx}` : ""}`;
  }
}
