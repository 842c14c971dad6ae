/**
 * optim: steepest descent under any norm, the classic optimizers, their pure functional forms,
 * learning-rate schedules, gradient clipping, line searches and L-BFGS.
 */
export * as norms from "./norms/index.js";
export type { Norm } from "./norms/norm.js";
export * as functional from "./functional/index.js";
export * as schedules from "./schedules.js";
export * as lineSearch from "./line-search.js";
export { Optimizer, type ParamGroup, type ParamGroupInput, type ParamsInput, type OptimizerStateDict, type SavedOption } from "./optimizer.js";
export { SteepestDescent } from "./steepest-descent.js";
export { SGD } from "./sgd.js";
export { Adam, AdamW } from "./adam.js";
export { RMSprop } from "./rmsprop.js";
export { Adagrad } from "./adagrad.js";
export { Muon, SignSGD, Signum } from "./presets.js";
export type { SGDOptions, AdamOptions, RMSpropOptions, AdagradOptions, SteepestDescentOptions, MuonOptions, SignOptions } from "./functional/optimizers.js";
export { clipGradNorm, clipGradValue, type ClipGradNormOptions } from "./clip.js";
export { minimize, type MinimizeOptions, type MinimizeResult, type MinimizeStep } from "./minimize.js";
export { applyUpdates, type ParamTree, type UpdateTree } from "./tree.js";
