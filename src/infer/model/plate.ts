import { ArgumentError, ShapeError } from "../../core/errors.js";
import { broadcastShapes, showShape } from "../../core/shape.js";
import { argumentError, checkFunction, checkInteger, checkOptions } from "../../core/validate.js";
import { globalKey } from "../../distributions/global-key.js";
import { mul } from "../../ops/index.js";
import { choice } from "../../random/permutation.js";
import { arange } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { fillMessage } from "./fill-message.js";
import { newMessage, type Message, type PlateFrame } from "./message.js";
import { Messenger, activeHandlers, applyStack, withMessenger } from "./messenger.js";
import { checkOptionKeys, checkSiteName } from "./site-value.js";

/** Options of `infer.plate`. */
export interface PlateOptions {
  /** Visit a random subset of this many indices and scale the log density by size/subsampleSize. */
  subsampleSize?: number;
  /** The batch axis the plate owns, a negative integer (default: left of every enclosing plate's). */
  dim?: number;
}

const FN = "infer.plate";

/** The handler a plate pushes while its body runs: it marks sites with its frame and broadcasts their distributions. */
export class PlateMessenger extends Messenger {
  /** Creates the handler of one plate. */
  constructor(readonly frame: PlateFrame) {
    super();
  }

  /**
   * NumPyro's plate semantics: every site inside gets the frame; a sample site's distribution is
   * expanded so its batch shape has the plate's size at the plate's dim; a subsampled plate
   * multiplies the site's scale by size/subsampleSize.
   */
  override process(msg: Message): void {
    msg.condIndepStack.push(this.frame);
    if (msg.type !== "sample") return;
    const dist = msg.fn!;
    const expected = batchShapeOf(msg.condIndepStack);
    const own = dist.batchShape;
    const overlap = Math.max(expected.length - own.length, 0);
    let batch: number[];
    try {
      batch = [...expected.slice(0, overlap), ...broadcastShapes(expected.slice(overlap), own)];
    } catch {
      throw new ShapeError(
        `${FN}: the distribution of site "${msg.name}" has batch shape ${showShape(own)}, which does not broadcast with plate "${this.frame.name}" ` +
          `(size ${this.frame.subsampleSize} at dim ${this.frame.dim}; the plates ask for ${showShape(expected)})`,
      );
    }
    if (showShape(batch) !== showShape(own)) msg.fn = dist.expand(batch);
    const { size, subsampleSize } = this.frame;
    if (subsampleSize !== size) {
      const r = size / subsampleSize;
      msg.scale = msg.scale === null ? r : typeof msg.scale === "number" ? msg.scale * r : mul(msg.scale, r);
    }
  }
}

/** The batch shape the enclosing plates ask for (NumPyro's `_get_batch_shape`). */
function batchShapeOf(frames: readonly PlateFrame[]): number[] {
  let n = 0;
  for (const f of frames) n = Math.max(n, -f.dim);
  const shape = new Array<number>(n).fill(1);
  for (const f of frames) shape[n + f.dim] = f.subsampleSize;
  return shape;
}

/** The frames of the plates currently running, outermost first. */
function activeFrames(): PlateFrame[] {
  return activeHandlers().filter((h): h is PlateMessenger => h instanceof PlateMessenger).map((h) => h.frame);
}

/**
 * A plate of conditionally independent sites (NumPyro's `numpyro.plate`): runs `fn(indices)` with
 * every sample site inside broadcast along the plate's batch axis, and returns what `fn` returns.
 * `indices` is an int32 tensor of the data indices visited: `arange(size)`, or with `subsampleSize`
 * a random subset (without replacement; `seed`'s key, or the global generator) whose sites'
 * log densities are scaled by size/subsampleSize, so the total is unbiased for the full data.
 * NOTE: the indices are passed to `fn` (NumPyro's `with plate(...) as idx`); gather the data with
 * them (`gather(y, idx)`). Nested plates take the axes from the right, innermost leftmost, unless `dim` is given.
 *
 * @example
 * infer.plate("data", 100, (idx) => infer.sample("y", new Normal(mu, 1), { obs: gather(y, idx) }), { subsampleSize: 10 });
 */
export function plate<T>(name: string, size: number, fn: (indices: Tensor) => T, options?: PlateOptions): T {
  checkSiteName(name, FN);
  if (size === 0) throw argumentError(FN, "size", `at least 1 (plate "${name}" has no elements: zero-size data?)`, size);
  checkInteger(size, FN, "size", 1, 2 ** 31 - 1);
  checkFunction(fn, FN, "fn");
  const o = checkOptions<PlateOptions>(options, FN);
  checkOptionKeys(o, FN, ["subsampleSize", "dim"]);
  const subsampleSize = o.subsampleSize === undefined ? size : checkInteger(o.subsampleSize, FN, "options.subsampleSize", 1, size);
  const active = activeFrames();
  let dim: number;
  if (o.dim === undefined) dim = Math.min(0, ...active.map((f) => f.dim)) - 1;
  else {
    dim = checkInteger(o.dim, FN, "options.dim", -32, -1);
    const taken = active.find((f) => f.dim === dim);
    if (taken !== undefined) throw new ArgumentError(`${FN}: options.dim ${dim} of plate "${name}" is already taken by the enclosing plate "${taken.name}"`);
  }
  const msg = newMessage("plate", name, null, null);
  msg.init = (key) =>
    subsampleSize === size ? arange(0, size, 1, { dtype: "int32" }) : choice(key ?? globalKey(), size, [subsampleSize], { replace: false });
  msg.infer = { size, subsampleSize };
  const indices = applyStack(msg, (m) => fillMessage(m, FN)).value!;
  if (indices.ndim !== 1 || indices.dtype !== "int32")
    throw new ShapeError(`${FN}: the indices of plate "${name}" must be an int32 vector, got a ${indices.dtype} tensor of shape ${showShape(indices.shape)}`);
  const frame: PlateFrame = { name, dim, size, subsampleSize: indices.shape[0]! };
  return withMessenger(new PlateMessenger(frame), () => fn(indices));
}
