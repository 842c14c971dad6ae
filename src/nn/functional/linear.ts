import { ShapeError } from "../../core/errors.js";
import { broadcastShapes, showShape } from "../../core/shape.js";
import { matmulTransposed } from "../../primitives/linalg/matmul.js";
import { reshape } from "../../primitives/movement/reshape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { add } from "../../ops/arithmetic.js";
import { checkTensor, promoteFloatOperands } from "../../ops/tensor-like.js";

/**
 * y = x·Wᵀ + b over the last axis of x [..., in] with weight [out, in] (PyTorch's `F.linear`). The
 * weight is read transposed in place by the matmul kernel (no transposed copy, forward or backward).
 *
 * @example
 * linear(ones([8, 3]), ones([2, 3]), zeros([2])); // shape [8, 2], every entry 3
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  checkTensor(x, "linear", "x");
  checkTensor(weight, "linear", "weight");
  if (bias !== null) checkTensor(bias, "linear", "bias");
  if (weight.ndim !== 2) throw new ShapeError(`linear: weight must be [out, in], got shape ${showShape(weight.shape)}`);
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== weight.shape[1])
    throw new ShapeError(`linear: the input's last axis must be ${weight.shape[1]} (weight ${showShape(weight.shape)}), got shape ${showShape(x.shape)}`);
  const [a, w] = promoteFloatOperands(x, weight, "linear");
  const y = a.ndim === 1 ? reshape(matmulTransposed(reshape(a, [1, a.shape[0]!]), w, false, true), [w.shape[0]!]) : matmulTransposed(a, w, false, true);
  if (bias !== null) broadcastShapes(y.shape, bias.shape, "linear");
  return bias === null ? y : add(y, bias);
}
