/** Messages between the Sample page and its worker. */

/** A NUTS run. */
export interface SampleConfig {
  target: string;
  chains: number;
  warmup: number;
  samples: number;
  targetAccept: number;
  seed: number;
}

/** The summary of one coordinate. */
export interface CoordinateSummary {
  mean: number;
  mcse: number;
  rhat: number;
  essBulk: number;
}

/** Worker → page. */
export type SampleResult =
  | {
      type: "done";
      /** [chains · samples · 2], chain by chain. */
      draws: Float64Array;
      /** 1 where the draw's trajectory diverged, [chains · samples]. */
      divergent: Uint8Array;
      summary: [CoordinateSummary, CoordinateSummary];
      stepSize: number[];
      meanTreeDepth: number;
      seconds: number;
    }
  | { type: "progress"; fraction: number }
  | { type: "error"; message: string };
