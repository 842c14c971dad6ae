import { add as addPrim } from "../primitives/binary/add.js";
import { div as divPrim } from "../primitives/binary/div.js";
import { mul as mulPrim } from "../primitives/binary/mul.js";
import { pow as powPrim } from "../primitives/binary/pow.js";
import { sub as subPrim } from "../primitives/binary/sub.js";
import { cast } from "../primitives/other/cast.js";
import { neg as negPrim } from "../primitives/unary/neg.js";
import { ScalarOp } from "../interpreters/scalar-rules.js";
import type { Tensor } from "../tensor/tensor.js";
import { scalarBinaryOp, scalarUnaryOp } from "./scalar-entry.js";
import { promoteFloatOperands, promoteOperands, toFloat, toTensor, type TensorLike } from "./tensor-like.js";

/** Bool operands of arithmetic count as int32 (True + True = 2, as in numpy's integer ops). */
function arithmetic(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor] {
  const [ta, tb] = promoteOperands(a, b, op);
  return ta.dtype === "bool" ? [cast(ta, "int32"), cast(tb, "int32")] : [ta, tb];
}

/**
 * a + b elementwise with numpy broadcasting.
 *
 * @example
 * add(tensor([1, 2]), 1); // [2, 3]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const fast = scalarBinaryOp(ScalarOp.add, a, b);
  if (fast !== undefined) return fast;
  const [x, y] = arithmetic(a, b, "add");
  return addPrim(x, y);
}

/**
 * a − b elementwise with broadcasting.
 *
 * @example
 * sub(tensor([3, 4]), tensor([1, 1])); // [2, 3]
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const fast = scalarBinaryOp(ScalarOp.sub, a, b);
  if (fast !== undefined) return fast;
  const [x, y] = arithmetic(a, b, "sub");
  return subPrim(x, y);
}

/**
 * a · b elementwise with broadcasting.
 *
 * @example
 * mul(tensor([1, 2]), 3); // [3, 6], still float32
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const fast = scalarBinaryOp(ScalarOp.mul, a, b);
  if (fast !== undefined) return fast;
  const [x, y] = arithmetic(a, b, "mul");
  return mulPrim(x, y);
}

/**
 * a / b elementwise (true division: integer operands give float32, like numpy).
 *
 * @example
 * div(tensor([1, 2], { dtype: "int32" }), 2); // [0.5, 1] float32
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const fast = scalarBinaryOp(ScalarOp.div, a, b);
  if (fast !== undefined) return fast;
  const [x, y] = promoteFloatOperands(a, b, "div");
  return divPrim(x, y);
}

/**
 * −x elementwise.
 *
 * @example
 * neg(tensor([1, -2])); // [-1, 2]
 */
export function neg(x: TensorLike): Tensor {
  const fast = scalarUnaryOp(ScalarOp.neg, x);
  if (fast !== undefined) return fast;
  const t = toTensor(x, undefined, "neg");
  return negPrim(t.dtype === "bool" ? cast(t, "int32") : t);
}

/**
 * a^b elementwise with broadcasting. d(a^b) = b·a^(b−1) da + ln(a)·a^b db.
 * NOTE: two int32 operands give int32 (computed in float64 and truncated; negative exponents
 * truncate towards zero instead of raising as numpy does).
 *
 * @example
 * pow(tensor([2, 3]), 2); // [4, 9]
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = arithmetic(a, b, "pow");
  if (x.dtype === "int32") return cast(powPrim(cast(x, "float64"), cast(y, "float64")), "int32");
  return powPrim(x, y);
}

/**
 * x² elementwise (d x² = 2x dx).
 *
 * @example
 * square(tensor([-3])); // [9]
 */
export function square(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, "square");
  return mul(t, t);
}

/**
 * 1/x elementwise (d(1/x) = −dx/x²); integers give float32.
 *
 * @example
 * reciprocal(tensor([2, 4])); // [0.5, 0.25]
 */
export function reciprocal(x: TensorLike): Tensor {
  const t = toFloat(x, "reciprocal");
  return divPrim(toTensor(1, t), t);
}
