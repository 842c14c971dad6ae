// Models as TypeScript functions: primitives, effect handlers, the log density and predictive sampling.
export { sample, type SampleOptions } from "./sample.js";
export { factor } from "./factor.js";
export { deterministic } from "./deterministic.js";
export { param, type ParamOptions } from "./param.js";
export { plate, type PlateOptions } from "./plate.js";
export * as handlers from "./handlers/index.js";
export { logDensity, ModelLogDensity, type LogDensity, type LogDensityOptions } from "./log-density.js";
export { checkInitial } from "./check-initial.js";
export { predictive, type PredictiveOptions, type DrawSource } from "./predictive.js";
