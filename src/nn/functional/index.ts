// nn.functional: the layers' computations as plain functions (PyTorch's torch.nn.functional).
export {
  conv2d, conv2dTranspose, type Conv2dOptions, type Conv2dTransposeOptions, type Conv2dPadding, type Pair,
} from "./conv2d.js";
export { linear } from "./linear.js";
export { maxPool2d, avgPool2d, type MaxPool2dOptions, type AvgPool2dOptions } from "./pooling.js";
export { relu, leakyRelu, elu, gelu, silu, sigmoid, softplus, logSigmoid } from "../../ops/activations.js";
export { softmax, logSoftmax } from "../../ops/softmax.js";
export { crossEntropy, mseLoss, binaryCrossEntropyWithLogits } from "../../ops/losses.js";
