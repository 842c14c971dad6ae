// MCMC convergence diagnostics on draws of any sampler (Vehtari, Gelman, Simpson, Carpenter,
// Bürkner 2021; Stan's and posterior's formulas), the summary table and SVG plots: what
// `Posterior.summary()` and its plot methods use, for users who bring their own draws.
export { rhat, splitRhat, rhatBasic } from "./rhat.js";
export { essBulk, essTail, essMean, essQuantile } from "./ess.js";
export { mcseMean, mcseQuantile } from "./mcse.js";
export { ebfmi } from "./ebfmi.js";
export { type Chains } from "./chains.js";
export { type SiteDraws } from "./site-draws.js";
export { summarize, Summary, type SummaryRow, type SummarizeOptions } from "./summary.js";
export { tracePlot, type DrawPlotOptions } from "./trace-plot.js";
export { rankPlot } from "./rank-plot.js";
export { pairPlot, type PairPlotOptions } from "./pair-plot.js";
export { sbcHistogram, type SbcHistogramOptions } from "./sbc-histogram.js";
