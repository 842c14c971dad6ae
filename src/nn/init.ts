import { ArgumentError, ShapeError } from "../core/errors.js";
import { argumentError, checkFiniteNumber, checkOptions, inFunction, showValue } from "../core/validate.js";
/**
 * Parameter initialisation (PyTorch's `nn.init`): each function overwrites a tensor in place
 * (through `assign`) and returns it. Random ones take `{ seed }` for a reproducible draw, or use
 * the global generator (`manualSeed`).
 */
import { normalDraw, randomStream, streamFor, type RandomStream } from "../core/random.js";
import { showShape } from "../core/shape.js";
import { assign } from "../eager/leaf-ops.js";
import { noGrad } from "../eager/grad-mode.js";
import { fromData } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkTensor } from "../ops/tensor-like.js";

/** Where random draws come from: a seed, or an explicit stream (layers share one across their tensors). */
export interface RandomInitOptions {
  /** Seed for a reproducible draw; the global generator when omitted. */
  seed?: number;
  /** @internal A stream to draw from (takes precedence over `seed`). */
  rng?: RandomStream;
}

/** Nonlinearities known to `calculateGain`. */
export type Nonlinearity = "linear" | "conv2d" | "sigmoid" | "tanh" | "relu" | "leakyRelu" | "selu";

/** The fan mode of Kaiming initialisation: preserve the variance of activations (`fanIn`) or of gradients (`fanOut`). */
export type FanMode = "fanIn" | "fanOut";

/** Options of `kaimingUniform` and `kaimingNormal`. */
export interface KaimingOptions extends RandomInitOptions {
  /** Negative slope of the leaky ReLU that follows (default 0). */
  a?: number;
  /** Default "fanIn". */
  mode?: FanMode;
  /** Default "leakyRelu" (with slope `a`, so plain ReLU for a = 0). */
  nonlinearity?: Nonlinearity;
}

/** Options of `xavierUniform` and `xavierNormal`. */
export interface XavierOptions extends RandomInitOptions {
  /** Scale factor (default 1); see `calculateGain`. */
  gain?: number;
}

function streamOf(opts: RandomInitOptions, op: string): RandomStream {
  return opts.rng ?? (opts.seed === undefined ? streamFor(undefined) : randomStream(checkFiniteNumber(opts.seed, op, "seed")));
}

function fill(t: Tensor, draw: () => number): Tensor {
  const values = new Float64Array(t.size);
  for (let i = 0; i < values.length; i++) values[i] = draw();
  noGrad(() => assign(t, fromData(values, t.shape, "float64")));
  return t;
}

/**
 * The recommended gain for a nonlinearity: 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for ReLU,
 * √(2 / (1 + slope²)) for leaky ReLU (default slope 0.01), 3/4 for SELU.
 *
 * @example
 * calculateGain("relu"); // 1.4142
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (param !== undefined) checkFiniteNumber(param, "calculateGain", "param");
  switch (nonlinearity) {
    case "linear":
    case "conv2d":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leakyRelu": {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case "selu":
      return 3 / 4;
    default:
      throw new ArgumentError(`calculateGain: unknown nonlinearity ${showValue(nonlinearity)}`);
  }
}

/**
 * Fan-in and fan-out of a weight [out, in, ...kernel]: in·∏kernel and out·∏kernel.
 *
 * @example
 * fans(zeros([16, 3, 5, 5])); // { fanIn: 75, fanOut: 400 }
 */
export function fans(t: Tensor): { fanIn: number; fanOut: number } {
  checkTensor(t, "fans", "t");
  if (t.ndim < 2) throw new ShapeError(`fans: fan-in and fan-out need a tensor of rank ≥ 2 ([out, in, ...kernel]), got shape ${showShape(t.shape)}`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}

/** Fills with U(low, high). @example uniform(w, { low: -0.1, high: 0.1, seed: 0 }) */
export function uniform(t: Tensor, opts: RandomInitOptions & { low?: number; high?: number } = {}): Tensor {
  checkTensor(t, "uniform", "t");
  checkOptions(opts, "uniform");
  const rng = streamOf(opts, "uniform");
  const low = checkFiniteNumber(opts.low ?? 0, "uniform", "low");
  const high = checkFiniteNumber(opts.high ?? 1, "uniform", "high");
  return fill(t, () => low + (high - low) * rng.next());
}

/** Fills with N(mean, std²). @example normal(w, { std: 0.02, seed: 0 }) */
export function normal(t: Tensor, opts: RandomInitOptions & { mean?: number; std?: number } = {}): Tensor {
  checkTensor(t, "normal", "t");
  checkOptions(opts, "normal");
  const rng = streamOf(opts, "normal");
  const mean = checkFiniteNumber(opts.mean ?? 0, "normal", "mean");
  const std = checkFiniteNumber(opts.std ?? 1, "normal", "std", "nonnegative");
  return fill(t, () => mean + std * normalDraw(rng));
}

/** Fills with `value`. @example constant(b, 0.1) */
export function constant(t: Tensor, value: number): Tensor {
  checkTensor(t, "constant", "t");
  if (typeof value !== "number") throw argumentError("constant", "value", "a number", value);
  return fill(t, () => value);
}

/** Fills with zeros. */
export function zeros(t: Tensor): Tensor {
  return inFunction("zeros", () => constant(t, 0));
}

/** Fills with ones. */
export function ones(t: Tensor): Tensor {
  return inFunction("ones", () => constant(t, 1));
}

/**
 * Glorot/Xavier uniform: U(−b, b) with b = gain·√(6 / (fanIn + fanOut)).
 *
 * @example
 * xavierUniform(w, { gain: calculateGain("tanh"), seed: 0 })
 */
export function xavierUniform(t: Tensor, opts: XavierOptions = {}): Tensor {
  return inFunction("xavierUniform", () => {
    const { fanIn, fanOut } = fans(t);
    const bound = checkFiniteNumber(checkOptions<XavierOptions>(opts, "xavierUniform").gain ?? 1, "xavierUniform", "gain") * Math.sqrt(6 / (fanIn + fanOut));
    return uniform(t, { ...opts, low: -bound, high: bound });
  });
}

/** Glorot/Xavier normal: N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)). */
export function xavierNormal(t: Tensor, opts: XavierOptions = {}): Tensor {
  return inFunction("xavierNormal", () => {
    const { fanIn, fanOut } = fans(t);
    const gain = checkFiniteNumber(checkOptions<XavierOptions>(opts, "xavierNormal").gain ?? 1, "xavierNormal", "gain");
    return normal(t, { ...opts, std: Math.abs(gain) * Math.sqrt(2 / (fanIn + fanOut)) });
  });
}

function kaimingStd(t: Tensor, opts: KaimingOptions): number {
  const { fanIn, fanOut } = fans(t);
  const mode = opts.mode ?? "fanIn";
  if (mode !== "fanIn" && mode !== "fanOut") throw new ArgumentError(`nn.init: mode must be "fanIn" or "fanOut", got ${showValue(mode)}`);
  const gain = calculateGain(opts.nonlinearity ?? "leakyRelu", opts.a ?? 0);
  return gain / Math.sqrt(mode === "fanIn" ? fanIn : fanOut);
}

/**
 * He/Kaiming uniform: U(−b, b) with b = gain·√(3 / fan), fan = fanIn by default.
 * NOTE: PyTorch's default Linear and Conv2d weights are `kaimingUniform(w, { a: √5 })`, i.e. U(±1/√fanIn).
 *
 * @example
 * kaimingUniform(w, { nonlinearity: "relu", seed: 0 })
 */
export function kaimingUniform(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return inFunction("kaimingUniform", () => {
    const bound = Math.sqrt(3) * kaimingStd(t, checkOptions<KaimingOptions>(opts, "kaimingUniform"));
    // NOTE: a tensor with no elements (fan 0, e.g. Linear(0, n)) is left as it is, as in PyTorch.
    if (t.size === 0) return t;
    return uniform(t, { ...opts, low: -bound, high: bound });
  });
}

/** He/Kaiming normal: N(0, σ²) with σ = gain / √fan. */
export function kaimingNormal(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return inFunction("kaimingNormal", () => {
    const std = kaimingStd(t, checkOptions<KaimingOptions>(opts, "kaimingNormal"));
    return t.size === 0 ? t : normal(t, { ...opts, std });
  });
}

/**
 * PyTorch's default initialisation of Linear and Conv2d: weight `kaimingUniform(a = √5)` =
 * U(±1/√fanIn) and bias U(±1/√fanIn).
 */
export function defaultLayerInit(weight: Tensor, bias: Tensor | null, opts: RandomInitOptions = {}): void {
  checkTensor(weight, "defaultLayerInit", "weight");
  if (bias !== null) checkTensor(bias, "defaultLayerInit", "bias");
  const rng = streamOf(checkOptions<RandomInitOptions>(opts, "defaultLayerInit"), "defaultLayerInit");
  inFunction("defaultLayerInit", () => {
    kaimingUniform(weight, { a: Math.sqrt(5), rng });
    if (bias !== null) {
      const fanIn = fans(weight).fanIn;
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform(bias, { low: -bound, high: bound, rng });
    }
  });
}
