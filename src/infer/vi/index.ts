// Variational inference: Stan's ADVI, SVI with user guides, and autoguides.
export { advi, type AdviOptions, type AdviProgressCallback } from "./advi.js";
export { AdviResult, type AdviElboRecord } from "./advi-result.js";
export { type AdviFamily } from "./gaussian-approximation.js";
export { svi, Svi, type SviOptions, type OptimizerFactory } from "./svi.js";
export { type ElboLoss } from "./elbo.js";
export * as autoguides from "./autoguides/index.js";
