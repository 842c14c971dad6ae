import { optim, type Tensor } from "../../index.js";
import { UsageError } from "../usage-error.js";

/** What the training loop needs of an optimizer (one, or several over disjoint parameters). */
export interface Stepper {
  zeroGrad(): void;
  step(): void;
}

/** A norm of `--optimizer steepest:<norm>`: how it is built per parameter, its default learning rate, a description. */
interface NormChoice {
  readonly make: () => optim.Norm;
  readonly lr: number;
  readonly about: string;
}

const layerwise = (matrix: () => optim.Norm) => () => optim.norms.perParam((p: Tensor) => (p.ndim >= 2 ? matrix() : optim.norms.rms()));

/** The norms of `steepest:<norm>`; every tensor is dualized on its own (`norms.perParam`). */
export const STEEPEST_NORMS: Readonly<Record<string, NormChoice>> = {
  l2: { make: () => optim.norms.perParam(optim.norms.l2()), lr: 0.1, about: "ℓ2 of each tensor (normalized gradient descent per layer)" },
  linf: { make: () => optim.norms.linf(), lr: 1e-3, about: "ℓ∞ (sign descent)" },
  sign: { make: () => optim.norms.linf(), lr: 1e-3, about: "ℓ∞ (sign descent)" },
  rms: { make: () => optim.norms.perParam(optim.norms.rms()), lr: 1e-3, about: "RMS of each tensor" },
  spectral: { make: layerwise(() => optim.norms.spectral()), lr: 0.02, about: "spectral norm of each weight matrix (orthogonalised updates), RMS for biases" },
  "rms-to-rms": { make: layerwise(() => optim.norms.rmsToRms()), lr: 0.02, about: "RMS→RMS operator norm of each weight matrix, RMS for biases" },
};

/** The optimizers of `--optimizer`, with their default learning rates. */
export const OPTIMIZER_DEFAULT_LR: Readonly<Record<string, number>> = { sgd: 0.1, adam: 1e-3, muon: 0.02 };

/** A parsed `--optimizer` value. */
export interface OptimizerSpec {
  /** As given on the command line, normalised: "adam", "steepest:spectral", … */
  readonly name: string;
  readonly kind: "sgd" | "adam" | "muon" | "steepest";
  readonly norm?: string;
  /** The learning rate used when `--lr` is not given. */
  readonly defaultLr: number;
}

/** Parses `sgd`, `adam`, `muon` or `steepest:<norm>`; raises a UsageError naming the choices. */
export function parseOptimizer(value: string): OptimizerSpec {
  const v = value.trim().toLowerCase();
  if (v === "sgd" || v === "adam" || v === "muon") return { name: v, kind: v, defaultLr: OPTIMIZER_DEFAULT_LR[v]! };
  const m = /^steepest(?::(.*))?$/.exec(v);
  if (m === null) throw new UsageError(`--optimizer: unknown optimizer '${value}' (choose sgd, adam, muon or steepest:<norm> with <norm> one of ${Object.keys(STEEPEST_NORMS).join(", ")})`);
  const norm = (m[1] ?? "").replace("rmstorms", "rms-to-rms");
  const choice = STEEPEST_NORMS[norm];
  if (choice === undefined)
    throw new UsageError(`--optimizer: ${norm === "" ? "steepest needs a norm, steepest:<norm>," : `unknown norm '${m[1]}';`} with <norm> one of ${Object.keys(STEEPEST_NORMS).join(", ")}`);
  return { name: `steepest:${norm}`, kind: "steepest", norm, defaultLr: choice.lr };
}

/** Several optimizers stepping disjoint parameter sets as one. */
function together(parts: Stepper[]): Stepper {
  return {
    zeroGrad: () => parts.forEach((p) => p.zeroGrad()),
    step: () => parts.forEach((p) => p.step()),
  };
}

/**
 * The optimizer of `spec` over `params`, with learning rate `lr` (a number or a schedule):
 * SGD with momentum 0.9; Adam; Muon on weight matrices and convolution filters with Adam (lr 1e-3,
 * the same schedule shape) on biases; steepest descent under the chosen norm with momentum 0.9.
 */
export function createOptimizer(spec: OptimizerSpec, params: Tensor[], lr: optim.schedules.ScheduleLike, schedule: (peak: number) => optim.schedules.ScheduleLike): Stepper {
  switch (spec.kind) {
    case "sgd":
      return new optim.SGD(params, { lr, momentum: 0.9 });
    case "adam":
      return new optim.Adam(params, { lr });
    case "muon": {
      const matrices = params.filter((p) => p.ndim >= 2);
      const vectors = params.filter((p) => p.ndim < 2);
      const parts: Stepper[] = [new optim.Muon(matrices, { lr })];
      if (vectors.length > 0) parts.push(new optim.Adam(vectors, { lr: schedule(1e-3) }));
      return together(parts);
    }
    case "steepest":
      return new optim.SteepestDescent(params, { norm: STEEPEST_NORMS[spec.norm!]!.make(), lr, momentum: 0.9 });
  }
}
