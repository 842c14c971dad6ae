import { sizeOf, stridesOf, type Shape } from "../core/shape.js";

/** For each element of `outShape`, the flat index of the element of `inShape` broadcast to it (NumPy rules). */
export function broadcastMap(outShape: Shape, inShape: Shape): Int32Array {
  const n = sizeOf(outShape);
  const map = new Int32Array(n);
  const rank = outShape.length;
  const offset = rank - inShape.length;
  const inStrides = stridesOf(inShape);
  // Stride of each output axis in the input (0 where the input axis is missing or of size 1).
  const strideOf = outShape.map((_, a) => (a < offset || inShape[a - offset] === 1 ? 0 : inStrides[a - offset]!));
  const pos = new Array<number>(rank).fill(0);
  let at = 0;
  for (let e = 0; e < n; e++) {
    map[e] = at;
    for (let a = rank - 1; a >= 0; a--) {
      pos[a]!++;
      at += strideOf[a]!;
      if (pos[a]! < outShape[a]!) break;
      at -= strideOf[a]! * pos[a]!;
      pos[a] = 0;
    }
  }
  return map;
}

/** For each element of `inShape`, the flat index of the reduction output it is summed into (axes sorted). */
export function reductionMap(inShape: Shape, axes: readonly number[]): Int32Array {
  const keptShape = inShape.map((d, a) => (axes.includes(a) ? 1 : d));
  // The kept axes read the output as a tensor of `keptShape`: the inverse of broadcasting it to inShape.
  return broadcastMap(inShape, keptShape);
}

/** Compressed rows: for each output element, the range ptr[e] … ptr[e+1] of its dependencies. */
export interface DependencyLists {
  readonly ptr: Int32Array;
  readonly arg: Int32Array;
  readonly idx: Int32Array;
}

/** Builds dependency lists from (output, arg, index) triples in any order. */
export function listsFromTriples(outSize: number, outs: ArrayLike<number>, args: ArrayLike<number>, idx: ArrayLike<number>): DependencyLists {
  const ptr = new Int32Array(outSize + 1);
  for (let k = 0; k < outs.length; k++) ptr[outs[k]! + 1]!++;
  for (let e = 0; e < outSize; e++) ptr[e + 1]! += ptr[e]!;
  const fill = ptr.slice(0, outSize);
  const a = new Int32Array(outs.length);
  const i = new Int32Array(outs.length);
  for (let k = 0; k < outs.length; k++) {
    const at = fill[outs[k]!]!++;
    a[at] = args[k]!;
    i[at] = idx[k]!;
  }
  return { ptr, arg: a, idx: i };
}
