import { ArgumentError } from "../../core/errors.js";
import { argumentError, checkIntegerArray, showValue } from "../../core/validate.js";

/**
 * The draws of one sample site: its shape and one Float64Array per chain of length
 * samples × prod(shape), row-major [sample, ...shape]. What `summarize` and the plots take, one per site name.
 */
export interface SiteDraws {
  readonly shape: readonly number[];
  readonly chains: readonly Float64Array[];
}

/** One scalar element of a site: its row name ("theta[0]", "L[1,0]", "mu"), its site and its flat index. */
export interface Element {
  readonly name: string;
  readonly site: string;
  readonly index: number;
}

/** The checked draws of every site: per site its shape, element count and chains. */
export interface CheckedDraws {
  readonly sites: ReadonlyMap<string, { readonly shape: readonly number[]; readonly size: number; readonly chains: readonly Float64Array[] }>;
  readonly samples: number;
  readonly chains: number;
}

/**
 * Checks `value` as draws (a record of SiteDraws with the same number of chains and samples
 * everywhere); the error names `fn`, the site and what is wrong. O(sites · chains).
 */
export function checkDraws(value: unknown, fn: string, arg = "draws"): CheckedDraws {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw argumentError(fn, arg, "a record of site name → { shape, chains }", value);
  const sites = new Map<string, { shape: readonly number[]; size: number; chains: readonly Float64Array[] }>();
  let samples = -1;
  let nChains = -1;
  for (const [name, site] of Object.entries(value as Record<string, unknown>)) {
    const where = `${arg}.${name}`;
    if (site === null || typeof site !== "object") throw argumentError(fn, where, "{ shape, chains }", site);
    const shape = checkIntegerArray((site as { shape?: unknown }).shape, fn, `${where}.shape`, 0);
    const chains = (site as { chains?: unknown }).chains;
    if (!Array.isArray(chains) || chains.length === 0) throw argumentError(fn, `${where}.chains`, "a non-empty array of Float64Arrays (one per chain)", chains);
    const size = shape.reduce((a, b) => a * b, 1);
    for (let m = 0; m < chains.length; m++) {
      const c: unknown = chains[m];
      if (!(c instanceof Float64Array)) throw argumentError(fn, `${where}.chains[${m}]`, "a Float64Array", c);
      if (size > 0 && c.length % size !== 0)
        throw new ArgumentError(`${fn}: ${where}.chains[${m}] must hold samples × ${size} values (shape ${showValue(shape)}), got ${c.length}`);
      const n = size === 0 ? 0 : c.length / size;
      if (samples < 0 && size > 0) samples = n;
      else if (size > 0 && n !== samples) throw new ArgumentError(`${fn}: ${where}.chains[${m}] must hold ${samples} samples like the other chains and sites, got ${n}`);
    }
    if (nChains < 0) nChains = chains.length;
    else if (chains.length !== nChains) throw new ArgumentError(`${fn}: ${where}.chains must have ${nChains} chains like the other sites, got ${chains.length}`);
    sites.set(name, { shape, size, chains: chains as Float64Array[] });
  }
  return { sites, samples: Math.max(samples, 0), chains: Math.max(nChains, 0) };
}

/** The scalar elements of the given sites (default all), row-major within a site, with 0-based indices in their names. */
export function elements(draws: CheckedDraws, sites?: readonly string[]): Element[] {
  const out: Element[] = [];
  for (const site of sites ?? [...draws.sites.keys()]) {
    const s = draws.sites.get(site)!;
    for (let k = 0; k < s.size; k++) out.push({ name: s.shape.length === 0 ? site : `${site}[${unravel(k, s.shape).join(",")}]`, site, index: k });
  }
  return out;
}

/** The row-major multi-index of flat index k in `shape`. */
function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = k % shape[d]!;
    k = Math.floor(k / shape[d]!);
  }
  return idx;
}

/** The chains of one scalar element (a strided copy out of its site's chains). */
export function elementChains(draws: CheckedDraws, e: Element): Float64Array[] {
  const s = draws.sites.get(e.site)!;
  return s.chains.map((c) => {
    const n = c.length / s.size;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[i * s.size + e.index]!;
    return out;
  });
}

/**
 * Checks an optional list of site names against the draws; the error names `fn`, `arg` and the
 * known sites.
 */
export function checkSites(value: unknown, draws: CheckedDraws, fn: string, arg: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw argumentError(fn, arg, "an array of site names", value);
  return value.map((v: unknown, i) => {
    if (typeof v !== "string" || !draws.sites.has(v)) throw argumentError(fn, `${arg}[${i}]`, `one of the sites (${[...draws.sites.keys()].join(", ")})`, v);
    return v;
  });
}

/**
 * Resolves an element name ("mu", "theta[0]", "L[1,0]") to its element; the error names `fn`, `arg`
 * and the sites.
 */
export function findElement(name: unknown, draws: CheckedDraws, fn: string, arg: string): Element {
  if (typeof name === "string") {
    const m = /^(.*?)(?:\[([\d,\s]*)\])?$/.exec(name)!;
    const site = draws.sites.get(m[1]!);
    if (site) {
      const idx = m[2] === undefined ? [] : m[2].split(",").map((t) => Number(t.trim()));
      if (idx.length === site.shape.length && idx.every((v, d) => Number.isInteger(v) && v >= 0 && v < site.shape[d]!)) {
        let k = 0;
        for (let d = 0; d < idx.length; d++) k = k * site.shape[d]! + idx[d]!;
        return { name: site.shape.length === 0 ? m[1]! : `${m[1]!}[${idx.join(",")}]`, site: m[1]!, index: k };
      }
    }
  }
  throw argumentError(fn, arg, `a scalar element of the draws such as "theta[0]" (sites: ${[...draws.sites.entries()].map(([k, s]) => `${k} [${s.shape.join(", ")}]`).join(", ")})`, name);
}
