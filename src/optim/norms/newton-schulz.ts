import { ArgumentError } from "../../core/errors.js";
import { argumentError, checkOptions, showValue } from "../../core/validate.js";
/**
 * Newton–Schulz orthogonalisation: an odd matrix polynomial iteration that pushes every singular
 * value of X = G/‖G‖_F towards 1 while keeping the singular vectors, so it approximates the polar
 * factor U Vᵀ of G with matrix products only (Bernstein & Newhouse 2024; Muon). One step is
 *
 *   A = X Xᵀ,   X ← a·X + (b·A + c·A²)·X      (the quintic p(σ) = aσ + bσ³ + cσ⁵ on each σ)
 *
 * run on the wide orientation so that A is min(m, n)² in size. Odd polynomials commute with the
 * SVD, so NS(G) = U · p^k(Σ/‖G‖_F) · Vᵀ exactly; NS(Gᵀ) = NS(G)ᵀ, NS(c·G) = NS(G) for c > 0 and
 * NS(0) = 0. Coefficient presets (σ/‖G‖_F ≥ 0.01 assumed where a range is quoted):
 *
 * | preset      | coefficients (a, b, c)                           | steps | σ after the steps          |
 * | ----------- | ------------------------------------------------ | ----- | -------------------------- |
 * | `"jiacheng"`| You Jiacheng's six per-step triples (/1024)      | 6     | [0.9956, 0.9993] (default) |
 * | `"muon"`    | (3.4445, −4.7750, 2.0315), Keller Jordan's Muon  | 5     | [0.68, 1.13]: not convergent, by design |
 * | `"cubic"`   | (1.5, −0.5, 0), the classical iteration           | 24    | converges to 1 (quadratically near 1) |
 * | `"quintic"` | (3, −3.2, 1.2) (f(1) = 1, f′(1) = 0)             | 12    | converges to 1              |
 *
 * `steps` beyond the length of a per-step list repeat its last triple.
 */
import { add, div, matmul, mul, reshape, transpose } from "../../ops/index.js";
import { Tensor } from "../../tensor/tensor.js";
import { l2Norm } from "./reduce.js";

/** One (a, b, c) triple per step. */
export type NewtonSchulzCoefficients = readonly (readonly [number, number, number])[];

/** The names of the coefficient presets. */
export type NewtonSchulzPreset = "jiacheng" | "muon" | "cubic" | "quintic";

/** Coefficient presets and their default step counts. */
export const newtonSchulzPresets: Readonly<Record<NewtonSchulzPreset, { coefficients: NewtonSchulzCoefficients; steps: number }>> = {
  jiacheng: {
    coefficients: (
      [
        [3955, -8306, 5008],
        [3735, -6681, 3463],
        [3799, -6499, 3211],
        [4019, -6385, 2906],
        [2677, -3029, 1162],
        [2172, -1833, 682],
      ] as const
    ).map(([a, b, c]) => [a / 1024, b / 1024, c / 1024] as const),
    steps: 6,
  },
  muon: { coefficients: [[3.4445, -4.775, 2.0315]], steps: 5 },
  cubic: { coefficients: [[1.5, -0.5, 0]], steps: 24 },
  quintic: { coefficients: [[3, -3.2, 1.2]], steps: 12 },
};

/** Options of `newtonSchulz`. */
export interface NewtonSchulzOptions {
  /** A preset name or explicit per-step triples (default `"jiacheng"`). */
  coefficients?: NewtonSchulzPreset | NewtonSchulzCoefficients;
  /** Number of steps (default: the preset's; the length of an explicit list). */
  steps?: number;
  /** Added to ‖G‖_F before dividing (default 1e-7, as in Muon). */
  eps?: number;
}

/** @internal Resolves a coefficient option to [triples, steps]. */
export function resolveCoefficients(opts: NewtonSchulzOptions): [NewtonSchulzCoefficients, number, string] {
  const c = opts.coefficients ?? "jiacheng";
  let list: NewtonSchulzCoefficients;
  let steps: number;
  let label: string;
  if (typeof c === "string") {
    const preset = newtonSchulzPresets[c];
    if (!preset) throw new ArgumentError(`newtonSchulz: unknown preset ${JSON.stringify(c)}; expected one of ${Object.keys(newtonSchulzPresets).join(", ")}`);
    [list, steps, label] = [preset.coefficients, preset.steps, c];
  } else {
    if (!Array.isArray(c) || c.length === 0 || c.some((t) => t.length !== 3))
      throw new ArgumentError("newtonSchulz: coefficients must be a preset name or a non-empty list of [a, b, c] triples");
    [list, steps, label] = [c, c.length, "custom"];
  }
  if (opts.steps !== undefined) {
    // NOTE: at most 1000 steps (5–6 are usual), so a huge count fails here instead of running for hours.
    if (!Number.isInteger(opts.steps) || opts.steps < 0 || opts.steps > 1000)
      throw new ArgumentError(`newtonSchulz: steps must be an integer in [0, 1000], got ${showValue(opts.steps)}`);
    steps = opts.steps;
  }
  return [list, steps, label];
}

/**
 * Approximates the polar factor U Vᵀ of a matrix (rank > 2: viewed as [shape[0], rest]) by
 * Newton–Schulz, in the tensor's dtype.
 *
 * @example
 * newtonSchulz(tensor([[3, 0], [0, 4]]), { coefficients: "cubic" }); // ≈ I
 */
export function newtonSchulz(g: Tensor, opts: NewtonSchulzOptions = {}): Tensor {
  if (!(g instanceof Tensor) || g.ndim < 2) throw argumentError("newtonSchulz", "g", "a matrix (a tensor of rank ≥ 2)", g);
  checkOptions(opts, "newtonSchulz");
  const [list, steps] = resolveCoefficients(opts);
  const eps = opts.eps ?? 1e-7;
  const m = g.shape[0]!;
  const n = g.size / Math.max(m, 1);
  let x = g.ndim === 2 ? g : reshape(g, [m, n]);
  const tall = m > n;
  if (tall) x = transpose(x);
  x = div(x, l2Norm([x]) + eps);
  for (let k = 0; k < steps; k++) {
    const [a, b, c] = list[Math.min(k, list.length - 1)]!;
    const A = matmul(x, transpose(x));
    const B = c === 0 ? mul(A, b) : add(mul(A, b), mul(matmul(A, A), c));
    x = add(mul(x, a), matmul(B, x));
  }
  if (tall) x = transpose(x);
  return g.ndim === 2 ? x : reshape(x, g.shape);
}
