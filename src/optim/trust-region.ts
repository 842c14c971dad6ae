import { dot, forcingTolerance, matVec, maxAbs, stopBeforeStep, type SecondOrderProblem, type SecondOrderResult } from "./second-order.js";
import { truncatedCG } from "./truncated-cg.js";

/** Options of the trust-region loop. */
export interface TrustRegionOptions {
  initialRadius: number;
  maxRadius: number;
  /** Accept a step when the actual decrease is more than `eta` times the predicted one. */
  eta: number;
}

/**
 * Trust-region Newton–CG (SciPy's "trust-ncg"; Nocedal & Wright Algorithm 4.1 around Steihaug–Toint
 * CG): the step minimises the quadratic model m(p) = f + ∇fᵀp + ½ pᵀHp over ‖p‖ ≤ Δ approximately,
 * following negative curvature to the boundary, so an indefinite H needs no special case. With
 * ρ = (f(x) − f(x + p)) / (m(0) − m(p)): ρ < ¼ shrinks Δ to Δ/4, ρ > ¾ on the boundary doubles it (up
 * to `maxRadius`), and the step is taken when ρ > η. A rejected step costs one evaluation of f and
 * no new Hessian.
 *
 * NOTE: every trial counts as an iteration, accepted or not (as SciPy counts them).
 */
export function trustRegionLoop(pr: SecondOrderProblem, x0: Float64Array, opts: TrustRegionOptions): SecondOrderResult {
  let x = x0;
  let [fx, g] = pr.evaluate(x);
  let radius = opts.initialRadius;
  let h = null as ReturnType<typeof pr.hessian.at> | null;
  let iterations = 0;
  let message = "maximum iterations reached";
  let converged = false;
  while (iterations < pr.maxIterations) {
    const halt = stopBeforeStep(fx, g, pr.gradTolerance);
    if (halt !== null) {
      ({ message, converged } = halt);
      break;
    }
    const hx = (h ??= pr.hessian.at(x));
    const hv = (v: Float64Array): Float64Array => matVec(hx, v);
    const { p, stop } = truncatedCG(hv, g, { radius, tolerance: forcingTolerance(g), maxIterations: Math.max(20, x.length) });
    const predicted = -(dot(g, p) + 0.5 * dot(p, hv(p)));
    const xNew = x.map((v, i) => v + p[i]!);
    const [fNew, gNew] = pr.evaluate(xNew);
    // NOTE: both reductions shifted by 10ε·max(1, |f|) (Conn, Gould & Toint 2000, §17.4.2): near the
    // minimum they are at the rounding level of f, where their raw ratio is noise and rejects good steps.
    const delta = 10 * Number.EPSILON * Math.max(1, Math.abs(fx));
    const rho = predicted > 0 ? (fx - fNew + delta) / (predicted + delta) : -1;
    const length = Math.sqrt(dot(p, p));
    if (!(rho >= 0.25)) radius = 0.25 * radius;
    else if (rho > 0.75 && stop !== "converged" && stop !== "iterations") radius = Math.min(2 * radius, opts.maxRadius);
    const accepted = rho > opts.eta;
    const fPrev = fx;
    if (accepted) {
      [x, fx, g, h] = [xNew, fNew, gNew, null];
    }
    iterations++;
    if (pr.onStep(iterations, x, fx, maxAbs(g), accepted ? length : 0)) {
      message = "stopped by onStep";
      break;
    }
    if (accepted && pr.valueTolerance > 0 && Math.abs(fPrev - fx) <= pr.valueTolerance * Math.max(1, Math.abs(fPrev))) {
      converged = true;
      message = "value change below tolerance";
      break;
    }
    if (radius <= 1e-15 * Math.max(1, Math.sqrt(dot(x, x)))) {
      message = "the trust region shrank below rounding (no decrease found)";
      break;
    }
  }
  return { x, value: fx, grad: g, iterations, converged, message };
}
