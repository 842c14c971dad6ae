/**
 * Op methods of `Tensor` (`x.add(y)`, `x.sum(1, true)`, `loss.backward()`, ...): one-line
 * delegations to the op functions.
 *
 * NOTE: the Tensor class lives below the primitives and interpreters (they create tensors), while
 * the ops live above them, so the methods are declared here by interface merging and installed on
 * the prototype once, in this one file, rather than scattered across the code base.
 */
import type { DType } from "../core/dtype.js";
import { backward, type BackwardOptions } from "../eager/backward.js";
import { assign, detach, registerHook, zeroGrad } from "../eager/leaf-ops.js";
import type { GradHook } from "../interpreters/reverse.js";
import * as ops from "../ops/index.js";
import type { TensorLike } from "../ops/tensor-like.js";
import { Tensor } from "../tensor/tensor.js";

type Axis = number | readonly number[];

declare module "../tensor/tensor.js" {
  interface Tensor {
    /** Elementwise a + b. @example x.add(1) */
    add(y: TensorLike): Tensor;
    /** Elementwise a − b. */
    sub(y: TensorLike): Tensor;
    /** Elementwise a · b. */
    mul(y: TensorLike): Tensor;
    /** Elementwise a / b. */
    div(y: TensorLike): Tensor;
    /** Elementwise aᵇ. */
    pow(y: TensorLike): Tensor;
    /** −x. */
    neg(): Tensor;
    /** x². */
    square(): Tensor;
    /** 1/x. */
    reciprocal(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    log1p(): Tensor;
    expm1(): Tensor;
    sin(): Tensor;
    cos(): Tensor;
    tan(): Tensor;
    asin(): Tensor;
    acos(): Tensor;
    atan(): Tensor;
    sinh(): Tensor;
    cosh(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    logSigmoid(): Tensor;
    softplus(): Tensor;
    relu(): Tensor;
    leakyRelu(slope?: number): Tensor;
    elu(alpha?: number): Tensor;
    gelu(): Tensor;
    silu(): Tensor;
    abs(): Tensor;
    sign(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    erf(): Tensor;
    lgamma(): Tensor;
    digamma(): Tensor;
    polygamma(n: number): Tensor;
    erfinv(): Tensor;
    erfc(): Tensor;
    logit(eps?: number): Tensor;
    log1mexp(): Tensor;
    xlogy(y: TensorLike): Tensor;
    logaddexp(y: TensorLike): Tensor;
    floor(): Tensor;
    ceil(): Tensor;
    round(): Tensor;
    atan2(y: TensorLike): Tensor;
    maximum(y: TensorLike): Tensor;
    minimum(y: TensorLike): Tensor;
    clamp(lo?: number | null, hi?: number | null): Tensor;
    greater(y: TensorLike): Tensor;
    greaterEqual(y: TensorLike): Tensor;
    less(y: TensorLike): Tensor;
    lessEqual(y: TensorLike): Tensor;
    equal(y: TensorLike): Tensor;
    notEqual(y: TensorLike): Tensor;
    logicalAnd(y: TensorLike): Tensor;
    logicalOr(y: TensorLike): Tensor;
    logicalNot(): Tensor;
    /** Sum over `axis` (all axes by default). @example x.sum(1, true) */
    sum(axis?: Axis, keepdims?: boolean): Tensor;
    mean(axis?: Axis, keepdims?: boolean): Tensor;
    max(axis?: Axis, keepdims?: boolean): Tensor;
    min(axis?: Axis, keepdims?: boolean): Tensor;
    prod(axis?: Axis, keepdims?: boolean): Tensor;
    logsumexp(axis?: Axis, keepdims?: boolean): Tensor;
    variance(axis?: Axis, keepdims?: boolean): Tensor;
    std(axis?: Axis, keepdims?: boolean): Tensor;
    argmax(axis?: number, keepdims?: boolean): Tensor;
    argmin(axis?: number, keepdims?: boolean): Tensor;
    /** Vector norm (ord 2 by default, over all elements unless `axis`). */
    norm(ord?: number, axis?: Axis, keepdims?: boolean): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
    /** Matrix product with numpy semantics. @example x.matmul(w) */
    matmul(y: TensorLike): Tensor;
    dot(y: TensorLike): Tensor;
    /** Permutes axes (reverses them by default). */
    transpose(perm?: readonly number[]): Tensor;
    /** The transpose of a 2-D tensor. */
    readonly T: Tensor;
    /** Reshape; one -1 allowed. @example x.reshape([2, -1]) */
    reshape(shape: readonly number[]): Tensor;
    flatten(): Tensor;
    squeeze(axis?: Axis): Tensor;
    unsqueeze(axis: number): Tensor;
    broadcastTo(shape: readonly number[]): Tensor;
    slice(begin: readonly number[], size: readonly number[]): Tensor;
    pad(widths: readonly (readonly [number, number])[], value?: number): Tensor;
    flip(axis: Axis): Tensor;
    gather(indices: TensorLike | readonly number[], axis?: number): Tensor;
    /** Converts the element type. @example x.cast("float64") */
    cast(dtype: DType): Tensor;
    /** Eager API: reverse sweep accumulating into `.grad` of the leaves. @example loss.backward() */
    backward(gradient?: TensorLike, opts?: BackwardOptions): void;
    /** Eager API: sets `.grad` to null. */
    zeroGrad(): void;
    /** A copy cut from the graph (shares the values). */
    detach(): Tensor;
    /** Eager API: in-place update of a leaf (bumps its version counter). */
    assign(value: TensorLike): Tensor;
    /** Eager API: a hook on the gradient flowing into this tensor; returns a remover. */
    registerHook(hook: GradHook): () => void;
  }
}

const methods: Record<string, (this: Tensor, ...args: never[]) => unknown> = {
  add(y: TensorLike) { return ops.add(this, y); },
  sub(y: TensorLike) { return ops.sub(this, y); },
  mul(y: TensorLike) { return ops.mul(this, y); },
  div(y: TensorLike) { return ops.div(this, y); },
  pow(y: TensorLike) { return ops.pow(this, y); },
  neg() { return ops.neg(this); },
  square() { return ops.square(this); },
  reciprocal() { return ops.reciprocal(this); },
  exp() { return ops.exp(this); },
  log() { return ops.log(this); },
  log1p() { return ops.log1p(this); },
  expm1() { return ops.expm1(this); },
  sin() { return ops.sin(this); },
  cos() { return ops.cos(this); },
  tan() { return ops.tan(this); },
  asin() { return ops.asin(this); },
  acos() { return ops.acos(this); },
  atan() { return ops.atan(this); },
  sinh() { return ops.sinh(this); },
  cosh() { return ops.cosh(this); },
  tanh() { return ops.tanh(this); },
  sigmoid() { return ops.sigmoid(this); },
  logSigmoid() { return ops.logSigmoid(this); },
  softplus() { return ops.softplus(this); },
  relu() { return ops.relu(this); },
  leakyRelu(slope?: number) { return ops.leakyRelu(this, slope); },
  elu(alpha?: number) { return ops.elu(this, alpha); },
  gelu() { return ops.gelu(this); },
  silu() { return ops.silu(this); },
  abs() { return ops.abs(this); },
  sign() { return ops.sign(this); },
  sqrt() { return ops.sqrt(this); },
  rsqrt() { return ops.rsqrt(this); },
  erf() { return ops.erf(this); },
  lgamma() { return ops.lgamma(this); },
  digamma() { return ops.digamma(this); },
  polygamma(n: number) { return ops.polygamma(n, this); },
  erfinv() { return ops.erfinv(this); },
  erfc() { return ops.erfc(this); },
  logit(eps?: number) { return ops.logit(this, eps); },
  log1mexp() { return ops.log1mexp(this); },
  xlogy(y: TensorLike) { return ops.xlogy(this, y); },
  logaddexp(y: TensorLike) { return ops.logaddexp(this, y); },
  floor() { return ops.floor(this); },
  ceil() { return ops.ceil(this); },
  round() { return ops.round(this); },
  atan2(y: TensorLike) { return ops.atan2(this, y); },
  maximum(y: TensorLike) { return ops.maximum(this, y); },
  minimum(y: TensorLike) { return ops.minimum(this, y); },
  clamp(lo?: number | null, hi?: number | null) { return ops.clamp(this, lo, hi); },
  greater(y: TensorLike) { return ops.greater(this, y); },
  greaterEqual(y: TensorLike) { return ops.greaterEqual(this, y); },
  less(y: TensorLike) { return ops.less(this, y); },
  lessEqual(y: TensorLike) { return ops.lessEqual(this, y); },
  equal(y: TensorLike) { return ops.equal(this, y); },
  notEqual(y: TensorLike) { return ops.notEqual(this, y); },
  logicalAnd(y: TensorLike) { return ops.logicalAnd(this, y); },
  logicalOr(y: TensorLike) { return ops.logicalOr(this, y); },
  logicalNot() { return ops.logicalNot(this); },
  sum(axis?: Axis, keepdims?: boolean) { return ops.sum(this, axis, keepdims); },
  mean(axis?: Axis, keepdims?: boolean) { return ops.mean(this, axis, keepdims); },
  max(axis?: Axis, keepdims?: boolean) { return ops.max(this, axis, keepdims); },
  min(axis?: Axis, keepdims?: boolean) { return ops.min(this, axis, keepdims); },
  prod(axis?: Axis, keepdims?: boolean) { return ops.prod(this, axis, keepdims); },
  logsumexp(axis?: Axis, keepdims?: boolean) { return ops.logsumexp(this, axis, keepdims); },
  variance(axis?: Axis, keepdims?: boolean) { return ops.variance(this, axis, keepdims); },
  std(axis?: Axis, keepdims?: boolean) { return ops.std(this, axis, keepdims); },
  argmax(axis?: number, keepdims?: boolean) { return ops.argmax(this, axis, keepdims); },
  argmin(axis?: number, keepdims?: boolean) { return ops.argmin(this, axis, keepdims); },
  norm(ord?: number, axis?: Axis, keepdims?: boolean) { return ops.norm(this, ord, axis, keepdims); },
  softmax(axis?: number) { return ops.softmax(this, axis); },
  logSoftmax(axis?: number) { return ops.logSoftmax(this, axis); },
  matmul(y: TensorLike) { return ops.matmul(this, y); },
  dot(y: TensorLike) { return ops.dot(this, y); },
  transpose(perm?: readonly number[]) { return ops.transpose(this, perm); },
  reshape(shape: readonly number[]) { return ops.reshape(this, shape); },
  flatten() { return ops.flatten(this); },
  squeeze(axis?: Axis) { return ops.squeeze(this, axis); },
  unsqueeze(axis: number) { return ops.unsqueeze(this, axis); },
  broadcastTo(shape: readonly number[]) { return ops.broadcastTo(this, shape); },
  slice(begin: readonly number[], size: readonly number[]) { return ops.slice(this, begin, size); },
  pad(widths: readonly (readonly [number, number])[], value?: number) { return ops.pad(this, widths, value); },
  flip(axis: Axis) { return ops.flip(this, axis); },
  gather(indices: TensorLike | readonly number[], axis?: number) { return ops.gather(this, indices, axis); },
  cast(dtype: DType) { return ops.cast(this, dtype); },
  backward(gradient?: TensorLike, opts?: BackwardOptions) { backward(this, gradient, opts); },
  zeroGrad() { zeroGrad(this); },
  detach() { return detach(this); },
  assign(value: TensorLike) { return assign(this, value); },
  registerHook(hook: GradHook) { return registerHook(this, hook); },
};

for (const [name, fn] of Object.entries(methods))
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
Object.defineProperty(Tensor.prototype, "T", {
  get(this: Tensor) {
    return ops.transpose(this);
  },
  configurable: true,
});
