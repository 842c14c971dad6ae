// Bayesian inference on models written as TypeScript functions: model primitives and effect
// handlers, the log density over the unconstrained space, MCMC (NUTS, HMC) and diagnostics.
export { type Potential } from "./potential.js";
