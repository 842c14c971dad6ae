import { checkOptions } from "../../core/validate.js";
import { ArgumentError } from "../../core/errors.js";
import { showValue } from "../../core/validate.js";
/**
 * The spectral norm σ_max(W) (ℓ2 → ℓ2 operator norm, Schatten-∞). Its dual is the nuclear norm Σσ_i;
 * dualize(G) is the polar factor U_r V_rᵀ of the reduced SVD G = U Σ Vᵀ (rank r: singular values
 * below max(m, n)·eps·σ₁ count as zero, so a rank-deficient G keeps its null space at 0). Steepest
 * descent under it orthogonalises the update: Shampoo without accumulation, and Muon's core.
 *
 * `method: "svd"` is exact (`linalg.svd`: one-sided Jacobi in float64; ≈1e-15 relative). `method: "newtonSchulz"` (the default)
 * approximates U Vᵀ with matrix products (see newton-schulz.ts); its dual is then ⟨G, NS(G)⟩, which
 * equals the nuclear norm for an exact polar factor and is what makes ⟨g, dualize(g)⟩ = dual(g)
 * hold by construction. `norm(W)` is always computed exactly, by SVD.
 *
 * On a tree of matrices the norm is that of the block-diagonal operator: max over the tensors
 * (dual: the sum of their nuclear norms; dualize: each tensor's own polar factor). Tensors of rank > 2
 * are read as [shape[0], rest]; vectors are an error (use `perParam` to give them another norm).
 */
import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { inner, type ParamTree } from "../tree.js";
import { overLeaves, type FusedNorm } from "./combinators.js";
import { rankTolerance, rowsFirst, svdCompose, svdOf, tensorFrom, type MatrixView } from "./matrix.js";
import type { Norm } from "./norm.js";
import { newtonSchulz, resolveCoefficients, type NewtonSchulzOptions } from "./newton-schulz.js";

/** Options of `spectral` (and of `rmsToRms`). */
export interface SpectralOptions extends NewtonSchulzOptions {
  /** `"newtonSchulz"` (default; fast, approximate) or `"svd"` (exact). */
  method?: "svd" | "newtonSchulz";
}

/** @internal The spectral norm of one tensor read as a matrix through `view`. */
export function spectralMatrix(opts: SpectralOptions = {}, view: MatrixView = rowsFirst): FusedNorm {
  checkOptions(opts, "spectral");
  const method = opts.method ?? "newtonSchulz";
  if (method !== "svd" && method !== "newtonSchulz") throw new ArgumentError(`norms.spectral: method must be "svd" or "newtonSchulz", got ${showValue(method)}`);
  const nsOpts = { ...opts };
  const [, steps, label] = method === "newtonSchulz" ? resolveCoefficients(opts) : [null, 0, ""];
  const name = method === "svd" ? "spectral(svd)" : `spectral(newtonSchulz: ${label}×${steps})`;
  const polar = (g: Tensor): [number, Tensor] => {
    if (method === "newtonSchulz") {
      const view2 = view(g);
      const m2 = fromData(g.data(), view2, g.dtype);
      const d = newtonSchulz(m2, nsOpts);
      const out = fromData(d.data(), g.shape, g.dtype);
      return [inner(g, out), out];
    }
    const d = svdOf(g, view);
    const out = tensorFrom(svdCompose(d, () => 1, rankTolerance(g, d.m, d.n)), g);
    return [d.s.reduce((a, b) => a + b, 0), out];
  };
  return {
    name,
    norm: (w) => svdOf(w as Tensor, view).s[0] ?? 0,
    dual: (g) => polar(g as Tensor)[0],
    dualize: <T extends ParamTree>(g: T): T => polar(g as Tensor)[1] as T,
    _dualAndDualize: (g) => polar(g as Tensor),
  };
}

/**
 * The spectral norm (largest singular value) of each matrix; on a tree, of the block-diagonal matrix.
 *
 * @example
 * norms.spectral({ method: "svd" }).dualize(tensor([[3, 0], [0, 4]])); // I
 * norms.spectral({ coefficients: "muon" }); // Muon's five Newton–Schulz steps
 */
export function spectral(opts: SpectralOptions = {}): Norm {
  const leaf = spectralMatrix(opts);
  return overLeaves("max", leaf.name, () => leaf);
}
