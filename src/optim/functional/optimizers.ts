/**
 * The optimizers as chains of transformations; the classes (`optim.SGD`, …) are thin wrappers over
 * these, so there is one code path. Defaults are PyTorch's.
 *
 * | optimizer         | chain                                                                            |
 * | ----------------- | -------------------------------------------------------------------------------- |
 * | `sgd`             | addDecayedWeights (L2) → momentum ("sgd" style) → scaleByLearningRate            |
 * | `adam`            | addDecayedWeights (L2) → scaleByAdam → scaleByLearningRate                       |
 * | `adamw`           | scaleByAdam → addDecayedWeights (decoupled) → scaleByLearningRate                |
 * | `rmsprop`         | addDecayedWeights (L2) → scaleByRms → scaleByLearningRate                        |
 * | `adagrad`         | addDecayedWeights (L2) → scaleByAdagrad → scaleByLearningRate                    |
 * | `steepestDescent` | momentum → dualizeBy(norm) → addDecayedWeights (decoupled) → scaleByLearningRate |
 * | `muon`, `signSGD`, `signum` | `steepestDescent` with a preset norm and momentum                       |
 */
import { scaled, perParam } from "../norms/combinators.js";
import { linf } from "../norms/linf.js";
import { checkNorm, type Norm } from "../norms/norm.js";
import { fans } from "../norms/rms-to-rms.js";
import { spectralMatrix, type SpectralOptions } from "../norms/spectral.js";
import type { ScheduleLike } from "../schedules.js";
import { checkAdam, scaleByAdam } from "./adam.js";
import { adamApplyInPlace } from "./adam-apply.js";
import { scaleByAdagrad } from "./adagrad.js";
import { dualizeBy } from "./dualize.js";
import { scaleByLearningRate } from "./learning-rate.js";
import { checkMomentum, momentum } from "./momentum.js";
import { scaleByRms } from "./rmsprop.js";
import { chain, type GradientTransformation } from "./transform.js";
import { checkFlag, checkHyperparameter, checkLearningRate } from "./check-hyperparameter.js";
import { argumentError, checkOptions, inFunction } from "../../core/validate.js";
import { addDecayedWeights } from "./weight-decay.js";

/** Options of SGD (PyTorch's `torch.optim.SGD`). */
export interface SGDOptions {
  /** Learning rate or schedule (default 1e-3). */
  lr?: ScheduleLike;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Dampening of the momentum (default 0). */
  dampening?: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
}

/** Options of Adam and AdamW (PyTorch's). */
export interface AdamOptions {
  /** Learning rate or schedule (default 1e-3). */
  lr?: ScheduleLike;
  /** [β1, β2] (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Adam: L2 penalty (default 0); AdamW: decoupled weight decay (default 1e-2). */
  weightDecay?: number;
  /** The AMSGrad variant (default false). */
  amsgrad?: boolean;
}

/** Options of RMSprop (PyTorch's). */
export interface RMSpropOptions {
  /** Learning rate or schedule (default 1e-2). */
  lr?: ScheduleLike;
  /** Smoothing constant (default 0.99). */
  alpha?: number;
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** L2 penalty (default 0). */
  weightDecay?: number;
  /** Momentum (default 0). */
  momentum?: number;
  /** Centered RMSprop (default false). */
  centered?: boolean;
}

/** Options of Adagrad (PyTorch's). */
export interface AdagradOptions {
  /** Learning rate or schedule (default 1e-2). */
  lr?: ScheduleLike;
  /** Learning-rate decay (default 0). */
  lrDecay?: number;
  /** L2 penalty (default 0). */
  weightDecay?: number;
  /** Initial accumulator value (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the denominator (default 1e-10). */
  eps?: number;
}

/** Options of steepest descent under a norm. */
export interface SteepestDescentOptions {
  /** The norm (see `optim.norms`). */
  norm: Norm;
  /** Learning rate or schedule: the size of a normalized step in the norm. */
  lr: ScheduleLike;
  /** Momentum β (default 0). */
  momentum?: number;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
  /** Step lr·dualize(g) (true, default) or lr·sharp(g) = lr·‖g‖_*·dualize(g) (false). */
  normalized?: boolean;
  /** Decoupled weight decay λ: w ← w − lr·(step + λ·w) (default 0). */
  weightDecay?: number;
  /** `"ema"` (default; m ← βm + (1−β)g) or `"sgd"` (b ← βb + g, PyTorch's SGD). Matters only when unnormalized. */
  momentumStyle?: "ema" | "sgd";
}

/** Options of Muon. */
export interface MuonOptions extends Pick<SpectralOptions, "method" | "coefficients" | "steps" | "eps"> {
  /** Learning rate or schedule (default 0.02, Keller Jordan's). */
  lr?: ScheduleLike;
  /** Momentum (default 0.95). */
  momentum?: number;
  /** Nesterov momentum (default true). */
  nesterov?: boolean;
  /** Decoupled weight decay (default 0). */
  weightDecay?: number;
  /** Weight layout for the fan-out/fan-in scale: `"outIn"` (default, PyTorch's) or `"inOut"`. */
  layout?: "outIn" | "inOut";
}

/** Options of signSGD and Signum. */
export interface SignOptions {
  /** Learning rate or schedule (default 1e-3). */
  lr?: ScheduleLike;
  /** Momentum (signSGD: 0; Signum: default 0.9). */
  momentum?: number;
  /** Decoupled weight decay (default 0). */
  weightDecay?: number;
}

/**
 * Checks the options every optimizer has (the object, lr, weightDecay), naming the optimizer.
 * NOTE: hyperparameters are checked when the transformation is built (an optimizer's construction,
 * and every step, since a step rebuilds it from the group's options), so `lr: "0.1"`, NaN, ±∞ or
 * a negative value fails there with an ArgumentError, not later inside a step.
 */
function checkCommon<O extends object>(o: O | undefined, where: string): O {
  const opts = checkOptions<O>(o, where) as O & { lr?: unknown; weightDecay?: unknown };
  if (opts.lr !== undefined) checkLearningRate(opts.lr, where);
  if (opts.weightDecay !== undefined) checkHyperparameter(opts.weightDecay, where, "weightDecay", "nonnegative");
  return opts;
}

/** PyTorch's SGD. */
export function sgd(options: SGDOptions = {}): GradientTransformation<unknown[]> {
  const o = checkCommon(options, "SGD");
  const beta = o.momentum ?? 0;
  const m = { beta, dampening: o.dampening ?? 0, nesterov: o.nesterov ?? false, style: "sgd" as const };
  checkMomentum(m, "SGD");
  return chain(addDecayedWeights(o.weightDecay ?? 0), momentum(m), scaleByLearningRate(o.lr ?? 1e-3));
}

/** Adam's `betas`: two numbers in [0, 1) (checked by `checkAdam`); default [0.9, 0.999]. */
function checkBetas(betas: unknown, where: string): readonly [number, number] {
  if (betas === undefined) return [0.9, 0.999];
  if (!Array.isArray(betas) || betas.length !== 2) throw argumentError(where, "betas", "an array of two numbers in [0, 1)", betas);
  return betas as unknown as readonly [number, number];
}

/** PyTorch's Adam (weight decay is an L2 penalty added to the gradient). */
export function adam(options: AdamOptions = {}): GradientTransformation<unknown[]> {
  const o = checkCommon(options, "Adam");
  const [b1, b2] = checkBetas(o.betas, "Adam");
  const s = { b1, b2, eps: o.eps ?? 1e-8, amsgrad: o.amsgrad ?? false };
  checkAdam(s, "Adam");
  const lr = o.lr ?? 1e-3;
  const tx = chain(addDecayedWeights(o.weightDecay ?? 0), scaleByAdam(s), scaleByLearningRate(lr));
  // NOTE: without weight decay or AMSGrad an optimizer step is one pass per parameter (moments and p + (−lr)·u).
  if ((o.weightDecay ?? 0) === 0 && !s.amsgrad) tx.applyInPlace = adamApplyInPlace(s, lr, { adamAt: 1, lrAt: 2, length: 3, wd: 0 });
  return tx;
}

/** PyTorch's AdamW (decoupled weight decay, default 1e-2). */
export function adamw(options: AdamOptions = {}): GradientTransformation<unknown[]> {
  const o = checkCommon(options, "AdamW");
  const [b1, b2] = checkBetas(o.betas, "AdamW");
  const s = { b1, b2, eps: o.eps ?? 1e-8, amsgrad: o.amsgrad ?? false };
  checkAdam(s, "AdamW");
  const [lr, wd] = [o.lr ?? 1e-3, o.weightDecay ?? 1e-2];
  const tx = chain(scaleByAdam(s), addDecayedWeights(wd), scaleByLearningRate(lr));
  // NOTE: as Adam's: one pass per parameter (moments, decay and p + (−lr)·(u + wd·p)).
  if (!s.amsgrad) tx.applyInPlace = adamApplyInPlace(s, lr, { adamAt: 0, lrAt: 2, length: 3, wd });
  return tx;
}

/** PyTorch's RMSprop. */
export function rmsprop(options: RMSpropOptions = {}): GradientTransformation<unknown[]> {
  const o = checkCommon(options, "RMSprop");
  const s = { alpha: o.alpha ?? 0.99, eps: o.eps ?? 1e-8, centered: o.centered ?? false, momentum: o.momentum ?? 0 };
  return chain(addDecayedWeights(o.weightDecay ?? 0), scaleByRms(s), scaleByLearningRate(o.lr ?? 1e-2));
}

/** PyTorch's Adagrad. */
export function adagrad(options: AdagradOptions = {}): GradientTransformation<unknown[]> {
  const o = checkCommon(options, "Adagrad");
  const s = { lrDecay: o.lrDecay ?? 0, eps: o.eps ?? 1e-10, initialAccumulatorValue: o.initialAccumulatorValue ?? 0 };
  return chain(addDecayedWeights(o.weightDecay ?? 0), scaleByAdagrad(s), scaleByLearningRate(o.lr ?? 1e-2));
}

/** Steepest descent under `norm`, with momentum and decoupled weight decay. */
export function steepestDescent(o: SteepestDescentOptions): GradientTransformation<unknown[]> {
  return steepestDescentAs(o, "SteepestDescent");
}

/**
 * @internal `steepestDescent` as the optimizer `where` (`Muon`, `SignSGD`, a subclass): every
 * error names it. `norm` and `lr` are required.
 */
export function steepestDescentAs(options: SteepestDescentOptions, where: string): GradientTransformation<unknown[]> {
  if (options === undefined) throw argumentError(where, "options", "an options object { norm, lr, ... }", options);
  const o = checkCommon(options, where);
  checkNorm(o.norm, where, "norm");
  checkLearningRate(o.lr, where);
  checkFlag(o.normalized, where, "normalized");
  const m = { beta: o.momentum ?? 0, nesterov: o.nesterov ?? false, style: o.momentumStyle ?? "ema" };
  checkMomentum(m, where);
  return chain(
    momentum(m),
    dualizeBy(o.norm, { normalized: o.normalized ?? true }),
    addDecayedWeights(o.weightDecay ?? 0),
    scaleByLearningRate(o.lr),
  );
}

/**
 * Muon's norm: on each weight matrix, the spectral norm scaled so that dualize(G) =
 * max(1, √(fanOut/fanIn))·U Vᵀ, with U Vᵀ from Muon's five Newton–Schulz steps by default.
 */
export function muonNorm(o: Pick<MuonOptions, "method" | "coefficients" | "steps" | "eps" | "layout"> = {}): Norm {
  return muonNormAs(o, "muonNorm");
}

/** `muonNorm` whose errors name `where` (the spectral norm's checks are renamed with `inFunction`: a cold path). */
function muonNormAs(options: unknown, where: string): Norm {
  const o = checkOptions<MuonOptions>(options, where);
  if (o.layout !== undefined && o.layout !== "outIn" && o.layout !== "inOut") throw argumentError(where, "layout", '"outIn" or "inOut"', o.layout);
  const leaf = inFunction(where, () =>
    spectralMatrix({ method: o.method ?? "newtonSchulz", coefficients: o.coefficients ?? "muon", steps: o.steps, eps: o.eps }),
  );
  return perParam((p) => {
    const [fanIn, fanOut] = fans(p, { layout: o.layout }, where);
    return scaled(leaf, 1 / Math.max(1, Math.sqrt(fanOut / fanIn)));
  });
}

/** Muon (Keller Jordan et al.): steepest descent under `muonNorm` with Nesterov EMA momentum 0.95. */
export function muon(o: MuonOptions = {}): GradientTransformation<unknown[]> {
  return steepestDescentAs(muonSteepestOptions(o, "Muon"), "Muon");
}

/** @internal Muon's options as steepest-descent options; errors name `where`. */
export function muonSteepestOptions(options: MuonOptions, where: string): SteepestDescentOptions {
  const o = checkOptions<MuonOptions>(options, where);
  return {
    norm: muonNormAs(o, where),
    lr: o.lr ?? 0.02,
    momentum: o.momentum ?? 0.95,
    nesterov: o.nesterov ?? true,
    momentumStyle: "ema",
    normalized: true,
    weightDecay: o.weightDecay ?? 0,
  };
}

/** signSGD (Bernstein et al. 2018): w ← w − lr·sign(g), normalized steepest descent under ℓ∞. */
export function signSGD(o: SignOptions = {}): GradientTransformation<unknown[]> {
  return steepestDescentAs(signSteepestOptions(o, 0, "SignSGD"), "SignSGD");
}

/** Signum: signSGD of the EMA momentum (default 0.9). */
export function signum(o: SignOptions = {}): GradientTransformation<unknown[]> {
  return steepestDescentAs(signSteepestOptions(o, 0.9, "Signum"), "Signum");
}

/** @internal signSGD/Signum options as steepest-descent options; errors name `where`. */
export function signSteepestOptions(options: SignOptions, defaultMomentum: number, where: string): SteepestDescentOptions {
  const o = checkOptions<SignOptions>(options, where);
  return { norm: linf(), lr: o.lr ?? 1e-3, momentum: o.momentum ?? defaultMomentum, momentumStyle: "ema", normalized: true, weightDecay: o.weightDecay ?? 0 };
}
