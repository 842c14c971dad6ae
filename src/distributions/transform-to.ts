import { bijectionFor, onto } from "./biject-to.js";
import { ConstraintRegistry, type ConstraintClass } from "./constraint-registry.js";
import { Constraint, IndependentConstraint, Simplex } from "./constraints.js";
import { independent, softmax, type Transform } from "./transforms/index.js";

const transforms = new ConstraintRegistry("transformTo", "transform from the reals");

/**
 * A transform from unconstrained reals onto `constraint`, not necessarily bijective (torch's
 * `transform_to`): for optimisation over a constrained space. The same as `bijectTo` except that the
 * simplex gets `softmax` (symmetric in its entries, one more coordinate than stick breaking).
 *
 * @example
 * distributions.transformTo(constraints.simplex).forward(tensor([0, 0, 0])); // [1/3, 1/3, 1/3]
 */
export function transformTo(constraint: Constraint): Transform {
  return transforms.lookup(constraint);
}

/** Registers the transform onto every constraint of class `cls` for `transformTo` (torch's `transform_to.register`). */
export function registerTransform<C extends Constraint>(cls: ConstraintClass<C>, factory: (c: C) => Transform): void {
  transforms.register(cls, factory, "registerTransform");
}

// NOTE: every constraint falls back to its bijection; only the simplex and independent wrappers differ.
registerTransform(Constraint, (c) => bijectionFor(c, "transformTo"));
registerTransform(IndependentConstraint, (c) => onto(independent(transformTo(c.base), c.reinterpretedBatchDims), c));
registerTransform(Simplex, (c) => onto(softmax, c));
