/** Bad input on the command line: the command prints its one-line message and exits with code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
