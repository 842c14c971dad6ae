import type { ChainRng } from "./chain-rng.js";
import type { Hamiltonian } from "./hamiltonian.js";
import { jitteredStepSize, MAX_DELTA_H, type Kernel } from "./kernel.js";
import { PhasePoint } from "./phase-point.js";
import { emptyStats, type TransitionStats } from "./transition-stats.js";

/** log(e^a + e^b), exact at −∞. */
function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * Three copies `src → dst` of equal-length arrays in one pass.
 * NOTE: an indexed loop, inlined, rather than `set` builtin calls: the arrays are small.
 */
function copy3(d1: Float64Array, s1: Float64Array, d2: Float64Array, s2: Float64Array, d3: Float64Array, s3: Float64Array): void {
  for (let i = 0; i < d1.length; i++) {
    d1[i] = s1[i]!;
    d2[i] = s2[i]!;
    d3[i] = s3[i]!;
  }
}

/**
 * Merges two adjacent subtrees, left then right in integration order: writes ρ = ρ_left + ρ_right
 * into `rho` and returns Stan's three no-U-turn checks at once (`compute_criterion`: p♯₋·ρ > 0 and
 * p♯₊·ρ > 0) over the whole tree (ρ, between its outer ends) and across the seam (ρ_left + p of the
 * right's first point, and p of the left's last point + ρ_right).
 * NOTE: one pass with six dot products instead of two additions into buffers and three criterion calls
 * that stop at the first failure: the same sums in the same order, so the same answer.
 */
function merge(
  rhoLeft: Float64Array, rhoRight: Float64Array, rho: Float64Array, pSharpLeftBeg: Float64Array, pSharpRightEnd: Float64Array,
  pRightBeg: Float64Array, pSharpRightBeg: Float64Array, pLeftEnd: Float64Array, pSharpLeftEnd: Float64Array,
): boolean {
  let a = 0, b = 0, c = 0, d = 0, e = 0, f = 0;
  for (let i = 0; i < rho.length; i++) {
    const l = rhoLeft[i]!, r = rhoRight[i]!, t = l + r;
    rho[i] = t;
    a += pSharpRightEnd[i]! * t;
    b += pSharpLeftBeg[i]! * t;
    const x = l + pRightBeg[i]!;
    c += pSharpRightBeg[i]! * x;
    d += pSharpLeftBeg[i]! * x;
    const y = r + pLeftEnd[i]!;
    e += pSharpRightEnd[i]! * y;
    f += pSharpLeftEnd[i]! * y;
  }
  return a > 0 && b > 0 && c > 0 && d > 0 && e > 0 && f > 0;
}

/** The buffers one level of the recursion keeps alive across its two halves. */
class Level {
  readonly pInitEnd: Float64Array;
  readonly pSharpInitEnd: Float64Array;
  readonly rhoInit: Float64Array;
  readonly pFinalBeg: Float64Array;
  readonly pSharpFinalBeg: Float64Array;
  readonly rhoFinal: Float64Array;
  readonly zProposeFinal: PhasePoint;
  constructor(dim: number) {
    this.pInitEnd = new Float64Array(dim);
    this.pSharpInitEnd = new Float64Array(dim);
    this.rhoInit = new Float64Array(dim);
    this.pFinalBeg = new Float64Array(dim);
    this.pSharpFinalBeg = new Float64Array(dim);
    this.rhoFinal = new Float64Array(dim);
    this.zProposeFinal = new PhasePoint(dim);
  }
}

/**
 * Stan's NUTS transition (`base_nuts.hpp`), transcribed: multinomial sampling over the trajectory,
 * biased progressive sampling between the old tree and a new subtree at the top level, uniform
 * progressive sampling inside subtrees, the generalised no-U-turn criterion on summed momenta checked
 * three ways at every merge (the whole tree and across the two halves), divergence when the energy
 * error exceeds 1000 (NaN counts), and a maximum tree depth. Every buffer is allocated once.
 */
export class NutsKernel implements Kernel {
  /** The nominal step size. */
  stepSize = 1;
  private readonly levels: Level[];
  private readonly zFwd: PhasePoint;
  private readonly zBck: PhasePoint;
  private readonly zSample: PhasePoint;
  private readonly zPropose: PhasePoint;
  private readonly v: Record<"pFwdFwd" | "pSharpFwdFwd" | "pFwdBck" | "pSharpFwdBck" | "pBckFwd" | "pSharpBckFwd" | "pBckBck" | "pSharpBckBck" | "rho" | "rhoFwd" | "rhoBck", Float64Array>;
  private readonly stats = emptyStats();
  // Per-transition state shared by the recursion.
  /** The end of the trajectory being extended: `zFwd` or `zBck`, integrated in place. */
  private z: PhasePoint;
  private eps = 0;
  private h0 = 0;
  private nLeapfrog = 0;
  private sumMetro = 0;
  private divergent = false;
  private rng!: ChainRng;

  /** NUTS on `hamiltonian` with trees of at most `maxTreeDepth` doublings and step-size `jitter`. */
  constructor(readonly hamiltonian: Hamiltonian, readonly maxTreeDepth = 10, readonly jitter = 0) {
    const n = hamiltonian.potential.dim;
    this.levels = Array.from({ length: Math.max(maxTreeDepth, 1) }, () => new Level(n));
    this.zFwd = new PhasePoint(n);
    this.zBck = new PhasePoint(n);
    this.zSample = new PhasePoint(n);
    this.zPropose = new PhasePoint(n);
    this.z = this.zFwd;
    const f = (): Float64Array => new Float64Array(n);
    this.v = {
      pFwdFwd: f(), pSharpFwdFwd: f(), pFwdBck: f(), pSharpFwdBck: f(), pBckFwd: f(), pSharpBckFwd: f(),
      pBckBck: f(), pSharpBckBck: f(), rho: f(), rhoFwd: f(), rhoBck: f(),
    };
  }

  /**
   * One NUTS transition from `init` (q, ∇log p and log p set); writes the draw into `init`.
   * NOTE: the two ends of the trajectory (`zFwd`, `zBck`) are integrated in place, where Stan copies the
   * end into its current point and back at every doubling; subtrees assign (not add to) their ρ.
   */
  transition(init: PhasePoint, rng: ChainRng): TransitionStats {
    const H = this.hamiltonian;
    const v = this.v;
    const zFwd = this.zFwd;
    this.rng = rng;
    this.eps = jitteredStepSize(this.stepSize, this.jitter, rng);
    zFwd.copyFrom(init);
    H.metric.sampleMomentum(rng, zFwd.p);
    this.zBck.copyFrom(zFwd);
    this.zSample.copyFrom(zFwd);
    const p = zFwd.p;
    H.metric.velocity(p, v.pSharpFwdFwd);
    for (let i = 0; i < p.length; i++) {
      const pi = p[i]!, si = v.pSharpFwdFwd[i]!;
      v.pFwdBck[i] = v.pBckFwd[i] = v.pBckBck[i] = v.rho[i] = pi;
      v.pSharpFwdBck[i] = v.pSharpBckFwd[i] = v.pSharpBckBck[i] = si;
    }
    let logSumWeight = 0; // log Σ exp(H0 − H) over the accepted states, H0's own weight being 1
    this.h0 = H.energy(zFwd);
    this.nLeapfrog = 0;
    this.sumMetro = 0;
    this.divergent = false;
    let depth = 0;

    while (depth < this.maxTreeDepth) {
      let logW: number;
      if (rng.uniform() > 0.5) {
        // Extend forward: the old tree becomes the backward part.
        this.z = zFwd;
        copy3(v.rhoBck, v.rho, v.pBckFwd, v.pFwdBck, v.pSharpBckFwd, v.pSharpFwdBck);
        logW = this.buildTree(depth, this.zPropose, v.pSharpFwdBck, v.pSharpFwdFwd, v.rhoFwd, v.pFwdBck, v.pFwdFwd, 1);
      } else {
        // Extend backward: the old tree becomes the forward part.
        this.z = this.zBck;
        copy3(v.rhoFwd, v.rho, v.pFwdBck, v.pBckFwd, v.pSharpFwdBck, v.pSharpBckFwd);
        logW = this.buildTree(depth, this.zPropose, v.pSharpBckFwd, v.pSharpBckBck, v.rhoBck, v.pBckFwd, v.pBckBck, -1);
      }
      if (logW !== logW) break; // NaN: the subtree diverged or turned
      depth++;
      // Biased progressive sampling: prefer the new subtree when it carries more weight.
      if (logW > logSumWeight) this.zSample.copyFrom(this.zPropose);
      else if (rng.uniform() < Math.exp(logW - logSumWeight)) this.zSample.copyFrom(this.zPropose);
      logSumWeight = logAddExp(logSumWeight, logW);
      if (!merge(v.rhoBck, v.rhoFwd, v.rho, v.pSharpBckBck, v.pSharpFwdFwd, v.pFwdBck, v.pSharpFwdBck, v.pBckFwd, v.pSharpBckFwd)) break;
    }

    init.copyFrom(this.zSample);
    const s = this.stats;
    s.acceptStat = this.sumMetro / this.nLeapfrog;
    s.stepSize = this.eps;
    s.treeDepth = depth;
    s.nLeapfrog = this.nLeapfrog;
    s.divergent = this.divergent;
    s.energy = H.energy(init);
    s.lp = init.lp;
    return s;
  }

  /**
   * Extends the trajectory from `this.z` by 2^depth leapfrog steps in direction `sign`, sampling a
   * proposal into `zPropose` and writing the subtree's summed momenta into `rho`. Returns the
   * subtree's log weight log Σ exp(H0 − H), or NaN when the subtree diverged or turned back on itself
   * (Stan's `valid == false`: the subtree is then discarded).
   */
  private buildTree(
    depth: number, zPropose: PhasePoint, pSharpBeg: Float64Array, pSharpEnd: Float64Array, rho: Float64Array,
    pBeg: Float64Array, pEnd: Float64Array, sign: number,
  ): number {
    if (depth === 0) {
      const z = this.z;
      const h = this.hamiltonian.step(z, sign * this.eps, pSharpBeg);
      this.nLeapfrog++;
      if (h - this.h0 > MAX_DELTA_H) this.divergent = true;
      this.sumMetro += this.h0 - h > 0 ? 1 : Math.exp(this.h0 - h);
      const { q, p, grad } = z;
      const pq = zPropose.q, pp = zPropose.p, pg = zPropose.grad;
      for (let i = 0; i < p.length; i++) {
        const pi = p[i]!;
        pq[i] = q[i]!;
        pp[i] = pi;
        pg[i] = grad[i]!;
        pSharpEnd[i] = pSharpBeg[i]!;
        rho[i] = pBeg[i] = pEnd[i] = pi;
      }
      zPropose.lp = z.lp;
      return this.divergent ? NaN : this.h0 - h;
    }
    const L = this.levels[depth - 1]!;
    const logWInit = this.buildTree(depth - 1, zPropose, pSharpBeg, L.pSharpInitEnd, L.rhoInit, pBeg, L.pInitEnd, sign);
    if (logWInit !== logWInit) return NaN;
    const logWFinal = this.buildTree(depth - 1, L.zProposeFinal, L.pSharpFinalBeg, pSharpEnd, L.rhoFinal, L.pFinalBeg, pEnd, sign);
    if (logWFinal !== logWFinal) return NaN;
    // Uniform progressive sampling inside the subtree.
    const logWSubtree = logAddExp(logWInit, logWFinal);
    if (logWFinal > logWSubtree) zPropose.copyFrom(L.zProposeFinal);
    else if (this.rng.uniform() < Math.exp(logWFinal - logWSubtree)) zPropose.copyFrom(L.zProposeFinal);
    // The no-U-turn criterion over the merged subtree and across its two halves.
    return merge(L.rhoInit, L.rhoFinal, rho, pSharpBeg, pSharpEnd, L.pFinalBeg, L.pSharpFinalBeg, L.pInitEnd, L.pSharpInitEnd) ? logWSubtree : NaN;
  }
}
