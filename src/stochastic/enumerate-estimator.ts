import { ArgumentError } from "../core/errors.js";
import type { Distribution } from "../distributions/distribution.js";
import { exp, mul, reshape, sum } from "../ops/index.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { jacfwd } from "../transforms/jacobian.js";

/** The most joint values "enumerate" expands when f's costs are not per batch element (see `gradExpectation`). */
export const ENUMERATE_PRODUCT_LIMIT = 65536;

/**
 * @internal The "enumerate" estimator of `gradExpectation`: the exact E f(x) and its gradient in the
 * flattened parameters. `raw(x)` is f's output as a tensor; `costs(x, m)` its per-row costs, shape [m].
 * NOTE: batch shapes follow Pyro's parallel enumeration: f is called once on the support broadcast
 * over the batch (`enumerateSupport()`, shape [k, ...batchShape, ...eventShape]); if it returns
 * per-element costs (leading axes [k, ...batchShape]), the elements are independent and f is taken to
 * be separable (its total is the sum of per-element costs), so E f = Σ_b Σ_i p_b(i) c[i, b] costs k
 * values per element. Otherwise (one cost per row) the joint support, k^(batch size) values, is
 * enumerated, which is exact for any f, up to `ENUMERATE_PRODUCT_LIMIT` values.
 */
export function enumerateEstimator(
  fn: string, d0: Distribution, build: (ls: Tensor[]) => Distribution, leaves: Tensor[],
  raw: (x: Tensor) => Tensor, costs: (x: Tensor, m: number) => Tensor,
): { value: Tensor; grads: Tensor[] } {
  const support = d0.enumerateSupport();
  const k = support.shape[0]!;
  const batch = d0.batchShape;
  let total: (ls: Tensor[]) => Tensor;
  const c = batch.length === 0 ? null : stopGradient(raw(support));
  if (c === null || (c.shape[0] === k && batch.every((b, i) => c.shape[i + 1] === b))) {
    const per = c === null ? stopGradient(costs(support, k)) : c.ndim === batch.length + 1 ? c : sum(reshape(c, [k, ...batch, -1]), -1);
    total = (ls) => sum(mul(exp(build(ls).logProb(support)), per));
  } else {
    const nb = batch.reduce((a, b) => a * b, 1);
    const joint = k ** nb;
    if (joint > ENUMERATE_PRODUCT_LIMIT)
      throw new ArgumentError(
        `${fn}: estimator "enumerate" over batch shape [${batch.join(", ")}]: f returned shape [${c.shape.join(", ")}], not per-element costs ` +
        `of shape [${[k, ...batch].join(", ")}], so the joint support (${k}^${nb} = ${joint} values) would be enumerated, more than the limit ` +
        `${ENUMERATE_PRODUCT_LIMIT}; return per-element costs for a separable f (enumerated in parallel), or use "score" or "leaveOneOut"`,
      );
    const x = jointSupport(support, k, batch, nb, joint);
    const cj = stopGradient(costs(x, joint));
    total = (ls) => sum(mul(exp(sum(reshape(build(ls).logProb(x), [joint, -1]), 1)), cj));
  }
  const grads = jacfwd((ls: Tensor[]) => total(ls))(leaves) as unknown as Tensor[];
  return { value: total(leaves), grads };
}

/** Every joint value of independent elements: shape [k^nb, ...batch, ...event], the first element varying slowest. */
function jointSupport(support: Tensor, k: number, batch: readonly number[], nb: number, joint: number): Tensor {
  const s = support.data();
  const e = s.length / (k * nb);
  const out = new Float64Array(joint * nb * e);
  for (let j = 0; j < joint; j++) {
    let rest = j;
    for (let b = nb - 1; b >= 0; b--) {
      const i = rest % k;
      rest = (rest - i) / k;
      const from = (i * nb + b) * e;
      const to = (j * nb + b) * e;
      for (let q = 0; q < e; q++) out[to + q] = s[from + q] as number;
    }
  }
  return reshape(tensor(out, { dtype: support.dtype }), [joint, ...batch, ...support.shape.slice(1 + batch.length)]);
}
