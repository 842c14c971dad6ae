/**
 * A math expression could not be read or evaluated. The message names the position
 * ("unexpected ')' at column 7"); `column` counts Unicode characters from 1.
 */
export class ExpressionError extends Error {
  override name = "ExpressionError";
  constructor(
    message: string,
    /** 1-based column (in Unicode code points) where the problem is. */
    readonly column: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
