// nn: modules, layers, initialisation, losses and safetensors serialisation (browser-safe).
export { Module, functionalCall, type AnyModule, type StateDict, type LoadStateDictOptions, type LoadStateDictResult } from "./module.js";
export { Linear, type LinearOptions } from "./layers/linear.js";
export { Conv2d, type Conv2dLayerOptions } from "./layers/conv2d.js";
export { MaxPool2d, AvgPool2d } from "./layers/pooling.js";
export { Flatten } from "./layers/flatten.js";
export { Sequential, type Layer } from "./layers/sequential.js";
export { Dropout, type DropoutOptions } from "./layers/dropout.js";
export { LayerNorm, type LayerNormOptions } from "./layers/layer-norm.js";
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from "./layers/batch-norm.js";
export { Embedding, type EmbeddingOptions } from "./layers/embedding.js";
export { ReLU, LeakyReLU, ELU, Tanh, Sigmoid, GELU, SiLU, Softplus, Softmax, LogSoftmax, Identity } from "./layers/activations.js";
export { CrossEntropyLoss, MSELoss, BCEWithLogitsLoss, type LossModuleOptions, type CrossEntropyLossOptions } from "./layers/losses.js";
export type { LayerOptions } from "./layers/parameter.js";
export * as init from "./init.js";
export * as functional from "./functional/index.js";
export { save, load, loadSafetensors, type SaveOptions, type SafetensorsContents } from "./safetensors.js";
