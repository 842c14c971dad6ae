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

/** A broadcast iteration space with size-1 axes dropped and mergeable neighbours merged. */
export interface CollapsedBroadcast {
  /** The output's shape over the merged axes (no 1s); its product is the output size. */
  readonly shape: number[];
  /** Per operand, its strides over the merged axes (0 where broadcast). */
  readonly strides: number[][];
}

/**
 * Merges adjacent axes along which every operand is either contiguous or broadcast alike, and drops
 * axes of size 1, so kernels loop over as few and as long rows as possible: [N, C, H, W] with
 * [1, C, 1, 1] becomes [N, C, H·W] with strides [0, 1, 0]. Operands are contiguous, so the innermost
 * merged stride of each is 0 or 1, and not 0 for all (the output's innermost axis is longer than 1).
 */
export function collapseBroadcast(outShape: Shape, inShapes: readonly Shape[]): CollapsedBroadcast {
  const full = inShapes.map((s) => broadcastStrides(s, outShape));
  const shape: number[] = [];
  const strides: number[][] = inShapes.map(() => []);
  for (let d = 0; d < outShape.length; d++) {
    const n = outShape[d]!;
    if (n === 1) continue;
    const last = shape.length - 1;
    if (last >= 0 && full.every((st, j) => strides[j]![last] === st[d]! * n)) {
      shape[last]! *= n;
      full.forEach((st, j) => (strides[j]![last] = st[d]!));
    } else {
      shape.push(n);
      full.forEach((st, j) => strides[j]!.push(st[d]!));
    }
  }
  return { shape, strides };
}
