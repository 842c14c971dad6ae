import type { Writable } from "node:stream";

/**
 * Ends the process quietly with status 0 when the reader of `stream` goes away (`wengert train |
 * head -3`), instead of an unhandled EPIPE stack trace; other stream errors are rethrown.
 * NOTE: exit 0, not 141 (a shell's SIGPIPE status): the output the reader asked for was written.
 */
export function exitQuietlyOnClosedPipe(stream: Writable, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") exit(0);
    else throw e;
  });
}
