// rstan as an optional peer of bench/cases/inference.ts: runs bench/peers/rstan_bench.R with
// Rscript on a Stan program and its data (an R dump). The compiled model is cached beside the .stan
// file (rstan's auto_write) under node_modules/.cache/wengert-bench/rstan, so only the first run compiles.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(HERE, "..", "..", "node_modules", ".cache", "wengert-bench", "rstan");

/** What rstan_bench.R prints. */
export interface RstanResult {
  compile_s: number;
  sampler_s: number;
  min_ess_bulk: number;
  leapfrog: number;
  divergences: number;
  means: Record<string, number>;
  /** Monte Carlo standard error of each mean (rstan's monitor(), se_mean). */
  mcse: Record<string, number>;
}

/** true when `Rscript` runs and `library(rstan)` loads, else the reason it is skipped. */
export function rstanAvailable(): true | string {
  const r = spawnSync("Rscript", ["-e", "suppressPackageStartupMessages(library(rstan))"], { encoding: "utf8", timeout: 120_000 });
  if (r.error) return "Rscript not found (install R and the Debian package r-cran-rstan); skipped";
  if (r.status !== 0) return `library(rstan) does not load (${(r.stderr || "").trim().split("\n").slice(-1)[0]}); skipped`;
  return true;
}

/** Compiles (cached) and samples `stan` on `rdump` data; the parsed result, or the reason it failed. */
export function runRstan(name: string, stan: string, rdump: string, chains: number, warmup: number, samples: number): RstanResult | string {
  const slug = name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase();
  mkdirSync(CACHE, { recursive: true });
  const stanFile = join(CACHE, `${slug}.stan`);
  const dataFile = join(CACHE, `${slug}.data.R`);
  // NOTE: the .stan file is rewritten only when it changed: rstan recompiles when it is newer than its cached .rds.
  if (!existsSync(stanFile) || readFileSync(stanFile, "utf8") !== stan) writeFileSync(stanFile, stan);
  writeFileSync(dataFile, rdump);
  const r = spawnSync("Rscript", [join(HERE, "rstan_bench.R"), stanFile, dataFile, String(chains), String(warmup), String(samples), "1"], {
    cwd: CACHE,
    encoding: "utf8",
    timeout: 1_800_000,
    maxBuffer: 1 << 26,
  });
  const line = (r.stdout || "").split("\n").find((l) => l.startsWith("{"));
  if (r.status !== 0 || line === undefined) {
    const err = (r.stderr || "").split("\n").filter((l) => l.trim() && !l.includes("codetools")).slice(-3).join(" / ");
    return `Rscript failed (status ${r.status}): ${err}${/Boost not found|BH/.test(err) ? " — Debian's BH needs its include folder linked: ln -s /usr/include /usr/lib/R/site-library/BH/include" : ""}`;
  }
  return JSON.parse(line) as RstanResult;
}
