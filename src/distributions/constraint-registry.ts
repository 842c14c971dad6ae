import { ArgumentError } from "../core/errors.js";
import { argumentError } from "../core/validate.js";
import { Constraint } from "./constraints.js";
import type { Transform } from "./transforms/transform.js";

/** A constraint class (abstract ones included). */
export type ConstraintClass<C extends Constraint> = abstract new (...args: never[]) => C;

/**
 * Factories of transforms keyed by constraint class (torch's ConstraintRegistry): a constraint is
 * looked up by its class, then its superclasses, so a subclass inherits its parent's transform.
 */
export class ConstraintRegistry {
  private readonly factories = new Map<ConstraintClass<Constraint>, (c: Constraint) => Transform>();

  /** A registry whose errors name `fn` (e.g. `bijectTo`) and describe its transforms as `what`. */
  constructor(private readonly fn: string, private readonly what: string) {}

  /** Registers `factory` for every constraint of class `cls`; a later registration replaces an earlier one. */
  register<C extends Constraint>(cls: ConstraintClass<C>, factory: (c: C) => Transform, fn = this.fn): void {
    if (typeof cls !== "function" || !(cls === Constraint || (cls as { prototype?: unknown }).prototype instanceof Constraint))
      throw argumentError(fn, "cls", "a constraint class (Constraint or a subclass)", cls);
    if (typeof factory !== "function") throw argumentError(fn, "factory", "a function", factory);
    this.factories.set(cls, factory as (c: Constraint) => Transform);
  }

  /** The transform for `constraint`; an ArgumentError naming `fn` and the constraint when none is registered. */
  lookup(constraint: Constraint, fn = this.fn): Transform {
    if (!(constraint instanceof Constraint)) throw argumentError(fn, "constraint", "a constraint (distributions.constraints.*)", constraint);
    for (let p = Object.getPrototypeOf(constraint) as object | null; p !== null; p = Object.getPrototypeOf(p) as object | null) {
      const factory = this.factories.get((p as { constructor: ConstraintClass<Constraint> }).constructor);
      if (factory !== undefined) return factory(constraint);
    }
    throw new ArgumentError(
      `${fn}: no ${this.what} onto the constraint ${constraint.name}${constraint.isDiscrete ? " (a discrete set)" : ""}; ` +
        `they exist for ${this.known().join(", ")} (add one with ${this.fn === "bijectTo" ? "registerBijection" : "registerTransform"})`,
    );
  }

  /** The registered constraint classes' names, for the error message. */
  private known(): string[] {
    return [...this.factories.keys()].map((k) => k.name);
  }
}
