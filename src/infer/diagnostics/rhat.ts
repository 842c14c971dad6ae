import { checkBoolean } from "../../core/validate.js";
import { checkChains, finiteAndVarying, splitChains, type Chains } from "./chains.js";
import { sampleVariance } from "./ess.js";
import { checkKnownOptions } from "./options.js";
import { fold, rankNormalize } from "./rank-normalize.js";

/**
 * The potential scale reduction of M chains of N draws, as given (no split, no normalisation):
 * √((B/W + N − 1)/N) with B = N·var(chain means) and W the mean within-chain variance (both with
 * denominators minus one). NaN for NaN/±∞ or constant draws, one draw per chain, or one chain.
 */
export function rhatRaw(chains: readonly Float64Array[]): number {
  const n = chains[0]!.length;
  if (n < 2 || chains.length < 2 || !finiteAndVarying(chains)) return NaN;
  const means = chains.map((c) => c.reduce((a, b) => a + b, 0) / n);
  let w = 0;
  for (const c of chains) w += sampleVariance(c);
  w /= chains.length;
  const b = n * sampleVariance(means);
  return Math.sqrt((b / w + n - 1) / n);
}

/** Bulk and tail R̂ of chains (Vehtari et al. 2021): R̂ of the split, rank-normalised draws and of the folded ones. */
export function rhatBulkTail(chains: readonly Float64Array[]): { bulk: number; tail: number } {
  const split = splitChains(chains);
  if (!finiteAndVarying(split)) return { bulk: NaN, tail: NaN };
  return { bulk: rhatRaw(rankNormalize(split)), tail: rhatRaw(rankNormalize(fold(split))) };
}

/**
 * Rank-normalised split-R̂ (Vehtari, Gelman, Simpson, Carpenter, Bürkner 2021): the larger of the
 * bulk R̂ (split chains, rank-normalised) and the tail R̂ (the same on |x − median|). Near 1 when the
 * chains agree; above 1.01 means they have not mixed. NaN when a draw is NaN or ±∞, when all draws
 * are equal, or with fewer than 4 draws per chain (posterior's `rhat` gives NA there).
 *
 * @example
 * const r = infer.diagnostics.rhat([chain0, chain1, chain2, chain3]); // 1.002
 */
export function rhat(chains: Chains): number {
  const { bulk, tail } = rhatBulkTail(checkChains(chains, "rhat"));
  return Math.max(bulk, tail);
}

/**
 * The contract's name for `rhat`: rank-normalised split-R̂, the larger of bulk and tail.
 *
 * @example
 * const r = infer.diagnostics.splitRhat(chains);
 */
export function splitRhat(chains: Chains): number {
  const { bulk, tail } = rhatBulkTail(checkChains(chains, "splitRhat"));
  return Math.max(bulk, tail);
}

/**
 * The classic R̂ of Gelman and Rubin on the raw draws, split in halves unless `{ split: false }`
 * (posterior's `rhat_basic`; NumPyro's `split_gelman_rubin`). Prefer `rhat`, which also catches
 * chains that differ in scale or have heavy tails.
 *
 * @example
 * const r = infer.diagnostics.rhatBasic(chains, { split: true });
 */
export function rhatBasic(chains: Chains, opts?: { readonly split?: boolean }): number {
  const fn = "rhatBasic";
  const c = checkChains(chains, fn);
  const o = checkKnownOptions<{ split: boolean }>(opts, fn, ["split"]);
  const split = o.split === undefined ? true : checkBoolean(o.split, fn, "options.split");
  return rhatRaw(split ? splitChains(c) : c);
}
