import type { PRNGKey } from "../../random/key.js";

/** A progress callback: called after every iteration of every chain (iterations count from 1 across warm-up and sampling). */
export type ProgressCallback = (chain: number, iteration: number, phase: "warmup" | "sampling") => void;

/** Options of `infer.nuts` (and, with `HmcOptions`' additions, `infer.hmc`). */
export interface McmcOptions {
  /** The model's arguments: `model(...args)` (a model function only). */
  args?: readonly unknown[];
  /** Chains (default 4). */
  chains?: number;
  /** Warm-up (adaptation) iterations per chain (default 1000); their draws are not kept. */
  warmup?: number;
  /** Draws kept per chain after warm-up (default 1000). */
  samples?: number;
  /** Dual averaging's target acceptance statistic, in (0, 1) (default 0.8; Stan's `adapt_delta`). */
  targetAccept?: number;
  /** NUTS's maximum tree depth: at most 2^maxTreeDepth − 1 leapfrog steps per draw (default 10). */
  maxTreeDepth?: number;
  /** The metric adapted in warm-up: "diag" (default) or "dense" (a full covariance). */
  metric?: "diag" | "dense";
  /**
   * Initial points on the unconstrained scale: a radius r (each coordinate uniform(−r, r), default 2,
   * 0 = all zeros), one point (an array of length dim) for every chain, or an array of one point per chain.
   */
  init?: number | ArrayLike<number> | readonly ArrayLike<number>[];
  /** An integer seed or a key (`random.key`); the same seed gives the same draws. Default: from the global generator (`manualSeed`). */
  seed?: number | PRNGKey;
  /** `true`: in Node a cli-progress bar per chain on a terminal, else one line per chain on stderr (nothing in browsers); or a callback (chain, iteration, phase). */
  progress?: boolean | ProgressCallback;
  /** The initial step size, before the heuristic (default 1). */
  stepSize?: number;
  /** Step-size jitter in [0, 1]: each transition uses ε·(1 + jitter·(2u − 1)) (default 0; Stan's `stepsize_jitter`). */
  stepSizeJitter?: number;
  /** Whether warm-up adapts the step size (default true). */
  adaptStepSize?: boolean;
  /** Whether warm-up adapts the metric (default true). */
  adaptMetric?: boolean;
  /**
   * How the chains run (NumPyro's `chain_method`): "sequential" (default) one after another in this
   * thread, or "parallel" in worker threads (Node), for a model given as `{ module, export }`; the
   * call then returns a Promise, and the draws equal the sequential ones bit for bit.
   */
  chainMethod?: "sequential" | "parallel";
  /** With `chainMethod: "parallel"`: how many worker threads (default min(chains, hardware threads)). */
  workers?: number;
}

/** Options of `infer.hmc`: those of `infer.nuts` (without `maxTreeDepth`) and the trajectory length. */
export interface HmcOptions extends Omit<McmcOptions, "maxTreeDepth"> {
  /** A fixed number of leapfrog steps per transition (NumPyro's `num_steps`); overrides `trajectoryLength`. */
  numSteps?: number;
  /** The integration time T: L = max(1, ⌊T/ε⌋) steps as ε adapts (default 2π; Stan's `int_time`, NumPyro's `trajectory_length`). */
  trajectoryLength?: number;
}
