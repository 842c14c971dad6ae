import * as W from "../../src/index.js";

/** One fuzzed callable: its dotted export path, how it is called and its valid base arguments. */
export interface FuzzTarget {
  /** Dotted path from the package root, e.g. `linalg.solve`. */
  path: string;
  /** The name its errors must contain (the last path segment). */
  name: string;
  /** Calls the export with the given arguments (with `new` for a class). */
  call: (args: unknown[]) => unknown;
  /** Fresh valid arguments; the fuzzer replaces one of them (or one option of an options object). */
  base: () => unknown[];
  /** For a transform: fresh valid arguments of the function it returns, fuzzed the same way. */
  inner?: () => unknown[];
  /** Index of the first base argument handed on to the user's function (`vjp(f, ...primals)`). */
  passedFrom?: number;
}

const isClass = (f: unknown): boolean => typeof f === "function" && /^class[\s{]/.test(Function.prototype.toString.call(f));

/**
 * Every function and class exported from the package root, namespaces included, as dotted paths.
 * NOTE: the backend objects (`cpuBackend`, `wasmBackend`) are kernel tables for `setBackend`, not
 * functions users call with their own arguments, and the error classes are not fuzzed.
 */
export function publicCallables(): Map<string, (...args: unknown[]) => unknown> {
  const out = new Map<string, (...args: unknown[]) => unknown>();
  const skip = new Set([W.cpuBackend, W.wasmBackend, W.wasmBackendLoaded] as unknown[]);
  const walk = (obj: object, prefix: string): void => {
    for (const [k, v] of Object.entries(obj)) {
      if (skip.has(v)) continue;
      if (typeof v === "function") {
        if (isClass(v) && (v === Error || (v as { prototype: unknown }).prototype instanceof Error)) continue;
        out.set(prefix + k, v as (...args: unknown[]) => unknown);
      } else if (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof W.Tensor) && Object.getPrototypeOf(v) === Object.prototype || v?.[Symbol.toStringTag] === "Module") {
        walk(v as object, `${prefix}${k}.`);
      }
    }
  };
  walk(W, "");
  return out;
}

const f32 = (shape: number[]): W.Tensor => W.reshape(W.arange(shape.reduce((a, b) => a * b, 1)).add(1), shape);
const x23 = (): W.Tensor => f32([2, 3]);
const v3 = (): W.Tensor => W.tensor([1, 2, 3]);
const spd = (): W.Tensor => W.tensor([[4, 1], [1, 3]]);
const img = (): W.Tensor => f32([1, 1, 4, 4]);
const scalarF = (x: W.Tensor): W.Tensor => W.sum(W.mul(x, x));
const param = (): W.Tensor => W.tensor([1, 2, 3], { requiresGrad: true });
const gradded = (): W.Tensor => {
  const p = param();
  p.grad = W.tensor([1, -2, 3]);
  return p;
};

const stdNormal2 = (): W.infer.Potential => ({ dim: 2, logDensityAndGrad: (q, g) => ((g[0] = -q[0]!), (g[1] = -q[1]!), -0.5 * (q[0]! ** 2 + q[1]! ** 2)) });
/** A model for infer's primitives and handlers: mu ~ N(0, 1), y ~ N(mu, 1) observed. */
const inferModel = (y: W.Tensor): void => {
  const mu = W.infer.sample("mu", new W.distributions.Normal(0, 1));
  W.infer.sample("y", new W.distributions.Normal(mu, 1), { obs: y });
};
const diagChains = (): Float64Array[] => [Float64Array.from([0.1, -0.4, 1.2, 0.3, -0.8, 0.5]), Float64Array.from([0.7, -0.2, 0.4, -0.6, 1.3, -0.1])];
const diagDraws = (): Record<string, { shape: number[]; chains: Float64Array[] }> => ({
  mu: { shape: [], chains: diagChains() },
  theta: { shape: [2], chains: diagChains().map((c) => Float64Array.from([...c, ...c].reverse())) },
});
const unary = (): unknown[] => [x23()];
const binary = (): unknown[] => [x23(), x23()];
const reduction = (): unknown[] => [x23(), 1, false];

/**
 * Valid base arguments per export. A new export without an entry here (or in `NOT_FUZZED`) fails
 * the suite's coverage test, so every public function is fuzzed.
 */
export const BASE: Record<string, { base: () => unknown[]; inner?: () => unknown[]; passedFrom?: number }> = {
  tensor: { base: () => [[1, 2, 3], { dtype: "float32" }] },
  scalar: { base: () => [2, "float32"] },
  zeros: { base: () => [[2, 3], { dtype: "float32" }] },
  ones: { base: () => [[2, 3], { dtype: "float32" }] },
  full: { base: () => [[2, 3], 1.5, { dtype: "float32" }] },
  zerosLike: { base: () => [x23(), { dtype: "float32" }] },
  onesLike: { base: () => [x23(), { dtype: "float32" }] },
  arange: { base: () => [0, 5, 1, { dtype: "float32" }] },
  linspace: { base: () => [0, 1, 5, { dtype: "float32" }] },
  eye: { base: () => [3, { dtype: "float32" }] },
  rand: { base: () => [[2, 3], { seed: 1 }] },
  randn: { base: () => [[2, 3], { seed: 1 }] },
  randint: { base: () => [0, 5, [2, 3], { seed: 1 }] },
  manualSeed: { base: () => [1] },
  getBackend: { base: () => [] },
  setBackend: { base: () => [W.getBackend()] },
  setNumThreads: { base: () => [W.getNumThreads()] },
  getNumThreads: { base: () => [] },
  wasmReady: { base: () => [] },
  toTensor: { base: () => [2] },
  ...Object.fromEntries(
    ["abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "erf", "exp", "expm1", "floor", "log", "log1p", "neg",
      "reciprocal", "round", "rsqrt", "sign", "sin", "sinh", "sqrt", "square", "tan", "tanh", "isFinite", "logicalNot",
      "sigmoid", "logSigmoid", "softplus", "relu", "silu", "flatten", "squeeze", "transpose", "flip", "detach",
      "stopGradient", "triu", "tril", "zeroGrad", "nn.functional.relu", "nn.functional.silu",
      "nn.functional.sigmoid", "nn.functional.softplus", "nn.functional.logSigmoid", "linalg.svdvals",
      "lgamma", "digamma", "erfinv", "erfc", "logit", "log1mexp"]
      .map((k) => [k, { base: unary }]),
  ),
  ...Object.fromEntries(
    ["add", "sub", "mul", "div", "pow", "atan2", "maximum", "minimum", "greater", "greaterEqual", "less", "lessEqual",
      "equal", "notEqual", "logicalAnd", "logicalOr", "mseLoss", "binaryCrossEntropyWithLogits", "kron",
      "nn.functional.mseLoss", "nn.functional.binaryCrossEntropyWithLogits", "xlogy", "logaddexp"]
      .map((k) => [k, { base: binary }]),
  ),
  ...Object.fromEntries(
    ["sum", "mean", "max", "min", "prod", "argmax", "argmin", "logsumexp"].map((k) => [k, { base: reduction }]),
  ),
  polygamma: { base: () => [1, x23()] },
  gammainc: { base: binary },
  gammaincc: { base: binary },
  betainc: { base: () => [x23(), x23(), x23()] },
  variance: { base: () => [x23(), 1, false, { correction: 1 }] },
  std: { base: () => [x23(), 1, false, { correction: 1 }] },
  norm: { base: () => [x23(), 2, 1, false] },
  softmax: { base: () => [x23(), -1] },
  logSoftmax: { base: () => [x23(), -1] },
  "nn.functional.softmax": { base: () => [x23(), -1] },
  "nn.functional.logSoftmax": { base: () => [x23(), -1] },
  leakyRelu: { base: () => [x23(), 0.1] },
  "nn.functional.leakyRelu": { base: () => [x23(), 0.1] },
  elu: { base: () => [x23(), 1] },
  "nn.functional.elu": { base: () => [x23(), 1] },
  gelu: { base: () => [x23(), { approximate: "tanh" }] },
  "nn.functional.gelu": { base: () => [x23(), { approximate: "tanh" }] },
  clamp: { base: () => [x23(), 1, 4] },
  where: { base: () => [W.greater(x23(), 3), x23(), 0] },
  cast: { base: () => [x23(), "int32"] },
  reshape: { base: () => [x23(), [3, 2]] },
  unsqueeze: { base: () => [x23(), 0] },
  broadcastTo: { base: () => [v3(), [2, 3]] },
  concat: { base: () => [[x23(), x23()], 0] },
  stack: { base: () => [[x23(), x23()], 0] },
  split: { base: () => [x23(), 2, 0] },
  slice: { base: () => [x23(), [0, 1], [2, 2]] },
  pad: { base: () => [x23(), [[1, 0], [0, 1]], 0] },
  gather: { base: () => [x23(), W.tensor([1, 0], { dtype: "int32" }), 1] },
  oneHot: { base: () => [W.tensor([1, 0], { dtype: "int32" }), 3, { dtype: "float32" }] },
  crossEntropy: { base: () => [x23(), W.tensor([1, 0], { dtype: "int32" }), { reduction: "mean" }] },
  "nn.functional.crossEntropy": { base: () => [x23(), W.tensor([1, 0], { dtype: "int32" }), { reduction: "mean" }] },
  matmul: { base: () => [x23(), f32([3, 2])] },
  dot: { base: () => [v3(), v3()] },
  outer: { base: () => [v3(), v3()] },
  trace: { base: () => [spd(), 0, -2, -1] },
  diagonal: { base: () => [x23(), 1, 0, 1] },
  diag: { base: () => [v3(), 0] },
  einsum: { base: () => ["ij,jk->ik", x23(), f32([3, 2])] },
  tensordot: { base: () => [x23(), f32([3, 2]), 1] },
  "linalg.solve": { base: () => [spd(), W.tensor([1, 2])] },
  "linalg.inv": { base: () => [spd()] },
  "linalg.det": { base: () => [spd()] },
  "linalg.slogdet": { base: () => [spd()] },
  "linalg.cholesky": { base: () => [spd(), { upper: false }] },
  "linalg.solveEx": { base: () => [spd(), W.tensor([1, 2])] },
  "linalg.invEx": { base: () => [spd()] },
  "linalg.choleskyEx": { base: () => [spd(), { upper: true }] },
  "linalg.cond": { base: () => [spd(), 2] },
  "linalg.triangularSolve": { base: () => [spd(), W.tensor([[1], [2]]), { lower: true }] },
  "linalg.lu": { base: () => [spd()] },
  "linalg.qr": { base: () => [spd(), { mode: "reduced" }] },
  "linalg.svd": { base: () => [spd(), { fullMatrices: false }] },
  "linalg.eigh": { base: () => [spd(), { UPLO: "L" }] },
  "linalg.eigvalsh": { base: () => [spd(), { UPLO: "U" }] },
  "linalg.lstsq": { base: () => [f32([3, 2]), W.tensor([1, 2, 4]), { rcond: 1e-7, driver: "gelsd" }] },
  "linalg.matrixNorm": { base: () => [spd(), "fro", { dim: [-2, -1], keepdim: false }] },
  "linalg.matrixPower": { base: () => [spd(), 2] },
  "linalg.pinv": { base: () => [f32([3, 2]), { rtol: 1e-6, hermitian: false }] },
  "linalg.matrixExp": { base: () => [spd()] },
  "linalg.vectorNorm": { base: () => [x23(), 2, { dim: 1, keepdim: false }] },
  "linalg.norm": { base: () => [x23(), "fro", { dim: [0, 1], keepdim: false }] },
  "linalg.matrixRank": { base: () => [spd(), { atol: 0, rtol: 1e-6, hermitian: false }] },
  "linalg.multiDot": { base: () => [[x23(), f32([3, 2]), W.tensor([1, 2])]] },
  "linalg.choleskySolve": { base: () => [W.tensor([1, 2]), W.tensor([[2, 0], [1, 1]]), { upper: false }] },
  "linalg.choleskyInverse": { base: () => [W.tensor([[2, 0], [1, 1]]), { upper: false }] },
  "linalg.luFactor": { base: () => [spd()] },
  "linalg.luSolve": { base: () => [W.tensor([[4, 1], [0.25, 2.75]]), W.tensor([1, 2], { dtype: "int32" }), W.tensor([1, 2]), { left: true, adjoint: false }] },
  "linalg.logdet": { base: () => [spd()] },
  "linalg.cross": { base: () => [v3(), W.tensor([0, 1, 0]), { dim: -1 }] },
  "linalg.vecdot": { base: () => [x23(), v3(), { dim: -1 }] },
  "linalg.solveTriangular": { base: () => [spd(), W.tensor([[1], [2]]), { upper: true, left: true, unitriangular: false }] },
  "linalg.vander": { base: () => [v3(), { N: 3 }] },
  "linalg.householderProduct": { base: () => [f32([3, 2]), W.tensor([1.5, 1.2])] },
  "linalg.tensorsolve": { base: () => [W.reshape(W.tensor([[4, 1], [1, 3]]), [2, 2]), W.tensor([1, 2]), { dims: [1] }] },
  "linalg.tensorinv": { base: () => [W.reshape(W.tensor([4, 1, 1, 3]), [2, 2]), { ind: 1 }] },
  "linalg.diagonal": { base: () => [W.reshape(W.arange(0, 12), [2, 2, 3]), { offset: 1, dim1: 0, dim2: 2 }] },
  conv2d: { base: () => [img(), f32([2, 1, 3, 3]), { stride: 1, padding: 1 }] },
  "nn.functional.conv2d": { base: () => [img(), f32([2, 1, 3, 3]), { stride: 1, padding: 1 }] },
  conv2dTranspose: { base: () => [img(), f32([1, 2, 3, 3]), { stride: 1 }] },
  "nn.functional.conv2dTranspose": { base: () => [img(), f32([1, 2, 3, 3]), { stride: 1 }] },
  maxPool2d: { base: () => [img(), 2, { stride: 2 }] },
  "nn.functional.maxPool2d": { base: () => [img(), 2, { stride: 2 }] },
  avgPool2d: { base: () => [img(), 2, { stride: 2 }] },
  "nn.functional.avgPool2d": { base: () => [img(), 2, { stride: 2 }] },
  "nn.functional.linear": { base: () => [x23(), f32([4, 3]), v3().add(1).sum().reshape([1]).broadcastTo([4])] },
  assign: { base: () => [x23(), x23()] },
  registerHook: { base: () => [W.tensor([1, 2], { requiresGrad: true }), (g: W.Tensor) => g] },
  backward: { base: () => [W.sum(W.mul(W.tensor([1, 2], { requiresGrad: true }), 2)), undefined, {}] },
  noGrad: { base: () => [() => 1] },
  enableGrad: { base: () => [() => 1] },
  isGradEnabled: { base: () => [] },
  detectAnomaly: { base: () => [() => 1] },
  grad: { base: () => [scalarF, {}], inner: () => [v3()] },
  valueAndGrad: { base: () => [scalarF, {}], inner: () => [v3()] },
  jacfwd: { base: () => [(x: W.Tensor) => W.mul(x, x), { chunkSize: 2 }], inner: () => [v3()] },
  jacrev: { base: () => [(x: W.Tensor) => W.mul(x, x), { chunkSize: 2 }], inner: () => [v3()] },
  jacobian: { base: () => [(x: W.Tensor) => W.mul(x, x), { chunkSize: 2 }], inner: () => [v3()] },
  hessian: { base: () => [scalarF, { chunkSize: 2 }], inner: () => [v3()] },
  hvp: { base: () => [scalarF, [v3()], [v3()]] },
  jacobianSparsity: { base: () => [(x: W.Tensor) => W.mul(x, x), v3()], passedFrom: 1 },
  hessianSparsity: { base: () => [scalarF, v3()], passedFrom: 1 },
  jacobianCost: { base: () => [(x: W.Tensor) => W.sin(W.mul(x, x)), v3()], passedFrom: 1 },
  sparseJacobian: { base: () => [(x: W.Tensor) => W.mul(x, x), { mode: "auto", coloring: "natural" }], inner: () => [v3()] },
  sparseHessian: { base: () => [scalarF, { coloring: "smallest-last" }], inner: () => [v3()] },
  coloring: { base: () => [W.jacobianSparsity((x: W.Tensor) => W.mul(x, x), v3()), { kind: "column", order: "largest-first" }] },
  jvp: { base: () => [(x: W.Tensor) => W.mul(x, x), [v3()], [v3()]] },
  vjp: { base: () => [(x: W.Tensor) => W.mul(x, x), v3()], passedFrom: 1 },
  linearize: { base: () => [(x: W.Tensor) => W.mul(x, x), v3()], passedFrom: 1 },
  checkpoint: { base: () => [scalarF], inner: () => [v3()] },
  vmap: { base: () => [(x: W.Tensor) => W.mul(x, x), { inAxes: 0, outAxes: 0, axisSize: 2, randomness: "error" }], inner: () => [x23()] },
  compile: { base: () => [scalarF, {}], inner: () => [v3()] },
  customJvp: {
    base: () => [(x: W.Tensor) => W.sin(x), ([x]: W.Tensor[], [t]: W.Tensor[]) => [W.sin(x!), W.mul(W.cos(x!), t!)]],
    inner: () => [v3()],
  },
  customVjp: {
    base: () => [(x: W.Tensor) => W.sin(x), (x: W.Tensor) => [W.sin(x), x], (x: W.Tensor, g: W.Tensor) => [W.mul(W.cos(x), g)]],
    inner: () => [v3()],
  },
  traceProgram: { base: () => [scalarF, [v3()], {}], passedFrom: 1 },
  forwardTable: { base: () => [scalarF, [v3()], [v3()], {}] },
  reverseTable: { base: () => [scalarF, [v3()], undefined, {}] },
  dualLevel: { base: () => [() => 1] },
  makeDual: { base: () => [3, 1] },
  unpackDual: { base: () => [v3()] },
  parseExpression: { base: () => ["x^2 + sin(y)"] },
  "nn.init.calculateGain": { base: () => ["relu"] },
  "nn.init.fans": { base: () => [x23()] },
  "nn.init.uniform": { base: () => [x23(), { low: 0, high: 1, seed: 1 }] },
  "nn.init.normal": { base: () => [x23(), { mean: 0, std: 1, seed: 1 }] },
  "nn.init.constant": { base: () => [x23(), 2] },
  "nn.init.zeros": { base: unary },
  "nn.init.ones": { base: unary },
  "nn.init.xavierUniform": { base: () => [x23(), { gain: 1, seed: 1 }] },
  "nn.init.xavierNormal": { base: () => [x23(), { gain: 1, seed: 1 }] },
  "nn.init.kaimingUniform": { base: () => [x23(), { seed: 1 }] },
  "nn.init.kaimingNormal": { base: () => [x23(), { seed: 1 }] },
  "nn.init.defaultLayerInit": { base: () => [x23(), v3(), { seed: 1 }] },
  "nn.Linear": { base: () => [3, 2, { bias: true, seed: 1 }] },
  "nn.Conv2d": { base: () => [1, 2, 3, { stride: 1, padding: 1, seed: 1 }] },
  "nn.MaxPool2d": { base: () => [2, { stride: 2 }] },
  "nn.AvgPool2d": { base: () => [2, { stride: 2 }] },
  "nn.Flatten": { base: () => [1, -1] },
  "nn.Dropout": { base: () => [0.5, { seed: 1 }] },
  "nn.LayerNorm": { base: () => [[3], { eps: 1e-5 }] },
  "nn.BatchNorm1d": { base: () => [3, { eps: 1e-5, momentum: 0.1 }] },
  "nn.BatchNorm2d": { base: () => [3, { eps: 1e-5, momentum: 0.1 }] },
  "nn.Embedding": { base: () => [5, 2, { seed: 1 }] },
  "nn.ReLU": { base: () => [] },
  "nn.LeakyReLU": { base: () => [0.1] },
  "nn.ELU": { base: () => [1] },
  "nn.Tanh": { base: () => [] },
  "nn.Sigmoid": { base: () => [] },
  "nn.GELU": { base: () => [{ approximate: "tanh" }] },
  "nn.SiLU": { base: () => [] },
  "nn.Softplus": { base: () => [] },
  "nn.Softmax": { base: () => [-1] },
  "nn.LogSoftmax": { base: () => [-1] },
  "nn.Identity": { base: () => [] },
  "nn.CrossEntropyLoss": { base: () => [{ reduction: "mean" }] },
  "nn.MSELoss": { base: () => [{ reduction: "mean" }] },
  "nn.BCEWithLogitsLoss": { base: () => [{ reduction: "mean" }] },
  "nn.Sequential": { base: () => [new W.nn.ReLU(), new W.nn.Tanh()] },
  // optim: optimizers, gradient transformations, schedules, norms, clipping, line searches, L-BFGS.
  ...Object.fromEntries(
    ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "SignSGD", "Signum"].map((k) => [`optim.${k}`, { base: () => [[param()], { lr: 0.1 }] }]),
  ),
  "optim.Muon": { base: () => [[W.tensor([[1, 2], [3, 4]], { requiresGrad: true })], { lr: 0.1 }] },
  "optim.SteepestDescent": { base: () => [[param()], { lr: 0.1, norm: W.optim.norms.l2() }] },
  "optim.applyUpdates": { base: () => [[v3()], [v3()]] },
  "optim.clipGradNorm": { base: () => [[gradded()], 1, {}] },
  "optim.clipGradValue": { base: () => [[gradded()], 1] },
  "optim.minimize": { base: () => [scalarF, v3(), { maxIterations: 3, method: "newton", solver: "cholesky", initialTrustRadius: 1, maxTrustRadius: 10 }], passedFrom: 1 },
  "optim.lineSearch.backtracking": { base: () => [(a: number) => (1 - a) ** 2, 1, -2, {}] },
  "optim.lineSearch.strongWolfe": { base: () => [(a: number) => [(1 - a) ** 2, -2 * (1 - a), null] as const, 1, -2, {}] },
  "optim.functional.adagrad": { base: () => [{ lr: 0.1 }] },
  "optim.functional.adam": { base: () => [{ lr: 0.1 }] },
  "optim.functional.adamw": { base: () => [{ lr: 0.1 }] },
  "optim.functional.rmsprop": { base: () => [{ lr: 0.1 }] },
  "optim.functional.sgd": { base: () => [{ lr: 0.1 }] },
  "optim.functional.signSGD": { base: () => [{ lr: 0.1 }] },
  "optim.functional.signum": { base: () => [{ lr: 0.1 }] },
  "optim.functional.muon": { base: () => [{ lr: 0.1 }] },
  "optim.functional.muonNorm": { base: () => [{ steps: 5 }] },
  "optim.functional.steepestDescent": { base: () => [{ lr: 0.1, norm: W.optim.norms.l2() }] },
  "optim.functional.addDecayedWeights": { base: () => [0.1] },
  "optim.functional.applyUpdates": { base: () => [[v3()], [v3()]] },
  "optim.functional.chain": { base: () => [W.optim.functional.scale(2), W.optim.functional.identity()] },
  "optim.functional.clipByGlobalNorm": { base: () => [1] },
  "optim.functional.clipByNorm": { base: () => [W.optim.norms.l2(), 1, {}] },
  "optim.functional.clipByValue": { base: () => [1] },
  "optim.functional.dualizeBy": { base: () => [W.optim.norms.l2(), {}] },
  "optim.functional.identity": { base: () => [] },
  "optim.functional.momentum": { base: () => [{ momentum: 0.9 }] },
  "optim.functional.scale": { base: () => [2] },
  "optim.functional.scaleByAdagrad": { base: () => [{}] },
  "optim.functional.scaleByAdam": { base: () => [{}] },
  "optim.functional.scaleByLearningRate": { base: () => [0.1] },
  "optim.functional.scaleByRms": { base: () => [{}] },
  "optim.schedules.constant": { base: () => [0.1] },
  "optim.schedules.cosine": { base: () => [0.1, { totalSteps: 10 }] },
  "optim.schedules.exponential": { base: () => [0.1, 0.9] },
  "optim.schedules.linearWarmup": { base: () => [0.1, { warmupSteps: 3 }] },
  "optim.schedules.oneCycle": { base: () => [0.1, { totalSteps: 10 }] },
  "optim.schedules.step": { base: () => [0.1, { stepSize: 3 }] },
  "optim.schedules.valueAt": { base: () => [0.1, 3] },
  "optim.norms.euclid": { base: () => [[W.optim.norms.l2(), W.optim.norms.l2()]] },
  "optim.norms.sum": { base: () => [[W.optim.norms.l2(), W.optim.norms.l2()]] },
  "optim.norms.max": { base: () => [[W.optim.norms.l2(), W.optim.norms.l2()]] },
  "optim.norms.frobenius": { base: () => [] },
  "optim.norms.l1": { base: () => [{}] },
  "optim.norms.l2": { base: () => [] },
  "optim.norms.linf": { base: () => [] },
  "optim.norms.lp": { base: () => [3] },
  "optim.norms.lmo": { base: () => [W.optim.norms.l2(), v3(), 1] },
  "optim.norms.sharp": { base: () => [W.optim.norms.l2(), v3()] },
  "optim.norms.modular": { base: () => [[{ norm: W.optim.norms.spectral(), mass: 1, sensitivity: 1 }]] },
  "optim.norms.modularCoefficients": { base: () => [[{ norm: W.optim.norms.spectral(), mass: 1, sensitivity: 1 }]] },
  "optim.norms.newtonSchulz": { base: () => [W.tensor([[1, 2], [3, 4]]), { steps: 5 }] },
  "optim.norms.nuclear": { base: () => [] },
  "optim.norms.perParam": { base: () => [W.optim.norms.l2()] },
  "optim.norms.quadratic": { base: () => [[[2, 0, 0], [0, 1, 0], [0, 0, 1]]] },
  "optim.norms.rms": { base: () => [] },
  "optim.norms.rmsToRms": { base: () => [{}] },
  "optim.norms.scaled": { base: () => [W.optim.norms.l2(), 2] },
  "optim.norms.spectral": { base: () => [{}] },
  // data: the synchronous helpers (the file readers and gunzip are async and IO-bound: NOT_FUZZED).
  "data.DataLoader": { base: () => [{ x: x23(), y: v3().reshape([3]).slice([0], [2]) }, { batchSize: 1, seed: 1 }] },
  "data.datasetSize": { base: () => [{ x: x23() }] },
  "data.take": { base: () => [{ x: x23() }, [1, 0]] },
  "data.subset": { base: () => [{ x: x23() }, 1, { seed: 1 }] },
  "data.permutation": { base: () => [5, 1] },
  "data.meanStd": { base: unary },
  "data.normalize": { base: () => [x23(), { mean: 1, std: 2 }] },
  "data.isGzip": { base: () => [new Uint8Array([31, 139, 8])] },
  "data.parseIdx": { base: () => [new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]), "x"] },
  "data.idxToTensor": { base: () => [W.data.parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]))] },
  "data.datasets.synthetic": { base: () => [{ train: 4, test: 2, seed: 1 }] },
  // random: JAX-style keys and samplers (key first).
  "random.PRNGKey": { base: () => [1, 2] },
  "random.key": { base: () => [1] },
  "random.split": { base: () => [W.random.key(1), 3] },
  "random.foldIn": { base: () => [W.random.key(1), 7] },
  "random.uniform": { base: () => [W.random.key(1), [2, 3], { dtype: "float32", minval: 0, maxval: 2 }] },
  ...Object.fromEntries(["normal", "exponential", "gumbel", "laplace", "logistic", "cauchy"]
    .map((k) => [`random.${k}`, { base: () => [W.random.key(1), [2, 3], { dtype: "float32" }] }])),
  "random.truncatedNormal": { base: () => [W.random.key(1), -1, 2, [2, 3], { dtype: "float32" }] },
  "random.gamma": { base: () => [W.random.key(1), v3(), [2, 3], { dtype: "float32" }] },
  "random.loggamma": { base: () => [W.random.key(1), 0.5, [2, 3], { dtype: "float32" }] },
  "random.beta": { base: () => [W.random.key(1), 2, v3(), [2, 3], { dtype: "float32" }] },
  "random.dirichlet": { base: () => [W.random.key(1), v3(), [2], { dtype: "float32" }] },
  "random.studentT": { base: () => [W.random.key(1), 3, [2, 3], { dtype: "float32" }] },
  "random.poisson": { base: () => [W.random.key(1), v3(), [2, 3]] },
  "random.bernoulli": { base: () => [W.random.key(1), 0.3, [2, 3]] },
  "random.categorical": { base: () => [W.random.key(1), x23(), { axis: -1, shape: [4, 2] }] },
  "random.randint": { base: () => [W.random.key(1), [2, 3], 0, 5] },
  "random.permutation": { base: () => [W.random.key(1), x23()] },
  "random.choice": { base: () => [W.random.key(1), 3, [2], { replace: true, p: v3() }] },
  // distributions: constraints (bounds are numbers or tensors).
  ...Object.fromEntries(["GreaterThan", "GreaterThanEq", "LessThan", "IntegerGreaterThanEq", "greaterThan", "greaterThanEq", "lessThan", "integerGreaterThanEq"]
    .map((k) => [`distributions.constraints.${k}`, { base: () => [0] }])),
  ...Object.fromEntries(["Interval", "HalfOpenInterval", "IntegerInterval", "interval", "halfOpenInterval", "integerInterval"]
    .map((k) => [`distributions.constraints.${k}`, { base: () => [0, v3()] }])),
  ...Object.fromEntries(["Real", "BooleanConstraint", "Simplex", "Ordered", "LowerCholesky", "CorrCholesky", "PositiveDefinite"]
    .map((k) => [`distributions.constraints.${k}`, { base: () => [] }])),
  "distributions.constraints.IndependentConstraint": { base: () => [W.distributions.constraints.positive, 1] },
  "distributions.constraints.independent": { base: () => [W.distributions.constraints.positive, 1] },
  // distributions: bijections.
  "distributions.transforms.affine": { base: () => [v3(), 2, 1] },
  "distributions.transforms.power": { base: () => [2] },
  "distributions.transforms.compose": { base: () => [W.distributions.transforms.exp, W.distributions.transforms.softplus] },
  "distributions.transforms.independent": { base: () => [W.distributions.transforms.exp, 1] },
  "distributions.bijectTo": { base: () => [W.distributions.constraints.interval(0, v3())] },
  "distributions.registerBijection": { base: () => [class extends W.distributions.constraints.Real {}, () => W.distributions.transforms.exp] },
  "distributions.transformTo": { base: () => [W.distributions.constraints.simplex] },
  "distributions.registerTransform": { base: () => [class extends W.distributions.constraints.Real {}, () => W.distributions.transforms.exp] },
  // distributions: the classes (parameters are numbers or tensors, then an options object) and KL.
  ...Object.fromEntries(["Normal", "Uniform", "Laplace", "Cauchy", "LogNormal", "Gamma", "Beta"]
    .map((k) => [`distributions.${k}`, { base: () => [W.tensor([0.5, 1]), W.tensor([2, 3]), { validateArgs: true }] }])),
  ...Object.fromEntries(["Exponential", "HalfNormal", "HalfCauchy", "Chi2", "Poisson"]
    .map((k) => [`distributions.${k}`, { base: () => [v3(), { validateArgs: true }] }])),
  "distributions.StudentT": { base: () => [v3(), 0, 2, { validateArgs: true }] },
  "distributions.Dirichlet": { base: () => [v3(), { validateArgs: true }] },
  "distributions.Bernoulli": { base: () => [{ probs: W.tensor([0.2, 0.9]), validateArgs: true }] },
  "distributions.Geometric": { base: () => [{ probs: W.tensor([0.2, 0.9]), validateArgs: true }] },
  "distributions.Categorical": { base: () => [{ logits: x23(), validateArgs: true }] },
  "distributions.Binomial": { base: () => [v3(), { probs: 0.3, validateArgs: true }] },
  "distributions.NegativeBinomial": { base: () => [v3(), { probs: 0.3, validateArgs: true }] },
  "distributions.Delta": { base: () => [v3(), { logDensity: 0, eventDim: 1, validateArgs: true }] },
  "distributions.Independent": { base: () => [new W.distributions.Normal(v3(), 1), 1, { validateArgs: true }] },
  "distributions.MultivariateNormal": { base: () => [W.tensor([1, 2]), { covarianceMatrix: spd(), validateArgs: true }] },
  "distributions.LowRankMultivariateNormal": { base: () => [W.tensor([1, 2]), W.tensor([[1], [0.5]]), W.tensor([1, 2]), { validateArgs: true }] },
  "distributions.LKJCholesky": { base: () => [3, W.tensor([0.5, 2]), { validateArgs: true }] },
  "distributions.OneHotCategorical": { base: () => [{ logits: x23(), validateArgs: true }] },
  "distributions.MixtureSameFamily": {
    base: () => [new W.distributions.Categorical({ probs: W.tensor([0.3, 0.7]) }), new W.distributions.Normal(W.tensor([-1, 1]), 0.5), { validateArgs: true }],
  },
  "distributions.constraints.OneHot": { base: () => [] },
  ...Object.fromEntries(["RelaxedBernoulli", "LogitRelaxedBernoulli"]
    .map((k) => [`distributions.${k}`, { base: () => [0.5, { probs: W.tensor([0.2, 0.9]), validateArgs: true }] }])),
  ...Object.fromEntries(["RelaxedOneHotCategorical", "ExpRelaxedCategorical"]
    .map((k) => [`distributions.${k}`, { base: () => [0.5, { logits: x23(), validateArgs: true }] }])),
  "distributions.TransformedDistribution": { base: () => [new W.distributions.Normal(v3(), 1), [W.distributions.transforms.exp], { validateArgs: true }] },
  "stochastic.magicBox": { base: () => [v3()] },
  "stochastic.gradExpectation": {
    base: () => [(x: W.Tensor) => W.square(x), (p: W.Tensor) => new W.distributions.Normal(p, 1), W.tensor(0.5), { estimator: "score", samples: 8, key: W.random.key(1) }],
  },
  "stochastic.objective": {
    base: () => [(sc: W.stochastic.StochasticContext) => { sc.cost("c", sc.sample("x", new W.distributions.Normal(0, 1))); }, { key: W.random.key(1), discount: 0.5 }],
  },
  "distributions.klDivergence": { base: () => [new W.distributions.Normal(v3(), 1), new W.distributions.Normal(0, 2)] },
  "distributions.registerKl": { base: () => [class extends W.distributions.Normal {}, W.distributions.Normal, () => W.tensor(0)] },
  // infer.diagnostics: chains of one scalar, and draws per site ({ shape, chains }).
  ...Object.fromEntries(["rhat", "splitRhat", "essBulk", "essTail", "essMean", "mcseMean"]
    .map((k) => [`infer.diagnostics.${k}`, { base: () => [diagChains()] }])),
  "infer.diagnostics.rhatBasic": { base: () => [diagChains(), { split: true }] },
  "infer.diagnostics.essQuantile": { base: () => [diagChains(), 0.05] },
  "infer.diagnostics.mcseQuantile": { base: () => [diagChains(), 0.5] },
  "infer.diagnostics.ebfmi": { base: () => [Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6])] },
  "infer.diagnostics.summarize": { base: () => [diagDraws(), { probs: [0.1, 0.9], sites: ["theta"] }] },
  "infer.diagnostics.tracePlot": { base: () => [diagDraws(), { sites: ["mu"], width: 100, height: 50 }] },
  "infer.diagnostics.rankPlot": { base: () => [diagDraws(), { bins: 4, width: 100, height: 50 }] },
  "infer.diagnostics.pairPlot": { base: () => [diagDraws(), ["mu", "theta[1]"], { divergent: [[true, false, false, false, false, false], new Array<boolean>(6).fill(false)], size: 80 }] },
  "infer.diagnostics.sbcHistogram": { base: () => [{ mu: [0, 3, 9, 4, 7] }, 9, { bins: 5, level: 0.9, width: 100, height: 50 }] },
  // infer.nuts / infer.hmc: a 2-D standard normal potential, a few iterations.
  "infer.nuts": { base: () => [stdNormal2(), { chains: 2, warmup: 20, samples: 5, targetAccept: 0.9, maxTreeDepth: 4, metric: "dense", init: [0.1, -0.2], seed: 1 }] },
  "infer.hmc": { base: () => [stdNormal2(), { chains: 1, warmup: 20, samples: 5, numSteps: 3, stepSizeJitter: 0.1, init: 1, seed: W.random.key(2) }] },
  // infer model primitives, handlers, logDensity, checkInitial, predictive.
  "infer.sample": { base: () => ["x", new W.distributions.Normal(0, 1), { obs: v3() }] },
  "infer.factor": { base: () => ["f", v3()] },
  "infer.deterministic": { base: () => ["d", v3()] },
  "infer.param": { base: () => ["p", v3(), { constraint: W.distributions.constraints.positive }] },
  "infer.plate": { base: () => ["N", 3, (idx: W.Tensor) => idx, { subsampleSize: 2, dim: -1 }] },
  "infer.handlers.trace": { base: () => [inferModel] },
  "infer.handlers.condition": { base: () => [inferModel, { mu: 0.5 }] },
  "infer.handlers.substitute": { base: () => [inferModel, { mu: 0.5 }] },
  "infer.handlers.seed": { base: () => [inferModel, 0] },
  "infer.handlers.block": { base: () => [inferModel, { hide: ["mu"] }] },
  "infer.handlers.scale": { base: () => [inferModel, 2] },
  "infer.handlers.mask": { base: () => [inferModel, W.tensor([true, false, true])] },
  "infer.handlers.replay": { base: () => [inferModel, W.infer.handlers.trace(W.infer.handlers.seed(inferModel, 0)).getTrace(v3())] },
  "infer.logDensity": { base: () => [inferModel, { args: [v3()], compile: true }] },
  "infer.checkInitial": { base: () => [W.infer.logDensity(inferModel, { args: [v3()] }), new Float64Array([0.5])] },
  "infer.predictive": { base: () => [inferModel, { samples: 2, args: [v3()], key: 1, returnSites: ["mu", "y"] }] },
  // infer.advi / infer.svi / autoguides: the one-latent model, a few iterations.
  "infer.advi": { base: () => [inferModel, { family: "fullRank", args: [v3()], iterations: 20, gradSamples: 2, elboSamples: 5, evalElbo: 10, eta: 0.1, adaptIterations: 5, tolRelObj: 0.01, init: 1, seed: 1, progress: false }] },
  "infer.svi": { base: () => [inferModel, W.infer.autoguides.normal(inferModel), W.optim.functional.adam({ lr: 0.1 }), { loss: "traceGraph", particles: 2, args: [v3()], seed: 1, baselineDecay: 0.9 }] },
  "infer.autoguides.normal": { base: () => [inferModel, { args: [v3()], initScale: 0.1 }] },
  "infer.autoguides.multivariateNormal": { base: () => [inferModel, { args: [v3()], initScale: 0.2 }] },
  "infer.autoguides.delta": { base: () => [inferModel, { args: [v3()], initLoc: "median" }] },
  "infer.autoguides.laplace": { base: () => [inferModel, { args: [v3()] }] },
  "infer.sbc": { base: () => [inferModel, (_m: unknown, c: { key: W.random.PRNGKey }) => ({ mu: new W.distributions.Normal(W.tensor(0, { dtype: "float64" }), 1).sample([4], c.key) }), { simulations: 3, draws: 3, args: [v3()], seed: 1, params: ["mu"], observed: ["y"], bins: 2 }] },
};

/**
 * Exports not fuzzed yet, each with the reason; the coverage test keeps this list honest (an entry
 * that is neither exported nor missing from `BASE` fails it).
 */
export const NOT_FUZZED: Record<string, string> = {
  "nn.Module": "abstract base class; its subclasses are fuzzed",
  "nn.functionalCall": "takes a module; fuzzed through the layers",
  "nn.save": "safetensors (serialisation area)",
  "nn.load": "safetensors (serialisation area)",
  "nn.loadSafetensors": "safetensors (serialisation area)",
  Tensor: "constructed by the library, not by users",
  Program: "constructed by trace",
  SparsityPattern: "constructed by jacobianSparsity and hessianSparsity (fuzzed)",
  SparseMatrix: "constructed by sparseJacobian and sparseHessian (fuzzed)",
  JacobianCost: "constructed by jacobianCost (fuzzed)",
  Variable: "constructed by trace",
  Literal: "constructed by trace",
  ForwardTable: "constructed by forwardTable",
  ReverseTable: "constructed by reverseTable",
  DualLevel: "constructed by dualLevel",
  "optim.Optimizer": "abstract base class; its subclasses are fuzzed",
  "infer.diagnostics.Summary": "constructed by infer.diagnostics.summarize (fuzzed)",
  "infer.Posterior": "constructed by infer.nuts and infer.hmc (fuzzed)",
  "infer.AdviResult": "constructed by infer.advi (fuzzed)",
  "infer.Svi": "constructed by infer.svi (fuzzed)",
  "infer.SbcResult": "constructed by infer.sbc (fuzzed)",
  "distributions.Constraint": "abstract base class; its subclasses are fuzzed",
  "distributions.constraints.Constraint": "abstract base class; its subclasses are fuzzed",
  "distributions.Distribution": "abstract base class; its subclasses are fuzzed",
  "distributions.Transform": "abstract base class; the transforms are fuzzed through their factories",
  "distributions.transforms.Transform": "abstract base class; the transforms are fuzzed through their factories",
  "data.datasets.fashionMnist": "async, reads files (data/IO area)",
  "data.readIdxFile": "async, reads files (data/IO area)",
  "data.saveFile": "async, writes files (data/IO area)",
  "data.loadFile": "async, reads files (data/IO area)",
  "data.loadFileWithMetadata": "async, reads files (data/IO area)",
  "data.gunzip": "async (data/IO area)",
  "data.decodeIdx": "async (data/IO area)",
};

/** Every fuzz target: the exports with base arguments, keyed and named by their dotted paths. */
export function fuzzTargets(): FuzzTarget[] {
  const out: FuzzTarget[] = [];
  for (const [path, fn] of publicCallables()) {
    const entry = BASE[path];
    if (!entry) continue;
    const construct = isClass(fn);
    out.push({
      path,
      name: path.slice(path.lastIndexOf(".") + 1),
      call: construct ? (args) => new (fn as unknown as new (...a: unknown[]) => unknown)(...args) : (args) => fn(...args),
      base: entry.base,
      inner: entry.inner,
      passedFrom: entry.passedFrom,
    });
  }
  return out;
}
