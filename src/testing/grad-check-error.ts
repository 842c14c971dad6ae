/** A gradient check failed: the message names the check, the function and the error against its tolerance. */
export class GradCheckError extends Error {
  override name = "GradCheckError";
}
