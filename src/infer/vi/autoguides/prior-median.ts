import { bijectTo } from "../../../distributions/biject-to.js";
import { noGrad } from "../../../eager/grad-mode.js";
import { split } from "../../../random/split.js";
import type { PRNGKey } from "../../../random/key.js";
import { tensor } from "../../../tensor/creation.js";
import type { Tensor } from "../../../tensor/tensor.js";
import type { ModelLogDensity } from "../../model/log-density.js";
import type { Message } from "../../model/message.js";
import { Messenger, withMessenger, withoutHandlers } from "../../model/messenger.js";

/** Draws per site for the median (NumPyro's `init_to_median(num_samples=15)`). */
export const MEDIAN_SAMPLES = 15;

/** The per-element median over the leading axis of `x` ([n, ...rest]), as a tensor of shape `rest` and x's dtype. */
function medianOverFirstAxis(x: Tensor): Tensor {
  const n = x.shape[0]!;
  const rest = x.shape.slice(1);
  const data = x.data() as ArrayLike<number>;
  const size = data.length / n;
  const out = new Float64Array(size);
  const col = new Float64Array(n);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < n; i++) col[i] = data[i * size + j]!;
    col.sort();
    out[j] = n % 2 === 1 ? col[(n - 1) / 2]! : 0.5 * (col[n / 2 - 1]! + col[n / 2]!);
  }
  return tensor(out, { dtype: x.dtype, shape: rest });
}

/**
 * Sets every latent sample site to the median of `samples` draws from its distribution (its parents
 * already at their medians), and remembers each site's median on the unconstrained scale.
 * NOTE: the median is taken per element of the unconstrained images T⁻¹(draws) and mapped back by T
 * (`bijectTo(support)`): for the elementwise monotone maps (exp, sigmoid, affine) that is NumPyro's
 * median of the draws, and for the others (simplex, Cholesky factors) it stays in the support.
 */
class MedianMessenger extends Messenger {
  /** Site name → its median on the unconstrained scale. */
  readonly unconstrained = new Map<string, Tensor>();
  constructor(private key: PRNGKey, private readonly samples: number) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== "sample" || msg.isObserved || msg.value !== null) return;
    const [next, sub] = split(this.key);
    this.key = next!;
    const dist = msg.fn!;
    const t = bijectTo(dist.support);
    const u = medianOverFirstAxis(t.inverse(dist.sample([this.samples], sub!)));
    this.unconstrained.set(msg.name, u);
    msg.value = t.forward(u);
  }
}

/**
 * The flat unconstrained point (length `ld.dim`) of a model's prior medians (NumPyro's
 * `init_to_median`): each latent site, in model order, at the median of `samples` draws from its
 * distribution given the sites before it at their medians; drawn under `key`, outside every handler.
 */
export function priorMedian(model: (...args: never[]) => unknown, args: readonly unknown[], ld: ModelLogDensity, key: PRNGKey, samples = MEDIAN_SAMPLES): Float64Array {
  const m = new MedianMessenger(key, samples);
  withoutHandlers(() => noGrad(() => withMessenger(m, () => (model as (...a: unknown[]) => unknown)(...args))));
  const q = new Float64Array(ld.dim);
  for (const s of ld.slots) {
    const u = m.unconstrained.get(s.name);
    if (u !== undefined) q.set(Float64Array.from(u.data() as ArrayLike<number>), s.offset);
  }
  return q;
}
