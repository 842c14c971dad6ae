import { ArgumentError } from "../../../core/errors.js";
import { argumentError, checkFiniteNumber, checkInteger, checkOptions } from "../../../core/validate.js";
import { erfinv } from "../../../backend/cpu/special-functions.js";
import { Delta } from "../../../distributions/delta.js";
import { noGrad } from "../../../eager/grad-mode.js";
import { neg, reshape, slice, sum } from "../../../ops/index.js";
import { key as keyOf, checkKey, type PRNGKey } from "../../../random/key.js";
import { Tensor } from "../../../tensor/tensor.js";
import { ChainRng } from "../../mcmc/chain-rng.js";
import { logDensity, type ModelLogDensity } from "../../model/log-density.js";
import { sample } from "../../model/sample.js";
import { withoutHandlers } from "../../model/messenger.js";
import { batchConstrain } from "../batch-constrain.js";
import { priorMedian } from "./prior-median.js";

/** Options of the autoguides. */
export interface AutoGuideOptions {
  /** The model's arguments; default: those of the guide's first call (as NumPyro, the guide is set up on first use). */
  args?: readonly unknown[];
  /** The initial scale of the Gaussian guides in the unconstrained space (default 0.1, NumPyro's). */
  initScale?: number;
  /**
   * Where the location starts: "zero" (the bijections' images of 0, default) or "median" (the prior's
   * median from 15 draws per site, NumPyro's `init_to_median`, drawn with the `seed` handler's key).
   */
  initLoc?: "zero" | "median";
}

/** The initial flat unconstrained location, from the key the `seed` handler gives a param site (null outside one). */
export type InitLoc = (key: PRNGKey | null) => Float64Array;

/** A guide function the autoguide builds, plus its read-outs at fitted parameters (`svi.params`). */
export interface AutoGuide {
  /** Runs the guide (what `infer.svi` calls). */
  (...args: unknown[]): void;
  /** The autoguide's kind. */
  readonly kind: "normal" | "multivariateNormal" | "delta" | "laplace";
  /**
   * n draws of the fitted approximation on the constrained scale: latent site → tensor [n, ...shape]
   * (a Laplace guide draws from N(MAP, H⁻¹); a delta guide repeats its point); `seed` defaults to 0.
   */
  sample(params: Readonly<Record<string, Tensor>>, n: number, seed?: number | PRNGKey): Record<string, Tensor>;
  /** The median of each latent site (the Gaussian's mean mapped through the bijections; the point for delta). */
  median(params: Readonly<Record<string, Tensor>>): Record<string, Tensor>;
  /** Marginal quantiles: latent site → tensor [qs.length, ...shape] (per unconstrained coordinate, mapped through the bijections). */
  quantiles(params: Readonly<Record<string, Tensor>>, qs: readonly number[]): Record<string, Tensor>;
  /** The approximation's mean (d) and covariance (d × d, row-major) in the unconstrained space (zero covariance for delta). */
  gaussian(params: Readonly<Record<string, Tensor>>): { mean: Float64Array; covariance: Float64Array };
}

/** What a concrete autoguide supplies: the flat draw in the guide, and its Gaussian at fitted parameters. */
export interface AutoGuideSpec {
  kind: AutoGuide["kind"];
  /** Inside the guide: samples the flat unconstrained latent (as a sample site), or null to handle sites itself (delta). */
  flat(ld: ModelLogDensity, initScale: number, initLoc: InitLoc): Tensor | null;
  /** Mean and covariance (unconstrained) at the fitted params. */
  gaussian(ld: ModelLogDensity, params: Readonly<Record<string, Tensor>>, fn: string): { mean: Float64Array; covariance: Float64Array };
}

/** The layout of the model's latents (its log density, compiled only for the Laplace guide's Hessian). */
export function layoutOf(model: (...args: never[]) => unknown, args: readonly unknown[], compile: boolean): ModelLogDensity {
  // NOTE: outside every handler, so the guide's own trace does not record the model's sites.
  return withoutHandlers(() => logDensity(model, { args, compile }));
}

/**
 * Emits each latent site from the flat unconstrained draw u (NumPyro's AutoContinuous): the site's
 * slice mapped by its bijection, as a Delta whose log density is −log |det J| (so the guide's total
 * log density is log q(u) − log |det J|, the density of the constrained values).
 */
export function emitSites(ld: ModelLogDensity, u: Tensor): void {
  for (const s of ld.slots) {
    const x = reshape(slice(u, [s.offset], [s.size]), s.unconstrainedShape);
    const y = s.transform.forward(x);
    const j = s.transform.logAbsDetJacobian(x, y);
    const logDet = j.ndim === 0 ? j : sum(j);
    sampleDelta(s.name, y, neg(logDet));
  }
}

/** A Delta sample site at y with the given log density, over all of y's axes. */
export function sampleDelta(name: string, y: Tensor, logDensity: Tensor | number): Tensor {
  return sample(name, new Delta(y, { logDensity, eventDim: y.ndim }));
}

/** The standard normal quantile. */
function normalQuantile(q: number): number {
  return Math.SQRT2 * erfinv(2 * q - 1);
}

/** Builds an autoguide from its spec: the guide function, set up on its first call, and its read-outs. */
export function makeAutoGuide(model: (...args: never[]) => unknown, options: unknown, spec: AutoGuideSpec, fn: string): AutoGuide {
  if (typeof model !== "function") throw argumentError(fn, "model", "a model function", model);
  const o = checkOptions<AutoGuideOptions>(options, fn);
  for (const k of Object.keys(o)) if (k !== "args" && k !== "initScale" && k !== "initLoc") throw argumentError(fn, `options.${k}`, "one of args, initScale, initLoc", k);
  const initLoc = o.initLoc ?? "zero";
  if (initLoc !== "zero" && initLoc !== "median") throw argumentError(fn, "options.initLoc", `"zero" or "median"`, o.initLoc);
  if (o.args !== undefined && !Array.isArray(o.args)) throw argumentError(fn, "options.args", "an array of the model's arguments", o.args);
  const initScale = o.initScale === undefined ? 0.1 : checkFiniteNumber(o.initScale, fn, "options.initScale");
  if (!(initScale > 0)) throw argumentError(fn, "options.initScale", "a positive number", o.initScale);
  let ld: ModelLogDensity | null = o.args === undefined ? null : layoutOf(model, o.args, spec.kind === "laplace");
  const layout = (args: readonly unknown[]): ModelLogDensity => (ld ??= layoutOf(model, args, spec.kind === "laplace"));
  const ready = (): ModelLogDensity => {
    if (ld === null) throw new ArgumentError(`${fn}: the guide has not run yet; pass options.args, or fit it with infer.svi first`);
    return ld;
  };
  const guide = (...args: unknown[]): void => {
    const a = o.args ?? args;
    const l = layout(a);
    // NOTE: one start per guide run, computed on the first param that asks (with that site's key).
    let start: Float64Array | null = null;
    const loc: InitLoc = (k) => (start ??= initLoc === "median" ? priorMedian(model, a, l, k ?? keyOf(0)) : new Float64Array(l.dim));
    const u = spec.flat(l, initScale, loc);
    if (u !== null) emitSites(l, u);
  };
  const draws = (params: Readonly<Record<string, Tensor>>, n: number, k: PRNGKey): Record<string, Tensor> => {
    const l = ready();
    const { mean, covariance } = spec.gaussian(l, params, fn);
    const chol = choleskyOf(covariance, l.dim);
    const d = l.dim;
    const rng = new ChainRng(k);
    const flat = new Float64Array(n * d);
    const eta = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) eta[j] = rng.normal();
      for (let r = 0; r < d; r++) {
        let v = mean[r]!;
        for (let c = 0; c <= r; c++) v += chol[r * d + c]! * eta[c]!;
        flat[i * d + r] = v;
      }
    }
    return noGrad(() => batchConstrain(l, flat, n));
  };
  return Object.assign(guide, {
    kind: spec.kind,
    sample(params: Readonly<Record<string, Tensor>>, n: number, seed?: number | PRNGKey): Record<string, Tensor> {
      checkInteger(n, `${fn}.sample`, "n", 1, 2 ** 24);
      const k = seed === undefined ? keyOf(0) : typeof seed === "number" ? keyOf(checkInteger(seed, `${fn}.sample`, "seed", -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)) : checkKey(seed, `${fn}.sample`, "seed");
      return draws(params, n, k);
    },
    median(params: Readonly<Record<string, Tensor>>): Record<string, Tensor> {
      const l = ready();
      const { mean } = spec.gaussian(l, params, fn);
      const one = noGrad(() => batchConstrain(l, mean, 1));
      return Object.fromEntries(Object.entries(one).map(([name, t]) => [name, reshape(t, t.shape.slice(1))]));
    },
    quantiles(params: Readonly<Record<string, Tensor>>, qs: readonly number[]): Record<string, Tensor> {
      if (!Array.isArray(qs) || qs.length === 0 || !qs.every((q) => typeof q === "number" && q > 0 && q < 1))
        throw argumentError(`${fn}.quantiles`, "qs", "a non-empty array of probabilities in (0, 1)", qs);
      const l = ready();
      const { mean, covariance } = spec.gaussian(l, params, fn);
      const d = l.dim;
      const flat = new Float64Array(qs.length * d);
      qs.forEach((q, i) => {
        const z = normalQuantile(q);
        for (let j = 0; j < d; j++) flat[i * d + j] = mean[j]! + z * Math.sqrt(covariance[j * d + j]!);
      });
      return noGrad(() => batchConstrain(l, flat, qs.length));
    },
    gaussian(params: Readonly<Record<string, Tensor>>): { mean: Float64Array; covariance: Float64Array } {
      return spec.gaussian(ready(), params, fn);
    },
  });
}

/** The lower Cholesky factor of a d × d covariance (row-major); zero rows where it is not positive (a point mass). */
export function choleskyOf(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!;
    for (let k = 0; k < j; k++) s -= l[j * d + k]! ** 2;
    const diag = s > 0 ? Math.sqrt(s) : 0;
    l[j * d + j] = diag;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!;
      for (let k = 0; k < j; k++) t -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = diag > 0 ? t / diag : 0;
    }
  }
  return l;
}

/** A fitted parameter as a Float64Array, with an error naming it when absent. */
export function paramData(params: Readonly<Record<string, Tensor>>, name: string, fn: string): Float64Array {
  const t = params[name];
  if (!(t instanceof Tensor)) throw argumentError(fn, `params.${name}`, "the fitted parameter (pass svi.params)", t);
  return Float64Array.from(t.data() as ArrayLike<number>);
}
