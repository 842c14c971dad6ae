/**
 * Gzip bytes that cannot be decompressed as asked: corrupt or truncated input, or output beyond the
 * caller's `maxBytes` bound. The message names the function and what is wrong.
 */
export class GzipError extends Error {
  override name = "GzipError";
}
