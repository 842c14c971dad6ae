/** One chain's output: the post-warm-up draws on the unconstrained scale and Stan's per-draw stats. */
export interface ChainResult {
  /** The draws, row-major [samples, dim], on the unconstrained scale. */
  readonly draws: Float64Array;
  /** `accept_stat__` per draw. */
  readonly acceptStat: Float64Array;
  /** `stepsize__` per draw. */
  readonly stepSize: Float64Array;
  /** `treedepth__` per draw. */
  readonly treeDepth: Int32Array;
  /** `n_leapfrog__` per draw. */
  readonly nLeapfrog: Int32Array;
  /** `divergent__` per draw (0 or 1). */
  readonly divergent: Uint8Array;
  /** `energy__` per draw. */
  readonly energy: Float64Array;
  /** `lp__` per draw. */
  readonly lp: Float64Array;
  /** The adapted nominal step size. */
  readonly adaptedStepSize: number;
  /** The adapted inverse metric: its diagonal, or the row-major matrix for a dense metric. */
  readonly inverseMetric: Float64Array;
  /** Divergent transitions during warm-up (not in the draws). */
  readonly warmupDivergences: number;
}
