// Shared cases for the bijection tests: every transform with a seeded input and the map between its
// free coordinates (where the Jacobian is square) and its domain and codomain.
import { concat, gather, reshape, tensor, type Tensor, randn } from "../../src/index.js";
import * as T from "../../src/distributions/transforms/index.js";

/** The strict (or with the diagonal) lower triangle of K×K matrices as vectors. */
export function lowerEntries(y: Tensor, withDiagonal: boolean): Tensor {
  const k = y.shape[y.ndim - 1]!;
  const idx: number[] = [];
  for (let i = 0; i < k; i++) for (let j = 0; j <= (withDiagonal ? i : i - 1); j++) idx.push(i * k + j);
  return gather(reshape(y, [...y.shape.slice(0, -2), k * k]), tensor(idx, { dtype: "int32" }), y.ndim - 2);
}

/** The K×K lower-triangular matrix (diagonal included) holding v's K(K+1)/2 entries; zeros above. */
export function fromLowerEntries(v: Tensor, k: number): Tensor {
  const m = v.shape[0]!;
  const fill: number[] = new Array<number>(k * k).fill(m);
  let n = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) fill[i * k + j] = n++;
  return reshape(gather(concat([v, tensor([0], { dtype: v.dtype })]), tensor(fill, { dtype: "int32" })), [k, k]);
}

/** One transform under test. */
export interface Case {
  readonly name: string;
  readonly t: T.Transform;
  /** The shape of one event of x. */
  readonly event: number[];
  /** x's free coordinates (a vector) → one event of x. */
  readonly toX: (v: Tensor) => Tensor;
  /** One event of y → its free coordinates (a vector as long as x's). */
  readonly freeY: (y: Tensor) => Tensor;
  /** The free coordinates of a seeded input. */
  readonly free: (seed: number) => Tensor;
}

const flat = (y: Tensor): Tensor => reshape(y, [y.size]);
const normal = (n: number, seed: number, scale = 1): Tensor => randn([n], { dtype: "float64", seed }).mul(scale);

/** Every transform, with its free coordinates. */
export const CASES: Case[] = [
  ...(["exp", "softplus", "sigmoid", "tanh"] as const).map((name) => ({
    name, t: T[name], event: [], toX: (v: Tensor) => reshape(v, []), freeY: flat, free: (s: number) => normal(1, s),
  })),
  { name: "affine(1.5, -2)", t: T.affine(1.5, -2), event: [], toX: (v) => reshape(v, []), freeY: flat, free: (s) => normal(1, s) },
  { name: "affine event 1", t: T.affine(tensor([1, 2, 3], { dtype: "float64" }), tensor([0.5, -2, 3], { dtype: "float64" }), 1), event: [3], toX: (v) => v, freeY: flat, free: (s) => normal(3, s) },
  { name: "power(2.5)", t: T.power(2.5), event: [], toX: (v) => reshape(v, []), freeY: flat, free: (s) => normal(1, s).abs().add(0.5) },
  { name: "stickBreaking", t: T.stickBreaking, event: [4], toX: (v) => v, freeY: (y) => y.slice([0], [4]), free: (s) => normal(4, s, 2) },
  { name: "ordered", t: T.ordered, event: [4], toX: (v) => v, freeY: flat, free: (s) => normal(4, s) },
  { name: "lowerCholesky", t: T.lowerCholesky, event: [3, 3], toX: (v) => fromLowerEntries(v, 3), freeY: (y) => lowerEntries(y, true), free: (s) => normal(6, s) },
  { name: "positiveDefinite", t: T.positiveDefinite, event: [3, 3], toX: (v) => fromLowerEntries(v, 3), freeY: (y) => lowerEntries(y, true), free: (s) => normal(6, s) },
  { name: "corrCholesky K=2", t: T.corrCholesky, event: [1], toX: (v) => v, freeY: (y) => lowerEntries(y, false), free: (s) => normal(1, s) },
  { name: "corrCholesky K=4", t: T.corrCholesky, event: [6], toX: (v) => v, freeY: (y) => lowerEntries(y, false), free: (s) => normal(6, s) },
  { name: "compose(exp, affine(2, 3))", t: T.compose(T.exp, T.affine(2, 3)), event: [], toX: (v) => reshape(v, []), freeY: flat, free: (s) => normal(1, s) },
  { name: "compose(affine, stickBreaking)", t: T.compose(T.affine(0.5, 2), T.stickBreaking), event: [3], toX: (v) => v, freeY: (y) => y.slice([0], [3]), free: (s) => normal(3, s) },
  { name: "independent(exp, 1)", t: T.independent(T.exp, 1), event: [3], toX: (v) => v, freeY: flat, free: (s) => normal(3, s) },
  { name: "inv(exp)", t: T.exp.inv, event: [], toX: (v) => reshape(v, []), freeY: flat, free: (s) => normal(1, s).exp() },
  { name: "inv(stickBreaking).inv", t: T.stickBreaking.inv.inv, event: [2], toX: (v) => v, freeY: (y) => y.slice([0], [2]), free: (s) => normal(2, s) },
];

/** A batch of `n` seeded events of x for a case. */
export function batch(c: Case, n: number, seed: number): Tensor {
  return reshape(concat(Array.from({ length: n }, (_, i) => flat(c.toX(c.free(seed + i))))), [n, ...c.event]);
}
