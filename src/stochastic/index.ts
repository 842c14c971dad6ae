// Gradients of expectations: the DiCE magic box and one-call gradient estimators.
export { magicBox } from "./magic-box.js";
export { gradExpectation, type GradExpectationOptions, type GradExpectationResult, type Estimator } from "./grad-expectation.js";
