import { checkOptions } from "../../core/validate.js";
import { ArgumentError } from "../../core/errors.js";
import { showValue } from "../../core/validate.js";
/**
 * The RMS → RMS operator norm of a weight matrix W: ℝ^fanIn → ℝ^fanOut,
 * ‖W‖ = max ‖Wx‖_rms/‖x‖_rms = √(fanIn/fanOut)·σ_max(W), so dualize(G) = √(fanOut/fanIn)·U Vᵀ: an
 * orthogonalised update whose size does not depend on the width (Modula's `Linear`, Scion's
 * `Spectral`, Bernstein & Newhouse's modular duality). It is `scaled(spectral, √(fanIn/fanOut))`.
 *
 * The fans never come from guessing rows and columns. Give them explicitly (`fanIn`, `fanOut`: the
 * tensor's shape must be [fanOut, fanIn] or [fanIn, fanOut], or a convolution [out, in, kh, kw] with
 * fanIn = in·kh·kw), or name the layout: `"outIn"` (PyTorch's and wengert's `Linear`, the default:
 * fanOut = shape[0], fanIn = the rest) or `"inOut"` (JAX/Flax kernels: fanOut = the last axis). On a
 * tree, every tensor gets its own factor and the norm is the max over them.
 */
import type { Tensor } from "../../tensor/tensor.js";
import { overLeaves, scaled } from "./combinators.js";
import { colsLast, requireMatrix, rowsFirst } from "./matrix.js";
import type { Norm } from "./norm.js";
import { spectralMatrix, type SpectralOptions } from "./spectral.js";

/** Options of `rmsToRms`. */
export interface RmsToRmsOptions extends SpectralOptions {
  /** Input dimension (the size a weight's input has). */
  fanIn?: number;
  /** Output dimension. */
  fanOut?: number;
  /** Where fans are read from when not given: `"outIn"` (default) or `"inOut"`. */
  layout?: "outIn" | "inOut";
}

/** @internal [fanIn, fanOut] of a weight tensor under the options. */
export function fans(t: Tensor, opts: Pick<RmsToRmsOptions, "fanIn" | "fanOut" | "layout">, name = "rmsToRms"): [number, number] {
  requireMatrix(t, name);
  if (opts.fanIn !== undefined || opts.fanOut !== undefined) {
    const { fanIn, fanOut } = opts;
    if (!(fanIn! > 0 && fanOut! > 0)) throw new ArgumentError(`norms.${name}: give both fanIn and fanOut (positive), got ${showValue(fanIn)} and ${fanOut}`);
    if (t.size !== fanIn! * fanOut! || (t.shape[0] !== fanOut && t.shape[0] !== fanIn && t.shape[t.ndim - 1] !== fanOut))
      throw new ArgumentError(`norms.${name}: a tensor of shape [${t.shape.join(", ")}] is not a fanIn ${fanIn} → fanOut ${fanOut} weight`);
    return [fanIn!, fanOut!];
  }
  const layout = opts.layout ?? "outIn";
  if (layout !== "outIn" && layout !== "inOut") throw new ArgumentError(`norms.${name}: layout must be "outIn" or "inOut", got ${showValue(layout)}`);
  const [m, n] = layout === "outIn" ? rowsFirst(t) : colsLast(t);
  return layout === "outIn" ? [n, m] : [m, n];
}

/**
 * The RMS → RMS operator norm of weight matrices.
 *
 * @example
 * norms.rmsToRms({ fanIn: 3, fanOut: 2 }).dualize(tensor([[1, 0, 0], [0, 2, 0]])); // √(2/3)·[[1,0,0],[0,1,0]]
 */
export function rmsToRms(opts: RmsToRmsOptions = {}): Norm {
  checkOptions(opts, "rmsToRms");
  const leaf = spectralMatrix(opts, opts.layout === "inOut" ? colsLast : rowsFirst);
  const where = opts.fanIn !== undefined ? `fanIn: ${opts.fanIn}, fanOut: ${opts.fanOut}` : `layout: ${opts.layout ?? "outIn"}`;
  return overLeaves("max", `rmsToRms(${where}; ${leaf.name})`, (t) => {
    const [fanIn, fanOut] = fans(t, opts);
    return scaled(leaf, Math.sqrt(fanIn / fanOut));
  });
}
