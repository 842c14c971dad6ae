// Probability distributions with torch.distributions' semantics (camelCased): constraints, the
// Distribution base class, the distribution classes and the KL-divergence registry.
export * as constraints from "./constraints.js";
export { Constraint } from "./constraints.js";
export * as transforms from "./transforms/index.js";
export { Transform } from "./transforms/transform.js";
export { bijectTo, registerBijection } from "./biject-to.js";
export { transformTo, registerTransform } from "./transform-to.js";
export type { ConstraintClass } from "./constraint-registry.js";
