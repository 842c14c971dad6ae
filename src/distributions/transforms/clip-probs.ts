import { clamp } from "../../ops/index.js";
import type { Tensor } from "../../tensor/tensor.js";

/** p clamped into [tiny, 1 − eps] of its dtype (torch.finfo's smallest normal and rounding unit), so logit(p) is finite. */
export function clipProbs(p: Tensor): Tensor {
  return p.dtype === "float64" ? clamp(p, 2.2250738585072014e-308, 1 - 2 ** -52) : clamp(p, 1.1754943508222875e-38, 1 - 2 ** -23);
}
