// npx tsx bench/isolation-check.ts [--only=scalar,mlp,softmax-ce] [--rounds=2] [--quick] [--peers=...]
// Does interleaving the libraries in one process move the ratios? Runs the cases alternately with
// --interleave and --isolate (ABAB..., so that drifts of the machine hit both modes alike) and prints,
// per row, the ratio column of each mode and their quotient (isolated ÷ interleaved; 1 = no effect).
// Set WENGERT_BENCH_DIST as for any bench run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Row } from "./cases/common.js";
import type { RunJson } from "./results-section.js";

const RUN = fileURLToPath(new URL("./run.ts", import.meta.url));

/** wengert ÷ peer ratios of a run, by case, group, library and variant. */
function ratios(run: RunJson): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of run.results) {
    if (!Array.isArray(c.raw)) continue;
    for (const r of c.raw as Row[]) if (r.ratio !== undefined && r.library && !r.library.startsWith("torch")) out.set(`${c.id} | ${r.group} | ${r.library} ${r.variant}`, r.ratio);
  }
  return out;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

function main(): void {
  const args = process.argv.slice(2);
  const pick = (k: string, d: string): string => args.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d;
  const only = pick("only", "scalar,mlp,softmax-ce");
  const rounds = Number(pick("rounds", "2"));
  const extra = args.filter((a) => a === "--quick" || a.startsWith("--peers="));
  const dir = mkdtempSync(join(tmpdir(), "wengert-isolation-"));
  const got: Record<string, Map<string, number[]>> = { interleave: new Map(), isolate: new Map() };
  for (let round = 0; round < rounds; round++) {
    for (const mode of round % 2 === 0 ? ["interleave", "isolate"] : ["isolate", "interleave"]) {
      const out = join(dir, `${mode}-${round}`);
      process.stderr.write(`round ${round + 1}/${rounds}: --${mode} --only=${only}\n`);
      const reuse = round > 0 || mode !== (round % 2 === 0 ? "interleave" : "isolate") ? ["--reuse-build"] : [];
      const r = spawnSync(process.execPath, [...process.execArgv, RUN, `--only=${only}`, `--${mode}`, `--out=${out}`, ...reuse, ...extra], { stdio: ["ignore", "ignore", "inherit"] });
      if (r.status !== 0) process.stderr.write(`  exit ${r.status}\n`);
      const run = JSON.parse(readFileSync(join(out, "latest.json"), "utf8")) as RunJson;
      for (const [k, v] of ratios(run)) got[mode]!.set(k, [...(got[mode]!.get(k) ?? []), v]);
    }
  }
  console.log(`| row | ratio, interleaved | ratio, isolated | isolated ÷ interleaved |`);
  console.log(`|---|---|---|---|`);
  const moves: number[] = [];
  for (const [k, a] of got.interleave!) {
    const b = got.isolate!.get(k);
    if (!b) continue;
    const q = median(b) / median(a);
    moves.push(Math.abs(Math.log(q)));
    console.log(`| ${k} | ${a.map((x) => x.toPrecision(3)).join(", ")} | ${b.map((x) => x.toPrecision(3)).join(", ")} | ${q.toFixed(2)} |`);
  }
  if (moves.length) console.log(`\n${moves.length} rows; median |log(isolated ÷ interleaved)| = ${median(moves).toFixed(3)}, largest ${Math.max(...moves).toFixed(3)} (0.1 ≈ 10%).`);
}

main();
