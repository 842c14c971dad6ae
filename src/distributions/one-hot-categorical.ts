import { argmax, equal, mul, oneHot as oneHotOp, sub, sum, where } from "../ops/index.js";
import { inFunction } from "../core/validate.js";
import type { PRNGKey } from "../random/key.js";
import { eye } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { Categorical, type CategoricalOptions } from "./categorical.js";
import { oneHot, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";

/** The categorical distribution with one-hot vectors as values (event shape `[k]`). Not reparameterisable. */
export class OneHotCategorical extends Distribution {
  /** The categorical distribution of the index. */
  readonly categorical: Categorical;

  /** OneHotCategorical({ probs | logits }). @example new OneHotCategorical({ probs: tensor([0.2, 0.8]) }).sample() // [0, 1] or [1, 0] */
  constructor(options: CategoricalOptions) {
    const c = inFunction("OneHotCategorical", () => new Categorical(options));
    super(c.batchShape, [c.numEvents], c.validateArgs);
    this.categorical = c;
  }
  /** Normalised log-probabilities, shape `[...batchShape, k]`. */
  get logits(): Tensor {
    return this.categorical.logits;
  }
  /** Probabilities, shape `[...batchShape, k]`. */
  get probs(): Tensor {
    return this.categorical.probs;
  }
  /** One-hot vectors. */
  get support(): Constraint {
    return oneHot;
  }
  /** True. */
  override get hasEnumerateSupport(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.logits.dtype as "float32" | "float64";
  }
  protected override _sample(shape: number[], key: PRNGKey): Tensor {
    return oneHotOp(this.categorical.sample(shape, key), this.eventShape[0]!, { dtype: this.dtype });
  }
  protected override _enumerateSupport(): Tensor {
    return eye(this.eventShape[0]!, { dtype: this.dtype });
  }
  protected _logProb(x: Tensor): Tensor {
    return sum(where(equal(x, 1), this.logits, 0), -1);
  }
  /** The categorical entropy. */
  override entropy(): Tensor {
    return this.categorical.entropy();
  }
  /** The probabilities. */
  override get mean(): Tensor {
    return this.probs;
  }
  /** The one-hot vector of the most probable category. */
  override get mode(): Tensor {
    return oneHotOp(argmax(this.logits, -1), this.eventShape[0]!, { dtype: this.dtype });
  }
  /** p(1 − p) per category. */
  override get variance(): Tensor {
    const p = this.probs;
    return mul(p, sub(1, p));
  }
  protected _expand(batchShape: number[]): OneHotCategorical {
    return new OneHotCategorical({ logits: this.expandParam(this.logits, batchShape), validateArgs: false });
  }
}

