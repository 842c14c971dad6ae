import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** Where a command writes (the process's streams, or buffers in tests). */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's standard output and error. */
export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Writes a command's result to standard output, or to `out` (creating its folder) with a
 * one-line note on standard error.
 *
 * @example
 * emit(io, svg, "out/graph.svg"); // stderr: "wrote out/graph.svg"
 */
export function emit(io: CliIO, text: string, out?: string): void {
  const body = text.endsWith("\n") ? text : `${text}\n`;
  if (out === undefined) {
    io.stdout(body);
    return;
  }
  const path = resolve(out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
  io.stderr(`wrote ${out}\n`);
}
