// npm run bench [-- --quick] [--only=scalar,matmul,...] [--peers=tfjs-cpu,jax-js,...] [--out=DIR] [--no-write] [--source]
// Runs wengert side by side with its peers, case by case, and prints a markdown table; writes JSON
// and markdown under bench/results/ (gitignored). Never part of `npm test`.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runChild } from "./child.js";
import type { BenchCase, CaseResult, Ctx, Isolated } from "./cases/common.js";
import { CASES } from "./cases/index.js";
import { suiteExitCode } from "./exit-code.js";
import { consumed, errorText, type Measured } from "./harness.js";
import { describePeers, loadPeers, PEER_IDS } from "./peers/index.js";
import * as Wg from "./peers/wengert.js";
import { loadAverage, machine, markdownReport } from "./report.js";

type Mode = "isolated" | "interleaved";
/**
 * The cases whose every timing goes through measureGroup, which --isolate can split by library (the
 * others measure in their own child processes already, or time outside measureGroup).
 */
const ISOLATED_CASES = new Set(["scalar", "matmul", "mlp", "conv", "softmax-ce", "training", "random", "distributions", "vmap", "linalg"]);
/** NOTE: chosen by bench/isolation-check.ts's evidence (see RESULTS.md, Method). */
const DEFAULT_MODE = "interleaved" as Mode;

const USAGE = `usage: npm run bench -- [--quick] [--only=${CASES.map((c) => c.id).join(",")}] [--peers=${PEER_IDS.join(",")}] [--out=DIR] [--no-write]
  --quick     CI-sized run: small sizes, short budgets (a few seconds per case)
  --only      run only these cases
  --peers     compare only with these peers (wengert and the hand-written JS references always run)
  --out       where to write the JSON and markdown results (default bench/results)
  --no-write  print only
  --isolate   each library in a process of its own (the cases of ISOLATED_CASES; default: ${DEFAULT_MODE === "isolated" ? "on" : "off"})
  --interleave  all JS contestants in this process, interleaved sample by sample
  --reuse-build  use the build a previous run left in the build directory (for repeated runs of one commit)
  --source    run wengert's src/ through tsx instead of building it with tsc first (quicker start, slower transforms)`;

function parseArgs(argv: readonly string[]): { quick: boolean; only: Set<string>; peers: Set<string>; out: string; write: boolean; source: boolean; reuseBuild: boolean; mode: Mode } {
  const opts = {
    mode: DEFAULT_MODE as Mode,
    quick: false,
    only: new Set(CASES.map((c) => c.id)),
    peers: new Set<string>(PEER_IDS),
    out: fileURLToPath(new URL("./results", import.meta.url)),
    write: true,
    source: false,
    reuseBuild: false,
  };
  for (const a of argv) {
    const [k, v] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, ""];
    const list = (): Set<string> => new Set(v.split(",").map((s) => s.trim()).filter(Boolean));
    if (k === "--quick") opts.quick = true;
    else if (k === "--only") opts.only = list();
    else if (k === "--peers") opts.peers = list();
    else if (k === "--out") opts.out = v;
    else if (k === "--no-write") opts.write = false;
    else if (k === "--source") opts.source = true;
    else if (k === "--reuse-build") opts.reuseBuild = true;
    else if (k === "--isolate") opts.mode = "isolated";
    else if (k === "--interleave") opts.mode = "interleaved";
    else if (k === "--help" || k === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
  for (const id of opts.only) if (!CASES.some((c) => c.id === id)) throw new Error(`--only: unknown case ${id}`);
  for (const id of opts.peers) if (!(PEER_IDS as readonly string[]).includes(id)) throw new Error(`--peers: unknown peer ${id}`);
  return opts;
}

/**
 * Runs case `c` with each library's entries measured in a child process of its own (bench/child.ts
 * isolate), then the case here replaying those measurements (torch, which is a process of its own
 * anyway, runs here).
 */
async function runIsolated(c: BenchCase, ctx: Ctx): Promise<CaseResult> {
  const libs = ["wengert", "reference", ...PEER_IDS.filter((id) => id !== "torch" && ctx.peers[id].ok)];
  const measured = new Map<string, Measured>();
  const failed = new Map<string, string>();
  for (const lib of libs) {
    ctx.log(`  ${lib} (own process)`);
    const r = runChild("isolate", `${c.id}:${lib}`, { quick: ctx.quick, share: 1 / libs.length }, 1_800_000);
    if (!r.ok) failed.set(lib, r.error ?? "?");
    for (const m of (r.measured ?? []) as Isolated[]) measured.set(m.key, m.result);
  }
  const res = await c.run({ ...ctx, isolation: { kind: "replay", measured, failed } });
  res.notes.push(`Each library measured in a process of its own (${libs.join(", ")}${ctx.peers.torch.ok ? ", torch" : ""}), each on its share of the group's budget; the ratios compare medians from different processes.`);
  return res;
}

/** The elapsed time of every case and of all of them, one line (printed at the end of a run and kept in the report). */
function elapsedLine(elapsed: readonly { id: string; seconds: number }[], total: number): string {
  return `elapsed: ${elapsed.map((e) => `${e.id} ${e.seconds.toFixed(0)} s`).join(", ")}; all cases ${(total / 60).toFixed(1)} min`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opts = parseArgs(argv);
  const log = (msg: string): void => void process.stderr.write(msg + "\n");
  const m = machine();
  const command = `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`;
  log(`${command}: ${m.cpu}, ${m.cores} cores, Node ${m.node}, load average ${m.loadStart}`);
  let buildNote = "";
  if (opts.source) await Wg.initWengert("source");
  else {
    const t0 = performance.now();
    const b = opts.reuseBuild && existsSync(join(Wg.BUILD_DIR, "index.js")) ? { dir: Wg.BUILD_DIR, note: "the previous build, reused (--reuse-build)" } : Wg.buildWengert();
    buildNote = `${b.note}, ${((performance.now() - t0) / 1000).toFixed(0)} s`;
    log(`wengert: ${buildNote}`);
    await Wg.initWengert(b.dir);
  }
  const peers = await loadPeers(opts.peers);
  const peerLines = describePeers(peers);
  for (const l of peerLines) log(`  ${l}`);
  const results: CaseResult[] = [];
  const failures: string[] = [];
  const elapsed: { id: string; seconds: number }[] = [];
  const tRun = performance.now();
  for (const c of CASES) {
    if (!opts.only.has(c.id)) continue;
    log(`${c.title}`);
    const t0 = performance.now();
    try {
      // NOTE: every case starts with wengert on one thread, as the JS peers in Node and torch; a row on
      // more threads says so (matmul's 2-thread row), and children pin their own (bench/child.ts).
      Wg.setThreads(1);
      const ctx: Ctx = { quick: opts.quick, peers, log };
      results.push(await (opts.mode === "isolated" && ISOLATED_CASES.has(c.id) ? runIsolated(c, ctx) : c.run(ctx)));
    } catch (e) {
      failures.push(`${c.id}: ${errorText(e)}`);
      log(`  case failed: ${errorText(e)}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    elapsed.push({ id: c.id, seconds });
    log(`  (${seconds.toFixed(1)} s)`);
  }
  m.loadEnd = loadAverage();
  const timeLine = elapsedLine(elapsed, (performance.now() - tRun) / 1000);
  log(timeLine);
  const extra = [`wengert: ${Wg.provenance()}${buildNote ? ` (${buildNote})` : ""}`, ...failures.map((f) => `case failed: ${f}`), timeLine];
  const md = markdownReport(results, m, command, peerLines, extra, opts.mode);
  process.stdout.write(md);
  if (opts.write) {
    mkdirSync(opts.out, { recursive: true });
    const stamp = m.date.replace(/[:.]/g, "-");
    const json = JSON.stringify({ command, quick: opts.quick, mode: opts.mode, machine: m, peers: peerLines, extra, elapsed, results }, null, 1);
    for (const name of [`bench-${stamp}`, "latest"]) {
      writeFileSync(join(opts.out, `${name}.json`), json + "\n");
      writeFileSync(join(opts.out, `${name}.md`), md);
    }
    log(`wrote ${join(opts.out, `bench-${stamp}.{json,md}`)} and latest.{json,md}`);
  }
  if (!Number.isFinite(consumed())) log("note: a benchmarked result was not finite");
  // A case that could not run at all is an error of the suite; a failing contestant is a result; a
  // case's own failed check (it sets process.exitCode) is kept.
  process.exitCode = suiteExitCode(failures.length, process.exitCode);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
