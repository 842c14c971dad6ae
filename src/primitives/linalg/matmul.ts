import { broadcastShapes, showShape } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1, noParams } from "../bind.js";
import { transpose } from "../movement/transpose.js";
import type { Primitive } from "../primitive.js";
import { addTangents, requireFloat, requireSameDtype, shapeError } from "../rule-helpers.js";
import { unbroadcast } from "../unbroadcast.js";
import { batchElementwise } from "../batching.js";
import { reshape } from "../movement/reshape.js";

/** Swaps the last two axes (the matrix transpose of a batch). */
export function matrixTranspose(x: Tensor): Tensor {
  const n = x.ndim;
  return transpose(x, [...Array.from({ length: n - 2 }, (_, i) => i), n - 1, n - 2]);
}

/**
 * Which operands enter transposed: with `transposeA` the first operand is stored `[...batch, k, m]`
 * and multiplies as its matrix transpose, likewise `transposeB` (`[...batch, n, k]`). Backends read
 * such operands in place, so the backward pass never materialises a transpose.
 */
export interface MatmulParams {
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
}

/**
 * Batched matrix product `op(A) @ op(B)` of `[...batch, m, k]` and `[...batch, k, n]` (after the
 * optional transposes) with broadcast batch axes.
 * Bilinear: d(AB) = dA·B + A·dB; the cotangents are C̄·Bᵀ and Aᵀ·C̄ summed over broadcast batches,
 * each one product with transposed operands (no transpose copies):
 *   C = A·B:   Ā = C̄·Bᵀ,    B̄ = Aᵀ·C̄
 *   C = Aᵀ·B:  Ā = B·C̄ᵀ,    B̄ = A·C̄
 *   C = A·Bᵀ:  Ā = C̄·B,     B̄ = C̄ᵀ·A
 *   C = Aᵀ·Bᵀ: Ā = Bᵀ·C̄ᵀ,   B̄ = C̄ᵀ·Aᵀ
 */
export const matmulP: Primitive<MatmulParams> = {
  name: "matmul",
  differentiable: true,
  shape([a, b], { transposeA = false, transposeB = false }) {
    requireFloat("matmul", a!);
    requireSameDtype("matmul", a!, b!);
    if (a!.shape.length < 2 || b!.shape.length < 2) throw shapeError("matmul", `the primitive needs rank ≥ 2, got ${showShape(a!.shape)} and ${showShape(b!.shape)}`);
    const [a0, a1] = a!.shape.slice(-2) as [number, number];
    const [b0, b1] = b!.shape.slice(-2) as [number, number];
    const [m, k] = transposeA ? [a1, a0] : [a0, a1];
    const [k2, n] = transposeB ? [b1, b0] : [b0, b1];
    const ops = `${showShape(a!.shape)}${transposeA ? "ᵀ" : ""} @ ${showShape(b!.shape)}${transposeB ? "ᵀ" : ""}`;
    if (k !== k2) throw shapeError("matmul", `inner dimensions differ: ${ops} (${k} vs ${k2})`);
    const batch = broadcastShapes(a!.shape.slice(0, -2), b!.shape.slice(0, -2), "matmul (batch axes)");
    return [{ shape: [...batch, m, n], dtype: a!.dtype }];
  },
  impl: ([a, b], { transposeA = false, transposeB = false }, [out]) => [
    fromData(getBackend().matmul(a!._data!, a!.shape, b!._data!, b!.shape, out!.shape, transposeA, transposeB), out!.shape, out!.dtype),
  ],
  jvp([a, b], [ta, tb], p) {
    const y = bind1(matmulP, [a!, b!], p);
    const t = addTangents(ta === null ? null : bind1(matmulP, [ta, b!], p), tb === null ? null : bind1(matmulP, [a!, tb], p));
    return [[y], [t]];
  },
  vjp([a, b], _y, [ct], { transposeA = false, transposeB = false }, _r, needed) {
    const mm = (x: Tensor, y: Tensor, tx: boolean, ty: boolean): Tensor => bind1(matmulP, [x, y], params(tx, ty));
    // Each cotangent is a product of the other operand and C̄, with transposes chosen so that no
    // operand is ever materialised transposed; an input nobody differentiates is skipped.
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    const wantA = needed?.[0] !== false;
    const wantB = needed?.[1] !== false;
    if (!transposeA && !transposeB) {
      if (wantA) ga = mm(ct!, b!, false, true);
      if (wantB) gb = mm(a!, ct!, true, false);
    } else if (transposeA && !transposeB) {
      if (wantA) ga = mm(b!, ct!, false, true);
      if (wantB) gb = mm(a!, ct!, false, false);
    } else if (!transposeA && transposeB) {
      if (wantA) ga = mm(ct!, b!, false, false);
      if (wantB) gb = mm(ct!, a!, true, false);
    } else {
      if (wantA) ga = mm(b!, ct!, true, true);
      if (wantB) gb = mm(ct!, a!, true, true);
    }
    return [ga === null ? null : unbroadcast(ga, a!.shape), gb === null ? null : unbroadcast(gb, b!.shape)];
  },
  vmap([a, b], batched, p, n, prim) {
    // NOTE: only the left operand batched against a plain matrix (a layer's weights): the batch folds
    // into the rows, one large product instead of a batch of small ones (JAX's "free dimension").
    if (batched[0] && !batched[1] && !p.transposeA && b!.ndim === 2) {
      const y = bind1(matmulP, [reshape(a!, [-1, a!.shape[a!.ndim - 1]!]), b!], p);
      return [[reshape(y, [...a!.shape.slice(0, -1), y.shape[1]!])], [true]];
    }
    return batchElementwise([a!, b!], batched, p, n, prim);
  },
  testSpec: [
    { args: [{ shape: [3, 4] }, { shape: [4, 2] }], params: {} },
    { args: [{ shape: [2, 3, 4] }, { shape: [4, 5] }], params: {} },
    { args: [{ shape: [4, 3] }, { shape: [4, 2] }], params: { transposeA: true } },
    { args: [{ shape: [3, 4] }, { shape: [2, 2, 4] }], params: { transposeB: true } },
    { args: [{ shape: [2, 4, 3] }, { shape: [2, 4] }], params: { transposeA: true, transposeB: true } },
  ],
};

/** Only the flags that are set, so untransposed products keep `{}` as their params (and traces stay as before). */
function params(transposeA: boolean, transposeB: boolean): MatmulParams {
  return transposeA ? (transposeB ? { transposeA, transposeB } : { transposeA }) : transposeB ? { transposeB } : {};
}

/** Batched matrix product (primitive; both operands rank ≥ 2). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return bind1(matmulP, [a, b], noParams);
}

/** `op(a) @ op(b)` with optional matrix transposes read in place (primitive; both operands rank ≥ 2). */
export function matmulTransposed(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  return bind1(matmulP, [a, b], params(transposeA, transposeB));
}
