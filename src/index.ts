import { eagerInterpreter } from "./interpreters/eager.js";
import { setBaseInterpreter } from "./primitives/bind.js";

setBaseInterpreter(eagerInterpreter);

export { Tensor } from "./tensor/tensor.js";
export * from "./tensor/creation.js";
export { manualSeed } from "./core/random.js";
export type { DType } from "./core/dtype.js";
export { ShapeError, DTypeError, TransformError, AutogradError } from "./core/errors.js";
export { jvp } from "./transforms/jvp.js";
export { vjp } from "./transforms/vjp.js";
export { grad, valueAndGrad } from "./transforms/grad.js";
export { sin } from "./primitives/unary/sin.js";
export { log } from "./primitives/unary/log.js";
export { mul } from "./primitives/binary/mul.js";
export { add } from "./primitives/binary/add.js";
export { sub } from "./primitives/binary/sub.js";
