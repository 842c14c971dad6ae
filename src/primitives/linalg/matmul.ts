import { broadcastShapes, showShape } from "../../core/shape.js";
import { getBackend } from "../../backend/backend.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { bind1 } from "../bind.js";
import { transpose } from "../movement/transpose.js";
import type { Primitive } from "../primitive.js";
import { addTangents, requireFloat, requireSameDtype, shapeError } from "../rule-helpers.js";
import { unbroadcast } from "../unbroadcast.js";

/** Swaps the last two axes (the matrix transpose of a batch). */
export function matrixTranspose(x: Tensor): Tensor {
  const n = x.ndim;
  return transpose(x, [...Array.from({ length: n - 2 }, (_, i) => i), n - 1, n - 2]);
}

/**
 * Batched matrix product `[...batch, m, k] @ [...batch, k, n]` with broadcast batch axes.
 * Bilinear: d(AB) = dA·B + A·dB; the cotangents are C̄·Bᵀ and Aᵀ·C̄ summed over broadcast batches.
 */
export const matmulP: Primitive = {
  name: "matmul",
  differentiable: true,
  shape([a, b]) {
    requireFloat("matmul", a!);
    requireSameDtype("matmul", a!, b!);
    if (a!.shape.length < 2 || b!.shape.length < 2) throw shapeError("matmul", `the primitive needs rank ≥ 2, got ${showShape(a!.shape)} and ${showShape(b!.shape)}`);
    const [m, k] = a!.shape.slice(-2) as [number, number];
    const [k2, n] = b!.shape.slice(-2) as [number, number];
    if (k !== k2) throw shapeError("matmul", `inner dimensions differ: ${showShape(a!.shape)} @ ${showShape(b!.shape)} (${k} vs ${k2})`);
    const batch = broadcastShapes(a!.shape.slice(0, -2), b!.shape.slice(0, -2), "matmul (batch axes)");
    return [{ shape: [...batch, m, n], dtype: a!.dtype }];
  },
  impl: ([a, b], _p, [out]) => [fromData(getBackend().matmul(a!._data!, a!.shape, b!._data!, b!.shape, out!.shape), out!.shape, out!.dtype)],
  jvp([a, b], [ta, tb]) {
    const y = matmul(a!, b!);
    const t = addTangents(ta === null ? null : matmul(ta, b!), tb === null ? null : matmul(a!, tb));
    return [[y], [t]];
  },
  vjp: ([a, b], _y, [ct]) => [unbroadcast(matmul(ct!, matrixTranspose(b!)), a!.shape), unbroadcast(matmul(matrixTranspose(a!), ct!), b!.shape)],
  testSpec: [
    { args: [{ shape: [3, 4] }, { shape: [4, 2] }], params: {} },
    { args: [{ shape: [2, 3, 4] }, { shape: [4, 5] }], params: {} },
  ],
};

/** Batched matrix product (primitive; both operands rank ≥ 2). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return bind1(matmulP, [a, b], {});
}
