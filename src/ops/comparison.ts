import { equal as equalPrim } from "../primitives/compare/equal.js";
import { greaterEqual as greaterEqualPrim } from "../primitives/compare/greater-equal.js";
import { greater as greaterPrim } from "../primitives/compare/greater.js";
import { lessEqual as lessEqualPrim } from "../primitives/compare/less-equal.js";
import { less as lessPrim } from "../primitives/compare/less.js";
import { logicalAnd as logicalAndPrim } from "../primitives/compare/logical-and.js";
import { logicalOr as logicalOrPrim } from "../primitives/compare/logical-or.js";
import { notEqual as notEqualPrim } from "../primitives/compare/not-equal.js";
import { where as wherePrim } from "../primitives/other/where.js";
import { logicalNot as logicalNotPrim } from "../primitives/unary/logical-not.js";
import { full } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { promoteCompareOperands, promoteOperands, toTensor, type TensorLike } from "./tensor-like.js";

/** A bool view of a value: nonzero is true (numpy's truthiness). */
export function toBool(x: TensorLike, op: string): Tensor {
  if (typeof x === "number") return full([], x, { dtype: "bool" });
  const t = toTensor(x, undefined, op);
  return t.dtype === "bool" ? t : notEqualPrim(t, full([], 0, { dtype: t.dtype }));
}

/** a > b elementwise with broadcasting (bool, no derivative). @example greater(tensor([1, 3]), 2); // [false, true] */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return greaterPrim(...promoteCompareOperands(a, b, "greater"));
}

/** a ≥ b elementwise (bool). @example greaterEqual(tensor([1, 2]), 2); // [false, true] */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor {
  return greaterEqualPrim(...promoteCompareOperands(a, b, "greaterEqual"));
}

/** a < b elementwise (bool). @example less(tensor([1, 3]), 2); // [true, false] */
export function less(a: TensorLike, b: TensorLike): Tensor {
  return lessPrim(...promoteCompareOperands(a, b, "less"));
}

/** a ≤ b elementwise (bool). @example lessEqual(tensor([1, 3]), 1); // [true, false] */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor {
  return lessEqualPrim(...promoteCompareOperands(a, b, "lessEqual"));
}

/** a = b elementwise (bool; NaN ≠ NaN). @example equal(tensor([1, 2]), 2); // [false, true] */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return equalPrim(...promoteCompareOperands(a, b, "equal"));
}

/** a ≠ b elementwise (bool). @example notEqual(tensor([1, 2]), 2); // [true, false] */
export function notEqual(a: TensorLike, b: TensorLike): Tensor {
  return notEqualPrim(...promoteCompareOperands(a, b, "notEqual"));
}

/** a ∧ b elementwise; non-bool operands count as nonzero. @example logicalAnd(tensor([true, true]), tensor([true, false])); // [true, false] */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return logicalAndPrim(toBool(a, "logicalAnd"), toBool(b, "logicalAnd"));
}

/** a ∨ b elementwise; non-bool operands count as nonzero. @example logicalOr(tensor([true, false]), false); // [true, false] */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return logicalOrPrim(toBool(a, "logicalOr"), toBool(b, "logicalOr"));
}

/** ¬x elementwise; non-bool values count as nonzero. @example logicalNot(tensor([true, false])); // [false, true] */
export function logicalNot(x: TensorLike): Tensor {
  return logicalNotPrim(toBool(x, "logicalNot"));
}

/**
 * cond ? a : b elementwise, broadcasting all three; the derivative flows to the branch taken.
 * NOTE: the untaken branch is still evaluated, and 0 · ∞ = NaN inside its own derivative: to
 * differentiate `where(x > 0, log(x), 0)` at x ≤ 0, also guard the input ("double where"):
 * `where(x > 0, log(where(x > 0, x, 1)), 0)`.
 *
 * @example
 * where(greater(x, 0), x, 0); // relu
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = toBool(cond, "where");
  return wherePrim(c, ...promoteOperands(a, b, "where"));
}
