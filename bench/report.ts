// The machine a run was measured on, and the markdown that shows the results.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import type { CaseResult, Table } from "./cases/common.js";

export interface Machine {
  cpu: string;
  cores: number;
  simd: string;
  memoryGiB: number;
  node: string;
  v8: string;
  platform: string;
  commit: string;
  date: string;
  /** 1, 5 and 15-minute load averages when the run started and ended (other work on the machine skews timings). */
  loadStart: string;
  loadEnd: string;
}

export const loadAverage = (): string => loadavg().map((x) => x.toFixed(1)).join(" / ");

function cpuModel(): [string, string] {
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const model = /^model name\s*:\s*(.*)$/m.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? "?";
    const flags = new Set((/^flags\s*:\s*(.*)$/m.exec(info)?.[1] ?? "").split(/\s+/));
    const simd = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_bf16", "amx_tile"].filter((f) => flags.has(f)).join(" ");
    return [model, simd || "?"];
  } catch {
    return [cpus()[0]?.model ?? "?", "?"];
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return "?";
  }
}

export function machine(): Machine {
  const [cpu, simd] = cpuModel();
  return {
    cpu,
    cores: cpus().length,
    simd,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    commit: gitCommit(),
    date: new Date().toISOString(),
    loadStart: loadAverage(),
    loadEnd: "",
  };
}

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function markdownTable(t: Table): string {
  const lines = [`| ${t.columns.map(cell).join(" | ")} |`, `|${t.columns.map(() => "---").join("|")}|`];
  for (const r of t.rows) lines.push(`| ${r.map(cell).join(" | ")} |`);
  return lines.join("\n");
}

/** How the contestants of a group were separated, as the report says it. */
export function modeText(mode: string | undefined): string {
  return mode === "isolated"
    ? "Each library runs in a process of its own (wengert, the hand-written JS references, each JS peer, PyTorch), on one thread unless a row says otherwise."
    : "All JS contestants run in one process, on one thread unless a row says otherwise, interleaved sample by sample.";
}

/** The whole report of a run, markdown. */
export function markdownReport(results: readonly CaseResult[], m: Machine, command: string, peerLines: readonly string[], extra: readonly string[], mode?: string): string {
  const out: string[] = [];
  out.push(`Command: \`${command}\``);
  out.push("");
  out.push(
    `Machine: ${m.cpu}, ${m.cores} cores (${m.simd}), ${m.memoryGiB} GiB; Node ${m.node} (V8 ${m.v8}), ${m.platform}; ` +
      `wengert at ${m.commit}; ${m.date}. ${modeText(mode)}`,
  );
  out.push("");
  const busy = Math.max(...[m.loadStart, m.loadEnd].map((l) => Number(l.split(" / ")[0]) || 0)) > m.cores;
  out.push(`Load average (1 / 5 / 15 min): ${m.loadStart} at the start, ${m.loadEnd || "?"} at the end${busy ? ` — **more than ${m.cores}: other work shared the cores, so absolute figures are low and noisy; the interleaved ratios suffer less**` : ""}.`);
  out.push("");
  out.push("Peers:");
  for (const l of peerLines) out.push(`- ${l}`);
  for (const l of extra) out.push(`- ${l}`);
  for (const r of results) {
    out.push("");
    out.push(`### ${r.title}`);
    out.push("");
    out.push(r.what);
    out.push("");
    out.push(markdownTable(r.table));
    if (r.notes.length) {
      out.push("");
      for (const n of r.notes) out.push(`- ${n}`);
    }
  }
  return out.join("\n") + "\n";
}
