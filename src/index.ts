/**
 * wengert: automatic differentiation and optimisation in TypeScript.
 * Everything public is exported from here; see the README for a tour.
 */
import { eagerInterpreter } from "./interpreters/eager.js";
import { setBaseInterpreter } from "./primitives/bind.js";
import "./methods/tensor-methods.js";
import { setSamplerHook } from "./random/batching-hook.js";
import { drawGlobalInVmap, drawInVmap } from "./interpreters/random-lanes.js";
import { setGlobalDrawHook } from "./tensor/global-draw-hook.js";
import { installRowKernels } from "./compile/wasm/run-row-kernel.js";

// NOTE: the package's two side effects (the engine's bottom interpreter, installed here; the Tensor
// methods, installed by tensor-methods.js) are listed in package.json "sideEffects", so bundlers keep them.
setBaseInterpreter(eagerInterpreter);
// The fused row primitives (ops) run compile's generated wasm row kernels through this hook.
installRowKernels();
// vmap's randomness modes reach the samplers and the global generator (lower layers) through these hooks.
setSamplerHook(drawInVmap);
setGlobalDrawHook(drawGlobalInVmap);

export { Tensor } from "./tensor/tensor.js";
export {
  tensor, scalar, zeros, ones, full, zerosLike, onesLike, arange, linspace, eye, rand, randn, randint,
  type NestedArray, type TensorOptions, type TensorDataOptions, type RandomOptions,
} from "./tensor/creation.js";
export { manualSeed } from "./core/random.js";
export type { DType, TypedArray } from "./core/dtype.js";
export type { Shape } from "./core/shape.js";
export { ShapeError, DTypeError, TransformError, AutogradError, ArgumentError } from "./core/errors.js";
export { setBackend, getBackend, type Backend } from "./backend/backend.js";
export { cpuBackend } from "./backend/cpu/cpu-backend.js";
export { wasmBackend, wasmReady, wasmBackendLoaded } from "./backend/wasm/wasm-backend.js";
export { setNumThreads, getNumThreads } from "./backend/wasm/threads.js";

export * from "./ops/index.js";
export { stopGradient } from "./primitives/other/stop-gradient.js";
export {
  linalg, einsum, tensordot, kron, LinAlgError,
  type EighResult, type LuResult, type QrResult, type SvdResult, type SlogdetResult, type TriangularSolveOptions, type MatrixNormOrder,
  type PinvOptions, type SpectralTolerance, type VectorNormOptions, type LinalgNormOptions, type CholeskySolveOptions,
  type LuFactorResult, type LuSolveOptions, type DimOption, type SolveTriangularOptions, type VanderOptions,
  type TensorsolveOptions, type TensorinvOptions,
} from "./linalg/index.js";

export { jvp } from "./transforms/jvp.js";
export { vjp } from "./transforms/vjp.js";
export { grad, valueAndGrad, type GradOptions } from "./transforms/grad.js";
export { linearize } from "./transforms/linearize.js";
export { jacfwd, jacrev, jacobian, type JacobianOptions } from "./transforms/jacobian.js";
export { hessian, hvp } from "./transforms/hessian.js";
export { vmap, type VmapOptions, type VmappedFn, type AxisTree, type Randomness } from "./transforms/vmap.js";
export * from "./sparse/index.js";
export { customJvp, type JvpRule } from "./transforms/custom-jvp.js";
export { customVjp, type VjpForward, type VjpBackward } from "./transforms/custom-vjp.js";
export { checkpoint } from "./transforms/checkpoint.js";
export type { Tree, TensorTree } from "./transforms/tree-values.js";
export type { GradOf, TangentOf, SelectedGrads, JacobianOf, AuxOf } from "./transforms/types.js";
export type { GradResult, ValueAndGradResult } from "./transforms/grad.js";
export type { JacobianResult } from "./transforms/jacobian.js";
export type { HessianResult } from "./transforms/hessian.js";

// Wengert-list traces, the notes' tables, dual numbers and math expressions. `trace(f, ...args)`
// records a Program; `trace(matrix)` is still the matrix trace (this export shadows the op's).
export { trace, traceProgram, type TraceOptions } from "./trace/trace.js";
export { Program, type ProgramTextOptions } from "./trace/program.js";
export { Variable, Literal, type Atom, type Equation } from "./trace/equation.js";
export type { ProgramOrder } from "./trace/schedule.js";
export { forwardTable, ForwardTable, type TableTextOptions } from "./trace/forward-table.js";
export { reverseTable, ReverseTable } from "./trace/reverse-table.js";
export type { TableOptions } from "./trace/table-inputs.js";
export type { TraceRow } from "./trace/trace-row.js";
export type { GraphOptions } from "./trace/graph-nodes.js";
export { dualLevel, makeDual, unpackDual, DualLevel } from "./trace/dual-numbers.js";
export { parseExpression, type ParsedExpression } from "./trace/expression/parse-expression.js";
export { ExpressionError } from "./trace/expression/expression-error.js";

// Traces compiled to straight-line JavaScript.
export { compile, type Compiled, type CompiledNumbers, type CompileOptions, type CompiledSignature, type NumberTree } from "./compile/compile.js";

export { backward, type BackwardOptions } from "./eager/backward.js";
export { noGrad, enableGrad, isGradEnabled, detectAnomaly } from "./eager/grad-mode.js";
export { detach, assign, zeroGrad, registerHook } from "./eager/leaf-ops.js";
export type { GradHook } from "./interpreters/reverse.js";

export * as optim from "./optim/index.js";
export * as random from "./random/index.js";
export * as distributions from "./distributions/index.js";
export * as stochastic from "./stochastic/index.js";
export * as infer from "./infer/index.js";
export * as nn from "./nn/index.js";
export * as data from "./data/index.js";
export {
  conv2d, conv2dTranspose, type Conv2dOptions, type Conv2dTransposeOptions, type Conv2dPadding,
} from "./nn/functional/conv2d.js";
export { maxPool2d, avgPool2d, type MaxPool2dOptions, type AvgPool2dOptions } from "./nn/functional/pooling.js";
