/** A shape does not fit an op: the message names the op and the shapes involved. */
export class ShapeError extends Error {
  override name = "ShapeError";
}

/** A dtype does not fit an op (for example an integer input to `grad`). */
export class DTypeError extends Error {
  override name = "DTypeError";
}

/** A transform was used wrongly: a non-scalar output to `grad`, an escaped tracer, a bad argument. */
export class TransformError extends Error {
  override name = "TransformError";
}

/** The eager autograd graph cannot run backward as asked (freed graph, changed saved value, ...). */
export class AutogradError extends Error {
  override name = "AutogradError";
}

/**
 * A public function got an argument of the wrong type or value. The message names the function, the
 * argument, what was expected and what was given, e.g. `sum: axis must be an integer or an array of
 * integers, got the string "1"`.
 */
export class ArgumentError extends Error {
  override name = "ArgumentError";
}
