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

/** p♯₋·ρ > 0 and p♯₊·ρ > 0: the generalised no-U-turn criterion (Stan's `compute_criterion`). */
function criterion(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
  let a = 0;
  let b = 0;
  for (let i = 0; i < rho.length; i++) {
    a += pSharpPlus[i]! * rho[i]!;
    b += pSharpMinus[i]! * rho[i]!;
  }
  return a > 0 && b > 0;
}

/** src into dst (same length). NOTE: a loop, inlined, instead of the `set` builtin call: the arrays are small. */
function copy(dst: Float64Array, src: Float64Array): void {
  for (let i = 0; i < dst.length; i++) dst[i] = src[i]!;
}

/** Zeros `a` (an inlined loop rather than the `fill` builtin). */
function zero(a: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] = 0;
}

/** a + b into out. */
function add(a: Float64Array, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
}

/** The buffers one level of the recursion keeps alive across its two halves. */
class Level {
  readonly pInitEnd: Float64Array;
  readonly pSharpInitEnd: Float64Array;
  readonly rhoInit: Float64Array;
  readonly pFinalBeg: Float64Array;
  readonly pSharpFinalBeg: Float64Array;
  readonly rhoFinal: Float64Array;
  readonly rhoSubtree: Float64Array;
  readonly rhoExtended: Float64Array;
  readonly zProposeFinal: PhasePoint;
  constructor(dim: number) {
    this.rhoSubtree = new Float64Array(dim);
    this.pInitEnd = new Float64Array(dim);
    this.pSharpInitEnd = new Float64Array(dim);
    this.rhoInit = new Float64Array(dim);
    this.pFinalBeg = new Float64Array(dim);
    this.pSharpFinalBeg = new Float64Array(dim);
    this.rhoFinal = new Float64Array(dim);
    this.rhoExtended = new Float64Array(dim);
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
  private readonly dim: number;
  private readonly levels: Level[];
  private readonly z: PhasePoint;
  private readonly zFwd: PhasePoint;
  private readonly zBck: PhasePoint;
  private readonly zSample: PhasePoint;
  private readonly zPropose: PhasePoint;
  private readonly v: Record<"pFwdFwd" | "pSharpFwdFwd" | "pFwdBck" | "pSharpFwdBck" | "pBckFwd" | "pSharpBckFwd" | "pBckBck" | "pSharpBckBck" | "rho" | "rhoFwd" | "rhoBck" | "rhoExtended", Float64Array>;
  private readonly stats = emptyStats();
  // Per-transition state shared by the recursion.
  private eps = 0;
  private h0 = 0;
  private nLeapfrog = 0;
  private sumMetro = 0;
  private divergent = false;
  private rng!: ChainRng;

  /** NUTS on `hamiltonian` with trees of at most `maxTreeDepth` doublings and step-size `jitter`. */
  constructor(readonly hamiltonian: Hamiltonian, readonly maxTreeDepth = 10, readonly jitter = 0) {
    const n = (this.dim = hamiltonian.potential.dim);
    this.levels = Array.from({ length: Math.max(maxTreeDepth, 1) }, () => new Level(n));
    this.z = new PhasePoint(n);
    this.zFwd = new PhasePoint(n);
    this.zBck = new PhasePoint(n);
    this.zSample = new PhasePoint(n);
    this.zPropose = new PhasePoint(n);
    const f = (): Float64Array => new Float64Array(n);
    this.v = {
      pFwdFwd: f(), pSharpFwdFwd: f(), pFwdBck: f(), pSharpFwdBck: f(), pBckFwd: f(), pSharpBckFwd: f(),
      pBckBck: f(), pSharpBckBck: f(), rho: f(), rhoFwd: f(), rhoBck: f(), rhoExtended: f(),
    };
  }

  /** One NUTS transition from `init` (q, ∇log p and log p set); writes the draw into `init`. */
  transition(init: PhasePoint, rng: ChainRng): TransitionStats {
    const H = this.hamiltonian;
    const v = this.v;
    const z = this.z;
    this.rng = rng;
    this.eps = jitteredStepSize(this.stepSize, this.jitter, rng);
    z.copyFrom(init);
    H.metric.sampleMomentum(rng, z.p);
    this.zFwd.copyFrom(z);
    this.zBck.copyFrom(z);
    this.zSample.copyFrom(z);
    this.zPropose.copyFrom(z);
    copy(v.pFwdFwd, z.p);
    H.metric.velocity(z.p, v.pSharpFwdFwd);
    copy(v.pFwdBck, z.p);
    copy(v.pSharpFwdBck, v.pSharpFwdFwd);
    copy(v.pBckFwd, z.p);
    copy(v.pSharpBckFwd, v.pSharpFwdFwd);
    copy(v.pBckBck, z.p);
    copy(v.pSharpBckBck, v.pSharpFwdFwd);
    copy(v.rho, z.p);
    let logSumWeight = 0; // log Σ exp(H0 − H) over the accepted states, H0's own weight being 1
    this.h0 = H.energy(z);
    this.nLeapfrog = 0;
    this.sumMetro = 0;
    this.divergent = false;
    let depth = 0;

    while (depth < this.maxTreeDepth) {
      zero(v.rhoFwd);
      zero(v.rhoBck);
      let logW: number;
      if (rng.uniform() > 0.5) {
        // Extend forward: the old tree becomes the backward part.
        z.copyFrom(this.zFwd);
        copy(v.rhoBck, v.rho);
        copy(v.pBckFwd, v.pFwdBck);
        copy(v.pSharpBckFwd, v.pSharpFwdBck);
        logW = this.buildTree(depth, this.zPropose, v.pSharpFwdBck, v.pSharpFwdFwd, v.rhoFwd, v.pFwdBck, v.pFwdFwd, 1);
        this.zFwd.copyFrom(z);
      } else {
        // Extend backward: the old tree becomes the forward part.
        z.copyFrom(this.zBck);
        copy(v.rhoFwd, v.rho);
        copy(v.pFwdBck, v.pBckFwd);
        copy(v.pSharpFwdBck, v.pSharpBckFwd);
        logW = this.buildTree(depth, this.zPropose, v.pSharpBckFwd, v.pSharpBckBck, v.rhoBck, v.pBckFwd, v.pBckBck, -1);
        this.zBck.copyFrom(z);
      }
      if (logW !== logW) break; // NaN: the subtree diverged or turned
      depth++;
      // Biased progressive sampling: prefer the new subtree when it carries more weight.
      if (logW > logSumWeight) this.zSample.copyFrom(this.zPropose);
      else if (rng.uniform() < Math.exp(logW - logSumWeight)) this.zSample.copyFrom(this.zPropose);
      logSumWeight = logAddExp(logSumWeight, logW);
      add(v.rhoBck, v.rhoFwd, v.rho);
      let persist = criterion(v.pSharpBckBck, v.pSharpFwdFwd, v.rho);
      add(v.rhoBck, v.pFwdBck, v.rhoExtended);
      persist &&= criterion(v.pSharpBckBck, v.pSharpFwdBck, v.rhoExtended);
      add(v.rhoFwd, v.pBckFwd, v.rhoExtended);
      persist &&= criterion(v.pSharpBckFwd, v.pSharpFwdFwd, v.rhoExtended);
      if (!persist) break;
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
   * proposal into `zPropose` and adding the subtree's momenta to `rho`. Returns the subtree's log
   * weight log Σ exp(H0 − H), or NaN when the subtree diverged or turned back on itself (Stan's
   * `valid == false`: the subtree is then discarded).
   */
  private buildTree(
    depth: number, zPropose: PhasePoint, pSharpBeg: Float64Array, pSharpEnd: Float64Array, rho: Float64Array,
    pBeg: Float64Array, pEnd: Float64Array, sign: number,
  ): number {
    const H = this.hamiltonian;
    const z = this.z;
    const n = this.dim;
    if (depth === 0) {
      H.leapfrog(z, sign * this.eps);
      this.nLeapfrog++;
      const h = H.energy(z);
      if (h - this.h0 > MAX_DELTA_H) this.divergent = true;
      this.sumMetro += this.h0 - h > 0 ? 1 : Math.exp(this.h0 - h);
      zPropose.copyFrom(z);
      H.metric.velocity(z.p, pSharpBeg);
      copy(pSharpEnd, pSharpBeg);
      for (let i = 0; i < n; i++) rho[i] = rho[i]! + z.p[i]!;
      copy(pBeg, z.p);
      copy(pEnd, z.p);
      return this.divergent ? NaN : this.h0 - h;
    }
    const L = this.levels[depth - 1]!;
    zero(L.rhoInit);
    const logWInit = this.buildTree(depth - 1, zPropose, pSharpBeg, L.pSharpInitEnd, L.rhoInit, pBeg, L.pInitEnd, sign);
    if (logWInit !== logWInit) return NaN;
    L.zProposeFinal.copyFrom(z);
    zero(L.rhoFinal);
    const logWFinal = this.buildTree(depth - 1, L.zProposeFinal, L.pSharpFinalBeg, pSharpEnd, L.rhoFinal, L.pFinalBeg, pEnd, sign);
    if (logWFinal !== logWFinal) return NaN;
    // Uniform progressive sampling inside the subtree.
    const logWSubtree = logAddExp(logWInit, logWFinal);
    if (logWFinal > logWSubtree) zPropose.copyFrom(L.zProposeFinal);
    else if (this.rng.uniform() < Math.exp(logWFinal - logWSubtree)) zPropose.copyFrom(L.zProposeFinal);
    add(L.rhoInit, L.rhoFinal, L.rhoSubtree);
    for (let i = 0; i < n; i++) rho[i] = rho[i]! + L.rhoSubtree[i]!;
    // The no-U-turn criterion over the merged subtree, then across its two halves.
    let persist = criterion(pSharpBeg, pSharpEnd, L.rhoSubtree);
    add(L.rhoInit, L.pFinalBeg, L.rhoExtended);
    persist &&= criterion(pSharpBeg, L.pSharpFinalBeg, L.rhoExtended);
    add(L.rhoFinal, L.pInitEnd, L.rhoExtended);
    persist &&= criterion(L.pSharpInitEnd, pSharpEnd, L.rhoExtended);
    return persist ? logWSubtree : NaN;
  }
}
