import type { Shape } from "../../core/shape.js";

/**
 * Strides of an operand of shape `inShape` read at the positions of `outShape` under numpy
 * broadcasting: 0 along broadcast axes, row-major strides elsewhere (aligned to the right).
 */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const n = outShape.length;
  const lead = n - inShape.length;
  const strides = new Array<number>(n).fill(0);
  let s = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    strides[i + lead] = inShape[i] === 1 ? 0 : s;
    s *= inShape[i]!;
  }
  return strides;
}

/**
 * Calls `row(offsets, outOffset, n, innerStrides)` once per innermost row of `outShape`, with the
 * starting offset of each operand; innermost strides are passed so kernels loop without index math.
 */
export function forEachRow(
  outShape: Shape,
  operandStrides: readonly (readonly number[])[],
  row: (offsets: Int32Array | number[], outOffset: number, n: number) => void,
): void {
  const nd = outShape.length;
  const k = operandStrides.length;
  const offsets = new Array<number>(k).fill(0);
  if (nd === 0) {
    row(offsets, 0, 1);
    return;
  }
  const inner = outShape[nd - 1]!;
  let outer = 1;
  for (let i = 0; i < nd - 1; i++) outer *= outShape[i]!;
  if (inner === 0 || outer === 0) return;
  const counter = new Array<number>(nd - 1).fill(0);
  for (let r = 0; r < outer; r++) {
    row(offsets, r * inner, inner);
    for (let d = nd - 2; d >= 0; d--) {
      counter[d]!++;
      for (let j = 0; j < k; j++) offsets[j]! += operandStrides[j]![d]!;
      if (counter[d]! < outShape[d]!) break;
      for (let j = 0; j < k; j++) offsets[j]! -= operandStrides[j]![d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
}
