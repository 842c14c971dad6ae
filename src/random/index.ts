/**
 * JAX-style random numbers: pure keys (`key`, `split`, `foldIn`) and samplers that take a key first.
 *
 * NOTE: what equals JAX (`jax.random` with `jax_threefry_partitionable`, the default since JAX 0.5)
 * bit for bit: the Threefry-2x32-20 hash, `key(seed)`, `split`, `foldIn`, the 32/64-bit stream of
 * element i (counter (0, i)) and `uniform` with its default bounds. `normal`, `exponential`, `gumbel`, `laplace`, `logistic`,
 * `cauchy`, `bernoulli` and `categorical` use JAX's formulas on those uniforms, so they agree up to
 * float rounding (the transcendental functions are computed in float64 here, XLA's in the dtype).
 * `gamma`, `beta`, `dirichlet`, `studentT`, `poisson`, `randint`, `permutation`, `choice` and
 * `truncatedNormal` are correct in distribution but draw differently from JAX.
 */
export { PRNGKey, key } from "./key.js";
export { split, foldIn } from "./split.js";
export { uniform, normal, exponential, gumbel, laplace, logistic, cauchy, truncatedNormal, type UniformOptions } from "./continuous.js";
export { gamma, loggamma } from "./gamma.js";
export { beta, dirichlet, studentT } from "./gamma-family.js";
export { poisson } from "./poisson.js";
export { bernoulli, categorical, randint, type CategoricalOptions } from "./discrete.js";
export { permutation, choice, type ChoiceOptions } from "./permutation.js";
export type { FloatSampleOptions, Param } from "./params.js";
