import type { PRNGKey } from "../../random/key.js";
import { split } from "../../random/split.js";
import type { ChainResult } from "./chain-result.js";
import { runChain } from "./run-chain.js";
import type { SamplerConfig } from "./sampler-config.js";
import type { SamplingTarget } from "./sampling-target.js";

/** Every chain's results and each site's constrained draws, one Float64Array per chain ([samples, ...shape] row-major). */
export interface ChainsOutput {
  /** The per-chain sampler output (unconstrained draws and stats). */
  readonly results: readonly ChainResult[];
  /** Site name → one array per chain of the constrained draws. */
  readonly siteDraws: Readonly<Record<string, Float64Array[]>>;
}

/** The number of elements of a shape. */
function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/**
 * Runs `chains` chains on `target`, chain c under key `split(key, chains)[c]`, so a chain's draws
 * depend only on the seed and its index; then maps each draw to the constrained sites.
 *
 * NOTE: chains run one after another in this thread; `chainMethod: "parallel"` runs the same
 * `runChain` per chain in worker threads (`parallel/run-chains-parallel.ts`), with the same keys.
 */
export function runChains(target: SamplingTarget, cfg: SamplerConfig, chains: number, key: PRNGKey): ChainsOutput {
  const keys = split(key, chains);
  const results: ChainResult[] = [];
  for (let c = 0; c < chains; c++) results.push(runChain(target.potential, cfg, keys[c]!, c));
  return { results, siteDraws: constrainDraws(target, cfg.samples, results) };
}

/** Each chain's draws mapped to the constrained sites: site name → one array per chain ([samples, ...shape] row-major). */
export function constrainDraws(target: SamplingTarget, samples: number, results: readonly ChainResult[]): Record<string, Float64Array[]> {
  const dim = target.potential.dim;
  const siteDraws: Record<string, Float64Array[]> = {};
  for (const s of target.sites) siteDraws[s.name] = [];
  const q = new Float64Array(dim);
  for (const r of results) {
    const arrays = target.sites.map((s) => new Float64Array(samples * sizeOf(s.shape)));
    target.sites.forEach((s, k) => siteDraws[s.name]!.push(arrays[k]!));
    for (let i = 0; i < samples; i++) {
      q.set(r.draws.subarray(i * dim, (i + 1) * dim));
      const values = target.constrain(q);
      target.sites.forEach((s, k) => {
        const size = sizeOf(s.shape);
        const v = values[s.name]!;
        const a = arrays[k]!;
        for (let j = 0; j < size; j++) a[i * size + j] = v[j]!;
      });
    }
  }
  return siteDraws;
}
