import * as ops from "../../ops/index.js";
import type { TensorLike } from "../../ops/tensor-like.js";
import { stopGradient } from "../../primitives/other/stop-gradient.js";
import { Tensor } from "../../tensor/tensor.js";

/** What a parameter of an expression function takes: a value, or a number written in the expression (an axis, an order). */
export type ParameterKind = "tensor" | "number";

/** A function callable by name in a math expression. */
export interface ExpressionFunction {
  /** Parameter names, for messages: `["x", "axis"]`. */
  readonly params: readonly string[];
  /** Parameter kinds, one per name. */
  readonly kinds: readonly ParameterKind[];
  /** How many leading parameters are required. */
  readonly required: number;
  /** Calls the op (numbers where `kinds` says "number"). */
  readonly call: (args: readonly (TensorLike | undefined)[]) => Tensor;
}

type Fn = (...args: never[]) => Tensor;
const def = (fn: Fn, params: readonly string[], kinds: readonly ParameterKind[], required = params.length): ExpressionFunction => ({
  params,
  kinds,
  required,
  call: (args) => (fn as unknown as (...a: unknown[]) => Tensor)(...args),
});
const unary = (fn: Fn) => def(fn, ["x"], ["tensor"]);
const binary = (fn: Fn) => def(fn, ["a", "b"], ["tensor", "tensor"]);
const withNumber = (fn: Fn, name: string) => def(fn, ["x", name], ["tensor", "number"], 1);
const stop = (x: TensorLike) => stopGradient(x instanceof Tensor ? x : ops.toTensor(x, "float64"));

/**
 * The library's ops by name, as math expressions call them: elementwise (`sin`, `exp`, `atan2`,
 * `maximum`, `where` …), reductions over all elements or one `axis` (`sum`, `max`, `norm` …) and a
 * few vector and matrix ops (`dot`, `softmax`, `trace` …); `ln` is `log`.
 */
export const expressionFunctions: ReadonlyMap<string, ExpressionFunction> = new Map<string, ExpressionFunction>([
  ...(
    [
      ["exp", ops.exp], ["log", ops.log], ["ln", ops.log], ["log1p", ops.log1p], ["expm1", ops.expm1],
      ["sin", ops.sin], ["cos", ops.cos], ["tan", ops.tan], ["asin", ops.asin], ["acos", ops.acos], ["atan", ops.atan],
      ["sinh", ops.sinh], ["cosh", ops.cosh], ["tanh", ops.tanh], ["sqrt", ops.sqrt], ["rsqrt", ops.rsqrt],
      ["abs", ops.abs], ["sign", ops.sign], ["erf", ops.erf], ["floor", ops.floor], ["ceil", ops.ceil], ["round", ops.round],
      ["lgamma", ops.lgamma], ["digamma", ops.digamma], ["erfinv", ops.erfinv], ["erfc", ops.erfc],
      ["logit", (x: TensorLike) => ops.logit(x)], ["log1mexp", ops.log1mexp],
      ["neg", ops.neg], ["square", ops.square], ["reciprocal", ops.reciprocal],
      ["sigmoid", ops.sigmoid], ["logSigmoid", ops.logSigmoid], ["softplus", ops.softplus], ["relu", ops.relu],
      ["gelu", (x: TensorLike) => ops.gelu(x)], ["silu", ops.silu],
      ["logicalNot", ops.logicalNot], ["isFinite", ops.isFinite], ["stopGradient", stop],
      ["trace", ops.trace], ["transpose", (x: TensorLike) => ops.transpose(x)], ["diag", (x: TensorLike) => ops.diag(x)],
      ["diagonal", (x: TensorLike) => ops.diagonal(x)], ["triu", (x: TensorLike) => ops.triu(x)], ["tril", (x: TensorLike) => ops.tril(x)],
      ["flatten", (x: TensorLike) => ops.flatten(x)], ["flip", (x: TensorLike) => ops.flip(x)],
    ] as [string, Fn][]
  ).map(([name, fn]): [string, ExpressionFunction] => [name, unary(fn)]),
  ...(
    [
      ["add", ops.add], ["sub", ops.sub], ["mul", ops.mul], ["div", ops.div], ["pow", ops.pow],
      ["atan2", ops.atan2], ["maximum", ops.maximum], ["minimum", ops.minimum], ["xlogy", ops.xlogy], ["logaddexp", ops.logaddexp], ["gammainc", ops.gammainc], ["gammaincc", ops.gammaincc],
      ["greater", ops.greater], ["greaterEqual", ops.greaterEqual], ["less", ops.less], ["lessEqual", ops.lessEqual],
      ["equal", ops.equal], ["notEqual", ops.notEqual], ["logicalAnd", ops.logicalAnd], ["logicalOr", ops.logicalOr],
      ["dot", ops.dot], ["outer", ops.outer], ["matmul", ops.matmul], ["mseLoss", (a: TensorLike, b: TensorLike) => ops.mseLoss(a, b)],
    ] as [string, Fn][]
  ).map(([name, fn]): [string, ExpressionFunction] => [name, binary(fn)]),
  ...(
    [
      ["sum", ops.sum], ["mean", ops.mean], ["max", ops.max], ["min", ops.min], ["prod", ops.prod],
      ["logsumexp", ops.logsumexp], ["variance", (x: TensorLike, a?: number) => ops.variance(x, a)], ["std", (x: TensorLike, a?: number) => ops.std(x, a)],
      ["argmax", ops.argmax], ["argmin", ops.argmin],
      ["softmax", (x: TensorLike, a?: number) => ops.softmax(x, a)], ["logSoftmax", (x: TensorLike, a?: number) => ops.logSoftmax(x, a)],
    ] as [string, Fn][]
  ).map(([name, fn]): [string, ExpressionFunction] => [name, withNumber(fn, "axis")]),
  ["norm", withNumber((x: TensorLike, ord?: number) => ops.norm(x, ord), "ord")],
  ["leakyRelu", withNumber((x: TensorLike, slope?: number) => ops.leakyRelu(x, slope), "negativeSlope")],
  ["elu", withNumber((x: TensorLike, alpha?: number) => ops.elu(x, alpha), "alpha")],
  ["where", def(ops.where, ["cond", "a", "b"], ["tensor", "tensor", "tensor"])],
  ["betainc", def(ops.betainc, ["a", "b", "x"], ["tensor", "tensor", "tensor"])],
  ["clamp", def((x: TensorLike, lo: TensorLike, hi: TensorLike) => ops.clamp(x, lo, hi), ["x", "lo", "hi"], ["tensor", "tensor", "tensor"])],
]);

/** Named constants of math expressions. */
export const expressionConstants: ReadonlyMap<string, number> = new Map([
  ["pi", Math.PI],
  ["π", Math.PI],
  ["e", Math.E],
]);
