import { inFunction } from "../core/validate.js";
import { sparseHessian, type SparseHessianFn } from "../sparse/sparse-hessian.js";
import type { SparseMatrix } from "../sparse/sparse-matrix.js";
import type { SparsityPattern } from "../sparse/sparsity-pattern.js";
import type { AnyFunction } from "../transforms/tree-values.js";

/** What the Newton and trust-region loops of `minimize` need from it: f and ∇f, the Hessian, the stopping rules. */
export interface SecondOrderProblem {
  /** f and ∇f at a flat point (counted by `minimize`). */
  evaluate: (x: Float64Array) => [number, Float64Array];
  /** The sparse Hessian at a flat point and its (fixed) pattern. */
  hessian: HessianModel;
  maxIterations: number;
  gradTolerance: number;
  valueTolerance: number;
  /** Told after every iteration; true stops the run. */
  onStep: (iteration: number, x: Float64Array, value: number, gradNorm: number, step: number) => boolean;
}

/** How a second-order loop ended. */
export interface SecondOrderResult {
  x: Float64Array;
  value: number;
  grad: Float64Array;
  iterations: number;
  converged: boolean;
  message: string;
}

/** The Hessian of f by `sparseHessian`, prepared on the first point (pattern and star coloring) and reused. */
export interface HessianModel {
  at: (x: Float64Array) => SparseMatrix;
  /** The pattern, known after the first `at`. */
  readonly pattern: SparsityPattern;
  /** Hessians computed so far. */
  readonly evaluations: number;
}

/** A Hessian model of `f` over the flat vector, rebuilt into f's argument by `toArg`. */
export function hessianModel(f: AnyFunction, toArg: (x: Float64Array) => unknown, sparsity: SparsityPattern | undefined): HessianModel {
  const h: SparseHessianFn<AnyFunction> = sparseHessian(f, sparsity === undefined ? {} : { sparsity });
  let evaluations = 0;
  return {
    at: (x) => {
      evaluations++;
      // NOTE: errors of the Hessian (a pattern that does not fit, an f that fails to trace) are named as minimize's.
      return inFunction("minimize", () => h(toArg(x) as never));
    },
    get pattern() {
      return h.prepared!.sparsity;
    },
    get evaluations() {
      return evaluations;
    },
  };
}

/** y = H v for a sparse matrix in coordinate form. */
export function matVec(h: SparseMatrix, v: Float64Array): Float64Array {
  const y = new Float64Array(h.shape[0]);
  const { rowIndices: r, colIndices: c, values } = h;
  for (let k = 0; k < values.length; k++) y[r[k]!]! += values[k]! * v[c[k]!]!;
  return y;
}

/** ⟨a, b⟩. */
export const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** max |a_i|. */
export const maxAbs = (a: Float64Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Why `minimize`'s loops stop at a point before stepping from it (a non-finite value, a small gradient), or null to go on. */
export function stopBeforeStep(fx: number, g: Float64Array, gradTolerance: number): { message: string; converged: boolean } | null {
  if (!Number.isFinite(fx)) return { message: "the function value is not finite", converged: false };
  if (maxAbs(g) <= gradTolerance) return { message: "gradient below tolerance", converged: true };
  return null;
}

/** The forcing term of inexact Newton: CG stops at ‖r‖ ≤ min(0.5, √‖g‖)·‖g‖ (superlinear convergence; Nocedal & Wright §7.1). */
export function forcingTolerance(g: Float64Array): number {
  const norm = Math.sqrt(dot(g, g));
  return Math.min(0.5, Math.sqrt(norm)) * norm;
}
