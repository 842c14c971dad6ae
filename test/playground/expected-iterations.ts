/**
 * Gradient descent w ← w − η∇f on f(w) = ½wᵀHw, H = R diag(λ₁, λ₂) Rᵀ, in closed form: in H's
 * eigenbasis each coordinate is multiplied by (1 − ηλᵢ) per step, so after k steps
 * ‖∇f(w_k)‖₂² = Σᵢ λᵢ² (1 − ηλᵢ)^{2k} cᵢ² with c = Rᵀw₀ (the rotation leaves the norm alone).
 * Returns the first k with ‖∇f(w_k)‖₂ ≤ tol, and the ratio ‖∇f‖₂/tol one step earlier (a margin:
 * a count decided by rounding would be a flaky test).
 */
export function gdIterations(lambdas: readonly [number, number], degrees: number, w0: readonly [number, number], eta: number, tol: number): { k: number; before: number } {
  const t = (degrees * Math.PI) / 180;
  // The eigenvectors of the playground's rotatedHessian(κ, t): (cos t, sin t) for λ₁ = 1, (−sin t, cos t) for λ₂ = κ.
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const coords = [c * w0[0] + s * w0[1], -s * w0[0] + c * w0[1]];
  const gradNorm = (k: number) => Math.sqrt(lambdas.reduce((sum, l, i) => sum + (l * (1 - eta * l) ** k * coords[i]!) ** 2, 0));
  for (let k = 0; k < 100_000; k++) if (gradNorm(k) <= tol) return { k, before: k === 0 ? Infinity : gradNorm(k - 1) / tol };
  throw new Error("gradient descent does not converge for these settings");
}
