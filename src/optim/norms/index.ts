// optim.norms: norms for steepest descent (see norm.ts for the abstraction).
export { sharp, lmo, type Norm } from "./norm.js";
export { l2, frobenius } from "./l2.js";
export { l1, type L1Options } from "./l1.js";
export { linf } from "./linf.js";
export { lp } from "./lp.js";
export { rms } from "./rms.js";
export { quadratic } from "./quadratic.js";
export { spectral, type SpectralOptions } from "./spectral.js";
export { nuclear } from "./nuclear.js";
export { rmsToRms, type RmsToRmsOptions } from "./rms-to-rms.js";
export { scaled, max, sum, euclid, perParam, type NormChildren, type NormCoefficients } from "./combinators.js";
export { modular, modularCoefficients, type ModularLayer } from "./modular.js";
export { newtonSchulz, newtonSchulzPresets, type NewtonSchulzOptions, type NewtonSchulzCoefficients, type NewtonSchulzPreset } from "./newton-schulz.js";
