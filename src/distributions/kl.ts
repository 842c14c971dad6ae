import { ArgumentError } from "../core/errors.js";
import { argumentError, checkFunction } from "../core/validate.js";
import type { Tensor } from "../tensor/tensor.js";
import { Distribution } from "./distribution.js";
import { builtinKlRules, setKlForIndependent } from "./kl-rules.js";

/** A KL-divergence rule: KL(p ‖ q) for a pair of distribution classes, shape = the broadcast batch shape. */
export type KlRule<P extends Distribution = Distribution, Q extends Distribution = Distribution> = (p: P, q: Q) => Tensor;

/** A distribution class (abstract ones included), as a registry key. */
export type DistributionClass<D extends Distribution = Distribution> = abstract new (...args: never[]) => D;

const registry = new Map<DistributionClass, Map<DistributionClass, KlRule>>();
for (const [P, Q, rule] of builtinKlRules()) set(P, Q, rule);

/** Stores a rule. */
function set(P: DistributionClass, Q: DistributionClass, rule: KlRule): void {
  let row = registry.get(P);
  if (!row) registry.set(P, (row = new Map()));
  row.set(Q, rule);
}

/** The classes from `cls` up to Distribution, most specific first. */
function lineage(cls: DistributionClass): DistributionClass[] {
  const out: DistributionClass[] = [];
  for (let c: unknown = cls; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    out.push(c as DistributionClass);
    if (c === Distribution) break;
  }
  return out;
}

/**
 * Registers the rule for KL(p ‖ q) with p an instance of `P` and q of `Q`. `klDivergence` picks
 * the most specific registered pair by class hierarchy (torch's `register_kl`).
 * NOTE: ties (a rule for (P, Base) and another for (Base, Q)) go to the pair whose p-class is nearer, then q-class.
 * @example registerKl(MyDist, Normal, (p, q) => ...)
 */
export function registerKl<P extends Distribution, Q extends Distribution>(P: DistributionClass<P>, Q: DistributionClass<Q>, rule: KlRule<P, Q>): void {
  const isDistClass = (c: unknown): boolean => typeof c === "function" && (c === Distribution || (c as { prototype: unknown }).prototype instanceof Distribution);
  if (!isDistClass(P)) throw argumentError("registerKl", "P", "a Distribution class", P);
  if (!isDistClass(Q)) throw argumentError("registerKl", "Q", "a Distribution class", Q);
  checkFunction(rule, "registerKl", "rule");
  set(P as DistributionClass, Q as DistributionClass, rule as KlRule);
}

/**
 * KL(p ‖ q) = E_p[log p(x) − log q(x)] in closed form, batched (shape: the broadcast batch shapes),
 * differentiable in both distributions' parameters. A pair without a registered rule raises an
 * ArgumentError naming both classes.
 * @example klDivergence(new Normal(0, 1), new Normal(1, 2))
 */
export function klDivergence(p: Distribution, q: Distribution): Tensor {
  if (!(p instanceof Distribution)) throw argumentError("klDivergence", "p", "a Distribution", p);
  if (!(q instanceof Distribution)) throw argumentError("klDivergence", "q", "a Distribution", q);
  for (const pc of lineage(p.constructor as DistributionClass)) {
    const row = registry.get(pc);
    if (!row) continue;
    for (const qc of lineage(q.constructor as DistributionClass)) {
      const rule = row.get(qc);
      if (rule) return rule(p, q);
    }
  }
  throw new ArgumentError(
    `klDivergence: no KL rule for p = ${p.name} and q = ${q.name}; register one with registerKl(${p.name}, ${q.name}, (p, q) => ...)`,
  );
}
setKlForIndependent(klDivergence);
