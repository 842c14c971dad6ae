// npm run bench:results [-- --from=bench/results/latest.json] [--doc=bench/RESULTS.md] [--check]
// Regenerates the "Latest full run" section of bench/RESULTS.md (commit, CPU, load average, command,
// every table) from a run's JSON; the handwritten sections before and after it are kept as they are.
// --check: exit 1 (writing nothing) when the section is not what the JSON gives.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CASES } from "./cases/index.js";
import { latestRunSection, replaceSection, runWarnings, SECTION, type RunJson } from "./results-section.js";

function main(): void {
  let file = fileURLToPath(new URL("./RESULTS.md", import.meta.url));
  let from = fileURLToPath(new URL("./results/latest.json", import.meta.url));
  let check = false;
  for (const a of process.argv.slice(2)) {
    if (a.startsWith("--from=")) from = a.slice("--from=".length);
    else if (a.startsWith("--doc=")) file = a.slice("--doc=".length);
    else if (a === "--check") check = true;
    else {
      console.error(`unknown argument ${a}\nusage: npm run bench:results -- [--from=FILE.json] [--doc=FILE.md] [--check]`);
      process.exit(2);
    }
  }
  const run = JSON.parse(readFileSync(from, "utf8")) as RunJson;
  const warnings = runWarnings(
    run,
    CASES.map((c) => c.id),
  );
  for (const w of warnings) console.error(`warning: ${w}`);
  const doc = readFileSync(file, "utf8");
  const next = replaceSection(doc, SECTION, latestRunSection(run, warnings));
  if (check) {
    console.error(next === doc ? `${file} is up to date` : `${file} differs from ${from}`);
    process.exitCode = next === doc ? 0 : 1;
    return;
  }
  writeFileSync(file, next);
  console.error(`wrote the "${SECTION.slice(3)}" section of ${file} from ${from} (${run.results.length} cases, commit ${run.machine.commit})`);
}

main();
