import { atan2 as atan2Prim } from "../primitives/binary/atan2.js";
import { maximum as maximumPrim } from "../primitives/binary/maximum.js";
import { greaterEqual as greaterEqualPrim } from "../primitives/compare/greater-equal.js";
import { lessEqual as lessEqualPrim } from "../primitives/compare/less-equal.js";
import { logicalOr as logicalOrPrim } from "../primitives/compare/logical-or.js";
import { notEqual as notEqualPrim } from "../primitives/compare/not-equal.js";
import { where as wherePrim } from "../primitives/other/where.js";
import { abs as absPrim } from "../primitives/unary/abs.js";
import { acos as acosPrim } from "../primitives/unary/acos.js";
import { asin as asinPrim } from "../primitives/unary/asin.js";
import { atan as atanPrim } from "../primitives/unary/atan.js";
import { ceil as ceilPrim } from "../primitives/unary/ceil.js";
import { cos as cosPrim } from "../primitives/unary/cos.js";
import { cosh as coshPrim } from "../primitives/unary/cosh.js";
import { erf as erfPrim } from "../primitives/unary/erf.js";
import { exp as expPrim } from "../primitives/unary/exp.js";
import { expm1 as expm1Prim } from "../primitives/unary/expm1.js";
import { floor as floorPrim } from "../primitives/unary/floor.js";
import { log as logPrim } from "../primitives/unary/log.js";
import { log1p as log1pPrim } from "../primitives/unary/log1p.js";
import { neg as negPrim } from "../primitives/unary/neg.js";
import { round as roundPrim } from "../primitives/unary/round.js";
import { sign as signPrim } from "../primitives/unary/sign.js";
import { sin as sinPrim } from "../primitives/unary/sin.js";
import { sinh as sinhPrim } from "../primitives/unary/sinh.js";
import { sqrt as sqrtPrim } from "../primitives/unary/sqrt.js";
import { tan as tanPrim } from "../primitives/unary/tan.js";
import { tanh as tanhPrim } from "../primitives/unary/tanh.js";
import { isFloat } from "../core/dtype.js";
import { ScalarOp } from "../interpreters/scalar-rules.js";
import type { Tensor } from "../tensor/tensor.js";
import { reciprocal } from "./arithmetic.js";
import { scalarUnaryOp } from "./scalar-entry.js";
import { checkBroadcast, promoteFloatOperands, promoteOperands, toFloat, toTensor, type TensorLike } from "./tensor-like.js";

/** eˣ elementwise. @example exp(tensor([0, 1])); // [1, 2.7183] */
export function exp(x: TensorLike): Tensor {
  return scalarUnaryOp(ScalarOp.exp, x) ?? expPrim(toFloat(x, "exp"));
}

/** Natural logarithm elementwise (−∞ at 0, NaN below). @example log(tensor([1, Math.E])); // [0, 1] */
export function log(x: TensorLike): Tensor {
  return scalarUnaryOp(ScalarOp.log, x) ?? logPrim(toFloat(x, "log"));
}

/** ln(1 + x), accurate for small x. @example log1p(tensor([1e-10])); // [1e-10] */
export function log1p(x: TensorLike): Tensor {
  return log1pPrim(toFloat(x, "log1p"));
}

/** eˣ − 1, accurate for small x. @example expm1(tensor([1e-10])); // [1e-10] */
export function expm1(x: TensorLike): Tensor {
  return expm1Prim(toFloat(x, "expm1"));
}

/** Sine elementwise (radians). @example sin(tensor([0, Math.PI / 2])); // [0, 1] */
export function sin(x: TensorLike): Tensor {
  return scalarUnaryOp(ScalarOp.sin, x) ?? sinPrim(toFloat(x, "sin"));
}

/** Cosine elementwise (radians). @example cos(tensor([0])); // [1] */
export function cos(x: TensorLike): Tensor {
  return scalarUnaryOp(ScalarOp.cos, x) ?? cosPrim(toFloat(x, "cos"));
}

/** Tangent elementwise (radians). @example tan(tensor([Math.PI / 4])); // [1] */
export function tan(x: TensorLike): Tensor {
  return tanPrim(toFloat(x, "tan"));
}

/** Inverse sine, in [−π/2, π/2]. @example asin(tensor([1])); // [1.5708] */
export function asin(x: TensorLike): Tensor {
  return asinPrim(toFloat(x, "asin"));
}

/** Inverse cosine, in [0, π]. @example acos(tensor([1])); // [0] */
export function acos(x: TensorLike): Tensor {
  return acosPrim(toFloat(x, "acos"));
}

/** Inverse tangent, in (−π/2, π/2). @example atan(tensor([1])); // [0.7854] */
export function atan(x: TensorLike): Tensor {
  return atanPrim(toFloat(x, "atan"));
}

/** Hyperbolic sine. @example sinh(tensor([0])); // [0] */
export function sinh(x: TensorLike): Tensor {
  return sinhPrim(toFloat(x, "sinh"));
}

/** Hyperbolic cosine. @example cosh(tensor([0])); // [1] */
export function cosh(x: TensorLike): Tensor {
  return coshPrim(toFloat(x, "cosh"));
}

/** Hyperbolic tangent. @example tanh(tensor([0, 100])); // [0, 1] */
export function tanh(x: TensorLike): Tensor {
  return scalarUnaryOp(ScalarOp.tanh, x) ?? tanhPrim(toFloat(x, "tanh"));
}

/**
 * |x| elementwise; integers stay integers.
 * NOTE: abs'(0) = 0 (sign(0)), the least-norm subgradient (PyTorch's convention).
 *
 * @example
 * abs(tensor([-2, 3])); // [2, 3]
 */
export function abs(x: TensorLike): Tensor {
  return absPrim(toTensor(x, undefined, "abs"));
}

/** −1, 0 or 1 elementwise (sign(0) = 0, zero derivative). @example sign(tensor([-2, 0, 5])); // [-1, 0, 1] */
export function sign(x: TensorLike): Tensor {
  return signPrim(toTensor(x, undefined, "sign"));
}

/** √x elementwise (its derivative is +∞ at 0, IEEE). @example sqrt(tensor([4, 9])); // [2, 3] */
export function sqrt(x: TensorLike): Tensor {
  return scalarUnaryOp(ScalarOp.sqrt, x) ?? sqrtPrim(toFloat(x, "sqrt"));
}

/** 1/√x elementwise. d x^(−½) = −½ x^(−3/2) dx. @example rsqrt(tensor([4])); // [0.5] */
export function rsqrt(x: TensorLike): Tensor {
  return reciprocal(sqrtPrim(toFloat(x, "rsqrt")));
}

/** The error function. d erf x = (2/√π) e^(−x²) dx. @example erf(tensor([0])); // [0] */
export function erf(x: TensorLike): Tensor {
  return erfPrim(toFloat(x, "erf"));
}

/** Rounds down (zero derivative; integers unchanged). @example floor(tensor([1.7, -1.2])); // [1, -2] */
export function floor(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, "floor");
  return isFloat(t.dtype) ? floorPrim(t) : t;
}

/** Rounds up (zero derivative; integers unchanged). @example ceil(tensor([1.2])); // [2] */
export function ceil(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, "ceil");
  return isFloat(t.dtype) ? ceilPrim(t) : t;
}

/** Rounds to nearest, ties to even as numpy (zero derivative). @example round(tensor([0.5, 1.5])); // [0, 2] */
export function round(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, "round");
  return isFloat(t.dtype) ? roundPrim(t) : t;
}

/**
 * The angle of the point (b, a), in (−π, π], with broadcasting.
 * ∂/∂a = b/(a² + b²), ∂/∂b = −a/(a² + b²).
 *
 * @example
 * atan2(tensor([1]), tensor([-1])); // [2.3562]
 */
export function atan2(a: TensorLike, b: TensorLike): Tensor {
  const [y, x] = promoteFloatOperands(a, b, "atan2");
  return atan2Prim(y, x);
}

/**
 * Elementwise maximum with broadcasting; NaN propagates.
 * NOTE: at ties a = b each operand gets half the derivative (PyTorch's convention), so
 * `maximum(x, 0)` has derivative ½ at x = 0 while `relu` has 0.
 *
 * @example
 * maximum(tensor([1, 5]), 3); // [3, 5]
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promoteOperands(a, b, "maximum");
  return isFloat(x.dtype) ? maximumPrim(x, y) : wherePrim(greaterEqualPrim(x, y), x, y);
}

/**
 * Elementwise minimum with broadcasting; NaN propagates. min(a, b) = −max(−a, −b).
 * NOTE: ties share the derivative evenly, as for `maximum`.
 *
 * @example
 * minimum(tensor([1, 5]), 3); // [1, 3]
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promoteOperands(a, b, "minimum");
  checkBroadcast(x, y, "minimum");
  return isFloat(x.dtype) ? negPrim(maximumPrim(negPrim(x), negPrim(y))) : wherePrim(lessEqualPrim(x, y), x, y);
}

/** `hit`, or where the bound `b` is NaN (a float tensor bound, or the number NaN). */
function orNaNBound(hit: Tensor, b: Tensor, bound: TensorLike): Tensor {
  if ((typeof bound === "number" && !Number.isNaN(bound)) || !isFloat(b.dtype)) return hit;
  return logicalOrPrim(hit, notEqualPrim(b, b));
}

/**
 * Limits x to [lo, hi] (either bound may be omitted with null/undefined); NaN stays NaN.
 * NOTE: the derivative with respect to x is 1 strictly inside (lo, hi) and 0 at and beyond the
 * bounds (the derivative at a bound goes to that bound when it is a tensor).
 *
 * @example
 * clamp(tensor([-2, 0.5, 3]), 0, 1); // [0, 0.5, 1]
 */
export function clamp(x: TensorLike, lo?: TensorLike | null, hi?: TensorLike | null): Tensor {
  // NOTE: a NaN bound gives NaN (PyTorch's and JAX's clamp), checked per element only for float
  // tensor bounds; a number bound costs nothing extra.
  let y = toTensor(x, undefined, "clamp");
  if (lo !== undefined && lo !== null) {
    const [a, l] = promoteOperands(y, lo, "clamp");
    checkBroadcast(a, l, "clamp");
    y = wherePrim(orNaNBound(lessEqualPrim(a, l), l, lo), l, a);
  }
  if (hi !== undefined && hi !== null) {
    const [a, h] = promoteOperands(y, hi, "clamp");
    checkBroadcast(a, h, "clamp");
    y = wherePrim(orNaNBound(greaterEqualPrim(a, h), h, hi), h, a);
  }
  return y;
}
