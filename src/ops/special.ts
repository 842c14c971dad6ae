import { argumentError, checkInteger } from "../core/validate.js";
import { digamma as digammaPrim } from "../primitives/special/digamma.js";
import { erfc as erfcPrim } from "../primitives/special/erfc.js";
import { erfinv as erfinvPrim } from "../primitives/special/erfinv.js";
import { lgamma as lgammaPrim } from "../primitives/special/lgamma.js";
import { polygamma as polygammaPrim } from "../primitives/special/polygamma.js";
import { betaincOrder } from "../primitives/special/betainc.js";
import { gammaincOrder, gammaincc as gammainccPrim } from "../primitives/special/gammainc.js";
import { broadcastShapes } from "../core/shape.js";
import { cast } from "./cast.js";
import { broadcastTo } from "./shape-ops.js";
import type { Tensor } from "../tensor/tensor.js";
import { customJvp } from "../transforms/custom-jvp.js";
import { add, mul, neg, sub } from "./arithmetic.js";
import { equal, greater, less, lessEqual, logicalAnd, logicalNot, logicalOr, where } from "./comparison.js";
import { sigmoid } from "./activations.js";
import { abs, exp, expm1, log, log1p, maximum } from "./elementwise.js";
import { isFinite } from "./is-finite.js";
import { asFloat, checkBroadcast, promoteFloatOperands, toFloat, toTensor, type TensorLike } from "./tensor-like.js";

/**
 * ln |Γ(x)| elementwise (torch.lgamma): +∞ at the poles 0, −1, −2, …; d lnΓ(x) = ψ(x) dx, to any order.
 * Float64 error on (0, 100]: ≤ 5e-16 relative (absolute near the zeros 1 and 2).
 *
 * @example
 * lgamma(tensor([0.5, 1, 100])); // [0.5724, 0, 359.1342]
 */
export function lgamma(x: TensorLike): Tensor {
  return lgammaPrim(toFloat(x, "lgamma"));
}

/**
 * The digamma function ψ(x) = d ln Γ(x)/dx elementwise (torch.digamma): ψ(±0) = ∓∞, NaN at the
 * negative integers; dψ = ψ⁽¹⁾ dx. Float64 error for x > 0: ≤ 1e-15·max(1, |ψ(x)|).
 *
 * @example
 * digamma(tensor([1])); // [-0.5772] (−γ)
 */
export function digamma(x: TensorLike): Tensor {
  return digammaPrim(toFloat(x, "digamma"));
}

/**
 * The polygamma function ψ⁽ⁿ⁾(x), the n-th derivative of ψ (torch.polygamma); n is an integer in [0, 170]
 * (polygamma(0, x) = digamma(x)), and dψ⁽ⁿ⁾ = ψ⁽ⁿ⁺¹⁾ dx. Float64 error for x > 0: ≤ 1e-15 relative.
 *
 * @example
 * polygamma(1, tensor([1])); // [1.6449] (π²/6)
 */
export function polygamma(n: number, x: TensorLike): Tensor {
  // NOTE: n ≤ 170, where n! (a factor of ψ⁽ⁿ⁾ = (−1)ⁿ⁺¹ n! ζ(n + 1, x)) is still finite in float64;
  // the kernel's work grows with n, so an unbounded n would also hang.
  checkInteger(n, "polygamma", "n", 0, 170);
  const t = toFloat(x, "polygamma");
  return n === 0 ? digammaPrim(t) : polygammaPrim(n, t);
}

/**
 * The inverse error function on [−1, 1] (torch.erfinv): ±∞ at ±1, NaN outside;
 * d erfinv y = (√π/2) e^{erfinv(y)²} dy. Float64 error: ≤ 1e-15 relative.
 *
 * @example
 * erfinv(tensor([0.5])); // [0.4769]
 */
export function erfinv(x: TensorLike): Tensor {
  return erfinvPrim(toFloat(x, "erfinv"));
}

/**
 * The complementary error function 1 − erf(x) (torch.special.erfc), accurate in the upper tail
 * where 1 − erf(x) rounds to 0; d erfc x = −(2/√π) e^{−x²} dx. Float64 error: ≤ 1e-15 relative.
 *
 * @example
 * erfc(tensor([10])); // [2.0885e-45]
 */
export function erfc(x: TensorLike): Tensor {
  return erfcPrim(toFloat(x, "erfc"));
}

/**
 * x·ln y elementwise with 0 where x = 0 (torch.xlogy): xlogy(0, 0) = xlogy(0, ∞) = 0, but
 * xlogy(0, NaN) = NaN. ∂/∂x = ln y (also at x = 0, as JAX), ∂/∂y = x/y. Where x = 0 and y is
 * 0, negative or ∞ the log sees 1 instead ("double where"): the value and both partials are 0 there,
 * so no −∞ or NaN leaks into any derivative.
 *
 * @example
 * xlogy(tensor([0, 2]), tensor([0, Math.E])); // [0, 2]
 */
export function xlogy(x: TensorLike, y: TensorLike): Tensor {
  const [tx, ty] = promoteFloatOperands(x, y, "xlogy", ["argument 1 (x)", "argument 2 (y)"]);
  checkBroadcast(tx, ty, "xlogy");
  // y ∉ (0, ∞) where x = 0 would make 0·(±∞ or NaN); a NaN y is not replaced (0·NaN = NaN).
  const replace = logicalAnd(equal(tx, 0), logicalOr(lessEqual(ty, 0), equal(ty, Infinity)));
  return mul(tx, log(where(replace, 1, ty)));
}

/**
 * ln(p / (1 − p)) elementwise (torch.logit), computed as ln p − ln1p(−p); d logit p = dp / (p(1 − p)).
 * With `eps`, p is first clamped to [eps, 1 − eps] (its derivative is 0 outside that interval).
 *
 * @example
 * logit(tensor([0.5, 0.75])); // [0, 1.0986]
 */
export function logit(p: TensorLike, eps?: number): Tensor {
  let t = toFloat(p, "logit", "p");
  if (eps !== undefined) {
    if (typeof eps !== "number" || !(eps >= 0 && eps <= 0.5)) throw argumentError("logit", "eps", "a number in [0, 0.5]", eps);
    t = where(less(t, eps), eps, where(greater(t, 1 - eps), 1 - eps, t));
  }
  return sub(log(t), log1p(neg(t)));
}

/**
 * δ = a − b, with 0 where a and b are the same infinity (a − b would be NaN there). Where both
 * are equal and finite δ is a − b itself, so its derivatives there are those of a − b.
 */
function logaddexpDelta(a: Tensor, b: Tensor): Tensor {
  const sameInfinity = logicalAnd(equal(a, b), logicalNot(isFinite(a)));
  return where(sameInfinity, 0, sub(a, b));
}

// d logaddexp(a, b) = σ(a − b) da + σ(b − a) db (the softmax weights). The value's own formula
// max + log1p(e^{−|a−b|}) has the right first derivative but a wrong second one at a = b (abs″),
// so the rule is given, in terms of sigmoid (itself stable to every order).
const logaddexpStable: (a: Tensor, b: Tensor) => Tensor = customJvp(
  function logaddexp(a: Tensor, b: Tensor) {
    return add(maximum(a, b), log1p(exp(neg(abs(logaddexpDelta(a, b))))));
  },
  ([a, b], [ta, tb]) => {
    const d = logaddexpDelta(a!, b!);
    return [logaddexpStable(a!, b!), add(mul(ta!, sigmoid(d)), mul(tb!, sigmoid(neg(d))))];
  },
);

/**
 * ln(eᵃ + eᵇ) elementwise, stable for any inputs (torch.logaddexp): max + ln1p(e^{−|a−b|});
 * logaddexp(−∞, −∞) = −∞ with gradient ½, ½ (no NaN). Its gradient is the softmax weights
 * (σ(a − b), σ(b − a)), and every higher derivative is exact (custom rule).
 *
 * @example
 * logaddexp(tensor([1000, -Infinity]), tensor([1000, -Infinity])); // [1000.6931, -Infinity]
 */
export function logaddexp(a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb] = promoteFloatOperands(a, b, "logaddexp", ["argument 1 (a)", "argument 2 (b)"]);
  checkBroadcast(ta, tb, "logaddexp");
  return logaddexpStable(ta, tb);
}

/**
 * ln(1 − eˣ) for x ≤ 0 (NaN for x > 0), by Mächler's algorithm ("Accurately computing
 * log(1 − exp(−|a|))", 2012): ln(−expm1(x)) for x > −ln 2, ln1p(−eˣ) below. Each branch only
 * sees arguments in its own range (double where), so no ∞ or NaN from the other branch reaches a
 * derivative; d log1mexp(x) = eˣ/expm1(x) dx.
 *
 * @example
 * log1mexp(tensor([-1e-20, -50])); // [-46.0517, -1.9287e-22]
 */
export function log1mexp(x: TensorLike): Tensor {
  const t = toFloat(x, "log1mexp");
  const near = greater(t, -Math.LN2);
  const a = log(neg(expm1(where(near, t, -1))));
  const b = log1p(neg(exp(where(near, -1, t))));
  return where(near, a, b);
}

/** Float operands of one dtype (float64 if any is) broadcast to one shape; errors name `op` and the argument. */
function broadcastFloats(op: string, names: readonly string[], xs: readonly TensorLike[]): Tensor[] {
  const given = xs.map((x, i) => (typeof x === "number" ? x : asFloat(toTensor(x, undefined, op, names[i]))));
  const first = given.find((x): x is Tensor => typeof x !== "number");
  const ts = given.map((x, i) => (typeof x === "number" ? toTensor(x, first, op, names[i]) : x));
  const dtype = ts.some((t) => t.dtype === "float64") ? "float64" : "float32";
  let shape: number[] = [];
  for (const t of ts) shape = broadcastShapes(shape, t.shape, op);
  return ts.map((t) => broadcastTo(t.dtype === dtype ? t : cast(t, dtype), shape));
}

/**
 * The regularised lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a) (JAX/scipy `gammainc`,
 * torch.special.gammainc), a ≥ 0, x ≥ 0 (NaN outside; P(a, 0) = 0, P(a, ∞) = 1, P(0, x > 0) = 1).
 * Differentiable in both arguments to any order: ∂P/∂x = x^{a−1}e⁻ˣ/Γ(a), and the a-derivatives
 * come from the series and continued fraction differentiated exactly (as truncated Taylor series).
 * Float64 error against mpmath for a ∈ [0.001, 100], x ∈ [0.001, 150]: ≤ 5e-14 relative for P, Q
 * and ∂P/∂a, ≤ 5e-13 for ∂²P/∂a² (relative, absolute below 1e-3); it grows like a·1e-16 for large a
 * (the prefactor xᵃe⁻ˣ/Γ(a)), and the work like √a. Cost: about 1 µs per element for P, 2 µs for
 * ∂P/∂a (dual numbers); second and higher a-derivatives use truncated Taylor arithmetic (~100 µs).
 *
 * @example
 * gammainc(tensor([1, 2]), tensor([1, 3])); // [0.6321, 0.8009]
 */
export function gammainc(a: TensorLike, x: TensorLike): Tensor {
  const [ta, tx] = broadcastFloats("gammainc", ["a", "x"], [a, x]);
  return gammaincOrder(ta!, tx!, 0, 0);
}

/**
 * The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x) (JAX/scipy `gammaincc`),
 * computed directly so that it keeps its relative accuracy where it is tiny (the Gamma
 * distribution's upper tail). Differentiable to any order (dQ = −dP). Accuracy as `gammainc`.
 *
 * @example
 * gammaincc(tensor([1]), tensor([50])); // [1.9287e-22] (e⁻⁵⁰)
 */
export function gammaincc(a: TensorLike, x: TensorLike): Tensor {
  const [ta, tx] = broadcastFloats("gammaincc", ["a", "x"], [a, x]);
  return gammainccPrim(ta!, tx!);
}

/**
 * The regularised incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b) (JAX/scipy `betainc`),
 * a, b > 0, x ∈ [0, 1] (NaN outside). Differentiable in a, b and x to any order:
 * ∂I/∂x = x^{a−1}(1 − x)^{b−1}/B(a, b), and the a- and b-derivatives come from the continued
 * fraction differentiated exactly (as truncated Taylor series). Float64 error against mpmath for
 * a, b ∈ [0.05, 100]: ≤ 1e-12 relative, ≤ 5e-12 for ∂I/∂a, ∂I/∂b and ∂²I/∂a∂b (relative, absolute
 * below 1e-3); it grows with a + b (the cancellation in ln B(a, b)), and the work like √(a + b).
 * Cost: about 3 µs per element for I, 15 µs for ∂I/∂a or ∂I/∂b (dual numbers); second and higher
 * parameter derivatives use truncated Taylor arithmetic (~200 µs).
 *
 * @example
 * betainc(tensor([2]), tensor([3]), tensor([0.7])); // [0.9163]
 */
export function betainc(a: TensorLike, b: TensorLike, x: TensorLike): Tensor {
  const [ta, tb, tx] = broadcastFloats("betainc", ["a", "b", "x"], [a, b, x]);
  return betaincOrder(ta!, tb!, tx!, { da: 0, db: 0, dx: 0 });
}
