import { sub } from "../ops/index.js";
import {
  CorrCholesky, GreaterThan, GreaterThanEq, HalfOpenInterval, IndependentConstraint, Interval, LessThan, LowerCholesky, Ordered,
  PositiveDefinite, Real, Simplex, type Constraint,
} from "./constraints.js";
import { ConstraintRegistry, type ConstraintClass } from "./constraint-registry.js";
import {
  affine, compose, corrCholesky, exp, identity, independent, lowerCholesky, ordered, positiveDefinite, sigmoid, stickBreaking, type Transform,
} from "./transforms/index.js";
import { OntoTransform } from "./transforms/onto.js";

const bijections = new ConstraintRegistry("bijectTo", "bijection from the reals");

/**
 * A bijection from unconstrained reals (of the right event shape) onto `constraint` (torch's
 * `biject_to`): `bijectTo(c).forward(x)` satisfies `c` for every real x and `bijectTo(c).codomain`
 * is `c`. Looks the constraint's class up in the registry (its superclasses too).
 *
 * @example
 * const t = distributions.bijectTo(constraints.interval(0, 10));
 * t.forward(tensor([0])); // [5]
 */
export function bijectTo(constraint: Constraint): Transform {
  return bijections.lookup(constraint);
}

/** `bijectTo(constraint)` whose errors name `fn` (for the functions that fall back to it). */
export function bijectionFor(constraint: Constraint, fn: string): Transform {
  return bijections.lookup(constraint, fn);
}

/**
 * Registers the bijection from the reals onto every constraint of class `cls` (torch's
 * `biject_to.register`); a later registration for the same class replaces the earlier one.
 */
export function registerBijection<C extends Constraint>(cls: ConstraintClass<C>, factory: (c: C) => Transform): void {
  bijections.register(cls, factory, "registerBijection");
}

/** `t` declared onto `c`, unless it already names `c` as its codomain. */
export function onto(t: Transform, c: Constraint): Transform {
  return t.codomain === c ? t : new OntoTransform(t, c);
}

/** The bijection onto [a, b] or [a, b): σ, scaled. */
function intervalBijection(c: Interval | HalfOpenInterval): Transform {
  const { lowerBound: a, upperBound: b } = c;
  if (a === 0 && b === 1) return onto(sigmoid, c);
  return onto(compose(sigmoid, affine(a, typeof a === "number" && typeof b === "number" ? b - a : sub(b, a))), c);
}

registerBijection(Real, () => identity);
registerBijection(IndependentConstraint, (c) => onto(independent(bijectTo(c.base), c.reinterpretedBatchDims), c));
registerBijection(GreaterThan, (c) => onto(c.lowerBound === 0 ? exp : compose(exp, affine(c.lowerBound, 1)), c));
registerBijection(GreaterThanEq, (c) => onto(c.lowerBound === 0 ? exp : compose(exp, affine(c.lowerBound, 1)), c));
registerBijection(LessThan, (c) => onto(compose(exp, affine(c.upperBound, -1)), c));
registerBijection(Interval, intervalBijection);
registerBijection(HalfOpenInterval, intervalBijection);
registerBijection(Simplex, (c) => onto(stickBreaking, c));
registerBijection(Ordered, (c) => onto(ordered, c));
registerBijection(LowerCholesky, (c) => onto(lowerCholesky, c));
registerBijection(CorrCholesky, (c) => onto(corrCholesky, c));
registerBijection(PositiveDefinite, (c) => onto(positiveDefinite, c));
