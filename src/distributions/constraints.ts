import { isFloat } from "../core/dtype.js";
import { linalg } from "../linalg/index.js";
import {
  abs, add, diagonal, equal, floor, greater, greaterEqual, less, lessEqual, logicalAnd, logicalOr, slice, sqrt, sub, sum,
  toTensor, transpose, tril, mul, type TensorLike,
} from "../ops/index.js";
import { Tensor } from "../tensor/tensor.js";
import { allLastAxes } from "./all-last-axes.js";
import { argumentError, checkInteger } from "../core/validate.js";

/** NOTE: tolerance of the equality checks (simplex sums, unit-norm rows): looser for float32. */
function tolerance(x: Tensor): number {
  return x.dtype === "float64" ? 1e-6 : 1e-5;
}

/**
 * The set a distribution's parameter or value lives in (torch.distributions.constraints):
 * `check(value)` is a bool tensor, true where the value is in the set, with the last `eventDim`
 * axes reduced (one entry per event).
 */
export abstract class Constraint {
  /** The constraint as text, e.g. `interval(0, 1)`, for error messages. */
  abstract readonly name: string;
  /** Whether the set is discrete (integers, booleans). */
  readonly isDiscrete: boolean = false;
  /** How many trailing axes make up one event (0 for elementwise sets, 1 for vectors, 2 for matrices). */
  readonly eventDim: number = 0;
  /** A bool tensor: true where `value` is in the set (the last `eventDim` axes reduced). */
  abstract check(value: TensorLike): Tensor;
  /** The constraint's name. */
  toString(): string {
    return this.name;
  }
}

/** The real numbers (NaN is not real; ±∞ are allowed, as in torch). */
export class Real extends Constraint {
  /** `real`. */
  readonly name: string = "real";
  /** True where the value is not NaN. */
  check(value: TensorLike): Tensor {
    const x = toTensor(value);
    return equal(x, x);
  }
}

/** Values strictly greater than `lowerBound`. */
export class GreaterThan extends Constraint {
  /** `greaterThan(lowerBound)`. */
  readonly name: string;
  /** Creates the constraint x > lowerBound. */
  constructor(readonly lowerBound: TensorLike) {
    super();
    checkBound(lowerBound, "GreaterThan", "lowerBound");
    this.name = `greaterThan(${showBound(lowerBound)})`;
  }
  /** True where value > lowerBound. */
  check(value: TensorLike): Tensor {
    return greater(value, this.lowerBound);
  }
}

/** Values greater than or equal to `lowerBound`. */
export class GreaterThanEq extends Constraint {
  /** `greaterThanEq(lowerBound)`. */
  readonly name: string;
  /** Creates the constraint x ≥ lowerBound. */
  constructor(readonly lowerBound: TensorLike) {
    super();
    checkBound(lowerBound, "GreaterThanEq", "lowerBound");
    this.name = `greaterThanEq(${showBound(lowerBound)})`;
  }
  /** True where value ≥ lowerBound. */
  check(value: TensorLike): Tensor {
    return greaterEqual(value, this.lowerBound);
  }
}

/** Values strictly less than `upperBound`. */
export class LessThan extends Constraint {
  /** `lessThan(upperBound)`. */
  readonly name: string;
  /** Creates the constraint x < upperBound. */
  constructor(readonly upperBound: TensorLike) {
    super();
    checkBound(upperBound, "LessThan", "upperBound");
    this.name = `lessThan(${showBound(upperBound)})`;
  }
  /** True where value < upperBound. */
  check(value: TensorLike): Tensor {
    return less(value, this.upperBound);
  }
}

/** The closed interval [lowerBound, upperBound]. */
export class Interval extends Constraint {
  /** `interval(lowerBound, upperBound)`. */
  readonly name: string;
  /** Creates the constraint lowerBound ≤ x ≤ upperBound. */
  constructor(readonly lowerBound: TensorLike, readonly upperBound: TensorLike) {
    super();
    checkBound(lowerBound, "Interval", "lowerBound");
    checkBound(upperBound, "Interval", "upperBound");
    this.name = `interval(${showBound(lowerBound)}, ${showBound(upperBound)})`;
  }
  /** True where lowerBound ≤ value ≤ upperBound. */
  check(value: TensorLike): Tensor {
    return logicalAnd(greaterEqual(value, this.lowerBound), lessEqual(value, this.upperBound));
  }
}

/** The half-open interval [lowerBound, upperBound). */
export class HalfOpenInterval extends Constraint {
  /** `halfOpenInterval(lowerBound, upperBound)`. */
  readonly name: string;
  /** Creates the constraint lowerBound ≤ x < upperBound. */
  constructor(readonly lowerBound: TensorLike, readonly upperBound: TensorLike) {
    super();
    checkBound(lowerBound, "HalfOpenInterval", "lowerBound");
    checkBound(upperBound, "HalfOpenInterval", "upperBound");
    this.name = `halfOpenInterval(${showBound(lowerBound)}, ${showBound(upperBound)})`;
  }
  /** True where lowerBound ≤ value < upperBound. */
  check(value: TensorLike): Tensor {
    return logicalAnd(greaterEqual(value, this.lowerBound), less(value, this.upperBound));
  }
}

/** True where x is a whole number. */
function isWhole(x: Tensor): Tensor {
  return isFloat(x.dtype) ? equal(floor(x), x) : equal(x, x);
}

/** The integers in [lowerBound, upperBound] (stored in any dtype). */
export class IntegerInterval extends Constraint {
  /** `integerInterval(lowerBound, upperBound)`. */
  readonly name: string;
  override readonly isDiscrete = true;
  /** Creates the constraint x ∈ {lowerBound, …, upperBound}. */
  constructor(readonly lowerBound: TensorLike, readonly upperBound: TensorLike) {
    super();
    checkBound(lowerBound, "IntegerInterval", "lowerBound");
    checkBound(upperBound, "IntegerInterval", "upperBound");
    this.name = `integerInterval(${showBound(lowerBound)}, ${showBound(upperBound)})`;
  }
  /** True where value is a whole number in [lowerBound, upperBound]. */
  check(value: TensorLike): Tensor {
    const x = toTensor(value);
    return logicalAnd(isWhole(x), logicalAnd(greaterEqual(x, this.lowerBound), lessEqual(x, this.upperBound)));
  }
}

/** The integers ≥ `lowerBound` (stored in any dtype). */
export class IntegerGreaterThanEq extends Constraint {
  /** `integerGreaterThanEq(lowerBound)`. */
  readonly name: string;
  override readonly isDiscrete = true;
  /** Creates the constraint x ∈ {lowerBound, lowerBound + 1, …}. */
  constructor(readonly lowerBound: TensorLike) {
    super();
    checkBound(lowerBound, "IntegerGreaterThanEq", "lowerBound");
    this.name = lowerBound === 0 ? "nonnegativeInteger" : lowerBound === 1 ? "positiveInteger" : `integerGreaterThanEq(${showBound(lowerBound)})`;
  }
  /** True where value is a whole number ≥ lowerBound. */
  check(value: TensorLike): Tensor {
    const x = toTensor(value);
    return logicalAnd(isWhole(x), greaterEqual(x, this.lowerBound));
  }
}

/** {0, 1} (in any dtype). */
export class BooleanConstraint extends Constraint {
  /** `boolean`. */
  readonly name: string = "boolean";
  override readonly isDiscrete = true;
  /** True where value is 0 or 1. */
  check(value: TensorLike): Tensor {
    const x = toTensor(value);
    return logicalOr(equal(x, 0), equal(x, 1));
  }
}

/** Vectors (last axis) of nonnegative entries that sum to 1. */
export class Simplex extends Constraint {
  /** `simplex`. */
  readonly name: string = "simplex";
  override readonly eventDim = 1;
  /** True per vector where every entry is ≥ 0 and the sum is 1 (within 1e-6 in float64, 1e-5 in float32). */
  check(value: TensorLike): Tensor {
    const x = toTensor(value);
    return logicalAnd(allLastAxes(greaterEqual(x, 0), 1), less(abs(sub(sum(x, -1), 1)), tolerance(x)));
  }
}

/** One-hot vectors (last axis): entries in {0, 1} with exactly one 1. */
export class OneHot extends Constraint {
  /** `oneHot`. */
  readonly name: string = "oneHot";
  override readonly isDiscrete = true;
  override readonly eventDim = 1;
  /** True per vector where every entry is 0 or 1 and they sum to 1. */
  check(value: TensorLike): Tensor {
    const x = toTensor(value);
    return logicalAnd(allLastAxes(logicalOr(equal(x, 0), equal(x, 1)), 1), equal(sum(x, -1), 1));
  }
}

/** Vectors (last axis) whose entries increase strictly. */
export class Ordered extends Constraint {
  /** `ordered`. */
  readonly name: string = "ordered";
  override readonly eventDim = 1;
  /** True per vector where every entry is real and x[i] < x[i+1]. */
  check(value: TensorLike): Tensor {
    const x = toTensor(value);
    const n = x.shape[x.ndim - 1] ?? 0;
    const real = allLastAxes(equal(x, x), 1);
    if (n < 2) return real;
    const lead = x.shape.slice(0, -1);
    const head = slice(x, [...lead.map(() => 0), 0], [...lead, n - 1]);
    const tail = slice(x, [...lead.map(() => 0), 1], [...lead, n - 1]);
    return logicalAnd(real, allLastAxes(less(head, tail), 1));
  }
}

/** Lower-triangular matrices (last two axes) with a positive diagonal. */
export class LowerCholesky extends Constraint {
  /** `lowerCholesky`. */
  readonly name: string = "lowerCholesky";
  override readonly eventDim = 2;
  /** True per matrix where it is lower triangular with a positive diagonal. */
  check(value: TensorLike): Tensor {
    const x = toTensor(value);
    return logicalAnd(allLastAxes(equal(tril(x), x), 2), allLastAxes(greater(diagonal(x, 0, -2, -1), 0), 1));
  }
}

/** Cholesky factors of correlation matrices: lower triangular, positive diagonal, rows of unit norm. */
export class CorrCholesky extends Constraint {
  /** `corrCholesky`. */
  readonly name: string = "corrCholesky";
  override readonly eventDim = 2;
  /** True per matrix where it is a lower Cholesky factor whose rows have Euclidean norm 1. */
  check(value: TensorLike): Tensor {
    const x = toTensor(value);
    const rowNorms = sqrt(sum(mul(x, x), -1));
    const unit = allLastAxes(less(abs(sub(rowNorms, 1)), tolerance(x) * Math.max(1, x.shape[x.ndim - 1] ?? 1)), 1);
    return logicalAnd(new LowerCholesky().check(x), unit);
  }
}

/** Symmetric positive-definite matrices (last two axes). */
export class PositiveDefinite extends Constraint {
  /** `positiveDefinite`. */
  readonly name: string = "positiveDefinite";
  override readonly eventDim = 2;
  /** True per matrix where it is symmetric and its smallest eigenvalue is > 0. O(n³) per matrix. */
  check(value: TensorLike): Tensor {
    const x = toTensor(value);
    const xt = swapLastAxes(x);
    const symmetric = allLastAxes(lessEqual(abs(sub(x, xt)), mul(tolerance(x), add(abs(x), 1))), 2);
    const smallest = slice(linalg.eigvalsh(mul(0.5, add(x, xt))), [...x.shape.slice(0, -2).map(() => 0), 0], [...x.shape.slice(0, -2), 1]);
    return logicalAnd(symmetric, allLastAxes(greater(smallest, 0), 1));
  }
}

/** Reinterprets `base`'s rightmost `reinterpretedBatchDims` batch axes as event axes (torch's `independent`). */
export class IndependentConstraint extends Constraint {
  /** `independent(base, n)`. */
  readonly name: string;
  override readonly isDiscrete: boolean;
  override readonly eventDim: number;
  /** Creates the constraint: every entry of the last `reinterpretedBatchDims` (more) axes satisfies `base`. */
  constructor(readonly base: Constraint, readonly reinterpretedBatchDims: number) {
    super();
    if (!(base instanceof Constraint)) throw argumentError("IndependentConstraint", "base", "a Constraint", base);
    checkInteger(reinterpretedBatchDims, "IndependentConstraint", "reinterpretedBatchDims", 0);
    this.name = base instanceof Real && reinterpretedBatchDims === 1 ? "realVector" : `independent(${base.name}, ${reinterpretedBatchDims})`;
    this.isDiscrete = base.isDiscrete;
    this.eventDim = base.eventDim + reinterpretedBatchDims;
  }
  /** True per event where `base` holds for every entry. */
  check(value: TensorLike): Tensor {
    return allLastAxes(this.base.check(value), this.reinterpretedBatchDims);
  }
}

/** x with its last two axes swapped. */
function swapLastAxes(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i);
  perm[x.ndim - 1] = x.ndim - 2;
  perm[x.ndim - 2] = x.ndim - 1;
  return transpose(x, perm);
}

/** Checks that a bound is a number (not NaN) or a tensor; the error names `fn` and `arg`. */
function checkBound(b: unknown, fn: string, arg: string): void {
  if (!(b instanceof Tensor) && (typeof b !== "number" || Number.isNaN(b))) throw argumentError(fn, arg, "a number or a tensor", b);
}

/** A bound as text for a constraint's name. */
function showBound(b: TensorLike): string {
  return typeof b === "number" ? String(b) : b.size === 1 && b._data !== null ? String(b.item()) : `a tensor of shape [${b.shape.join(", ")}]`;
}

/** The real numbers (not NaN). */
export const real: Constraint = new Real();
/** Real vectors (last axis): every entry real. */
export const realVector: Constraint = new IndependentConstraint(real, 1);
/** x > 0. */
export const positive: Constraint = new GreaterThan(0);
/** x ≥ 0. */
export const nonnegative: Constraint = new GreaterThanEq(0);
/** [0, 1]. */
export const unitInterval: Constraint = new Interval(0, 1);
/** {0, 1}. */
export const boolean: Constraint = new BooleanConstraint();
/** {0, 1, 2, …}. */
export const nonnegativeInteger: Constraint = new IntegerGreaterThanEq(0);
/** {1, 2, 3, …}. */
export const positiveInteger: Constraint = new IntegerGreaterThanEq(1);
/** Probability vectors: nonnegative entries summing to 1 (last axis). */
export const simplex: Constraint = new Simplex();
/** One-hot vectors (last axis). */
export const oneHot: Constraint = new OneHot();
/** Strictly increasing vectors (last axis). */
export const ordered: Constraint = new Ordered();
/** Lower-triangular matrices with a positive diagonal. */
export const lowerCholesky: Constraint = new LowerCholesky();
/** Cholesky factors of correlation matrices. */
export const corrCholesky: Constraint = new CorrCholesky();
/** Symmetric positive-definite matrices. */
export const positiveDefinite: Constraint = new PositiveDefinite();

/** The closed interval [a, b]. */
export function interval(a: TensorLike, b: TensorLike): Constraint {
  return new Interval(a, b);
}
/** The half-open interval [a, b). */
export function halfOpenInterval(a: TensorLike, b: TensorLike): Constraint {
  return new HalfOpenInterval(a, b);
}
/** x > a. */
export function greaterThan(a: TensorLike): Constraint {
  return new GreaterThan(a);
}
/** x ≥ a. */
export function greaterThanEq(a: TensorLike): Constraint {
  return new GreaterThanEq(a);
}
/** x < b. */
export function lessThan(b: TensorLike): Constraint {
  return new LessThan(b);
}
/** The integers in [a, b]. */
export function integerInterval(a: TensorLike, b: TensorLike): Constraint {
  return new IntegerInterval(a, b);
}
/** The integers ≥ a. */
export function integerGreaterThanEq(a: TensorLike): Constraint {
  return new IntegerGreaterThanEq(a);
}
/** `base` applied to every entry of the last `n` extra axes, which become event axes. */
export function independent(base: Constraint, n: number): Constraint {
  return new IndependentConstraint(base, n);
}
