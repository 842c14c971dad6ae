import { writeFileSync } from "node:fs";
import { prepareOutputPath } from "./output-path.js";
import { UsageError } from "./usage-error.js";

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
 * Writes a command's result to standard output, or to `out` with a one-line note on standard
 * error. The path was checked before the command ran (`prepareOutputPath`, from a hook in `createCli`); a failure to write
 * now is a `UsageError` naming it.
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
  const path = prepareOutputPath("--out", out);
  try {
    writeFileSync(path, body);
  } catch (e) {
    throw new UsageError(`--out ${JSON.stringify(out)}: cannot be written (${(e as Error).message})`);
  }
  io.stderr(`wrote ${out}\n`);
}
