// Orthonormal completion of a matrix with orthonormal columns (for svd's fullMatrices and qr's
// complete mode).
import { concat } from "../ops/concat-split.js";
import { broadcastTo } from "../ops/shape-ops.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import type { Tensor } from "../tensor/tensor.js";
import { columns, identity } from "./matrix-algebra.js";
import { qr } from "./primitives/qr.js";

/**
 * [Q, Q⊥]: Q (…, m, k) with orthonormal columns extended by m − k orthonormal columns spanning the
 * complement of its range, taken from the QR factorisation of [Q, I].
 * NOTE: the completion is not unique and carries no derivative (PyTorch's derivatives through these
 * columns raise; JAX's are not defined either); derivatives through Q itself are kept.
 */
export function completeColumns(q: Tensor): Tensor {
  const m = q.shape[q.ndim - 2]!;
  const k = q.shape[q.ndim - 1]!;
  if (k >= m) return q;
  const eye = broadcastTo(identity(m, q.dtype), [...q.shape.slice(0, -2), m, m]);
  const full = qr(concat([stopGradient(q), eye], -1)).Q; // m×m, its first k columns are ±Q
  return concat([q, stopGradient(columns(full, k, m - k))], -1);
}
