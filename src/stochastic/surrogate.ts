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
  /** The score sites this site's distribution depends on (its declared closure, or call order). */
  ancestors: Credit;
  /** The site's checked baseline, if any. */
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
 * with a baseline (Mao et al. 2019: value 0; every derivative has expectation 0 given w's ancestors,
 * because E_w[∇ᵏ magicBox(log p_w)] = ∇ᵏ ∫ p_θ(w) dw = ∇ᵏ 1 = 0 for k ≥ 1 and b_w does not depend on w).
 * With `discount` λ < 1 (Loaded DiCE, Farquhar et al. 2019) a cost's credited sites form a chain in
 * call order, w_j = λ·w_{j−1} + log p_j, and magicBox(L_c) becomes 1 + Σ_j (magicBox(w_j) − magicBox(λ·w_{j−1}))
 * (equal to it at λ = 1, by telescoping); the baseline factor becomes magicBox(λ·w_A) − magicBox(λ·w_A + log p_w).
 * `prefixSums[m]` is Σ lpSum over the first m score sites (the call-order fast path).
 */
export function buildSurrogate(
  sites: readonly ScoreSite[],
  prefixSums: readonly (Tensor | undefined)[],
  costs: readonly CostRecord[],
  averages: MovingAverages,
  discount = 1,
): Surrogate {
  const perSampleOrdinals = sites.flatMap((s, o) => (s.n === null ? [] : [o]));
  /** True when `credit` is a call-order prefix with no per-sample site aligned to n (summed log p only). */
  const fast = (credit: Credit, n: number | null): credit is number =>
    typeof credit === "number" && (n === null || !perSampleOrdinals.some((o) => o < credit && sites[o].n === n));
  const ordinals = (credit: Credit): readonly number[] => (typeof credit === "number" ? Array.from({ length: credit }, (_, o) => o) : credit);
  const own = (o: number, n: number | null): Tensor => (n !== null && sites[o].n === n ? sites[o].lp : sites[o].lpSum);

  /** Σ log p over `credit`, aligned to length n where a per-sample site has that length. */
  const logSum = (credit: Credit, n: number | null): Tensor | null => {
    if (fast(credit, n)) return credit === 0 ? null : (prefixSums[credit] ?? null);
    let acc: Tensor | null = null;
    for (const o of ordinals(credit)) acc = plus(acc, own(o, n));
    return acc;
  };

  /** One step of the discounted chain: w_j = λ·w_{j−1} + l, and d = magicBox(w_j) − magicBox(λ·w_{j−1}). */
  const chainStep = (prev: Tensor | null, l: Tensor): { w: Tensor; d: Tensor } => {
    if (prev === null) return { w: l, d: sub(magicBox(l), 1) };
    const carried = mul(prev, discount);
    const w = add(carried, l);
    return { w, d: sub(magicBox(w), magicBox(carried)) };
  };
  const globalW: (Tensor | null)[] = [null];
  const globalS: (Tensor | null)[] = [null];
  if (discount !== 1) {
    for (let o = 0; o < sites.length; o++) {
      const { w, d } = chainStep(globalW[o], sites[o].lpSum);
      globalW.push(w);
      globalS.push(plus(globalS[o], d));
    }
  }
  /** The discounted chain over `credit` in call order: w (its last w_j) and s = Σ_j d_j. */
  const chain = (credit: Credit, n: number | null): { w: Tensor | null; s: Tensor | null } => {
    if (fast(credit, n)) return { w: globalW[credit], s: globalS[credit] };
    let w: Tensor | null = null;
    let acc: Tensor | null = null;
    for (const o of ordinals(credit)) {
      const step = chainStep(w, own(o, n));
      w = step.w;
      acc = plus(acc, step.d);
    }
    return { w, s: acc };
  };

  /** The multiplier of a cost credited by `credit` (magicBox of its log p, or Loaded DiCE's chain); null: none. */
  const weight = (credit: Credit, n: number | null): Tensor | null => {
    if (discount === 1) {
      const L = logSum(credit, n);
      return L === null ? null : magicBox(L);
    }
    const { s } = chain(credit, n);
    return s === null ? null : add(s, 1);
  };

  /** A baseline's factor for site o: magicBox(ancestors)·(1 − magicBox(log p_o)), discounted when λ < 1. */
  const baselineFactor = (o: number): Tensor => {
    const site = sites[o];
    const l = site.n === null ? site.lpSum : site.lp;
    if (discount === 1) {
      const A = logSum(site.ancestors, site.n);
      const f = sub(1, magicBox(l));
      return A === null ? f : mul(f, magicBox(A));
    }
    const { w } = chain(site.ancestors, site.n);
    if (w === null) return sub(1, magicBox(l));
    const carried = mul(w, discount);
    return sub(magicBox(carried), magicBox(add(carried, l)));
  };

  let surrogate: Tensor | null = null;
  let value: Tensor | null = null;
  const totals: Tensor[] = [];
  for (const c of costs) {
    const v = c.value;
    const total = sum(v);
    totals.push(stopGradient(total));
    value = plus(value, totals[totals.length - 1]);
    const m = weight(c.credit, leading(v));
    if (m === null) surrogate = plus(surrogate, total);
    else if (m.shape.length === 0) surrogate = plus(surrogate, mul(m, total));
    else surrogate = plus(surrogate, sum(mul(reshape(m, [m.shape[0], ...v.shape.slice(1).map(() => 1)]), v)));
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
      surrogate = plus(surrogate, sum(mul(b, baselineFactor(o))));
    }
  }
  return { value: value ?? toTensor(0), surrogate: surrogate ?? toTensor(0), baselineLoss: baselineLoss ?? toTensor(0) };
}
