import { ArgumentError, ShapeError } from "../core/errors.js";
import { broadcastShapes, showShape } from "../core/shape.js";
import { argumentError } from "../core/validate.js";
import { broadcastTo, reshape, sqrt, toTensor, where, type TensorLike } from "../ops/index.js";
import { stopGradient } from "../primitives/other/stop-gradient.js";
import { checkKey, type PRNGKey } from "../random/key.js";
import { checkSampleShape } from "../random/params.js";
import { Tensor } from "../tensor/tensor.js";
import { checkParamConstraint, firstViolation } from "./check-values.js";
import { Real, unitInterval, type Constraint } from "./constraints.js";
import { globalKey } from "./global-key.js";

/**
 * A probability distribution (torch.distributions.Distribution, camelCased). A sample has shape
 * `[...sampleShape, ...batchShape, ...eventShape]`; `logProb` reduces the event axes.
 * Parameters may be any tensors (eager `requiresGrad`, tracers under `grad`/`jvp`): every density,
 * moment and `rsample` is written with differentiable ops.
 */
export abstract class Distribution {
  /** The shape of independent, not identically distributed, copies (from the parameters' shapes). */
  readonly batchShape: number[];
  /** The shape of one draw (`[]` for scalar distributions, `[k]` for vectors). */
  readonly eventShape: number[];
  /** Whether parameters and `logProb` values are checked. */
  readonly validateArgs: boolean;

  /** Subclasses pass their shapes and whether to validate. */
  protected constructor(batchShape: readonly number[], eventShape: readonly number[], validateArgs: boolean) {
    this.batchShape = batchShape.slice();
    this.eventShape = eventShape.slice();
    this.validateArgs = validateArgs;
  }

  /** The class name, for messages. */
  get name(): string {
    return this.constructor.name;
  }

  /** The set values lie in. */
  abstract get support(): Constraint;

  /** Whether `rsample` (pathwise, reparameterised sampling) is available. */
  get hasRsample(): boolean {
    return false;
  }

  /** Whether the support is finite and can be enumerated (the "enumerate" estimator applies). */
  get hasEnumerateSupport(): boolean {
    return false;
  }

  /** `[...sampleShape, ...batchShape, ...eventShape]`. */
  extendedShape(sampleShape: readonly number[] = []): number[] {
    return [...sampleShape, ...this.batchShape, ...this.eventShape];
  }

  /**
   * Draws samples of shape `[...shape, ...batchShape, ...eventShape]`, with no gradient to the
   * parameters. Without `key`, a key is drawn from the global generator (see `manualSeed`).
   */
  sample(shape: readonly number[] = [], key?: PRNGKey): Tensor {
    const [s, k] = this.sampleArgs("sample", shape, key);
    return this._sample(s, k);
  }

  /**
   * Draws reparameterised samples: differentiable in the parameters (pathwise gradients). Raises an
   * ArgumentError for distributions without one, naming the estimators that apply.
   */
  rsample(shape: readonly number[] = [], key?: PRNGKey): Tensor {
    if (!this.hasRsample) {
      const estimators = this.hasEnumerateSupport ? `"score" (REINFORCE) or "enumerate"` : `"score" (REINFORCE)`;
      throw new ArgumentError(
        `${this.name}.rsample: ${this.name} is not reparameterisable (no pathwise gradient); draw with sample() and estimate gradients with ${estimators}`,
      );
    }
    const [s, k] = this.sampleArgs("rsample", shape, key);
    return this._rsample(s, k);
  }

  /**
   * The log-density (log-mass for discrete distributions) at `value`, with shape
   * `broadcast(value's batch shape, batchShape)`. Outside the support: an ArgumentError under
   * `validateArgs`, else −∞ (torch's convention).
   */
  logProb(value: TensorLike): Tensor {
    const v = this.checkValue("logProb", value);
    const lp = this._logProb(v);
    const support = this.support;
    return support instanceof Real ? lp : where(support.check(v), lp, -Infinity);
  }

  /**
   * Every value of a finite support, stacked on a new leading axis: shape `[n, ...batchShape,
   * ...eventShape]` with `expand` (default), else `[n, 1, …, 1, ...eventShape]` (torch's
   * `enumerate_support`). For distributions with `hasEnumerateSupport`.
   */
  enumerateSupport(expand = true): Tensor {
    if (typeof expand !== "boolean") throw argumentError(`${this.name}.enumerateSupport`, "expand", "a boolean", expand);
    if (!this.hasEnumerateSupport) return this.unavailable("enumerateSupport");
    const values = this._enumerateSupport(); // [n, ...eventShape]
    const n = values.shape[0]!;
    const ones = this.batchShape.map(() => 1);
    const shaped = reshape(values, [n, ...ones, ...this.eventShape]);
    return expand ? broadcastTo(shaped, [n, ...this.batchShape, ...this.eventShape]) : shaped;
  }

  /** The cumulative distribution function at `value`. */
  cdf(value: TensorLike): Tensor {
    return this._cdf(this.checkValue("cdf", value));
  }

  /** The inverse of the CDF at probability `p` (in [0, 1]). */
  icdf(p: TensorLike): Tensor {
    const t = this.toParamDtype(p, "icdf", "p");
    if (this.validateArgs) {
      const bad = firstViolation(t, unitInterval);
      if (bad !== null) throw new ArgumentError(`${this.name}.icdf: p must be in interval(0, 1), got ${bad}`);
    }
    return this._icdf(t);
  }

  /** The entropy of each batch member, shape `batchShape`. */
  entropy(): Tensor {
    return this.unavailable("entropy");
  }

  /** The mean, shape `[...batchShape, ...eventShape]` (NaN where it does not exist). */
  get mean(): Tensor {
    return this.unavailable("mean");
  }

  /** The mode, shape `[...batchShape, ...eventShape]`. */
  get mode(): Tensor {
    return this.unavailable("mode");
  }

  /** The variance, shape `[...batchShape, ...eventShape]` (∞ or NaN where it does not exist). */
  get variance(): Tensor {
    return this.unavailable("variance");
  }

  /** The standard deviation: √variance. */
  get stddev(): Tensor {
    return sqrt(this.variance);
  }

  /** The same distribution with its parameters broadcast to `batchShape` (which must broadcast with the current one). */
  expand(batchShape: readonly number[]): Distribution {
    const fn = `${this.name}.expand`;
    const shape = checkSampleShape(batchShape, fn, "batchShape");
    let ok = shape.length >= this.batchShape.length;
    try {
      ok = ok && showShape(broadcastShapes(shape, this.batchShape)) === showShape(shape);
    } catch {
      ok = false;
    }
    if (!ok) throw new ShapeError(`${fn}: batch shape ${showShape(this.batchShape)} cannot be expanded to ${showShape(shape)}`);
    return this._expand(shape);
  }

  /** `Normal(batchShape=[2], eventShape=[])`. */
  toString(): string {
    return `${this.name}(batchShape=${showShape(this.batchShape)}, eventShape=${showShape(this.eventShape)})`;
  }

  /** Samples of the extended shape (no gradient); by default the reparameterised sample, detached. */
  protected _sample(shape: number[], key: PRNGKey): Tensor {
    return stopGradient(this._rsample(shape, key));
  }

  /** Reparameterised samples of the extended shape (only called when `hasRsample`). */
  protected _rsample(_shape: number[], _key: PRNGKey): Tensor {
    return this.unavailable("rsample");
  }

  /** The log-density at a checked value (the support mask is applied by `logProb`). */
  protected abstract _logProb(value: Tensor): Tensor;

  /** The support's values, shape `[n, ...eventShape]` (only called when `hasEnumerateSupport`). */
  protected _enumerateSupport(): Tensor {
    return this.unavailable("enumerateSupport");
  }

  /** The CDF at a checked value. */
  protected _cdf(_value: Tensor): Tensor {
    return this.unavailable("cdf");
  }

  /** The inverse CDF at a checked probability. */
  protected _icdf(_p: Tensor): Tensor {
    return this.unavailable("icdf");
  }

  /** A copy with parameters broadcast to `batchShape` (already checked). */
  protected abstract _expand(batchShape: number[]): Distribution;

  /** `p` broadcast to `[...batchShape, ...rest]` where `rest` are its trailing (event) axes. */
  protected expandParam(p: Tensor, batchShape: readonly number[]): Tensor {
    const rest = p.shape.slice(this.batchShape.length);
    return broadcastTo(p, [...batchShape, ...rest]);
  }

  /** Checks a parameter against its constraint when validating (the error names the distribution, parameter and value). */
  protected checkParam(name: string, value: Tensor, constraint: Constraint): void {
    if (this.validateArgs) checkParamConstraint(this.name, name, value, constraint);
  }

  /** The dtype values take: the parameters' float dtype. */
  protected abstract get dtype(): "float32" | "float64";

  /** A number or tensor as a tensor (numbers take the parameters' dtype). */
  private toParamDtype(value: TensorLike, method: string, arg: string): Tensor {
    if (typeof value === "number") return toTensor(value, this.dtype);
    if (!(value instanceof Tensor)) throw argumentError(`${this.name}.${method}`, arg, "a number or a tensor", value);
    return value;
  }

  /** Converts and (when validating) checks a value against the support. */
  private checkValue(method: string, value: TensorLike): Tensor {
    const v = this.toParamDtype(value, method, "value");
    const ev = this.eventShape.length;
    if (ev > 0 && showShape(v.shape.slice(v.ndim - ev)) !== showShape(this.eventShape))
      throw new ShapeError(`${this.name}.${method}: value of shape ${showShape(v.shape)} must end with the event shape ${showShape(this.eventShape)}`);
    if (this.validateArgs) {
      const bad = firstViolation(v, this.support);
      if (bad !== null) throw new ArgumentError(`${this.name}.${method}: value must be in the support ${this.support.name}, got ${bad}`);
    }
    return v;
  }

  /** Checks `sample`/`rsample` arguments; draws a key from the global generator when none is given. */
  private sampleArgs(method: string, shape: readonly number[], key: PRNGKey | undefined): [number[], PRNGKey] {
    const fn = `${this.name}.${method}`;
    const s = checkSampleShape(shape, fn, "shape");
    return [s, key === undefined ? globalKey() : checkKey(key, fn)];
  }

  /** Raises the error for a member the distribution does not define. */
  private unavailable(member: string): never {
    throw new ArgumentError(`${this.name}.${member}: not available for ${this.name}`);
  }
}
