import { ArgumentError } from "../../core/errors.js";
import type { PRNGKey } from "../../random/key.js";
import { split } from "../../random/split.js";
import type { Potential } from "../potential.js";
import { AdaptationWindows } from "./adaptation-windows.js";
import type { ChainResult } from "./chain-result.js";
import { ChainRng } from "./chain-rng.js";
import { DenseMetric } from "./dense-metric.js";
import { DiagMetric } from "./diag-metric.js";
import { DualAveraging } from "./dual-averaging.js";
import { Hamiltonian } from "./hamiltonian.js";
import { initPoint } from "./init-point.js";
import { initStepSize } from "./init-step-size.js";
import type { Kernel } from "./kernel.js";
import { NutsKernel } from "./nuts-kernel.js";
import { PhasePoint } from "./phase-point.js";
import type { SamplerConfig } from "./sampler-config.js";
import { StaticHmcKernel } from "./static-hmc-kernel.js";
import { WelfordEstimator } from "./welford.js";

/** The kernel the config names, on `hamiltonian`. */
function makeKernel(cfg: SamplerConfig, hamiltonian: Hamiltonian): Kernel {
  return cfg.algorithm === "nuts"
    ? new NutsKernel(hamiltonian, cfg.maxTreeDepth, cfg.stepSizeJitter)
    : new StaticHmcKernel(hamiltonian, cfg.numSteps, cfg.trajectoryLength, cfg.stepSizeJitter);
}

/**
 * Runs chain `chain` of Stan's adaptive sampler (`run_adaptive_sampler` with
 * `adapt_diag_e_nuts` / `adapt_dense_e_nuts` / the static HMC variants) on `potential` under `key`:
 * initialise; find a first step size with the heuristic; warm up (each iteration: transition, dual
 * averaging of ε on its accept statistic, then the metric window's draw; at the end of every window
 * the regularised (co)variance becomes M⁻¹, the heuristic reruns and dual averaging restarts at
 * μ = log 10ε); fix ε = exp(x̄); then draw `samples` iterations with everything fixed.
 *
 * NOTE: μ starts at log(10·stepSize) for the *initial* step size (1 by default), as Stan's services
 * set it before the first heuristic; it is log(10ε) of the heuristic's ε after every window.
 */
export function runChain(potential: Potential, cfg: SamplerConfig, key: PRNGKey, chain: number): ChainResult {
  const dim = potential.dim;
  const [initKey, runKey] = split(key, 2);
  const rng = new ChainRng(runKey!);
  const metric = cfg.metric === "dense" ? new DenseMetric(dim) : new DiagMetric(dim);
  const hamiltonian = new Hamiltonian(potential, metric);
  const kernel = makeKernel(cfg, hamiltonian);
  const z = new PhasePoint(dim);
  initPoint(cfg.fn, potential, z, typeof cfg.init === "number" ? cfg.init : cfg.init[chain]!, new ChainRng(initKey!), chain);

  const da = new DualAveraging(cfg.targetAccept);
  da.mu = Math.log(10 * cfg.stepSize);
  kernel.stepSize = cfg.stepSize;
  if (cfg.warmup > 0 && cfg.adaptStepSize) kernel.stepSize = initStepSize(cfg.fn, hamiltonian, z, kernel.stepSize, rng);
  const windows = new AdaptationWindows(cfg.warmup);
  const estimator = cfg.adaptMetric && windows.adaptsMetric ? new WelfordEstimator(dim, cfg.metric === "dense") : undefined;
  let warmupDivergences = 0;

  for (let it = 0; it < cfg.warmup; it++) {
    const s = kernel.transition(z, rng);
    if (s.divergent) warmupDivergences++;
    if (cfg.adaptStepSize) kernel.stepSize = da.learn(s.acceptStat);
    if (estimator) {
      if (windows.inWindow()) estimator.add(z.q);
      if (windows.endsWindow()) {
        setInverseMetric(cfg.fn, hamiltonian, estimator.regularized(), chain);
        estimator.restart();
        if (cfg.adaptStepSize) {
          kernel.stepSize = initStepSize(cfg.fn, hamiltonian, z, kernel.stepSize, rng);
          da.mu = Math.log(10 * kernel.stepSize);
          da.restart();
        }
      }
      windows.advance();
    }
    cfg.progress?.(chain, it + 1, "warmup");
  }
  if (cfg.warmup > 0 && cfg.adaptStepSize) kernel.stepSize = da.final();

  const n = cfg.samples;
  const out = {
    draws: new Float64Array(n * dim), acceptStat: new Float64Array(n), stepSize: new Float64Array(n),
    treeDepth: new Int32Array(n), nLeapfrog: new Int32Array(n), divergent: new Uint8Array(n),
    energy: new Float64Array(n), lp: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const s = kernel.transition(z, rng);
    out.draws.set(z.q, i * dim);
    out.acceptStat[i] = s.acceptStat;
    out.stepSize[i] = s.stepSize;
    out.treeDepth[i] = s.treeDepth;
    out.nLeapfrog[i] = s.nLeapfrog;
    out.divergent[i] = s.divergent ? 1 : 0;
    out.energy[i] = s.energy;
    out.lp[i] = s.lp;
    cfg.progress?.(chain, cfg.warmup + i + 1, "sampling");
  }
  return { ...out, adaptedStepSize: kernel.stepSize, inverseMetric: metric.inverse(), warmupDivergences };
}

/** Installs an adapted inverse metric; a non-finite or (dense) non-positive-definite one is Stan's overflow error. */
function setInverseMetric(fn: string, H: Hamiltonian, inv: Float64Array, chain: number): void {
  let ok = inv.every(Number.isFinite);
  if (ok) {
    if (H.metric instanceof DenseMetric) ok = H.metric.set(inv);
    else (H.metric as DiagMetric).set(inv);
  }
  if (!ok)
    throw new ArgumentError(
      `${fn}: chain ${chain}: numerical overflow in metric adaptation (the draws' covariance is not finite or not positive definite); the sampler met extreme values on the unconstrained scale: the posterior may be improper or too wide`,
    );
}
