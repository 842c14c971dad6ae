import { ArgumentError } from "../../core/errors.js";
import { checkInitial } from "../model/check-initial.js";
import type { Potential } from "../potential.js";
import type { ChainRng } from "./chain-rng.js";
import type { PhasePoint } from "./phase-point.js";

/** How many random initial points are tried before giving up (Stan: 100). */
export const MAX_INIT_TRIES = 100;

/** True when log p and every gradient entry at z are finite. */
function finiteAt(z: PhasePoint): boolean {
  if (!Number.isFinite(z.lp)) return false;
  for (let i = 0; i < z.grad.length; i++) if (!Number.isFinite(z.grad[i]!)) return false;
  return true;
}

/**
 * Sets z to a chain's initial point and evaluates log p and its gradient there: the given point, or
 * uniform(−radius, radius) in every unconstrained coordinate (Stan's `init_radius`, 2 by default),
 * redrawn up to 100 times while log p or its gradient is not finite. The error names `fn`, the chain
 * and what was not finite.
 */
export function initPoint(fn: string, potential: Potential, z: PhasePoint, init: Float64Array | number, rng: ChainRng, chain: number): void {
  const given = typeof init !== "number";
  const tries = given || init === 0 ? 1 : MAX_INIT_TRIES;
  for (let t = 0; t < tries; t++) {
    if (given) z.q.set(init);
    else if (init === 0) z.q.fill(0);
    else for (let i = 0; i < z.q.length; i++) z.q[i] = init * (2 * rng.uniform() - 1);
    z.lp = potential.logDensityAndGrad(z.q, z.grad);
    if (finiteAt(z)) return;
  }
  const what = Number.isFinite(z.lp) ? "its gradient is not finite" : `the log density is ${z.lp}`;
  const where = given ? "at the given init" : init === 0 ? "at init 0" : `at ${MAX_INIT_TRIES} random initial points drawn uniformly from (−${init}, ${init})`;
  throw new ArgumentError(`${fn}: chain ${chain}: could not initialise: ${what} ${where}; check the model's support and data, or pass init${culprit(potential, z.q)}`);
}

/** For a model's log density, what `infer.checkInitial` says about the last point tried (the sites whose terms are not finite). */
function culprit(potential: Potential, q: Float64Array): string {
  try {
    checkInitial(potential, Float64Array.from(q));
  } catch (e) {
    const m = /: site .*?(?=; choose another)/.exec((e as Error).message);
    if (m) return ` (at the last point tried${m[0]})`;
  }
  return "";
}
