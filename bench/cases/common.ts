// What every case shares: the context it runs in, its result shape, and the interleaved
// measurement of one group of contestants turned into table rows with the ratio wengert/peer.
import { errorText, interleave, now, type InterleaveOptions, type Measured, type Stats } from "../harness.js";
import type { Peers } from "../peers/index.js";
import { runTorch } from "../peers/torch.js";
import * as Wg from "../peers/wengert.js";

export interface Ctx {
  quick: boolean;
  peers: Peers;
  /** Progress messages (stderr). */
  log: (msg: string) => void;
  /** Set when each library runs in a process of its own (run.ts --isolate); absent: all interleaved in this process. */
  isolation?: Isolation;
}

/** One contestant's measurement (or failed check) from its own process, by entryKeys' key. */
export interface Isolated {
  key: string;
  result: Measured;
}

/**
 * "child": this process measures only the entries of `library`, on `share` of each group's budget,
 * and records them; "replay": this process (the parent) measures nothing in measureGroup and fills
 * the rows from the children's records (`failed`: why a library's process gave none).
 */
export type Isolation = { kind: "child"; library: string; share: number; measured: Isolated[] } | { kind: "replay"; measured: ReadonlyMap<string, Measured>; failed: ReadonlyMap<string, string> };

/** The process an entry is measured in under isolation: "wengert", "reference" (hand-written JS), or the peer's library name. */
export const libraryKey = (e: Pick<Entry, "library" | "role">): string => (e.role === "peer" ? e.library : e.role);

/** A key per entry that is the same in every process (group, library, variant; a repeat gets #2, #3...). */
export function entryKeys(group: string, entries: readonly Pick<Entry, "library" | "variant">[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((e) => {
    const k = `${group}\u0000${e.library}\u0000${e.variant}`;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n > 1 ? `${k}#${n}` : k;
  });
}

export interface Table {
  columns: string[];
  rows: string[][];
}

export interface CaseResult {
  id: string;
  title: string;
  /** What is measured and how, one paragraph. */
  what: string;
  table: Table;
  notes: string[];
  raw: unknown;
}

export interface BenchCase {
  id: string;
  title: string;
  run: (ctx: Ctx) => Promise<CaseResult>;
}

export type Role = "wengert" | "reference" | "peer";

/** One contestant of a timed group. */
export interface Entry {
  library: string;
  variant: string;
  role: Role;
  /** One call (may return a promise, which is awaited inside the timing). */
  run: () => unknown;
  /** Untimed, before every sample. */
  before?: () => unknown;
  /** Called once before timing; throws (or rejects) when the result is wrong. */
  check?: () => unknown;
  /** Threads the contestant computes on (NOTE: 1 when absent: every JS peer runs on one thread in Node). */
  threads?: number;
}

export interface Metric {
  /** Column header, e.g. "GFLOP/s". */
  name: string;
  /** From milliseconds per call. */
  of: (msPerCall: number) => number;
}

export interface Row {
  group: string;
  library: string;
  variant: string;
  role: Role;
  status: "ok" | "failed" | "unavailable";
  error?: string;
  /** Threads the row computed on (1 when absent). */
  threads?: number;
  stats?: Stats;
  median?: number;
  /** The metric of the mean time per call. */
  mean?: number;
  lo?: number;
  hi?: number;
  /** wengert's median time ÷ this row's median time (> 1: wengert is slower), against wengert on as many threads where it has such a row. */
  ratio?: number;
}

/**
 * Sets `ratio` on every non-wengert row: the primary row's median time ÷ the row's, where the
 * primary is replaced by the first wengert row of the same group on the same thread count (a
 * 2-thread peer is compared with wengert on 2 threads only; without such a row it gets no ratio).
 */
export function setRatios(rows: readonly Row[], primary: Row | undefined): void {
  for (const r of rows) {
    if (r.role === "wengert" || !r.stats) continue;
    const threads = r.threads ?? 1;
    // NOTE: no fallback to wengert on another thread count: a row without a same-threads wengert row has no ratio.
    const base = threads === (primary?.threads ?? 1) ? primary : rows.find((w) => w.role === "wengert" && w.group === r.group && w.stats && (w.threads ?? 1) === threads);
    if (base?.stats) r.ratio = base.stats.median / r.stats.median;
  }
}

/** A row for a peer that is not loaded (so the table says why it is missing). */
export function unavailable(group: string, library: string, reason: string): Row {
  return { group, library, variant: "", role: "peer", status: "unavailable", error: reason };
}

/**
 * The entry's own `before`, preceded by pinning wengert's thread count: the entry's `threads` for a
 * wengert entry, else 1 (so that no case or earlier row leaves wengert on its default, and no idle
 * wengert worker competes with a peer's sample). Untimed; O(1) when the count is already right.
 */
function pinned(e: Entry): () => unknown {
  const own = e.before;
  return () => {
    pin(e);
    return own?.();
  };
}

/** Sets wengert's thread count for the entry (see pinned). */
function pin(e: Entry): void {
  const n = e.role === "wengert" ? (e.threads ?? 1) : 1;
  if (Wg.getThreads() !== n) Wg.setThreads(n);
}

/**
 * Checks and then measures the entries interleaved. `primary` (an index into entries, a wengert
 * entry) is the numerator of the ratio column.
 */
export async function measureGroup(ctx: Ctx, group: string, entries: readonly Entry[], metric: Metric, primary: number, opts: InterleaveOptions): Promise<Row[]> {
  const rows: Row[] = entries.map((e) => ({ group, library: e.library, variant: e.variant, role: e.role, status: "ok", threads: e.threads ?? 1 }));
  const iso = ctx.isolation;
  const keys = entryKeys(group, entries);
  if (iso?.kind === "replay") {
    rows.forEach((row, i) => fill(row, iso.measured.get(keys[i]!) ?? { ok: false, error: `no result from its own process${iso.failed.has(libraryKey(row)) ? `: ${iso.failed.get(libraryKey(row))}` : ""}` }, metric));
    setRatios(rows, rows[primary]);
    return rows;
  }
  const mine = (i: number): boolean => !iso || libraryKey(entries[i]!) === iso.library;
  const live: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (!mine(i)) continue;
    try {
      pin(entries[i]!);
      await entries[i]!.check?.();
      live.push(i);
    } catch (e) {
      fill(rows[i]!, { ok: false, error: `check failed: ${errorText(e)}` }, metric);
    }
  }
  ctx.log(`  ${group}: ${live.map((i) => `${entries[i]!.library} ${entries[i]!.variant}`.trim()).join(", ")}`);
  const results = await interleave(
    live.map((i) => ({ id: String(i), run: entries[i]!.run, before: pinned(entries[i]!) })),
    // NOTE: a library alone in its process gets its share of the group's budget, so that isolation does not multiply the run time.
    iso ? { ...opts, budgetMs: opts.budgetMs * iso.share } : opts,
  );
  for (const i of live) fill(rows[i]!, results.get(String(i))!, metric);
  // NOTE: in a child, the other libraries' rows get NaN placeholders (their own process measures them), so that the case's code after the group runs on.
  const nan: Stats = { median: NaN, mean: NaN, p25: NaN, p75: NaN, min: NaN, max: NaN, samples: 0, inner: 1 };
  if (iso) for (let i = 0; i < entries.length; i++) if (!mine(i)) fill(rows[i]!, { ok: true, stats: nan }, metric);
  if (iso) for (let i = 0; i < entries.length; i++) if (mine(i)) iso.measured.push({ key: keys[i]!, result: rows[i]!.stats ? { ok: true, stats: rows[i]!.stats! } : { ok: false, error: rows[i]!.error ?? "?" } });
  setRatios(rows, rows[primary]);
  return rows;
}

/** Puts a measurement (or its failure) into a row, in the metric's units. */
function fill(row: Row, m: Measured, metric: Metric): void {
  if (!m.ok) {
    row.status = "failed";
    row.error = m.error;
    return;
  }
  row.stats = m.stats;
  row.median = metric.of(m.stats.median);
  row.mean = metric.of(m.stats.mean);
  const a = metric.of(m.stats.p25);
  const b = metric.of(m.stats.p75);
  row.lo = Math.min(a, b);
  row.hi = Math.max(a, b);
}

/** 3 significant digits, plain notation for ordinary magnitudes. */
export function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString("en-US");
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return "0";
  return x.toPrecision(2);
}

/** The standard table of a timed case. */
export function timedTable(groupHeader: string, metric: Metric, rows: readonly Row[]): Table {
  return {
    columns: [groupHeader, "library", "variant", "threads", `${metric.name} (median)`, `${metric.name} (mean)`, "p25–p75", "samples", "wengert ÷ peer (time, same threads)"],
    rows: rows.map((r) => {
      const who = r.role === "wengert" ? `**${r.library}**` : r.library;
      const threads = String(r.threads ?? 1);
      if (r.status !== "ok") return [r.group, who, r.variant, threads, r.status === "unavailable" ? "not available" : "failed", "", r.error ?? "", "", ""];
      const samples = r.stats!.inner > 1 ? `${r.stats!.samples}×${r.stats!.inner}` : String(r.stats!.samples);
      return [r.group, who, r.variant, threads, fmt(r.median), fmt(r.mean), `${fmt(r.lo)}–${fmt(r.hi)}`, samples, r.ratio === undefined ? "" : fmt(r.ratio)];
    }),
  };
}

/** Sampling settings of the timed cases. */
export function timing(ctx: Ctx, budgetMs: number, targetSampleMs = 0): InterleaveOptions {
  return ctx.quick
    ? { warmup: 2, warmupMs: 150, minSamples: 5, maxSamples: 21, budgetMs: budgetMs / 4, slowMs: 400, slowSamples: 3, targetSampleMs: targetSampleMs / 2 }
    : { warmup: 3, warmupMs: 500, minSamples: 7, maxSamples: 41, budgetMs, slowMs: 1500, slowSamples: 3, targetSampleMs };
}

/** Throws unless |got - want| ≤ tol·max(1, |want|). */
export function near(what: string, got: number, want: number, tol: number): void {
  if (!(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)))) throw new Error(`${what}: got ${got}, expected ${want}`);
}

/**
 * The PyTorch row of a group, measured by bench/peers/torch_bench.py in its own process (not
 * interleaved); null when torch is not available (the peers list says why).
 */
export function torchRow(
  ctx: Ctx,
  group: string,
  variant: string,
  args: Record<string, string | number>,
  metric: Metric,
  primary: Row | undefined,
  notes: string[],
  /** Sees the script's whole result (its checksums); may throw to reject the row. */
  check?: (result: Record<string, unknown>) => void,
  /** torch.set_num_threads (1 by default, as every JS contestant); the ratio is against wengert on as many threads when the group has such a row. */
  threads = 1,
  /** The group's rows (for the same-threads ratio). */
  groupRows: readonly Row[] = [],
): Row | null {
  const tp = ctx.peers.torch;
  if (!tp.ok) return null;
  try {
    const t = runTorch(tp.api, { ...args, threads, quick: ctx.quick ? 1 : 0 }, 600_000)[0] as
      | { ms_median: number; ms_mean?: number; ms_p25: number; ms_p75: number; samples: number; inner: number; threads?: number; blas_threads?: number }
      | undefined;
    if (!t) throw new Error("no result");
    // The pin is checked, not assumed: torch's intra-op pool and OpenBLAS's own pool (-1: not OpenBLAS) must both run `threads`.
    if (t.threads !== undefined && t.threads !== threads) throw new Error(`ran on ${t.threads} torch threads, wanted ${threads}`);
    if (t.blas_threads !== undefined && t.blas_threads !== -1 && t.blas_threads !== threads) throw new Error(`OpenBLAS ran on ${t.blas_threads} threads, wanted ${threads}`);
    check?.(t);
    // NOTE: an older torch_bench.py without ms_mean gives NaN (shown as "—"), not the median.
    const stats: Stats = { median: t.ms_median, mean: t.ms_mean ?? NaN, p25: t.ms_p25, p75: t.ms_p75, min: NaN, max: NaN, samples: t.samples, inner: t.inner };
    const a = metric.of(t.ms_p25);
    const b = metric.of(t.ms_p75);
    const row: Row = {
      group,
      library: "torch (own process)",
      variant,
      role: "peer",
      status: "ok",
      threads,
      stats,
      median: metric.of(t.ms_median),
      mean: metric.of(stats.mean),
      lo: Math.min(a, b),
      hi: Math.max(a, b),
    };
    setRatios([...groupRows, row], primary);
    return row;
  } catch (e) {
    notes.push(`torch (${group}): ${errorText(e)}`);
    return null;
  }
}

/** Median of `reps` timed calls (after one untimed call). */
export function medianTime(f: () => unknown, reps: number): number {
  return timeStats(f, reps).median;
}

/** Median and mean of `reps` timed calls (after one untimed call): the mean counts the collection pauses a median hides. */
export function timeStats(f: () => unknown, reps: number): { median: number; mean: number } {
  f();
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    f();
    xs.push(now() - t0);
  }
  return { median: xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!, mean: xs.reduce((a, b) => a + b, 0) / xs.length };
}

/** A time cell with the mean beside the median: "1.23 (mean 1.40)". */
export const medianMean = (t: { median: number; mean: number }): string => `${fmt(t.median)} (mean ${fmt(t.mean)})`;
