import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Makes sure dist/ is built from the current sources, by the same staleness rule as `npm test` and
 * `prepare` (`npm run build:if-stale`: a stamp newer than src/, assembly/, the build script and the
 * tsconfigs). `npm test` builds before running the suite, so this only builds when tests run on their
 * own (e.g. `npx vitest run test/cli`) with a stale or missing dist/.
 */
export function ensureBuilt(): void {
  const build = spawnSync(process.execPath, [join(root, "scripts", "build-if-stale.mjs")], { cwd: root, encoding: "utf8", timeout: 290_000 });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
}
