import { argumentError, checkFiniteNumber, checkFunction, checkInteger, checkOptions, checkSyncFunction, inFunction } from "../core/validate.js";
/**
 * Full-batch minimisation with exact gradients (`valueAndGrad`): L-BFGS (Nocedal 1980; the two-loop
 * recursion, Nocedal & Wright Algorithm 7.4) with a strong-Wolfe line search, and the design notes'
 * steepest descent under any norm with a backtracking (Armijo) line search: d = −sharp(∇f), the
 * unnormalized steepest-descent direction (Boyd & Vandenberghe §9.4; −∇f for ℓ2, −P⁻¹∇f for a
 * quadratic norm, one coordinate for ℓ1, the sign vector for ℓ∞), and two Newton methods on the
 * exact Hessian from `sparseHessian` (pattern and coloring prepared on the first point): line-search
 * Newton with a sparse Cholesky solve ("newton") and trust-region Newton–CG ("trust-ncg").
 *
 * The parameters are a tensor or a tree of tensors; the iteration runs in float64 (use float64
 * tensors for tight tolerances: float32 parameters are rounded at every evaluation).
 */
import { allocArray } from "../core/dtype.js";
import { SparsityPattern } from "../sparse/sparsity-pattern.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { valueAndGrad } from "../transforms/grad.js";
import { backtracking, strongWolfe } from "./line-search.js";
import { newtonLoop } from "./newton.js";
import { l2 } from "./norms/l2.js";
import { checkNorm, sharp, type Norm } from "./norms/norm.js";
import { hessianModel, maxAbs, stopBeforeStep, type SecondOrderProblem } from "./second-order.js";
import { flattenTree, unflattenTree, type ParamTree } from "./tree.js";
import { trustRegionLoop } from "./trust-region.js";

/** What `onStep` is told after each iteration. */
export interface MinimizeStep<T> {
  iteration: number;
  x: T;
  value: number;
  gradNorm: number;
  step: number;
}

/** Options of `minimize`. */
export interface MinimizeOptions<T> {
  /**
   * `"lbfgs"` (default), `"steepest"` (steepest descent under `norm`), `"newton"` (line-search Newton:
   * sparse Hessian, sparse Cholesky solve) or `"trust-ncg"` (trust-region Newton with Steihaug–Toint
   * truncated CG on the sparse Hessian; SciPy's name).
   */
  method?: "lbfgs" | "steepest" | "newton" | "trust-ncg";
  /** The norm of steepest descent (default ℓ2: gradient descent). */
  norm?: Norm;
  /** `"strongWolfe"` (default for L-BFGS) or `"armijo"` backtracking (default for steepest descent and Newton). */
  lineSearch?: "strongWolfe" | "armijo";
  /** L-BFGS memory: the number of (s, y) pairs kept (default 10). */
  history?: number;
  /** Newton and trust-ncg: the Hessian's sparsity pattern, if known (default: detected at x0 by `hessianSparsity`). */
  hessianSparsity?: SparsityPattern;
  /** Newton: `"cholesky"` (default; truncated CG where the Hessian is not positive definite) or `"cg"` (truncated CG only). */
  solver?: "cholesky" | "cg";
  /** trust-ncg: the first trust-region radius (default 1, as SciPy). */
  initialTrustRadius?: number;
  /** trust-ncg: the largest radius (default 1000, as SciPy). */
  maxTrustRadius?: number;
  /** Maximum iterations (default 1000). */
  maxIterations?: number;
  /** Converged when max |∂f/∂x_i| ≤ gradTolerance (default 1e-10). */
  gradTolerance?: number;
  /** Converged when |f_k − f_{k+1}| ≤ valueTolerance · max(1, |f_k|) (default 0: off). */
  valueTolerance?: number;
  /** Called after every iteration; return true to stop. */
  onStep?: (info: MinimizeStep<T>) => void | boolean;
}

/** The result of `minimize`. */
export interface MinimizeResult<T> {
  x: T;
  value: number;
  /** max |∂f/∂x_i| at x. */
  gradNorm: number;
  iterations: number;
  /** Evaluations of f (each with its gradient). */
  evaluations: number;
  /** Newton and trust-ncg: Hessians computed (each costs one Hessian-vector product per star color). */
  hessianEvaluations?: number;
  converged: boolean;
  /** Why it stopped. */
  message: string;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/**
 * Minimises a scalar function of a tensor or tree of tensors.
 *
 * @example
 * const rosenbrock = (x: Tensor) => add(square(sub(1, x.slice([0], [1]))), mul(100, square(sub(x.slice([1], [1]), square(x.slice([0], [1])))))).sum();
 * optim.minimize(rosenbrock, tensor([-1.2, 1], { dtype: "float64" })).x; // [1, 1]
 * // Large and sparse: Newton on the exact Hessian (3 Hessian-vector products per iteration for a tridiagonal one).
 * optim.minimize(chainedRosenbrock, x0, { method: "newton" }); // n = 100 from U(0, 2): 12 iterations, L-BFGS 83–103
 */
export function minimize<T extends ParamTree>(f: (x: T) => Tensor | number, x0: T, opts: MinimizeOptions<T> = {}): MinimizeResult<T> {
  checkSyncFunction(f, "minimize", "f");
  checkOptions<MinimizeOptions<T>>(opts, "minimize");
  const method = opts.method ?? "lbfgs";
  if (method !== "lbfgs" && method !== "steepest" && method !== "newton" && method !== "trust-ncg")
    throw argumentError("minimize", "method", '"lbfgs", "steepest", "newton" or "trust-ncg"', method);
  const search = opts.lineSearch ?? (method === "lbfgs" ? "strongWolfe" : "armijo");
  if (search !== "strongWolfe" && search !== "armijo") throw argumentError("minimize", "lineSearch", '"strongWolfe" or "armijo"', search);
  const norm = opts.norm === undefined ? l2() : checkNorm(opts.norm, "minimize", "norm");
  const history = checkInteger(opts.history ?? 10, "minimize", "history", 1, 10000);
  const maxIterations = checkInteger(opts.maxIterations ?? 1000, "minimize", "maxIterations", 0);
  const gtol = checkFiniteNumber(opts.gradTolerance ?? 1e-10, "minimize", "gradTolerance", "nonnegative");
  const ftol = checkFiniteNumber(opts.valueTolerance ?? 0, "minimize", "valueTolerance", "nonnegative");
  if (opts.onStep !== undefined) checkFunction(opts.onStep, "minimize", "onStep");
  if (opts.hessianSparsity !== undefined && !(opts.hessianSparsity instanceof SparsityPattern))
    throw argumentError("minimize", "hessianSparsity", "a SparsityPattern (from hessianSparsity)", opts.hessianSparsity);
  const solver = opts.solver ?? "cholesky";
  if (solver !== "cholesky" && solver !== "cg") throw argumentError("minimize", "solver", '"cholesky" or "cg"', solver);
  const initialRadius = checkFiniteNumber(opts.initialTrustRadius ?? 1, "minimize", "initialTrustRadius", "positive");
  const maxRadius = checkFiniteNumber(opts.maxTrustRadius ?? 1000, "minimize", "maxTrustRadius", "positive");
  if (maxRadius < initialRadius) throw argumentError("minimize", "maxTrustRadius", `a number ≥ initialTrustRadius (${initialRadius})`, maxRadius);
  const [leaves, def] = flattenTree(x0, "minimize x0");
  const n = leaves.reduce((s, l) => s + l.size, 0);
  const toTree = (x: Float64Array): T => {
    let k = 0;
    const ts = leaves.map((l) => {
      const d = allocArray(l.dtype, l.size);
      for (let i = 0; i < l.size; i++) d[i] = x[k++]!;
      return fromData(d, l.shape, l.dtype);
    });
    return unflattenTree<T>(def, ts);
  };
  const flat = (t: ParamTree): Float64Array => {
    const out = new Float64Array(n);
    let k = 0;
    for (const l of flattenTree(t)[0]) {
      out.set(l.data(), k);
      k += l.size;
    }
    return out;
  };
  const vg = valueAndGrad(f as (x: Tensor) => Tensor) as unknown as (x: T) => [Tensor, ParamTree];
  let evaluations = 0;
  const evaluate = (x: Float64Array): [number, Float64Array, ParamTree] => {
    evaluations++;
    // NOTE: f's result is checked by valueAndGrad; its error is renamed to minimize (one try per evaluation of f and ∇f).
    const [v, g] = inFunction("minimize", () => vg(toTree(x)));
    return [v.item(), flat(g), g];
  };

  if (method === "newton" || method === "trust-ncg") {
    const hessian = hessianModel(f, toTree, opts.hessianSparsity);
    const problem: SecondOrderProblem = {
      evaluate: (x) => evaluate(x).slice(0, 2) as [number, Float64Array],
      hessian,
      maxIterations,
      gradTolerance: gtol,
      valueTolerance: ftol,
      onStep: (iteration, x, value, gradNorm, step) => opts.onStep?.({ iteration, x: toTree(x), value, gradNorm, step }) === true,
    };
    const r =
      method === "newton"
        ? newtonLoop(problem, flat(x0), { solver, lineSearch: search })
        : trustRegionLoop(problem, flat(x0), { initialRadius, maxRadius, eta: 0.15 });
    const { x, value, grad, iterations, converged, message } = r;
    return { x: toTree(x), value, gradNorm: maxAbs(grad), iterations, evaluations, hessianEvaluations: hessian.evaluations, converged, message };
  }

  let x = flat(x0);
  let [fx, g, gTree] = evaluate(x);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  let iterations = 0;
  let message = "maximum iterations reached";
  let converged = false;
  while (iterations < maxIterations) {
    const halt = stopBeforeStep(fx, g, gtol);
    if (halt !== null) {
      ({ message, converged } = halt);
      break;
    }
    let d: Float64Array;
    if (method === "steepest") d = flat(sharp(norm, gTree)).map((v) => -v);
    else d = twoLoop(g, S, Y);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      S.length = Y.length = 0;
      d = g.map((v) => -v);
      slope = dot(g, d);
    }
    const initialStep = method === "lbfgs" && S.length === 0 ? Math.min(1, 1 / g.reduce((s, v) => s + Math.abs(v), 0)) : 1;
    const at = (alpha: number): Float64Array => x.map((v, i) => v + alpha * d[i]!);
    type Payload = [Float64Array, ParamTree];
    const ls =
      search === "strongWolfe"
        ? strongWolfe<Payload>(
            (alpha) => {
              const [v, gg, gt] = evaluate(at(alpha));
              return [v, dot(gg, d), [gg, gt]];
            },
            fx,
            slope,
            { initialStep },
          )
        : backtracking<Payload>(
            (alpha) => {
              const [v, gg, gt] = evaluate(at(alpha));
              return [v, [gg, gt]];
            },
            fx,
            slope,
            { initialStep },
          );
    if (ls.step === 0 || ls.payload === undefined) {
      if (S.length > 0) {
        S.length = Y.length = 0;
        continue;
      }
      message = "the line search found no decrease";
      break;
    }
    const xNew = at(ls.step);
    const [gNew, gTreeNew] = ls.payload;
    const s = xNew.map((v, i) => v - x[i]!);
    const y = gNew.map((v, i) => v - g[i]!);
    const sy = dot(s, y);
    if (method === "lbfgs" && sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      S.push(s);
      Y.push(y);
      if (S.length > history) {
        S.shift();
        Y.shift();
      }
    }
    const fPrev = fx;
    [x, fx, g, gTree] = [xNew, ls.value, gNew, gTreeNew];
    iterations++;
    const stop = opts.onStep?.({ iteration: iterations, x: toTree(x), value: fx, gradNorm: maxAbs(g), step: ls.step });
    if (stop === true) {
      message = "stopped by onStep";
      break;
    }
    if (ftol > 0 && Math.abs(fPrev - fx) <= ftol * Math.max(1, Math.abs(fPrev))) {
      converged = true;
      message = "value change below tolerance";
      break;
    }
  }
  return { x: toTree(x), value: fx, gradNorm: maxAbs(g), iterations, evaluations, converged, message };
}

/** −H·g for the L-BFGS inverse-Hessian estimate H (initial scaling γ = sᵀy/yᵀy of the newest pair). */
function twoLoop(g: Float64Array, S: readonly Float64Array[], Y: readonly Float64Array[]): Float64Array {
  const q = g.slice();
  const k = S.length;
  const alpha = new Float64Array(k);
  const rho = S.map((s, i) => 1 / dot(s, Y[i]!));
  for (let i = k - 1; i >= 0; i--) {
    alpha[i] = rho[i]! * dot(S[i]!, q);
    const y = Y[i]!;
    for (let j = 0; j < q.length; j++) q[j] -= alpha[i]! * y[j]!;
  }
  const gamma = k > 0 ? dot(S[k - 1]!, Y[k - 1]!) / dot(Y[k - 1]!, Y[k - 1]!) : 1;
  for (let j = 0; j < q.length; j++) q[j] *= gamma;
  for (let i = 0; i < k; i++) {
    const beta = rho[i]! * dot(Y[i]!, q);
    const s = S[i]!;
    for (let j = 0; j < q.length; j++) q[j] += (alpha[i]! - beta) * s[j]!;
  }
  return q.map((v) => -v);
}
