import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";
import { ensureBuilt, root } from "../helpers/built-package.js";

/** The playground's sources and its build output. */
export const playgroundDir = join(root, "playground");
export const playgroundDist = join(playgroundDir, "dist");

/** The newest modification time under `path` (files and folders), skipping `skip`. */
function newest(path: string, skip: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const name of readdirSync(path)) if (join(path, name) !== skip) t = Math.max(t, newest(join(path, name), skip));
  return t;
}

/**
 * Builds the library (when stale) and then the playground when playground/dist is missing or older
 * than its sources or the library's build (CI runs on a clean clone, so this builds there).
 */
export async function ensurePlaygroundBuilt(): Promise<void> {
  ensureBuilt();
  const stamp = join(root, "build", "dist-built");
  const out = join(playgroundDist, "index.html");
  if (existsSync(out)) {
    const built = statSync(out).mtimeMs;
    if (built >= newest(playgroundDir, playgroundDist) && built >= statSync(stamp).mtimeMs) return;
  }
  await build({ configFile: join(playgroundDir, "vite.config.ts"), logLevel: "warn" });
}
