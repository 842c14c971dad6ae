/**
 * 2-D average pooling as two linear primitives, each one fused kernel: avgPool2d(x) = A·x (each
 * window's sum over its taps inside x, divided by the divisor) and its transpose
 * avgPool2dTranspose(c) = Aᵀ·c (each window's c / divisor added to its taps). Linear maps are
 * their own derivatives, and ⟨c, A·x⟩ = ⟨Aᵀ·c, x⟩ gives each one's vjp as the other: the rules
 * bind only these two, and derivatives of any order come for free.
 */
import { ShapeError } from "../../core/errors.js";
import { showShape } from "../../core/shape.js";
import { getBackend, type Pool2dGeometry } from "../../backend/backend.js";
import { bind1 } from "../../primitives/bind.js";
import type { Aval, Primitive, TestCase } from "../../primitives/primitive.js";
import { registerPrimitive } from "../../primitives/registry.js";
import { batchFoldN } from "./batch-fold.js";
import { requireFloat } from "../../primitives/rule-helpers.js";
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { pool2dOutputShape } from "./max-pool2d.js";

/** Params of `avgPool2d`: the window geometry and what each window sum is divided by ("valid": the count of its taps inside the input). */
export interface AvgPool2dParams extends Pool2dGeometry {
  readonly divisor: number | "valid";
}

/** Params of `avgPool2dTranspose`: those of the pooling it transposes and its input size [H, W]. */
export interface AvgPool2dTransposeParams extends AvgPool2dParams {
  readonly inputSize: readonly [number, number];
}

// Test cases run in float64 by the registry-driven gradient suite.
const specCases: readonly { x: readonly [number, number, number, number]; p: AvgPool2dParams }[] = [
  { x: [2, 3, 4, 4], p: { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], divisor: 4 } },
  { x: [2, 1, 5, 5], p: { kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], divisor: "valid" } },
  { x: [1, 2, 5, 6], p: { kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], dilation: [1, 2], divisor: 2.5 } },
];

const outOf = (x: readonly number[], p: AvgPool2dParams): number[] => pool2dOutputShape("testSpec", { shape: x, dtype: "float64" }, p);

function geometryOf(p: AvgPool2dParams): AvgPool2dParams {
  return { kernelSize: p.kernelSize, stride: p.stride, padding: p.padding, dilation: p.dilation, divisor: p.divisor };
}

/** Average pooling of x [N, C, H, W]: linear. */
export const avgPool2dP: Primitive<AvgPool2dParams> = {
  name: "avgPool2d",
  differentiable: true,
  vmap: batchFoldN,
  shape([x], p) {
    requireFloat("avgPool2d", x!);
    return [{ shape: pool2dOutputShape("avgPool2d", x!, p), dtype: x!.dtype }];
  },
  impl: ([x], p, [out]) => [fromData(getBackend().avgPool2d(x!._data!, x!.shape, out!.shape, geometryOf(p), p.divisor), out!.shape, out!.dtype)],
  jvp: ([x], [tx], p) => [[avgPool2dPrim(x!, p)], [tx === null ? null : avgPool2dPrim(tx, p)]],
  // ⟨c, A·x⟩ = ⟨Aᵀ·c, x⟩
  vjp: ([x], _y, [ct], p) => [avgPool2dTranspose(ct!, { ...geometryOf(p), inputSize: [x!.shape[2]!, x!.shape[3]!] })],
  testSpec: specCases.map(({ x, p }): TestCase<AvgPool2dParams> => ({ args: [{ shape: x }], params: p })),
};

function transposeShape(ct: Aval, p: AvgPool2dTransposeParams): number[] {
  if (ct.shape.length !== 4) throw new ShapeError(`avgPool2dTranspose: the cotangent must have rank 4, got shape ${showShape(ct.shape)}`);
  const x = [ct.shape[0]!, ct.shape[1]!, ...p.inputSize];
  const expected = pool2dOutputShape("avgPool2dTranspose", { shape: x, dtype: ct.dtype }, p);
  if (expected.some((d, i) => d !== ct.shape[i]))
    throw new ShapeError(`avgPool2dTranspose: a ${p.inputSize.join("×")} input pools to ${showShape(expected)}, but the cotangent is ${showShape(ct.shape)}`);
  return x;
}

/** The transpose of average pooling: c [N, C, OH, OW] → [N, C, H, W]; linear. */
export const avgPool2dTransposeP: Primitive<AvgPool2dTransposeParams> = {
  name: "avgPool2dTranspose",
  differentiable: true,
  vmap: batchFoldN,
  shape([ct], p) {
    requireFloat("avgPool2dTranspose", ct!);
    return [{ shape: transposeShape(ct!, p), dtype: ct!.dtype }];
  },
  impl: ([ct], p, [out]) => [fromData(getBackend().avgPool2dTranspose(ct!._data!, ct!.shape, out!.shape, geometryOf(p), p.divisor), out!.shape, out!.dtype)],
  jvp: ([ct], [tc], p) => [[avgPool2dTranspose(ct!, p)], [tc === null ? null : avgPool2dTranspose(tc, p)]],
  // ⟨x̄, Aᵀ·c⟩ = ⟨A·x̄, c⟩
  vjp: (_a, _y, [xbar], p) => [avgPool2dPrim(xbar!, geometryOf(p))],
  testSpec: specCases.map(({ x, p }): TestCase<AvgPool2dTransposeParams> => ({ args: [{ shape: outOf(x, p) }], params: { ...p, inputSize: [x[2], x[3]] } })),
};

registerPrimitive(avgPool2dP);
registerPrimitive(avgPool2dTransposeP);

/** Average pooling as a primitive on a rank-4 float tensor. */
export function avgPool2dPrim(x: Tensor, p: AvgPool2dParams): Tensor {
  return bind1(avgPool2dP, [x], geometryOf(p));
}

/** The transpose of average pooling as a primitive. */
export function avgPool2dTranspose(ct: Tensor, p: AvgPool2dTransposeParams): Tensor {
  return bind1(avgPool2dTransposeP, [ct], p);
}
