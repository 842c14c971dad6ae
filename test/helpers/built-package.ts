import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/ is built from the current sources. `npm test` builds before running the suite,
 * so this only builds when tests run on their own (e.g. `npx vitest run test/cli`) with a stale
 * or missing dist/ — never concurrently with tests that import the built package.
 */
export function ensureBuilt(): void {
  const marker = join(root, "dist", "cli", "main.js");
  // A tsc-only rebuild drops the generated wasm module, and everything silently runs on the JS kernels.
  const wasm = join(root, "dist", "backend", "wasm", "wasm-bytes.js");
  if (existsSync(marker) && existsSync(wasm) && statSync(marker).mtimeMs >= newestSource(join(root, "src"))) return;
  const build = spawnSync("npm", ["run", "build"], { cwd: root, encoding: "utf8", timeout: 290_000 });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
}
