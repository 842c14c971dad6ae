import { add, mul, reshape, sub, sum, toTensor } from "../ops/index.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import type { Tensor } from "../tensor/tensor.js";
import { baselineLossTerm, baselineValue, type BaselineSpec, type MovingAverages } from "./baselines.js";
import { magicBox } from "./magic-box.js";

/**
 * @internal The score-function sites a cost (or a site's distribution) depends on: a number m is
 * the first m score sites in call order (the default), an array lists score-site ordinals, sorted.
 */
export type Credit = number | readonly number[];

/** @internal A score-function site as recorded by `sc.sample`. */
export interface ScoreSite {
  name: string;
  /** log p of each sample along the leading axis ([n]) when `n` is set, else the summed log p. */
  lp: Tensor;
  /** Σ log p over every element (a scalar). */
  lpSum: Tensor;
  /** The per-sample length (`perSample: true`), or null. */
  n: number | null;
  ancestors: Credit;
  baseline?: BaselineSpec;
}

/** @internal A cost as recorded by `sc.cost`. */
export interface CostRecord {
  value: Tensor;
  credit: Credit;
}

/** @internal What `buildSurrogate` returns. */
export interface Surrogate {
  value: Tensor;
  surrogate: Tensor;
  baselineLoss: Tensor;
}

const plus = (a: Tensor | null, b: Tensor): Tensor => (a === null ? b : add(a, b));
const contains = (c: Credit, o: number): boolean => (typeof c === "number" ? o < c : c.includes(o));
const leading = (v: Tensor): number | null => (v.shape.length >= 1 ? v.shape[0] : null);

/**
 * @internal Storchastic's Algorithm 1 with Loaded-DiCE baselines: Σ_c Σ magicBox(L_c) ⊙ c, where L_c
 * sums the log p of c's credited sites (per sample where a `perSample` site's length matches c's
 * leading axis), plus Σ_w b_w · magicBox(L_{ancestors of w}) · (1 − magicBox(log p_w)) for sites
 * with a baseline (Mao et al. 2019: value 0; every derivative has expectation 0 given w's ancestors).
 * `prefixSums[m]` is Σ lpSum over the first m score sites (the call-order fast path).
 */
export function buildSurrogate(
  sites: readonly ScoreSite[],
  prefixSums: readonly (Tensor | undefined)[],
  costs: readonly CostRecord[],
  averages: MovingAverages,
): Surrogate {
  const perSampleOrdinals = sites.flatMap((s, o) => (s.n === null ? [] : [o]));

  /** Σ log p over `credit`, aligned to length n where a per-sample site has that length. */
  const logSum = (credit: Credit, n: number | null): Tensor | null => {
    if (typeof credit === "number") {
      if (credit === 0) return null;
      if (n === null || !perSampleOrdinals.some((o) => o < credit && sites[o].n === n)) return prefixSums[credit] ?? null;
    }
    const ordinals = typeof credit === "number" ? Array.from({ length: credit }, (_, o) => o) : credit;
    let acc: Tensor | null = null;
    for (const o of ordinals) acc = plus(acc, n !== null && sites[o].n === n ? sites[o].lp : sites[o].lpSum);
    return acc;
  };

  let surrogate: Tensor | null = null;
  let value: Tensor | null = null;
  const totals: Tensor[] = [];
  for (const c of costs) {
    const v = c.value;
    const total = sum(v);
    totals.push(stopGradient(total));
    value = plus(value, totals[totals.length - 1]);
    const L = logSum(c.credit, leading(v));
    if (L === null) surrogate = plus(surrogate, total);
    else if (L.shape.length === 0) surrogate = plus(surrogate, mul(magicBox(L), total));
    else surrogate = plus(surrogate, sum(mul(reshape(magicBox(L), [L.shape[0], ...v.shape.slice(1).map(() => 1)]), v)));
  }

  let baselineLoss: Tensor | null = null;
  if (sites.some((s) => s.baseline !== undefined)) {
    // The downstream cost Q_w = Σ_{c crediting w} c, detached. Call-order costs are bucketed by their
    // prefix length m, so Σ_{m > o} is a suffix sum: O(sites + costs) for the common case.
    const suffix: (Tensor | null)[] = new Array<Tensor | null>(sites.length + 2).fill(null);
    costs.forEach((c, j) => { if (typeof c.credit === "number") suffix[c.credit] = plus(suffix[c.credit], totals[j]); });
    for (let m = sites.length - 1; m >= 0; m--) { const s = suffix[m + 1]; if (s !== null) suffix[m] = plus(suffix[m], s); }
    for (let o = 0; o < sites.length; o++) {
      const site = sites[o];
      if (site.baseline === undefined) continue;
      let q: Tensor | null = suffix[o + 1];
      let aligned: Tensor | null = null;
      for (let j = 0; j < costs.length; j++) {
        const c = costs[j];
        if (!contains(c.credit, o)) continue;
        const v = c.value;
        if (site.n !== null && leading(v) === site.n) {
          aligned = plus(aligned, stopGradient(v.shape.length === 1 ? v : sum(v, v.shape.slice(1).map((_, k) => k + 1))));
          if (typeof c.credit === "number") q = plus(q, mul(totals[j], -1));
        } else if (typeof c.credit !== "number") q = plus(q, totals[j]);
      }
      const qTotal: Tensor = aligned === null ? (q ?? toTensor(0)) : q === null ? aligned : add(aligned, q);
      const b = baselineValue(site.baseline, site.name, qTotal, aligned, averages);
      const lossTerm = baselineLossTerm(site.baseline, qTotal);
      if (lossTerm !== null) baselineLoss = plus(baselineLoss, lossTerm);
      if (b === null || b === 0) continue;
      const A = logSum(site.ancestors, site.n);
      let term = mul(b, sub(1, magicBox(site.n === null ? site.lpSum : site.lp)));
      if (A !== null) term = mul(term, magicBox(A));
      surrogate = plus(surrogate, sum(term));
    }
  }
  return { value: value ?? toTensor(0), surrogate: surrogate ?? toTensor(0), baselineLoss: baselineLoss ?? toTensor(0) };
}
