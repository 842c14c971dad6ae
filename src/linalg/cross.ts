import { ShapeError } from "../core/errors.js";
import { broadcastShapes, normalizeAxis, showShape } from "../core/shape.js";
import { checkInteger, checkOptionNames } from "../core/validate.js";
import { mul, sub } from "../ops/arithmetic.js";
import { concat } from "../ops/concat-split.js";
import { slice } from "../ops/indexing.js";
import { broadcastTo } from "../ops/shape-ops.js";
import { promoteFloatOperands, type TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import type { DimOption } from "./vecdot.js";

/** Component k (0, 1, 2) of x along `axis`, that axis kept with size 1. */
function component(x: Tensor, axis: number, k: number): Tensor {
  return slice(x, x.shape.map((_, i) => (i === axis ? k : 0)), x.shape.map((d, i) => (i === axis ? 1 : d)));
}

/**
 * The cross product of 3-vectors along `dim` (default −1), broadcasting the other axes, as
 * torch.linalg.cross: (a₂b₃ − a₃b₂, a₃b₁ − a₁b₃, a₁b₂ − a₂b₁). Bilinear, so d(a×b) = da×b + a×db.
 *
 * @example
 * linalg.cross(tensor([1, 0, 0]), tensor([0, 1, 0])); // [0, 0, 1]
 */
export function cross(a: TensorLike, b: TensorLike, opts?: DimOption): Tensor {
  const o = checkOptionNames<DimOption>(opts, "cross", ["dim"]);
  const [ta, tb] = promoteFloatOperands(a, b, "cross", ["a", "b"]);
  const shape = broadcastShapes(ta.shape, tb.shape, "cross");
  const dim = o.dim === undefined ? -1 : checkInteger(o.dim, "cross", "options.dim");
  const axis = normalizeAxis(dim, shape.length, "cross", "options.dim");
  if (shape[axis] !== 3)
    throw new ShapeError(`cross: a and b must have size 3 along dim ${dim}, got shapes ${showShape(ta.shape)} and ${showShape(tb.shape)}`);
  const x = broadcastTo(ta, shape);
  const y = broadcastTo(tb, shape);
  const [x1, x2, x3] = [0, 1, 2].map((k) => component(x, axis, k)) as [Tensor, Tensor, Tensor];
  const [y1, y2, y3] = [0, 1, 2].map((k) => component(y, axis, k)) as [Tensor, Tensor, Tensor];
  return concat([sub(mul(x2, y3), mul(x3, y2)), sub(mul(x3, y1), mul(x1, y3)), sub(mul(x1, y2), mul(x2, y1))], axis);
}
