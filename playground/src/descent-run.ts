import { optim, reshape, slice, tensor, type Tensor } from "wengert";

/** A run of an optimizer from a start point: its path and how it ended. */
export interface DescentRun {
  readonly path: [number, number][];
  /** Steps taken until ‖∇f‖₂ ≤ tolerance (or until it stopped). */
  readonly iterations: number;
  readonly converged: boolean;
  readonly diverged: boolean;
  readonly value: number;
}

/** Settings of a steepest-descent run. */
export interface DescentSettings {
  lr: number;
  momentum: number;
  /** Steps lr·dualize(g) (true) or lr·sharp(g) (false: under ℓ2 plain gradient descent). */
  normalized: boolean;
  maxIterations: number;
  /** Converged when ‖∇f‖₂ ≤ tolerance. */
  tolerance: number;
}

type F = (x: Tensor, y: Tensor) => Tensor;
const at = (f: F, w: Tensor): Tensor => {
  const v = reshape(w, [2]);
  return f(slice(v, [0], [1]), slice(v, [1], [1])).sum();
};

/**
 * `optim.SteepestDescent` under `norm` from `start`, one eager step at a time (`backward`, `step`):
 * the parameter is a vector, or a 1 × 2 matrix for matrix norms (`asMatrix`).
 */
export function runSteepest(f: F, norm: optim.Norm, start: readonly [number, number], s: DescentSettings, asMatrix = false): DescentRun {
  const w = tensor(asMatrix ? [[...start]] : [...start], { dtype: "float64", requiresGrad: true });
  const opt = new optim.SteepestDescent([w], { norm, lr: s.lr, momentum: s.momentum, normalized: s.normalized });
  const path: [number, number][] = [[start[0], start[1]]];
  let value = NaN;
  for (let k = 0; ; k++) {
    opt.zeroGrad();
    const loss = at(f, w);
    loss.backward();
    value = loss.item();
    const g = w.grad!.data();
    const gradNorm = Math.hypot(g[0]!, g[1]!);
    if (gradNorm <= s.tolerance) return { path, iterations: k, converged: true, diverged: false, value };
    const p = w.data();
    if (!Number.isFinite(value) || !Number.isFinite(gradNorm) || Math.hypot(p[0]!, p[1]!) > 1e6) return { path, iterations: k, converged: false, diverged: true, value };
    if (k === s.maxIterations) return { path, iterations: k, converged: false, diverged: false, value };
    opt.step();
    const q = w.data();
    path.push([q[0]!, q[1]!]);
  }
}

/** L-BFGS (`optim.minimize`, strong-Wolfe line search) from `start`, for reference. */
export function runLbfgs(f: F, start: readonly [number, number], s: Pick<DescentSettings, "maxIterations" | "tolerance">): DescentRun {
  const path: [number, number][] = [[start[0], start[1]]];
  const r = optim.minimize((w: Tensor) => at(f, w), tensor([...start], { dtype: "float64" }), {
    method: "lbfgs",
    maxIterations: s.maxIterations,
    gradTolerance: s.tolerance / Math.SQRT2, // NOTE: minimize's test is on max |∂f/∂xᵢ|; ≤ tol/√2 implies ‖∇f‖₂ ≤ tol
    onStep: ({ x }) => void path.push([x.data()[0]!, x.data()[1]!]),
  });
  return { path, iterations: r.iterations, converged: r.converged, diverged: !Number.isFinite(r.value), value: r.value };
}

/**
 * The unit ball {v : ‖v‖ ≤ 1} of a norm on the plane as an SVG path centred at 0, scaled so that
 * its farthest point lies `scale` pixels out (balls of different sizes are compared by shape).
 */
export function unitBallPath(norm: optim.Norm, asMatrix: boolean, scale: number): string {
  const pts: [number, number][] = [];
  for (let i = 0; i < 144; i++) {
    const t = (2 * Math.PI * i) / 144;
    const v = [Math.cos(t), Math.sin(t)];
    const r = 1 / norm.norm(tensor(asMatrix ? [v] : v, { dtype: "float64" }));
    pts.push([r * v[0]!, r * v[1]!]);
  }
  const far = Math.max(...pts.map(([x, y]) => Math.hypot(x, y)));
  return `M${pts.map(([x, y]) => `${((x / far) * scale).toFixed(2)} ${((-y / far) * scale).toFixed(2)}`).join("L")}Z`;
}
