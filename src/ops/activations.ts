import { checkFiniteNumber, checkOptions, showValue } from "../core/validate.js";
import { ArgumentError } from "../core/errors.js";
import { isFloat } from "../core/dtype.js";
import { customJvp } from "../transforms/custom-jvp.js";
import type { Tensor } from "../tensor/tensor.js";
import { add, mul, neg, reciprocal } from "./arithmetic.js";
import { greater, greaterEqual, lessEqual, where } from "./comparison.js";
import { abs, erf, exp, expm1, log1p, maximum, tanh } from "./elementwise.js";
import { toFloat, toTensor, type TensorLike } from "./tensor-like.js";
import { reluPrim } from "./relu-primitive.js";

/** σ(x) from e = exp(−|x|), which never overflows: 1/(1 + e) for x ≥ 0, e/(1 + e) below. */
function sigmoidValue(x: Tensor): Tensor {
  const e = exp(neg(abs(x)));
  const r = reciprocal(add(e, 1));
  return where(greaterEqual(x, 0), r, mul(e, r));
}

// dσ = σ(x)·σ(−x) dx: both factors are computed stably, so the derivative is 0 (not NaN) at ±1000
// and keeps full relative precision in the tails (1 − σ(x) would round to 0 there).
const sigmoidStable: (x: Tensor) => Tensor = customJvp(
  function sigmoid(x: Tensor) {
    return sigmoidValue(x);
  },
  ([x], [t]) => {
    const y = sigmoidStable(x!);
    return [y, mul(t!, mul(y, sigmoidStable(neg(x!))))];
  },
);

// d softplus = σ(x) dx. The value max(x, 0) + log1p(e^(−|x|)) never overflows; differentiating
// that formula would give the right first derivative but a wrong second one at 0 (abs'(0) = 0).
const softplusStable: (x: Tensor) => Tensor = customJvp(
  function softplus(x: Tensor) {
    return add(maximum(x, 0), log1p(exp(neg(abs(x)))));
  },
  ([x], [t]) => [softplusStable(x!), mul(t!, sigmoidStable(x!))],
);

/**
 * The logistic function 1/(1 + e^(−x)), stable in value and derivative for any x (custom rule).
 *
 * @example
 * sigmoid(tensor([0, -1000])); // [0.5, 0]
 */
export function sigmoid(x: TensorLike): Tensor {
  return sigmoidStable(toFloat(x, "sigmoid"));
}

/**
 * ln(1 + eˣ), stable for any x (custom rule: d softplus = σ(x) dx).
 *
 * @example
 * softplus(tensor([0, 1000])); // [0.6931, 1000]
 */
export function softplus(x: TensorLike): Tensor {
  return softplusStable(toFloat(x, "softplus"));
}

/**
 * ln σ(x) = −softplus(−x), stable for any x. d ln σ(x) = σ(−x) dx.
 *
 * @example
 * logSigmoid(tensor([0, -1000])); // [-0.6931, -1000]
 */
export function logSigmoid(x: TensorLike): Tensor {
  return neg(softplusStable(neg(toFloat(x, "logSigmoid"))));
}

/**
 * max(x, 0) elementwise, written `where(x ≤ 0, 0, x)`.
 * NOTE: relu'(0) = 0 (PyTorch, JAX's nn.relu); `maximum(x, 0)` would share the tie and give ½.
 * NOTE: NaN propagates (relu(NaN) = NaN, as PyTorch and JAX): NaN ≤ 0 is false, so NaN takes the
 * identity branch, and its cotangent passes through unchanged (PyTorch's threshold_backward).
 *
 * @example
 * relu(tensor([-1, 0, 2])); // [0, 0, 2]
 */
export function relu(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, "relu");
  // NOTE: floats take the fused primitive (one pass each way); integers keep the composite.
  return isFloat(t.dtype) ? reluPrim(t) : where(lessEqual(t, 0), 0, t);
}

/**
 * x for x > 0, `negativeSlope`·x otherwise.
 * NOTE: the derivative at 0 is `negativeSlope` (the left branch, as PyTorch).
 *
 * @example
 * leakyRelu(tensor([-10, 5]), 0.1); // [-1, 5]
 */
export function leakyRelu(x: TensorLike, negativeSlope = 0.01): Tensor {
  const t = toFloat(x, "leakyRelu");
  checkFiniteNumber(negativeSlope, "leakyRelu", "negativeSlope");
  return where(greater(t, 0), t, mul(t, negativeSlope));
}

/**
 * x for x > 0, α(eˣ − 1) otherwise. The exponential sees min(x, 0) only ("double where"), so a
 * large positive x cannot make an ∞ that would turn the masked derivative into NaN.
 * NOTE: the derivative at 0 is α (the left branch, as PyTorch).
 *
 * @example
 * elu(tensor([-1, 2])); // [-0.6321, 2]
 */
export function elu(x: TensorLike, alpha = 1): Tensor {
  const t = toFloat(x, "elu");
  checkFiniteNumber(alpha, "elu", "alpha");
  const positive = greater(t, 0);
  return where(positive, t, mul(expm1(where(positive, 0, t)), alpha));
}

/** Options of `gelu`. */
export interface GeluOptions {
  /** "none" (default): the exact form with erf; "tanh": the tanh approximation. */
  approximate?: "none" | "tanh";
}

/**
 * Gaussian error linear unit x·Φ(x) = ½x(1 + erf(x/√2)); with `{ approximate: "tanh" }`
 * ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 *
 * @example
 * gelu(tensor([0, 1])); // [0, 0.8413]
 */
export function gelu(x: TensorLike, opts: GeluOptions = {}): Tensor {
  const t = toFloat(x, "gelu");
  const approximate = checkOptions<GeluOptions>(opts, "gelu").approximate ?? "none";
  if (approximate === "tanh") {
    const inner = mul(add(t, mul(mul(mul(t, t), t), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(t, 0.5), add(tanh(inner), 1));
  }
  if (approximate !== "none") throw new ArgumentError(`gelu: approximate must be "none" or "tanh", got ${showValue(approximate)}`);
  return mul(mul(t, 0.5), add(erf(mul(t, Math.SQRT1_2)), 1));
}

/**
 * x·σ(x) (also called swish). d silu = (σ(x) + x·σ(x)σ(−x)) dx.
 *
 * @example
 * silu(tensor([0, 1])); // [0, 0.7311]
 */
export function silu(x: TensorLike): Tensor {
  const t = toFloat(x, "silu");
  return mul(t, sigmoidStable(t));
}
