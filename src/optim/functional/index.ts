// optim.functional: pure init/update transformations over trees (optax's design).
export { chain, identity, type GradientTransformation } from "./transform.js";
export { momentum, type MomentumOptions, type MomentumState } from "./momentum.js";
export { dualizeBy, type DualizeOptions } from "./dualize.js";
export { addDecayedWeights } from "./weight-decay.js";
export { scale, scaleByLearningRate, type ScheduleState } from "./learning-rate.js";
export { scaleByAdam, type AdamScalingOptions, type AdamState } from "./adam.js";
export { scaleByRms, type RmsScalingOptions, type RmsState } from "./rmsprop.js";
export { scaleByAdagrad, type AdagradScalingOptions, type AdagradState } from "./adagrad.js";
export { clipByNorm, clipByGlobalNorm, clipByValue, type ClipOptions } from "./clip.js";
export {
  sgd, adam, adamw, rmsprop, adagrad, steepestDescent, muon, muonNorm, signSGD, signum,
  type SGDOptions, type AdamOptions, type RMSpropOptions, type AdagradOptions, type SteepestDescentOptions, type MuonOptions, type SignOptions,
} from "./optimizers.js";
export { applyUpdates } from "../tree.js";
