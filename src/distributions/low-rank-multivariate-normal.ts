import { ShapeError } from "../core/errors.js";
import { broadcastShapes, showShape } from "../core/shape.js";
import { linalg } from "../linalg/index.js";
import { add, broadcastTo, cast, diagonal, div, log, matmul, mul, sqrt, square, squeeze, sub, sum, transpose, unsqueeze } from "../ops/index.js";
import { normal } from "../random/continuous.js";
import type { PRNGKey } from "../random/key.js";
import { split } from "../random/split.js";
import { eye } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { independent, positive, real, realVector, type Constraint } from "./constraints.js";
import { Distribution } from "./distribution.js";
import { floatParams, readValidateArgs, type DistributionOptions, type ParamLike } from "./params.js";

/** x with its last two axes swapped. */
export function mT(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  [perm[x.ndim - 1], perm[x.ndim - 2]] = [x.ndim - 2, x.ndim - 1];
  return transpose(x, perm);
}

/** L⁻¹B for a lower-triangular L [..., n, n] and B [..., n, k], their batch axes broadcast. */
export function solveLower(L: Tensor, B: Tensor): Tensor {
  const batch = broadcastShapes(L.shape.slice(0, -2), B.shape.slice(0, -2));
  return linalg.triangularSolve(broadcastTo(L, [...batch, ...L.shape.slice(-2)]), broadcastTo(B, [...batch, ...B.shape.slice(-2)]), { lower: true });
}

/** ‖L⁻¹x‖² over the last axis of x (shape [..., n]), for a lower-triangular L. */
export function batchMahalanobis(L: Tensor, x: Tensor): Tensor {
  return sum(square(solveLower(L, unsqueeze(x, -1))), [-2, -1]);
}

/** tr(XXᵀ) = Σ X², over the last two axes. */
export function traceXXt(x: Tensor): Tensor {
  return sum(square(x), [-2, -1]);
}

/**
 * The multivariate normal with a low-rank-plus-diagonal covariance Σ = WWᵀ + diag(D) over the last
 * axis (torch.distributions.LowRankMultivariateNormal): `loc` [..., d], `covFactor` W [..., d, m],
 * `covDiag` D [..., d] (> 0). Densities use the capacitance matrix C = I + WᵀD⁻¹W (m × m): the
 * Woodbury identity for Σ⁻¹ and the matrix determinant lemma det Σ = det C · Π D, so `logProb` and
 * `entropy` cost O(d·m²) instead of O(d³). `rsample` is loc + W·ε₁ + √D·ε₂ (pathwise).
 */
export class LowRankMultivariateNormal extends Distribution {
  /** The mean, shape `[...batchShape, d]`. */
  readonly loc: Tensor;
  /** W, shape `[...batchShape, d, m]`. */
  readonly covFactor: Tensor;
  /** D (> 0), shape `[...batchShape, d]`. */
  readonly covDiag: Tensor;
  /** The lower Cholesky factor of the capacitance matrix I + WᵀD⁻¹W, shape `[...batchShape, m, m]`. */
  readonly capacitanceTril: Tensor;

  /** LowRankMultivariateNormal(loc, covFactor, covDiag). @example new LowRankMultivariateNormal(zeros([3]), ones([3, 1]), ones([3])) */
  constructor(loc: ParamLike, covFactor: ParamLike, covDiag: ParamLike, options?: DistributionOptions) {
    const fn = "LowRankMultivariateNormal";
    const validate = readValidateArgs(options, fn);
    const [l] = floatParams(fn, ["loc"], [loc]);
    const [w] = floatParams(fn, ["covFactor"], [covFactor]);
    const [dg] = floatParams(fn, ["covDiag"], [covDiag]);
    const dtype = [l!, w!, dg!].some((t) => t.dtype === "float64") ? "float64" : "float32";
    const [lr, wr, dr] = [l!, w!, dg!].map((t) => (t.dtype === dtype ? t : cast(t, dtype))) as [Tensor, Tensor, Tensor];
    if (lr.ndim < 1) throw new ShapeError(`${fn}: loc must be at least one-dimensional, got shape ${showShape(lr.shape)}`);
    const d = lr.shape[lr.ndim - 1]!;
    if (wr.ndim < 2 || wr.shape[wr.ndim - 2] !== d)
      throw new ShapeError(`${fn}: covFactor must be a batch of matrices of shape [${d}, m], got shape ${showShape(wr.shape)}`);
    if (dr.ndim < 1 || dr.shape[dr.ndim - 1] !== d)
      throw new ShapeError(`${fn}: covDiag must be a batch of vectors of shape [${d}], got shape ${showShape(dr.shape)}`);
    const m = wr.shape[wr.ndim - 1]!;
    let batch: number[];
    try {
      batch = broadcastShapes(broadcastShapes(lr.shape.slice(0, -1), wr.shape.slice(0, -2)), dr.shape.slice(0, -1));
    } catch {
      throw new ShapeError(`${fn}: the batch shapes of loc ${showShape(lr.shape)}, covFactor ${showShape(wr.shape)} and covDiag ${showShape(dr.shape)} do not broadcast`);
    }
    super(batch, [d], validate);
    this.checkParam("loc", lr, realVector);
    this.checkParam("covFactor", wr, independent(real, 2));
    this.checkParam("covDiag", dr, independent(positive, 1));
    this.loc = broadcastTo(lr, [...batch, d]);
    this.covFactor = broadcastTo(wr, [...batch, d, m]);
    this.covDiag = broadcastTo(dr, [...batch, d]);
    // C = I + WᵀD⁻¹W
    const wtDinv = div(mT(this.covFactor), unsqueeze(this.covDiag, -2));
    this.capacitanceTril = linalg.cholesky(add(matmul(wtDinv, this.covFactor), eye(m, { dtype })));
  }
  /** Real vectors. */
  get support(): Constraint {
    return realVector;
  }
  /** True: loc + W·ε₁ + √D·ε₂. */
  override get hasRsample(): boolean {
    return true;
  }
  protected get dtype(): "float32" | "float64" {
    return this.loc.dtype as "float32" | "float64";
  }
  /** Σ = WWᵀ + diag(D). */
  get covarianceMatrix(): Tensor {
    const d = this.eventShape[0]!;
    return add(matmul(this.covFactor, mT(this.covFactor)), mul(unsqueeze(this.covDiag, -1), eye(d, { dtype: this.dtype })));
  }
  /** Σ⁻¹ = D⁻¹ − D⁻¹W C⁻ᵀC⁻¹ WᵀD⁻¹ (Woodbury). */
  get precisionMatrix(): Tensor {
    const d = this.eventShape[0]!;
    const a = linalg.triangularSolve(this.capacitanceTril, div(mT(this.covFactor), unsqueeze(this.covDiag, -2)), { lower: true });
    return sub(mul(unsqueeze(div(1, this.covDiag), -1), eye(d, { dtype: this.dtype })), matmul(mT(a), a));
  }
  /** The lower Cholesky factor of Σ (O(d³)). */
  get scaleTril(): Tensor {
    return linalg.cholesky(this.covarianceMatrix);
  }
  protected override _rsample(shape: number[], key: PRNGKey): Tensor {
    const [kw, kd] = split(key, 2);
    const m = this.covFactor.shape[this.covFactor.ndim - 1]!;
    const epsW = normal(kw!, [...shape, ...this.batchShape, m], { dtype: this.dtype });
    const epsD = normal(kd!, this.extendedShape(shape), { dtype: this.dtype });
    return add(add(this.loc, squeeze(matmul(this.covFactor, unsqueeze(epsW, -1)), -1)), mul(sqrt(this.covDiag), epsD));
  }
  protected _logProb(x: Tensor): Tensor {
    const d = this.eventShape[0]!;
    const maha = lowRankMahalanobis(this.covFactor, this.covDiag, sub(x, this.loc), this.capacitanceTril);
    return mul(-0.5, add(add(maha, d * Math.log(2 * Math.PI)), this.logDet()));
  }
  /** ½·(d·(1 + log 2π) + log det Σ). */
  override entropy(): Tensor {
    const d = this.eventShape[0]!;
    return mul(0.5, add(this.logDet(), d * (1 + Math.log(2 * Math.PI))));
  }
  /** loc. */
  override get mean(): Tensor {
    return this.loc;
  }
  /** loc. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** The diagonal of Σ: Σⱼ W²ᵢⱼ + Dᵢ. */
  override get variance(): Tensor {
    return add(sum(square(this.covFactor), -1), this.covDiag);
  }
  /** log det Σ = 2·Σ log diag(chol C) + Σ log D (the matrix determinant lemma). */
  logDet(): Tensor {
    return add(mul(2, sum(log(diagonal(this.capacitanceTril, 0, -2, -1)), -1)), sum(log(this.covDiag), -1));
  }
  protected _expand(batchShape: number[]): LowRankMultivariateNormal {
    const [d, m] = this.covFactor.shape.slice(-2) as [number, number];
    return new LowRankMultivariateNormal(
      broadcastTo(this.loc, [...batchShape, d]),
      broadcastTo(this.covFactor, [...batchShape, d, m]),
      broadcastTo(this.covDiag, [...batchShape, d]),
      { validateArgs: false },
    );
  }
}

/** xᵀΣ⁻¹x for Σ = WWᵀ + diag(D), by Woodbury: Σ x²/D − ‖C⁻¹WᵀD⁻¹x‖² (x: [..., d]). */
export function lowRankMahalanobis(W: Tensor, D: Tensor, x: Tensor, capacitanceTril: Tensor): Tensor {
  const wtDinv = div(mT(W), unsqueeze(D, -2));
  const wtDinvX = squeeze(matmul(wtDinv, unsqueeze(x, -1)), -1);
  return sub(sum(div(square(x), D), -1), batchMahalanobis(capacitanceTril, wtDinvX));
}
