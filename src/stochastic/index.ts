// Gradients of expectations: the DiCE magic box and one-call gradient estimators.
export { magicBox } from "./magic-box.js";
export { gradExpectation, type GradExpectationOptions, type GradExpectationResult, type Estimator } from "./grad-expectation.js";
export { objective, type ObjectiveOptions, type ObjectiveResult } from "./objective.js";
export { type StochasticContext, type SampleSiteOptions, type CostSiteOptions } from "./stochastic-context.js";
export { type Baseline } from "./baselines.js";
