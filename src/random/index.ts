export { PRNGKey, key } from "./key.js";
export { split, foldIn } from "./split.js";
export { uniform, normal, exponential, gumbel, laplace, logistic, cauchy, truncatedNormal, type UniformOptions } from "./continuous.js";
export { gamma, loggamma } from "./gamma.js";
export { beta, dirichlet, studentT } from "./gamma-family.js";
export { poisson } from "./poisson.js";
export { bernoulli, categorical, randint, type CategoricalOptions } from "./discrete.js";
export { permutation, choice, type ChoiceOptions } from "./permutation.js";
export type { FloatSampleOptions, Param } from "./params.js";
