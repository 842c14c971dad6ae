import { ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { add, div, exp, gather, mul, pad, reshape, sqrt, sum, tanh } from "../../ops/index.js";
import { eye, tensor } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { corrCholesky, realVector, type Constraint } from "../constraints.js";
import { runningSum } from "./last-axis.js";
import { atanh, tanhLogDerivative } from "./tanh.js";
import { Transform } from "./transform.js";

/** K for a vector of K(K−1)/2 entries, or undefined when the length is not triangular. */
function matrixSize(m: number): number | undefined {
  const k = Math.round((1 + Math.sqrt(1 + 8 * m)) / 2);
  return (k * (k - 1)) / 2 === m ? k : undefined;
}

/** The index tables of a K×K factor: the strict lower triangle in row-major order. */
interface Layout {
  /** Flat positions i·K + j of the strict lower triangle, in vector order. */
  readonly positions: Tensor;
  /** For every flat position, its vector index, or M (an appended zero) outside the strict lower triangle. */
  readonly fill: Tensor;
  /** The log-det weight (i − j + 1)/2 of each vector entry (see `ladj`). */
  readonly weights: number[];
}

const layouts = new Map<number, Layout>();

/** The (cached) layout of a K×K factor. */
function layout(k: number): Layout {
  let l = layouts.get(k);
  if (l === undefined) {
    const positions: number[] = [];
    const weights: number[] = [];
    const m = (k * (k - 1)) / 2;
    const fill = new Array<number>(k * k).fill(m);
    for (let i = 1; i < k; i++)
      for (let j = 0; j < i; j++) {
        fill[i * k + j] = positions.length;
        positions.push(i * k + j);
        weights.push((i - j + 1) / 2);
      }
    l = { positions: tensor(positions, { dtype: "int32" }), fill: tensor(fill, { dtype: "int32" }), weights };
    layouts.set(k, l);
  }
  return l;
}

/** The K×K matrices (batched) with vector v in the strict lower triangle, zeros elsewhere. */
function vectorToTril(v: Tensor, k: number): Tensor {
  const padded = pad(v, [...v.shape.slice(0, -1).map(() => [0, 0] as const), [0, 1] as const]);
  return reshape(gather(padded, layout(k).fill, v.ndim - 1), [...v.shape.slice(0, -1), k, k]);
}

/** The strict lower triangle of K×K matrices (batched) as vectors. */
function trilToVector(y: Tensor, k: number): Tensor {
  return gather(reshape(y, [...y.shape.slice(0, -2), k * k]), layout(k).positions, y.ndim - 2);
}

/**
 * R^(K(K−1)/2) → Cholesky factors of K×K correlation matrices (torch's CorrCholeskyTransform, Stan's
 * corr_matrix): r = tanh x are canonical partial correlations filling the strict lower triangle row
 * by row; row i is r scaled by the stick remaining, y_ij = r_ij·Π_{l<j}(1 − r_il²)^½, and
 * y_ii = Π_{l<i}(1 − r_il²)^½, so every row has unit norm (Lewandowski–Kurowicka–Joe).
 * Square Jacobian onto the strict lower triangle: log|J| = Σ (i − j + 1)/2 · ln(1 − r_ij²).
 * NOTE: ln(1 − r²) is computed as 2·(ln 2 − x − softplus(−2x)) and the products in log space, so
 * large inputs need no clamping; the inverse divides by suffix sums of y², not 1 − cumsum(y²).
 */
export class CorrCholeskyTransform extends Transform {
  /** `corrCholesky`. */
  readonly name: string = "corrCholesky";
  /** Vectors of length K(K−1)/2. */
  readonly domainEventDim: number = 1;
  /** K×K matrices. */
  readonly codomainEventDim: number = 2;
  /** Real vectors. */
  get domain(): Constraint {
    return realVector;
  }
  /** Cholesky factors of correlation matrices. */
  get codomain(): Constraint {
    return corrCholesky;
  }
  protected override checkEventShape(t: Tensor, method: string, arg: string): void {
    const fn = `transforms.corrCholesky.${method}`;
    if (arg === "x") {
      const m = t.shape[t.ndim - 1]!;
      if (matrixSize(m) === undefined)
        throw new ShapeError(`${fn}: x's last axis must have length K(K−1)/2 (0, 1, 3, 6, 10, …), got shape ${showShape(t.shape)}`);
    } else if (t.shape[t.ndim - 1] !== t.shape[t.ndim - 2]) {
      throw new ShapeError(`${fn}: y must be square matrices, got shape ${showShape(t.shape)}`);
    }
  }
  protected override eventForwardShape(shape: number[]): number[] {
    const k = matrixSize(shape[shape.length - 1]!);
    if (k === undefined) throw new ShapeError(`transforms.corrCholesky.forwardShape: the last axis must have length K(K−1)/2 (0, 1, 3, 6, 10, …), got ${showShape(shape)}`);
    return [...shape.slice(0, -1), k, k];
  }
  protected override eventInverseShape(shape: number[]): number[] {
    if (shape.length < 2 || shape[shape.length - 1] !== shape[shape.length - 2])
      throw new ShapeError(`transforms.corrCholesky.inverseShape: shape must end in a square K×K, got ${showShape(shape)}`);
    const k = shape[shape.length - 1]!;
    return [...shape.slice(0, -2), (k * (k - 1)) / 2];
  }
  protected call(x: Tensor): Tensor {
    const k = matrixSize(x.shape[x.ndim - 1]!)!;
    const r = vectorToTril(tanh(x), k);
    const logRest = runningSum(vectorToTril(tanhLogDerivative(x), k), "exclusive");
    return mul(add(r, eye(k, { dtype: x.dtype })), exp(mul(0.5, logRest)));
  }
  protected invert(y: Tensor): Tensor {
    const k = y.shape[y.ndim - 1]!;
    const rest = runningSum(mul(y, y), "suffix");
    return atanh(div(trilToVector(y, k), sqrt(trilToVector(rest, k))));
  }
  protected ladj(x: Tensor): Tensor {
    const k = matrixSize(x.shape[x.ndim - 1]!)!;
    const w = tensor(layout(k).weights, { dtype: x.dtype });
    return sum(mul(w, tanhLogDerivative(x)), -1);
  }
}
