// Variational inference: Stan's ADVI, SVI with user guides, and autoguides.
export { advi, type AdviOptions, type AdviProgressCallback } from "./advi.js";
export { AdviResult, type AdviElboRecord } from "./advi-result.js";
export { type AdviFamily } from "./gaussian-approximation.js";
