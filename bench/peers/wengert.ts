// wengert as the benchmarks use it: the public API of src/index.ts wherever it exports what a case
// needs, and the primitives (src/primitives) only for what it does not export yet. Which is which
// is printed with the results, and the fallbacks disappear by themselves once src/index.ts
// exports the op (looked up by name at run time).
import * as W from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { maximum as maximumP } from "../../src/primitives/binary/maximum.js";
import { reshape as reshapeP } from "../../src/primitives/movement/reshape.js";
import { stopGradient as stopGradientP } from "../../src/primitives/other/stop-gradient.js";
import { reduceMax as reduceMaxP } from "../../src/primitives/reduce/reduce-max.js";
import { sum as sumP } from "../../src/primitives/reduce/sum.js";

export type { Tensor };

type Un = (x: Tensor) => Tensor;
type Bin = (a: Tensor, b: Tensor) => Tensor;

const publicApi = W as unknown as Record<string, unknown>;
const fromPublic: string[] = [];
const fromPrimitives: string[] = [];

/** The export `name` of src/index.ts if there is one, else `fallback` (noted as such). */
function pick<F>(name: string, fallback: F): F {
  const f = publicApi[name];
  if (typeof f === "function") {
    fromPublic.push(name);
    return f as F;
  }
  fromPrimitives.push(name);
  return fallback;
}

const need = <F>(name: string): F => {
  const f = publicApi[name];
  if (typeof f !== "function") throw new Error(`src/index.ts does not export ${name}`);
  fromPublic.push(name);
  return f as F;
};

const scalarLike = (v: number, like: Tensor): Tensor => W.scalar(v, like.dtype);
const allAxes = (x: Tensor): number[] => x.shape.map((_, i) => i);

export const matmul = need<Bin>("matmul");
export const add = need<Bin>("add");
export const sub = need<Bin>("sub");
export const mul = need<Bin>("mul");
export const exp = need<Un>("exp");
export const log = need<Un>("log");
export const sin = need<Un>("sin");

/** max(x, 0). */
export const relu = pick<Un>("relu", (x) => maximumP(x, scalarLike(0, x)));

/** Sum of all elements (public `sum(x)` with no axis; primitive `sum(x, allAxes)`). */
export const sumAll = ((): Un => {
  const pub = pick<((x: Tensor) => Tensor) | null>("sum", null);
  return pub ?? ((x) => sumP(x, allAxes(x)));
})();

/** log-softmax over the last axis (fallback: max-shifted log-sum-exp from primitives). */
export const logSoftmax = pick<Un>("logSoftmax", (x) => {
  const last = x.ndim - 1;
  const keep = x.shape.map((d, i) => (i === last ? 1 : d));
  const m = stopGradientP(reshapeP(reduceMaxP(x, [last]), keep));
  const z = sub(x, m);
  return sub(z, reshapeP(log(sumP(exp(z), [last])), keep));
});

export const { scalar, tensor, valueAndGrad, grad, jvp } = W;

/** Where each op came from, for the report. */
export function provenance(): string {
  const uniq = (xs: string[]): string => [...new Set(xs)].join(", ");
  return `public API (src/index.ts): ${uniq(fromPublic)}; primitive fallbacks (not exported yet): ${fromPrimitives.length ? uniq(fromPrimitives) : "none"}`;
}

/** A Float32Array/Float64Array as a tensor of `shape` (copied). */
export function fromArray(data: Float32Array | Float64Array, shape: readonly number[]): Tensor {
  return W.tensor(data, { shape });
}

/** The elements of a tensor. */
export function dataOf(t: Tensor): Float32Array | Float64Array {
  return t.data() as Float32Array | Float64Array;
}
