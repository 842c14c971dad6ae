import type { ProgressSink } from "./progress.js";

/** What `runChain` needs, already checked: the public options resolved for one chain. */
export interface SamplerConfig {
  /** The function named in errors ("infer.nuts" or "infer.hmc"). */
  readonly fn: string;
  /** "nuts", or "hmc" for static HMC. */
  readonly algorithm: "nuts" | "hmc";
  /** Warm-up (adaptation) iterations. */
  readonly warmup: number;
  /** Draws kept after warm-up. */
  readonly samples: number;
  /** Dual averaging's target acceptance statistic. */
  readonly targetAccept: number;
  /** NUTS's maximum tree depth. */
  readonly maxTreeDepth: number;
  /** "diag" or "dense". */
  readonly metric: "diag" | "dense";
  /** The initial step size (before the heuristic). */
  readonly stepSize: number;
  /** Step-size jitter in [0, 1]. */
  readonly stepSizeJitter: number;
  /** Whether warm-up adapts the step size. */
  readonly adaptStepSize: boolean;
  /** Whether warm-up adapts the metric. */
  readonly adaptMetric: boolean;
  /** Static HMC: a fixed number of leapfrog steps (else from `trajectoryLength`). */
  readonly numSteps: number | undefined;
  /** Static HMC: the integration time T (L = ⌊T/ε⌋). */
  readonly trajectoryLength: number;
  /** An initial radius (uniform(−r, r)) or one initial unconstrained point per chain. */
  readonly init: number | readonly Float64Array[];
  /** Called after every iteration (the public `progress` option resolved to a function, with `stop` for a display), or undefined. */
  readonly progress: ProgressSink | undefined;
}
