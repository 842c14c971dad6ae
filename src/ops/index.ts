// The user-facing ops: composites of primitives that accept numbers wherever a tensor is expected.
export type { TensorLike, AxisArg } from "./tensor-like.js";
export { toTensor } from "./tensor-like.js";
export { add, sub, mul, div, neg, pow, square, reciprocal } from "./arithmetic.js";
export {
  exp, log, log1p, expm1, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, abs, sign, sqrt, rsqrt, erf,
  floor, ceil, round, atan2, maximum, minimum, clamp,
} from "./elementwise.js";
export { isFinite } from "./is-finite.js";
export {
  greater, greaterEqual, less, lessEqual, equal, notEqual, logicalAnd, logicalOr, logicalNot, where,
} from "./comparison.js";
export { sigmoid, logSigmoid, softplus, relu, leakyRelu, elu, gelu, silu, type GeluOptions } from "./activations.js";
export { sum, mean, max, min, prod, variance, std, argmax, argmin, type VarianceOptions } from "./reductions.js";
export { logsumexp } from "./logsumexp.js";
export { lgamma, digamma, polygamma, erfinv, erfc, xlogy, logit, logaddexp, log1mexp, gammainc, gammaincc, betainc } from "./special.js";
export { norm } from "./norm.js";
export { softmax, logSoftmax } from "./softmax.js";
export { crossEntropy, mseLoss, binaryCrossEntropyWithLogits, type LossOptions, type Reduction } from "./losses.js";
export { cast } from "./cast.js";
export { reshape, flatten, squeeze, unsqueeze, broadcastTo, transpose, flip } from "./shape-ops.js";
export { concat, stack, split } from "./concat-split.js";
export { slice, pad, gather, oneHot, type OneHotOptions } from "./indexing.js";
export { matmul, dot, outer, trace } from "./matmul-ops.js";
export { diag, diagonal, triu, tril } from "./diagonal.js";
