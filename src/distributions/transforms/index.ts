// Bijections between constrained spaces (torch.distributions.transforms, camelCased).
// NOTE: parameter-free transforms are shared instances (`transforms.exp.forward(x)`); those with
// parameters are functions (`transforms.affine(loc, scale)`); of the classes only the base
// `Transform` is public (to write new transforms).
import type { TensorLike } from "../../ops/index.js";
import { AffineTransform } from "./affine.js";
import { ComposeTransform } from "./compose.js";
import { CorrCholeskyTransform } from "./corr-cholesky.js";
import { ExpTransform } from "./exp.js";
import { IndependentTransform } from "./independent.js";
import { LowerCholeskyTransform } from "./lower-cholesky.js";
import { OrderedTransform } from "./ordered.js";
import { PositiveDefiniteTransform } from "./positive-definite.js";
import { PowerTransform } from "./power.js";
import { SigmoidTransform } from "./sigmoid.js";
import { SoftmaxTransform } from "./softmax.js";
import { SoftplusTransform } from "./softplus.js";
import { StickBreakingTransform } from "./stick-breaking.js";
import { TanhTransform } from "./tanh.js";
import type { Transform } from "./transform.js";

export { Transform } from "./transform.js";

/** y = eˣ: reals → positive. */
export const exp: Transform = new ExpTransform();
/** y = ln(1 + eˣ): reals → positive. */
export const softplus: Transform = new SoftplusTransform();
/** y = σ(x): reals → [0, 1]. */
export const sigmoid: Transform = new SigmoidTransform();
/** y = tanh x: reals → (−1, 1). */
export const tanh: Transform = new TanhTransform();
/** R^(K−1) → the simplex of K. */
export const stickBreaking: Transform = new StickBreakingTransform();
/** Square matrices → lower Cholesky factors (diagonal exponentiated). */
export const lowerCholesky: Transform = new LowerCholeskyTransform();
/** R^(K(K−1)/2) → Cholesky factors of K×K correlation matrices. */
export const corrCholesky: Transform = new CorrCholeskyTransform();
/** Square matrices → symmetric positive-definite matrices (L·Lᵀ of lowerCholesky). */
export const positiveDefinite: Transform = new PositiveDefiniteTransform();
/** R^K → strictly increasing vectors. */
export const ordered: Transform = new OrderedTransform();
/** y = softmax(x): real vectors → the simplex; not injective (no log-det). */
export const softmax: Transform = new SoftmaxTransform();
/** The identity on the reals (the empty chain). */
export const identity: Transform = new ComposeTransform([]);

/** y = loc + scale·x on events of `eventDim` axes (default 0: elementwise). */
export function affine(loc: TensorLike, scale: TensorLike, eventDim = 0): Transform {
  return new AffineTransform(loc, scale, eventDim);
}

/** y = x^exponent: positive → positive. */
export function power(exponent: TensorLike): Transform {
  return new PowerTransform(exponent);
}

/** The chain that applies `parts` first to last. */
export function compose(...parts: Transform[]): Transform {
  return new ComposeTransform(parts);
}

/** `base` with its last `n` batch axes counted as event axes. */
export function independent(base: Transform, n: number): Transform {
  return new IndependentTransform(base, n);
}
