import { describe, expect, it } from "vitest";
import { ArgumentError, randn, tensor, tril, type Tensor } from "../../src/index.js";
import * as C from "../../src/distributions/constraints.js";
import { bijectTo, registerBijection } from "../../src/distributions/biject-to.js";
import * as T from "../../src/distributions/transforms/index.js";
import { transformTo } from "../../src/distributions/transform-to.js";

const allTrue = (b: Tensor): boolean => Array.from(b.data()).every(Boolean);

/** Every constraint with a bijection, and the shape of unconstrained inputs (a batch of 4 events). */
const SUPPORTED: [C.Constraint, number[]][] = [
  [C.real, [4]],
  [C.realVector, [4, 3]],
  [C.positive, [4]],
  [C.nonnegative, [4]],
  [C.greaterThan(2), [4]],
  [C.greaterThanEq(-1.5), [4]],
  [C.lessThan(3), [4]],
  [C.unitInterval, [4]],
  [C.interval(-2, 5), [4]],
  [C.interval(tensor([0, 1, 2, 3], { dtype: "float64" }), 10), [4]],
  [C.halfOpenInterval(0.1, 0.3), [4]],
  [C.simplex, [4, 3]],
  [C.ordered, [4, 5]],
  [C.lowerCholesky, [4, 3, 3]],
  [C.corrCholesky, [4, 6]],
  [C.positiveDefinite, [4, 3, 3]],
  [C.independent(C.positive, 1), [4, 2]],
  [C.independent(C.simplex, 1), [4, 2, 3]],
];

describe("bijectTo", () => {
  for (const [c, shape] of SUPPORTED)
    it(`${c.name}: codomain is the constraint, forward lands in it, inverse undoes it`, () => {
      const t = bijectTo(c);
      expect(t.codomain).toBe(c);
      expect(t.codomainEventDim).toBe(c.eventDim);
      const x = randn(shape, { dtype: "float64", seed: 3 });
      const y = t.forward(x);
      expect(allTrue(c.check(y)), `${c.name}.check(bijectTo(${c.name}).forward(x))`).toBe(true);
      const back = t.inverse(y);
      // lowerCholesky keeps only the lower triangle of x (its domain's free coordinates).
      const expected = c === C.lowerCholesky || c === C.positiveDefinite ? tril(x) : x;
      expect(back.shape).toEqual(x.shape);
      Array.from(back.data()).forEach((v, i) => expect(v).toBeCloseTo(expected.data()[i]!, 8));
      const ld = t.logAbsDetJacobian(x, y);
      expect(ld.shape).toEqual(shape.slice(0, shape.length - t.domainEventDim));
      expect(Array.from(ld.data()).every(Number.isFinite)).toBe(true);
    });

  it("interval(a, b) is σ scaled onto [a, b]: the middle of the reals goes to the middle", () => {
    expect(bijectTo(C.interval(0, 10)).forward(tensor([0], { dtype: "float64" })).item()).toBe(5);
    expect(bijectTo(C.unitInterval)).toBe(T.sigmoid);
    expect(bijectTo(C.positive)).toBe(T.exp);
    expect(bijectTo(C.simplex)).toBe(T.stickBreaking);
  });

  it("an unsupported constraint raises an error naming it", () => {
    expect(() => bijectTo(C.integerInterval(0, 3))).toThrow(ArgumentError);
    expect(() => bijectTo(C.integerInterval(0, 3))).toThrow(/bijectTo: no bijection from the reals onto the constraint integerInterval\(0, 3\) \(a discrete set\); they exist for Real, IndependentConstraint, GreaterThan, .*Simplex.* \(add one with registerBijection\)/);
    expect(() => bijectTo(C.boolean)).toThrow(/onto the constraint boolean/);
    expect(() => bijectTo(C.nonnegativeInteger)).toThrow(/onto the constraint nonnegativeInteger \(a discrete set\);/);
    expect(() => bijectTo("positive" as never)).toThrow(/bijectTo: constraint must be a constraint \(distributions\.constraints\.\*\), got the string "positive"/);
  });

  it("registerBijection adds a class, found for its subclasses too", () => {
    class Negative extends C.LessThan {
      constructor() {
        super(0);
      }
    }
    class VeryNegative extends Negative {}
    registerBijection(Negative, () => T.compose(T.exp, T.affine(0, -1)));
    const y = bijectTo(new VeryNegative()).forward(tensor([0.5, -3], { dtype: "float64" }));
    expect(Array.from(y.data())).toEqual([-Math.exp(0.5), -Math.exp(-3)]);
    expect(() => registerBijection(Negative, 3 as never)).toThrow(/registerBijection: factory must be a function, got the number 3/);
    expect(() => registerBijection(Object as never, () => T.exp)).toThrow(/registerBijection: cls must be a constraint class \(Constraint or a subclass\), got a function/);
  });
});

describe("transformTo", () => {
  it("the simplex gets softmax (not injective: no log-det); other constraints their bijection", () => {
    const t = transformTo(C.simplex);
    expect(t.codomain).toBe(C.simplex);
    expect(t.bijective).toBe(false);
    const x = tensor([[0, 0, 0], [1, 2, 3]], { dtype: "float64" });
    const y = t.forward(x);
    expect(allTrue(C.simplex.check(y))).toBe(true);
    expect(y.slice([0, 0], [1, 1]).item()).toBeCloseTo(1 / 3, 15);
    expect(() => t.logAbsDetJacobian(x, y)).toThrow(/transforms\.softmax\.logAbsDetJacobian: softmax is not injective/);
    expect(allTrue(C.independent(C.simplex, 1).check(transformTo(C.independent(C.simplex, 1)).forward(x)))).toBe(true);
    expect(transformTo(C.positive)).toBe(T.exp);
    expect(transformTo(C.interval(1, 2)).forward(tensor(0, { dtype: "float64" })).item()).toBe(1.5);
    expect(() => transformTo(C.boolean)).toThrow(/transformTo: no bijection from the reals onto the constraint boolean/);
    expect(() => transformTo(3 as never)).toThrow(/transformTo: constraint must be a constraint/);
  });
});
