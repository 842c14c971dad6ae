import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { ModelLogDensity } from "../model/log-density.js";

/**
 * n unconstrained draws (row-major [n, dim]) mapped onto each latent site's support in one batched
 * call of its bijection per site (no model runs): latent site name → tensor [n, ...shape].
 */
export function batchConstrain(ld: ModelLogDensity, flat: Float64Array, n: number): Record<string, Tensor> {
  const d = ld.dim;
  const out: Record<string, Tensor> = {};
  for (const s of ld.slots) {
    const cols = new Float64Array(n * s.size);
    for (let i = 0; i < n; i++) cols.set(flat.subarray(i * d + s.offset, i * d + s.offset + s.size), i * s.size);
    out[s.name] = s.transform.forward(fromData(cols, [n, ...s.unconstrainedShape], "float64"));
  }
  return out;
}
