import { ArgumentError } from "../../core/errors.js";
import { showValue } from "../../core/validate.js";
import { argumentError, checkFiniteNumber, inFunction } from "../../core/validate.js";
/**
 * The `Norm` abstraction: everything a steepest-descent step needs to know about a norm.
 *
 * For a norm ‖·‖ on the parameters, the dual norm is ‖g‖_* = max_{‖v‖≤1} ⟨g, v⟩, and `dualize(g)`
 * is a maximiser: ‖dualize(g)‖ = 1 and ⟨g, dualize(g)⟩ = ‖g‖_* (the steepest *ascent* direction of
 * unit size, the same sign convention as Modula's `dualize`). Optimizers subtract it:
 *
 *   normalized step     w ← w − lr · dualize(g)
 *   unnormalized step   w ← w − lr · sharp(g),   sharp(g) = ‖g‖_* · dualize(g)
 *
 * `sharp(g)` = argmax_v ⟨g, v⟩ − ½‖v‖² (Kelner et al.'s g♯; Boyd & Vandenberghe's −Δx_sd); for ℓ2
 * it is g itself, which is why plain gradient descent is unnormalized ℓ2 steepest descent.
 * Every norm works on a tensor and on a tree of tensors, and maps a zero gradient to zero, never NaN.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { scaleTree, type ParamTree } from "../tree.js";

/** A norm on a tensor or a tree of tensors, with its dual norm and dualization map. */
export interface Norm {
  /** A readable description, e.g. `"spectral(newtonSchulz: jiacheng, 6 steps)"`; saved in state dicts. */
  readonly name: string;
  /** ‖w‖. */
  norm(w: ParamTree): number;
  /** The dual norm ‖g‖_* = max_{‖v‖≤1} ⟨g, v⟩. */
  dual(g: ParamTree): number;
  /** A unit-norm maximiser d of ⟨g, d⟩, with the structure of g (0 for g = 0). */
  dualize<T extends ParamTree>(g: T): T;
  /** Optional fused form of dual(g) · dualize(g) (the unnormalized step direction). */
  sharp?<T extends ParamTree>(g: T): T;
}

/** dual(g) · dualize(g), through the norm's fused `sharp` when it has one. */
export function sharp<T extends ParamTree>(n: Norm, g: T): T {
  checkNorm(n, "sharp", "n");
  return inFunction("sharp", () => (n.sharp ? n.sharp(g) : scaleTree(n.dualize(g), n.dual(g))));
}

/**
 * The linear minimisation oracle over the ball of the given radius, argmin_{‖v‖≤r} ⟨g, v⟩ = −r·dualize(g)
 * (Pethick et al.'s sign convention, for Frank–Wolfe style methods).
 */
export function lmo<T extends ParamTree>(n: Norm, g: T, radius = 1): T {
  checkNorm(n, "lmo", "n");
  checkFiniteNumber(radius, "lmo", "radius", "nonnegative");
  return inFunction("lmo", () => scaleTree(n.dualize(g), -radius));
}

/** @internal The matrix view of a tensor for matrix norms: rank 2 as is, rank > 2 as [shape[0], rest] (convolution filters, as Muon does). */
export function matrixShape(t: Tensor, name: string): [number, number] {
  if (t.ndim < 2)
    throw new ArgumentError(
      `${name}: needs matrices, got a tensor of shape [${t.shape.join(", ")}]; give vectors another norm, e.g. with norms.perParam((p) => p.ndim >= 2 ? ${name}(...) : norms.rms())`,
    );
  const m = t.shape[0]!;
  return [m, t.size / Math.max(m, 1)];
}

/** @internal Checks a positive finite coefficient (or +∞ where allowed). */
export function checkCoefficient(c: number, where: string, allowInfinity = false): number {
  if (typeof c !== "number" || !(c > 0) || (!allowInfinity && !Number.isFinite(c)) || Number.isNaN(c))
    throw new ArgumentError(`${where}: coefficients must be positive${allowInfinity ? "" : " and finite"}, got ${showValue(c)}`);
  return c;
}

/** Checks that `value` is a Norm (an object with name, norm, dual and dualize); the error names `fn` and `arg`. */
export function checkNorm(value: unknown, fn: string, arg: string): Norm {
  const n = value as Partial<Norm> | null;
  if (n === null || typeof n !== "object" || typeof n.dual !== "function" || typeof n.dualize !== "function" || typeof n.norm !== "function")
    throw argumentError(fn, arg, "a Norm (see optim.norms)", value);
  return n as Norm;
}
