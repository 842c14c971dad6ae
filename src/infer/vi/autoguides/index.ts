// Autoguides: variational families built from a model's latent layout (NumPyro's autoguides).
export { normal } from "./normal.js";
export { multivariateNormal } from "./multivariate-normal.js";
export { delta } from "./delta.js";
export { laplace } from "./laplace.js";
export type { AutoGuide, AutoGuideOptions } from "./auto-guide.js";
