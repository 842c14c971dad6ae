import type { SamplerConfig } from "../sampler-config.js";

/** What the main thread sends a worker for one chain (structured-clone data only). */
export interface ChainTask {
  /** The model's module URL and export name. */
  readonly module: string;
  readonly export: string;
  /** The model's arguments, encoded by `encodeArgs`. */
  readonly args: readonly unknown[];
  /** The sampler's settings, without the progress function. */
  readonly config: Omit<SamplerConfig, "progress">;
  /** The chain's key words (`random.split(key, chains)[chain]`). */
  readonly k0: number;
  readonly k1: number;
  /** The chain's index. */
  readonly chain: number;
  /** Whether to post progress messages. */
  readonly progress: boolean;
  /** Whether the main thread runs the CPU backend (the worker then does too, so the draws are the same). */
  readonly cpuBackend: boolean;
}

/** What a worker posts back. */
export type WorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "progress"; readonly chain: number; readonly iteration: number; readonly phase: "warmup" | "sampling" }
  | { readonly type: "done"; readonly chain: number; readonly result: import("../chain-result.js").ChainResult }
  | { readonly type: "error"; readonly chain: number; readonly name: string; readonly message: string };
