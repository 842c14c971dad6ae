// Probability distributions with torch.distributions' semantics (camelCased): constraints, the
// Distribution base class, the distribution classes and the KL-divergence registry.
export * as constraints from "./constraints.js";
export { Constraint } from "./constraints.js";
export { Distribution } from "./distribution.js";
export type { DistributionOptions, ParamLike } from "./params.js";
export { Normal } from "./normal.js";
export { Uniform } from "./uniform.js";
export { Exponential } from "./exponential.js";
export { Laplace } from "./laplace.js";
export { Cauchy } from "./cauchy.js";
export { HalfNormal } from "./half-normal.js";
export { LogNormal } from "./log-normal.js";
export { Gamma } from "./gamma.js";
export { Chi2 } from "./chi2.js";
export { Beta } from "./beta.js";
export { Dirichlet } from "./dirichlet.js";
export { StudentT } from "./student-t.js";
export { Bernoulli, type BernoulliOptions } from "./bernoulli.js";
export { Categorical, type CategoricalOptions } from "./categorical.js";
export { Poisson } from "./poisson.js";
export { Geometric, type GeometricOptions } from "./geometric.js";
export { Binomial, type BinomialOptions } from "./binomial.js";
export { Delta, type DeltaOptions } from "./delta.js";
export { Independent } from "./independent.js";
export { klDivergence, registerKl, type KlRule, type DistributionClass } from "./kl.js";
