import { ArgumentError } from "../../../core/errors.js";
import { Tensor } from "../../../tensor/tensor.js";
import { fromData } from "../../../tensor/creation.js";
import type { ChainResult } from "../chain-result.js";

/** A tensor as structured-clone data. */
interface WireTensor {
  readonly wireTensor: true;
  readonly shape: number[];
  readonly dtype: Tensor["dtype"];
  readonly data: ArrayLike<number>;
}

/**
 * The model's arguments as data a worker can receive: tensors become { shape, dtype, data } (copies),
 * arrays and plain objects are walked; numbers, strings, booleans, null and undefined pass. Anything
 * else (a function, a class instance) is an error naming the argument.
 */
export function encodeArgs(args: readonly unknown[], fn: string): unknown[] {
  const enc = (x: unknown, path: string): unknown => {
    if (x instanceof Tensor) return { wireTensor: true, shape: x.shape.slice(), dtype: x.dtype, data: (x.data() as ArrayLike<number> & { slice(): ArrayLike<number> }).slice() } satisfies WireTensor;
    if (x === null || x === undefined || typeof x === "number" || typeof x === "string" || typeof x === "boolean") return x;
    if (Array.isArray(x)) return x.map((v, i) => enc(v, `${path}[${i}]`));
    if (typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype)
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, enc(v, `${path}.${k}`)]));
    throw new ArgumentError(`${fn}: ${path} cannot be sent to a worker (tensors, numbers, strings, booleans, arrays and plain objects can), got ${typeof x === "function" ? "a function" : "an object of class " + ((x as object).constructor?.name ?? "?")}`);
  };
  return args.map((a, i) => enc(a, `options.args[${i}]`));
}

/** The arguments back as tensors and values (in the worker). */
export function decodeArgs(args: readonly unknown[]): unknown[] {
  const dec = (x: unknown): unknown => {
    if (x === null || typeof x !== "object") return x;
    if ((x as WireTensor).wireTensor === true) {
      const t = x as WireTensor;
      return fromData(t.data as never, t.shape, t.dtype);
    }
    if (Array.isArray(x)) return x.map(dec);
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, dec(v)]));
  };
  return args.map(dec);
}

/** The typed arrays of a chain's result, to transfer rather than copy. */
export function transferables(r: ChainResult): ArrayBuffer[] {
  return [r.draws, r.acceptStat, r.stepSize, r.treeDepth, r.nLeapfrog, r.divergent, r.energy, r.lp, r.inverseMetric].map((a) => a.buffer as ArrayBuffer);
}
