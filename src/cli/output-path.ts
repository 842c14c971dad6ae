import { closeSync, mkdirSync, openSync, statSync, unlinkSync, type Stats } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "./usage-error.js";

/** The most folders an output path may need created. NOTE: a bound, so no file system can make the walk loop. */
const MAX_NEW_FOLDERS = 32;

/**
 * Checks that `path` (the value of `option`) can be written, before any work starts: not empty,
 * not a folder, its folder existing or created here one level at a time, and writable (tested by
 * opening it for writing; a probe file created for the test is removed). Raises a `UsageError`
 * naming the option and the problem; returns the absolute path.
 *
 * @example
 * prepareOutputPath("--out", "out/graph.svg"); // creates out/ if needed
 */
export function prepareOutputPath(option: string, path: string): string {
  const fail = (problem: string): UsageError => new UsageError(`${option} ${JSON.stringify(path)}: ${problem}`);
  if (path.trim() === "") throw new UsageError(`${option}: the path is empty`);
  const absolute = resolve(path);
  const target = stat(absolute, fail);
  if (target?.isDirectory()) throw fail("is a folder; give a file name");
  if (target === undefined) createFolders(dirname(absolute), fail);
  probeWritable(absolute, target !== undefined, fail);
  return absolute;
}

/** Creates `folder` and its missing parents, top down, at most MAX_NEW_FOLDERS of them. */
function createFolders(folder: string, fail: (problem: string) => UsageError): void {
  const missing: string[] = [];
  let at = folder;
  for (;;) {
    const s = stat(at, fail);
    if (s !== undefined) {
      if (!s.isDirectory()) throw fail(`${at} is not a folder`);
      break;
    }
    missing.push(at);
    const up = dirname(at);
    if (up === at || missing.length > MAX_NEW_FOLDERS) throw fail(`cannot create its folder ${folder} (more than ${MAX_NEW_FOLDERS} missing levels)`);
    at = up;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (e) {
      throw fail(`cannot create the folder ${dir} (${reason(e)})`);
    }
  }
}

/** Opens the file for writing without changing it: an existing file in place, a new one as a probe that is removed again. */
function probeWritable(absolute: string, exists: boolean, fail: (problem: string) => UsageError): void {
  let fd: number;
  try {
    fd = openSync(absolute, exists ? "r+" : "wx");
  } catch (e) {
    throw fail(`cannot be written (${reason(e)})`);
  }
  closeSync(fd);
  if (!exists) unlinkSync(absolute);
}

function stat(path: string, fail: (problem: string) => UsageError): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") return undefined; // a file in the way is reported by the walk up
    throw fail(`cannot look at ${path} (${reason(e)})`);
  }
}

/** A file system error as a short phrase: `EACCES: permission denied`. */
function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (typeof err.code === "string" && typeof err.message === "string") {
    const at = err.message.indexOf(", ");
    return at > 0 ? err.message.slice(0, at) : err.message;
  }
  return String(e);
}
