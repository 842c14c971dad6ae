import { ArgumentError } from "../core/errors.js";
import { argumentError } from "../core/validate.js";
import { sub } from "../ops/index.js";
import {
  Constraint, CorrCholesky, GreaterThan, GreaterThanEq, HalfOpenInterval, IndependentConstraint, Interval, LessThan, LowerCholesky,
  Ordered, Real, Simplex,
} from "./constraints.js";
import {
  affine, compose, corrCholesky, exp, identity, independent, lowerCholesky, ordered, sigmoid, stickBreaking, type Transform,
} from "./transforms/index.js";
import { OntoTransform } from "./transforms/onto.js";

/** A constraint class (abstract ones included). */
export type ConstraintClass<C extends Constraint> = abstract new (...args: never[]) => C;

const registry = new Map<ConstraintClass<Constraint>, (c: Constraint) => Transform>();

/**
 * Registers the bijection from the reals onto every constraint of class `cls` (torch's
 * `biject_to.register`); a later registration for the same class replaces the earlier one.
 */
export function registerBijection<C extends Constraint>(cls: ConstraintClass<C>, factory: (c: C) => Transform): void {
  if (typeof cls !== "function" || !(cls === Constraint || (cls as { prototype?: unknown }).prototype instanceof Constraint))
    throw argumentError("registerBijection", "cls", "a constraint class (Constraint or a subclass)", cls);
  if (typeof factory !== "function") throw argumentError("registerBijection", "factory", "a function", factory);
  registry.set(cls, factory as (c: Constraint) => Transform);
}

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
  if (!(constraint instanceof Constraint)) throw argumentError("bijectTo", "constraint", "a constraint (distributions.constraints.*)", constraint);
  for (let p: object | null = Object.getPrototypeOf(constraint) as object | null; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    const factory = registry.get((p as { constructor: ConstraintClass<Constraint> }).constructor);
    if (factory !== undefined) return factory(constraint);
  }
  const known = ["real", "positive", "nonnegative", "greaterThan", "greaterThanEq", "lessThan", "interval", "halfOpenInterval",
    "unitInterval", "simplex", "ordered", "lowerCholesky", "corrCholesky", "independent(…)"];
  throw new ArgumentError(
    `bijectTo: no bijection from the reals onto the constraint ${constraint.name}` +
      `${constraint.isDiscrete ? " (a discrete set)" : ""}; bijections exist for ${known.join(", ")} (add one with registerBijection)`,
  );
}

/** `t` declared onto `c`, unless it already names `c` as its codomain. */
function onto(t: Transform, c: Constraint): Transform {
  return t.codomain === c ? t : new OntoTransform(t, c);
}

registerBijection(Real, () => identity);
registerBijection(IndependentConstraint, (c) => onto(independent(bijectTo(c.base), c.reinterpretedBatchDims), c));
registerBijection(GreaterThan, (c) => onto(c.lowerBound === 0 ? exp : compose(exp, affine(c.lowerBound, 1)), c));
registerBijection(GreaterThanEq, (c) => onto(c.lowerBound === 0 ? exp : compose(exp, affine(c.lowerBound, 1)), c));
registerBijection(LessThan, (c) => onto(compose(exp, affine(c.upperBound, -1)), c));
/** The bijection onto [a, b] or [a, b): σ, scaled. */
function intervalBijection(c: Interval | HalfOpenInterval): Transform {
  const { lowerBound: a, upperBound: b } = c;
  if (a === 0 && b === 1) return onto(sigmoid, c);
  return onto(compose(sigmoid, affine(a, typeof a === "number" && typeof b === "number" ? b - a : sub(b, a))), c);
}
registerBijection(Interval, intervalBijection);
registerBijection(HalfOpenInterval, intervalBijection);
registerBijection(Simplex, (c) => onto(stickBreaking, c));
registerBijection(Ordered, (c) => onto(ordered, c));
registerBijection(LowerCholesky, (c) => onto(lowerCholesky, c));
registerBijection(CorrCholesky, (c) => onto(corrCholesky, c));
