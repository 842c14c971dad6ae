import { ArgumentError } from "../../core/errors.js";
import { argumentError } from "../../core/validate.js";

/**
 * Several chains of draws of one scalar quantity: one array per chain, all the same length (draw
 * order kept). What `rhat`, `essBulk`, `essTail`, `mcseMean` and `mcseQuantile` take.
 */
export type Chains = readonly ArrayLike<number>[];

/**
 * Checks `value` as chains of one scalar (a non-empty array of equally long Float64Arrays, other
 * typed arrays or number arrays) and returns them as Float64Arrays; the error names `fn`. O(draws).
 */
export function checkChains(value: unknown, fn: string, arg = "chains"): Float64Array[] {
  const expected = "a non-empty array of chains (Float64Arrays or number arrays of equal length)";
  if (!Array.isArray(value) || value.length === 0) throw argumentError(fn, arg, expected, value);
  const out: Float64Array[] = [];
  for (let m = 0; m < value.length; m++) {
    const c: unknown = value[m];
    let chain: Float64Array;
    if (c instanceof Float64Array) chain = c;
    else if (ArrayBuffer.isView(c) && !(c instanceof DataView) && !(c instanceof BigInt64Array) && !(c instanceof BigUint64Array)) chain = Float64Array.from(c as unknown as ArrayLike<number>);
    else if (Array.isArray(c)) {
      chain = new Float64Array(c.length);
      for (let i = 0; i < c.length; i++) {
        const v: unknown = c[i];
        if (typeof v !== "number") throw argumentError(fn, `${arg}[${m}][${i}]`, "a number", v);
        chain[i] = v;
      }
    } else throw argumentError(fn, `${arg}[${m}]`, "a Float64Array or an array of numbers", c);
    if (m > 0 && chain.length !== out[0]!.length)
      throw new ArgumentError(`${fn}: ${arg}[${m}] must be a chain of ${out[0]!.length} draws like ${arg}[0], got one of ${chain.length} draws`);
    out.push(chain);
  }
  return out;
}

/**
 * Splits each chain into its first and second half (2M chains of ⌊N/2⌋ draws); with N odd the middle
 * draw is left out. One draw per chain: the chains are returned as they are.
 * NOTE: as Stan's `split_chains` and posterior's `.split_chains`.
 */
export function splitChains(chains: readonly Float64Array[]): Float64Array[] {
  const n = chains[0]!.length;
  if (n <= 1) return [...chains];
  const half = Math.floor(n / 2);
  const out: Float64Array[] = [];
  for (const c of chains) out.push(c.subarray(0, half), c.subarray(n - half));
  return out;
}

/** True when every draw is finite and they are not all equal (posterior's `should_return_NA` is the negation). */
export function finiteAndVarying(chains: readonly Float64Array[]): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of chains)
    for (let i = 0; i < c.length; i++) {
      const v = c[i]!;
      if (!Number.isFinite(v)) return false;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  // NOTE: "constant" as in posterior's is_constant: max − min below the float64 epsilon.
  return hi - lo >= Number.EPSILON;
}

/** All draws of all chains in one array (chain after chain). */
export function pool(chains: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const c of chains) total += c.length;
  const out = new Float64Array(total);
  let at = 0;
  for (const c of chains) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Checks that `p` is a number in [0, 1]; the error names `fn` and `arg`. */
export function checkProbability(p: unknown, fn: string, arg: string): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw argumentError(fn, arg, "a probability in [0, 1]", p);
  return p;
}
