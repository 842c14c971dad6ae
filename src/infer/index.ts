// Bayesian inference on models written as TypeScript functions: model primitives and effect
// handlers, the log density over the unconstrained space, MCMC (NUTS, HMC) and diagnostics.
export { type Potential } from "./potential.js";
export { nuts } from "./nuts.js";
export { hmc } from "./hmc.js";
export { Posterior, type PosteriorSite, type SampleStatName } from "./posterior.js";
export { type McmcOptions, type HmcOptions, type ProgressCallback } from "./mcmc/mcmc-options.js";
export { type ModelRef } from "./mcmc/parallel/model-ref.js";
export {
  sample, factor, deterministic, param, plate, handlers, logDensity, checkInitial, predictive,
  type SampleOptions, type ParamOptions, type PlateOptions, type LogDensity, type LogDensityOptions, type PredictiveOptions, type DrawSource,
} from "./model/index.js";
export * as diagnostics from "./diagnostics/index.js";
export { sbc, type SbcOptions, type SbcInference, type SbcContext, type SbcDraws } from "./sbc.js";
export { SbcResult, type SbcPlotOptions } from "./sbc/sbc-result.js";
export { type UniformityTest } from "./sbc/uniformity.js";
export { advi, AdviResult, type AdviOptions, type AdviProgressCallback, type AdviElboRecord, type AdviFamily } from "./vi/index.js";
export { svi, Svi, autoguides, type SviOptions, type ElboLoss, type OptimizerFactory } from "./vi/index.js";
