// Loading a peer library so that a missing or broken one is reported, never fatal.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { errorText } from "../harness.js";

export type Loaded<T> = { ok: true; api: T; version: string; notes: string[] } | { ok: false; reason: string };

/**
 * Runs `load`, capturing what the library prints while loading (tfjs greets Node users on the
 * console) into the notes, and turning any exception into `{ ok: false, reason }`.
 */
export async function loadPeer<T>(load: (notes: string[]) => Promise<{ api: T; version: string }>): Promise<Loaded<T>> {
  const notes: string[] = [];
  const saved = { log: console.log, warn: console.warn, info: console.info };
  const keep = (...args: unknown[]): void => {
    const text = args.map(String).join(" ").replace(/=+/g, "").replace(/\s+/g, " ").trim();
    // tfjs greets every Node user with an advert for tfjs-node: not worth a note.
    if (text && !text.includes("install our node backend")) notes.push(`printed while loading: ${text.slice(0, 160)}`);
  };
  console.log = keep;
  console.warn = keep;
  console.info = keep;
  try {
    const { api, version } = await load(notes);
    return { ok: true, api, version, notes };
  } catch (e) {
    return { ok: false, reason: errorText(e) };
  } finally {
    Object.assign(console, saved);
  }
}

/** The installed version of `name`, read from its package.json (whose subpath packages may not export). */
export function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? "?";
    }
    const up = dirname(dir);
    if (up === dir) return "?";
    dir = up;
  }
}
