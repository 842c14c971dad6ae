import { ArgumentError, DTypeError } from "../../core/errors.js";
import { checkBoolean, checkOptionNames } from "../../core/validate.js";
// Triangular solve: forward or back substitution, the building block of every other solve here.
//
// Algorithm: the triangle of A (lower or upper, optionally with an implicit unit diagonal) is
// copied into a dense matrix M = op(T), op = identity or transpose, and op(T)·X = B is solved in
// float64 by recursive blocks (dense/trsm.ts: matrix–matrix products, substitution below 48 rows;
// n² k multiply-adds). Substitution is backward
// stable: the computed X solves (T + E)X = B with |E| ≤ nε|T| (Higham, ASNA §8.1), so the error
// in X is bounded by the condition number of T times nε.
import { broadcastShapes, showShape } from "../../core/shape.js";
import { neg, sub } from "../../ops/arithmetic.js";
import { tril, triu } from "../../ops/diagonal.js";
import { broadcastTo } from "../../ops/shape-ops.js";
import { bind1 } from "../../primitives/bind.js";
import type { Primitive } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchTriangularSolve } from "./triangular-solve-batching.js";
import { reshape } from "../../primitives/movement/reshape.js";
import { shapeError } from "../../primitives/rule-helpers.js";
import type { Tensor } from "../../tensor/tensor.js";
import { batchLabel, runBatched } from "../batched-kernel.js";
import { trsmLeft } from "../dense/trsm.js";
import { inWasmMemory } from "../dense/gemm-update.js";
import { floatMatrix, squareDim, matrixDims } from "../check-matrix.js";
import { LinAlgError } from "../linalg-error.js";
import { matmul, matrixTranspose } from "../matrix-algebra.js";
import { promoteOperands } from "../../ops/tensor-like.js";
import type { TensorLike } from "../../ops/tensor-like.js";

/** How a singular triangle is reported: by op name, with |t_kk| ≤ rtol·max|T| counting as zero. */
export interface SingularCheck {
  /** The user-facing op named in the error ("solve", "lstsq", ...). */
  readonly op: string;
  /** Relative threshold (0: exact zeros only). */
  readonly rtol: number;
  /** What the triangle is called in the message ("U of the LU factorisation", ...). */
  readonly factor: string;
  /** What is wrong when the check fails (default "the matrix is singular"). */
  readonly problem?: string;
}

/** Params of the triangular-solve primitive. */
export interface TriangularSolveParams {
  /** Use the lower triangle of A (else the upper one); the other triangle is never read. */
  readonly lower: boolean;
  /** Solve Tᵀ X = B instead of T X = B. */
  readonly transposeA: boolean;
  /** Take the diagonal of T as ones (the diagonal of A is not read). */
  readonly unitDiagonal: boolean;
  /** Raise a LinAlgError for a singular T; null: no check (Inf/NaN propagate, as in derivative rules). */
  readonly singular: SingularCheck | null;
}

/** Solves op(T)·X = B for one matrix: `a` n×n (only its triangle read), `b` n×k, overwritten with X. */
function substitute(a: Float64Array, b: Float64Array, n: number, k: number, p: TriangularSolveParams, label: string): Float64Array {
  // T and B side by side in one array, so that the solve runs on it in wasm memory (see inWasmMemory).
  const both = new Float64Array(n * n + n * k);
  const m = both.subarray(0, n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const inside = p.lower ? j <= i : j >= i;
      const v = p.unitDiagonal && i === j ? 1 : inside ? a[i * n + j]! : 0;
      if (p.transposeA) m[j * n + i] = v;
      else m[i * n + j] = v;
    }
  if (p.singular !== null && !p.unitDiagonal) checkDiagonal(m, n, p.singular, label);
  both.set(b, n * n);
  inWasmMemory(both, (d) => trsmLeft(p.lower !== p.transposeA, false, n, k, { data: d, off: 0, ld: n }, { data: d, off: n * n, ld: k }));
  b.set(both.subarray(n * n));
  return b;
}

function checkDiagonal(m: Float64Array, n: number, check: SingularCheck, label: string): void {
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(m[i]!));
  const tol = check.rtol * scale;
  for (let i = 0; i < n; i++) {
    const d = m[i * n + i]!;
    if (Math.abs(d) <= tol || !Number.isFinite(d)) {
      const why =
        check.rtol === 0 || d === 0 || !Number.isFinite(d)
          ? ""
          : ` (|${d.toExponential(3)}| ≤ ${tol.toExponential(3)} = ${check.rtol.toExponential(3)}·max|entry|: singular to working precision)`;
      throw new LinAlgError(`${check.op}: ${check.problem ?? "the matrix is singular"}${label}: diagonal entry ${i} of ${check.factor} is ${d}${why}`);
    }
  }
}

/**
 * Solves op(T)·X = B for triangular T (the lower or upper triangle of A), batched over equal
 * leading axes. X = op(T)⁻¹B, so with dT the masked tangent of A:
 *   dX = op(T)⁻¹ (dB − op(dT)·X),      B̄ = op(T)⁻ᵀ X̄,      Ā = −mask(B̄ Xᵀ)  (or −mask(X B̄ᵀ) for op = ᵀ)
 * (Giles 2008, §2.3.1), where mask keeps the triangle that was read (strictly, with a unit diagonal).
 */
export const triangularSolveP: Primitive<TriangularSolveParams> = {
  name: "triangularSolve",
  differentiable: true,
  vmap: batchTriangularSolve,
  shape([a, b], p) {
    const n = squareDim("triangularSolve", a!, "the triangular matrix");
    const [rows, k] = matrixDims("triangularSolve", b!, "the right-hand side");
    if (a!.dtype !== b!.dtype) throw new DTypeError(`triangularSolve: operands must have the same dtype, got ${a!.dtype} and ${b!.dtype}`);
    const batch = a!.shape.slice(0, -2);
    if (rows !== n || showShape(batch) !== showShape(b!.shape.slice(0, -2)))
      throw shapeError(p.singular?.op ?? "triangularSolve", `the matrix ${showShape(a!.shape)} and the right-hand side ${showShape(b!.shape)} do not fit (…, n, n) and (…, n, k)`);
    return [{ shape: [...batch, n, k], dtype: a!.dtype }];
  },
  impl([a, b], p, outs) {
    const n = a!.shape[a!.ndim - 1]!;
    const k = b!.shape[b!.ndim - 1]!;
    const batch = a!.shape.slice(0, -2);
    return runBatched(batch, [a!, b!], outs, ([ab, bb], i) => [substitute(ab!, bb!, n, k, p, batchLabel(batch, i))]);
  },
  jvp([a, b], [ta, tb], p) {
    const x = bind1(triangularSolveP, [a!, b!], p);
    // op(T)·dX = dB − op(dT)·X
    let rhs: Tensor | null = tb;
    if (ta !== null) {
      const dT = triangleOf(ta, p);
      const product = matmul(p.transposeA ? matrixTranspose(dT) : dT, x);
      rhs = rhs === null ? neg(product) : sub(rhs, product);
    }
    return [[x], [rhs === null ? null : bind1(triangularSolveP, [a!, rhs], p)]];
  },
  vjp([a], [x], [ct], p) {
    const bBar = bind1(triangularSolveP, [a!, ct!], { ...p, transposeA: !p.transposeA });
    const g = p.transposeA ? matmul(x!, matrixTranspose(bBar)) : matmul(bBar, matrixTranspose(x!));
    return [neg(triangleOf(g, p)), bBar];
  },
  testSpec: [
    { args: [{ shape: [3, 3], domain: [0.5, 1.5] }, { shape: [3, 2] }], params: { lower: true, transposeA: false, unitDiagonal: false, singular: null } },
    { args: [{ shape: [3, 3], domain: [0.5, 1.5] }, { shape: [3, 1] }], params: { lower: false, transposeA: true, unitDiagonal: false, singular: null } },
    { args: [{ shape: [2, 3, 3], domain: [0.5, 1.5] }, { shape: [2, 3, 2] }], params: { lower: true, transposeA: true, unitDiagonal: true, singular: null } },
  ],
};
registerPrimitive(triangularSolveP);

/** The part of a tangent or cotangent of A that T depends on. */
function triangleOf(x: Tensor, p: TriangularSolveParams): Tensor {
  const k = p.unitDiagonal ? 1 : 0;
  return p.lower ? tril(x, -k) : triu(x, k);
}

/** Options of `triangularSolve`. */
export interface TriangularSolveOptions {
  /** Use the lower triangle of A (true) or the upper one (false); the other triangle is ignored. */
  lower: boolean;
  /** Solve with Tᵀ instead of T (default false). */
  transpose?: boolean;
  /** Treat the diagonal as ones without reading it (default false). */
  unitDiagonal?: boolean;
  /** Solve op(T)·X = B (true, default) or X·op(T) = B (false). */
  left?: boolean;
}

/** The primitive on equal-batch operands, with explicit params (for the other linalg routines). */
export function solveTriangular(a: Tensor, b: Tensor, p: TriangularSolveParams): Tensor {
  return bind1(triangularSolveP, [a, b], p);
}

/** X with X·op(T) = B, i.e. op(T)ᵀ·Xᵀ = Bᵀ. */
export function solveTriangularRight(a: Tensor, b: Tensor, p: TriangularSolveParams): Tensor {
  return matrixTranspose(bind1(triangularSolveP, [a, matrixTranspose(b)], { ...p, transposeA: !p.transposeA }));
}

/**
 * Solves op(T)·X = B (or X·op(T) = B with `left: false`) for a triangular T given as the lower or
 * upper triangle of `a`; the other triangle is ignored. `b` is a matrix (…, n, k) or, when 1-D, a
 * vector. Leading axes broadcast. A zero on the diagonal raises a LinAlgError naming its index.
 *
 * @example
 * const L = tensor([[2, 0], [1, 1]]);
 * linalg.triangularSolve(L, tensor([2, 3]), { lower: true }); // [1, 2]
 */
export function triangularSolve(a: TensorLike, b: TensorLike, opts: TriangularSolveOptions): Tensor {
  checkOptionNames<TriangularSolveOptions>(opts, "triangularSolve", ["lower", "transpose", "unitDiagonal", "left"]);
  if (typeof opts?.lower !== "boolean") throw new ArgumentError("triangularSolve: pass { lower: true } or { lower: false }");
  for (const k of ["transpose", "unitDiagonal", "left"] as const) if (opts[k] !== undefined) checkBoolean(opts[k], "triangularSolve", `options.${k}`);
  const [ta, tb0] = promoteOperands(floatMatrix(a, "triangularSolve", "the triangular matrix"), b, "triangularSolve");
  const left = opts.left ?? true;
  const n = squareDim("triangularSolve", ta, "the triangular matrix");
  const vector = tb0.ndim === 1;
  if (vector && tb0.shape[0] !== n)
    throw shapeError("triangularSolve", `the matrix ${showShape(ta.shape)} and the right-hand side ${showShape(tb0.shape)} do not fit`);
  const tb = vector ? reshape(tb0, left ? [n, 1] : [1, n]) : tb0;
  matrixDims("triangularSolve", tb, "the right-hand side");
  const batch = broadcastShapes(ta.shape.slice(0, -2), tb.shape.slice(0, -2), "triangularSolve (batch axes)");
  const A = broadcastTo(ta, [...batch, n, n]);
  const B = broadcastTo(tb, [...batch, ...tb.shape.slice(-2)]);
  const p: TriangularSolveParams = {
    lower: opts.lower,
    transposeA: opts.transpose ?? false,
    unitDiagonal: opts.unitDiagonal ?? false,
    singular: { op: "triangularSolve", rtol: 0, factor: "the triangular matrix" },
  };
  if ((left && B.shape[B.ndim - 2] !== n) || (!left && B.shape[B.ndim - 1] !== n))
    throw shapeError("triangularSolve", `the matrix ${showShape(ta.shape)} and the right-hand side ${showShape(tb0.shape)} do not fit (${left ? "rows" : "columns"} must be ${n})`);
  const x = left ? solveTriangular(A, B, p) : solveTriangularRight(A, B, p);
  return vector ? reshape(x, [...x.shape.slice(0, -2), n]) : x;
}
