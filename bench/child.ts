// One measurement in a fresh process (peak RSS and stack depth are per process): the deep chain
// and the memory cases run each library here, one process per library; under --isolate, a whole
// case runs here measuring one library's entries only (kind "isolate", impl = case id:library).
//   node <tsx flags> bench/child.ts <chain|memory|elementwise|isolate> <impl> '<json options>'
// Prints one JSON line. Also exports the parent's side: runChild().
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chainChild } from "./cases/chain.js";
import { elementwiseChild } from "./cases/elementwise.js";
import { memoryChild } from "./cases/memory.js";
import type { Isolated } from "./cases/common.js";
import { CASES } from "./cases/index.js";
import { errorText } from "./harness.js";
import { loadPeers, PEER_IDS } from "./peers/index.js";
import { initWengertFromEnv, setThreads } from "./peers/wengert.js";

const SELF = fileURLToPath(import.meta.url);

export type ChildResult = Record<string, unknown> & { ok: boolean; error?: string };

/** Runs bench/child.ts with the same Node flags (the tsx loader) as this process. */
export function runChild(kind: "chain" | "memory" | "elementwise" | "isolate", impl: string, opts: Record<string, unknown>, timeoutMs: number): ChildResult {
  const r = spawnSync(process.execPath, [...process.execArgv, SELF, kind, impl, JSON.stringify(opts)], {
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 1 << 24,
  });
  const line = r.stdout
    ?.split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (line) return JSON.parse(line) as ChildResult;
  const why = r.error ? errorText(r.error) : r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
  const tail = (r.stderr ?? "").trim().split("\n").slice(-2).join(" ").slice(0, 200);
  return { ok: false, error: `child process: ${why}${tail ? `: ${tail}` : ""}` };
}

/**
 * Runs case `caseId` measuring only `library`'s entries (see Isolation in cases/common.ts), with only
 * that peer loaded; returns their measurements.
 */
async function isolatedChild(which: string, opts: Record<string, unknown>): Promise<ChildResult> {
  const [caseId, library] = which.split(":") as [string, string];
  const c = CASES.find((k) => k.id === caseId);
  if (!c) throw new Error(`unknown case ${caseId}`);
  const peers = await loadPeers(new Set((PEER_IDS as readonly string[]).includes(library) ? [library] : []));
  const measured: Isolated[] = [];
  try {
    await c.run({ quick: Boolean(opts.quick), peers, log: (m) => void process.stderr.write(m + "\n"), isolation: { kind: "child", library, share: Number(opts.share ?? 1), measured } });
  } catch (e) {
    // What was measured before the case's own code failed still counts (the parent's run of the case reports its failure).
    if (measured.length === 0) throw e;
  }
  return { ok: true, measured };
}

async function main(): Promise<void> {
  const [kind, impl, json] = process.argv.slice(2);
  const opts = JSON.parse(json ?? "{}") as Record<string, unknown>;
  let out: ChildResult;
  try {
    await initWengertFromEnv();
    // NOTE: one thread unless the options say otherwise, as every JS peer (a child must not fall back on wengert's default).
    setThreads(Number(opts.threads ?? 1));
    if (kind === "chain") out = await chainChild(impl!, opts);
    else if (kind === "memory") out = await memoryChild(impl!, opts);
    else if (kind === "elementwise") out = await elementwiseChild(impl!, opts);
    else if (kind === "isolate") out = await isolatedChild(impl!, opts);
    else throw new Error(`unknown child kind ${kind}`);
  } catch (e) {
    out = { ok: false, error: errorText(e) };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

if (process.argv[1] === SELF) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
