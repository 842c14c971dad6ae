/**
 * 2-D max pooling as three primitives closed under differentiation, each one fused kernel.
 *
 * Max pooling is piecewise linear: near a point x it is y = S_x(x), where the linear map S_x takes,
 * for each window, the mean of its input over the window's maxima (for untied windows: the maximum's
 * value). So
 *
 *   maxPool2d(x)           = y                    [N, C, H, W] → [N, C, OH, OW]
 *   maxPool2dTangent(x, t) = S_x(t)               the derivative: dy = S_x(dx)
 *   maxPool2dGrad(x, c)    = S_xᵀ(c)              its transpose: each window's cotangent shared among its maxima
 *
 * S_x is linear in its second argument and constant in x (almost everywhere: where no two taps tie),
 * so the rules of the last two bind only each other, with no cotangent or tangent for x, and
 * derivatives of any order come for free.
 *
 * NOTE: ties share the derivative evenly among a window's maxima (a window [1, 1, 0, 1] sends ⅓ of
 * its cotangent to each 1), the library's convention for `max`; jvp and vjp agree since both are
 * S_x. PyTorch routes everything to the first maximum. Where a window's maximum is NaN, its NaN
 * taps are its maxima.
 */
import { ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { getBackend, type Pool2dGeometry } from "../../backend/backend.js";
import { bind1 } from "../../primitives/bind.js";
import type { Aval, Primitive, TestCase } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchFoldN } from "./batch-fold.js";
import { requireFloat, requireSameDtype } from "../../primitives/rule-helpers.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { convOutputLength } from "./conv2d.js";

/** The output shape [N, C, OH, OW] of pooling x with geometry g; throws when a window does not fit. */
export function pool2dOutputShape(op: string, x: Aval, g: Pool2dGeometry): [number, number, number, number] {
  if (x.shape.length !== 4) throw new ShapeError(`${op}: the input must have rank 4 [N, C, H, W], got shape ${showShape(x.shape)}`);
  const [n, c, h, w] = x.shape as unknown as [number, number, number, number];
  const oh = convOutputLength(h, g.kernelSize[0], g.stride[0], [g.padding[0], g.padding[0]], g.dilation[0]);
  const ow = convOutputLength(w, g.kernelSize[1], g.stride[1], [g.padding[1], g.padding[1]], g.dilation[1]);
  if (oh < 1 || ow < 1)
    throw new ShapeError(
      `${op}: a ${g.kernelSize[0]}×${g.kernelSize[1]} window (dilation ${g.dilation.join("×")}) does not fit in the input ${showShape(x.shape)} with padding ${g.padding.join("×")}`,
    );
  return [n, c, oh, ow];
}

function requireShape(op: string, what: string, a: Aval, expected: readonly number[]): void {
  if (a.shape.length !== expected.length || a.shape.some((d, i) => d !== expected[i]))
    throw new ShapeError(`${op}: ${what} must have shape ${showShape(expected)}, got ${showShape(a.shape)}`);
}

// Test cases of the three primitives, run in float64 by the registry-driven gradient suite: tiling
// windows, overlapping windows with padding, and rectangular windows with stride and dilation.
const specGeometries: readonly { x: readonly [number, number, number, number]; g: Pool2dGeometry }[] = [
  { x: [2, 3, 4, 4], g: { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] } },
  { x: [2, 1, 5, 5], g: { kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1] } },
  { x: [1, 2, 5, 6], g: { kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], dilation: [1, 2] } },
];

function testCases(args: (x: readonly number[], y: readonly number[]) => { shape: readonly number[] }[]): TestCase<Pool2dGeometry>[] {
  return specGeometries.map(({ x, g }) => ({ args: args(x, pool2dOutputShape("testSpec", { shape: x, dtype: "float64" }, g)), params: g }));
}

/** Max pooling of x [N, C, H, W]: the maximum of each window (NaN propagates). */
export const maxPool2dP: Primitive<Pool2dGeometry> = {
  name: "maxPool2d",
  differentiable: true,
  vmap: batchFoldN,
  shape([x], g) {
    requireFloat("maxPool2d", x!);
    return [{ shape: pool2dOutputShape("maxPool2d", x!, g), dtype: x!.dtype }];
  },
  impl: ([x], g, [out]) => [fromData(getBackend().maxPool2d(x!._data!, x!.shape, out!.shape, g), out!.shape, out!.dtype)],
  // dy = S_x(dx)
  jvp: ([x], [tx], g) => [[maxPool2dPrim(x!, g)], [tx === null ? null : maxPool2dTangent(x!, tx, g)]],
  // x̄ = S_xᵀ(ȳ)
  vjp: ([x], _y, [ct], g) => [maxPool2dGrad(x!, ct!, g)],
  testSpec: testCases((x) => [{ shape: x }]),
};

/** S_x(t): the mean of t [N, C, H, W] over each window's maxima of x; linear in t, constant in x. */
export const maxPool2dTangentP: Primitive<Pool2dGeometry> = {
  name: "maxPool2dTangent",
  differentiable: true,
  vmap: batchFoldN,
  shape([x, t], g) {
    requireFloat("maxPool2dTangent", x!);
    requireSameDtype("maxPool2dTangent", x!, t!);
    const out = pool2dOutputShape("maxPool2dTangent", x!, g);
    requireShape("maxPool2dTangent", "the tangent", t!, x!.shape);
    return [{ shape: out, dtype: t!.dtype }];
  },
  impl: ([x, t], g, [out]) => [fromData(getBackend().maxPool2dTangent(x!._data!, x!.shape, t!._data!, out!.shape, g), out!.shape, out!.dtype)],
  jvp: ([x, t], [, tt], g) => [[maxPool2dTangent(x!, t!, g)], [tt === null ? null : maxPool2dTangent(x!, tt, g)]],
  // ⟨c, S_x(t)⟩ = ⟨S_xᵀ(c), t⟩
  vjp: ([x], _y, [ct], g, _r, needed) => [null, needed?.[1] === false ? null : maxPool2dGrad(x!, ct!, g)],
  testSpec: testCases((x) => [{ shape: x }, { shape: x }]),
};

/** S_xᵀ(c): each window's cotangent c [N, C, OH, OW] shared evenly among its maxima of x, summed into [N, C, H, W]. */
export const maxPool2dGradP: Primitive<Pool2dGeometry> = {
  name: "maxPool2dGrad",
  differentiable: true,
  vmap: batchFoldN,
  shape([x, ct], g) {
    requireFloat("maxPool2dGrad", x!);
    requireSameDtype("maxPool2dGrad", x!, ct!);
    requireShape("maxPool2dGrad", "the cotangent", ct!, pool2dOutputShape("maxPool2dGrad", x!, g));
    return [{ shape: x!.shape, dtype: ct!.dtype }];
  },
  impl: ([x, ct], g, [out]) => [fromData(getBackend().maxPool2dGrad(x!._data!, x!.shape, ct!._data!, ct!.shape, g), out!.shape, out!.dtype)],
  jvp: ([x, ct], [, tc], g) => [[maxPool2dGrad(x!, ct!, g)], [tc === null ? null : maxPool2dGrad(x!, tc, g)]],
  // ⟨t, S_xᵀ(c)⟩ = ⟨S_x(t), c⟩
  vjp: ([x], _y, [xbar], g, _r, needed) => [null, needed?.[1] === false ? null : maxPool2dTangent(x!, xbar!, g)],
  testSpec: testCases((x, y) => [{ shape: x }, { shape: y }]),
};

registerPrimitive(maxPool2dP);
registerPrimitive(maxPool2dTangentP);
registerPrimitive(maxPool2dGradP);

/** Max pooling as a primitive on a rank-4 float tensor. */
export function maxPool2dPrim(x: Tensor, g: Pool2dGeometry): Tensor {
  return bind1(maxPool2dP, [x], g);
}

/** S_x(t), max pooling's derivative at x applied to t (primitive). */
export function maxPool2dTangent(x: Tensor, t: Tensor, g: Pool2dGeometry): Tensor {
  return bind1(maxPool2dTangentP, [x, t], g);
}

/** S_xᵀ(c), the transpose of max pooling's derivative at x applied to c (primitive). */
export function maxPool2dGrad(x: Tensor, ct: Tensor, g: Pool2dGeometry): Tensor {
  return bind1(maxPool2dGradP, [x, ct], g);
}
