import { ArgumentError, ShapeError } from "../core/errors.js";
import { broadcastShapes, showShape } from "../core/shape.js";
import { checkOptions } from "../core/validate.js";
import { linalg } from "../linalg/index.js";
import { add, broadcastTo, cast, diagonal, log, matmul, mul, square, squeeze, sub, sum, transpose, unsqueeze } from "../ops/index.js";
import { normal } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import { lowerCholesky, positiveDefinite, realVector, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/** Options of `MultivariateNormal`: exactly one of `covarianceMatrix`, `precisionMatrix` and `scaleTril`. */
export interface MultivariateNormalOptions extends DistributionOptions {
  /** Σ, symmetric positive definite, shape `[..., d, d]`. */
  covarianceMatrix?: ParamLike;
  /** Σ⁻¹, symmetric positive definite, shape `[..., d, d]`. */
  precisionMatrix?: ParamLike;
  /** L with Σ = LLᵀ: lower triangular with a positive diagonal, shape `[..., d, d]`. */
  scaleTril?: ParamLike;
}

/** x with its last two axes swapped. */
function mT(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  [perm[x.ndim - 1], perm[x.ndim - 2]] = [x.ndim - 2, x.ndim - 1];
  return transpose(x, perm);
}

/**
 * The multivariate normal N(loc, Σ) over the last axis, parameterised by Σ, Σ⁻¹ or the Cholesky
 * factor L (Σ = LLᵀ, computed with `linalg.cholesky`); `rsample` is loc + L·ε (pathwise).
 */
export class MultivariateNormal extends Distribution {
  /** The mean, shape `[...batchShape, d]`. */
  readonly loc: Tensor;
  /** The lower Cholesky factor L of Σ, shape `[...batchShape, d, d]`. */
  readonly scaleTril: Tensor;

  /** MultivariateNormal(loc, { covarianceMatrix | precisionMatrix | scaleTril }). @example new MultivariateNormal(zeros([2]), { covarianceMatrix: eye(2) }) */
  constructor(loc: ParamLike, options: MultivariateNormalOptions) {
    const fn = "MultivariateNormal";
    const validate = readValidateArgs(options, fn);
    const o = checkOptions<MultivariateNormalOptions>(options, fn);
    const given = (["covarianceMatrix", "precisionMatrix", "scaleTril"] as const).filter((k) => o[k] !== undefined);
    if (options === undefined || given.length !== 1)
      throw new ArgumentError(`${fn}: options must give exactly one of covarianceMatrix, precisionMatrix and scaleTril, got ${given.length === 0 ? "none" : given.join(" and ")}`);
    const which = given[0]!;
    const [locRaw, matRaw] = rawParams(fn, loc, o[which], which);
    if (matRaw.ndim < 2 || matRaw.shape[matRaw.ndim - 1] !== matRaw.shape[matRaw.ndim - 2])
      throw new ShapeError(`${fn}: ${which} must be a square matrix (…, d, d), got shape ${showShape(matRaw.shape)}`);
    const d = matRaw.shape[matRaw.ndim - 1]!;
    if (locRaw.ndim < 1 || locRaw.shape[locRaw.ndim - 1] !== d)
      throw new ShapeError(`${fn}: loc must end with the matrix size ${d}, got shape ${showShape(locRaw.shape)}`);
    let batch: number[];
    try {
      batch = broadcastShapes(locRaw.shape.slice(0, -1), matRaw.shape.slice(0, -2));
    } catch {
      throw new ShapeError(`${fn}: the batch shapes of loc ${showShape(locRaw.shape)} and ${which} ${showShape(matRaw.shape)} do not broadcast`);
    }
    super(batch, [d], validate);
    this.checkParam("loc", locRaw, realVector);
    this.checkParam(which, matRaw, which === "scaleTril" ? lowerCholesky : positiveDefinite);
    const tril = which === "scaleTril" ? matRaw : which === "covarianceMatrix" ? linalg.cholesky(matRaw) : linalg.cholesky(linalg.inv(matRaw));
    this.loc = broadcastTo(locRaw, [...batch, d]);
    this.scaleTril = broadcastTo(tril, [...batch, d, d]);
  }
  /** Real vectors. */
  get support(): Constraint {
    return realVector;
  }
  /** True: loc + L·ε. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.loc.dtype as "float32" | "float64";
  }
  /** Σ = LLᵀ. */
  get covarianceMatrix(): Tensor {
    return matmul(this.scaleTril, mT(this.scaleTril));
  }
  /** Σ⁻¹. */
  get precisionMatrix(): Tensor {
    return linalg.inv(this.covarianceMatrix);
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    const eps = normal(key, this.extendedShape(shape), { dtype: this.dtype });
    return add(this.loc, squeeze(matmul(this.scaleTril, unsqueeze(eps, -1)), -1));
  }
  protected _logProb(x: Tensor): Tensor {
    const d = this.eventShape[0]!;
    const diff = unsqueeze(sub(x, this.loc), -1);
    const L = broadcastTo(this.scaleTril, [...diff.shape.slice(0, -2), d, d]);
    const z = linalg.triangularSolve(L, diff, { lower: true });
    const maha = sum(square(z), [-2, -1]);
    return sub(mul(-0.5, add(maha, d * Math.log(2 * Math.PI))), this.halfLogDet());
  }
  /** ½·d·(1 + log 2π) + ½·log det Σ. */
  override entropy(): Tensor {
    const d = this.eventShape[0]!;
    return add(this.halfLogDet(), 0.5 * d * (1 + Math.log(2 * Math.PI)));
  }
  /** loc. */
  override get mean(): Tensor {
    return this.loc;
  }
  /** loc. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** The diagonal of Σ. */
  override get variance(): Tensor {
    return sum(square(this.scaleTril), -1);
  }
  /** ½·log det Σ = Σᵢ log Lᵢᵢ. */
  halfLogDet(): Tensor {
    return sum(log(diagonal(this.scaleTril, 0, -2, -1)), -1);
  }
  protected _expand(batchShape: number[]): MultivariateNormal {
    const d = this.eventShape[0]!;
    return new MultivariateNormal(broadcastTo(this.loc, [...batchShape, d]), { scaleTril: broadcastTo(this.scaleTril, [...batchShape, d, d]), validateArgs: false });
  }
}

/** loc and the matrix as float tensors of one dtype, without broadcasting them together. */
function rawParams(fn: string, loc: unknown, mat: unknown, which: string): [Tensor, Tensor] {
  const [l] = floatParams(fn, ["loc"], [loc]);
  const [m] = floatParams(fn, [which], [mat]);
  const dtype = l!.dtype === "float64" || m!.dtype === "float64" ? "float64" : "float32";
  return [l!.dtype === dtype ? l! : cast(l!, dtype), m!.dtype === dtype ? m! : cast(m!, dtype)];
}
