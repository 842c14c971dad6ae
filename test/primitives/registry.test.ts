// The registry-driven gradient suite: every registered primitive, every case of its testSpec, in
// float64. Differentiable primitives get checkJvp, checkVjp, checkConsistency, the order-2 checks and
// rule closure; non-differentiable ones must give zero tangents and cotangents.
import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { isFloat } from "../../src/core/dtype.js";
import { randomStream } from "../../src/core/random.js";
import { bind } from "../../src/primitives/bind.js";
import type { AnyPrimitive, ArgSpec, TestCase } from "../../src/primitives/primitive.js";
import { allPrimitives } from "../../src/primitives/registry.js";
import { zerosLike } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { jvp } from "../../src/transforms/jvp.js";
import { vjp } from "../../src/transforms/vjp.js";
import { checkConsistency, checkGrads, checkJvp, checkVjp, type CheckOptions } from "../../src/testing/check-grads.js";
import { ruleClosure } from "../../src/testing/rule-closure.js";
import { randomLike, sampleArgs } from "../../src/testing/sample-args.js";

const prims = allPrimitives();
const registered = new Set<AnyPrimitive>(prims);

/** FNV-1a: a stable seed per primitive and case, so a failure reproduces whatever else is registered. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function showArg(a: ArgSpec): string {
  return `${a.dtype ?? "f64"}[${a.shape.join(",")}]`;
}

function allZero(ts: readonly Tensor[]): boolean {
  return ts.every((t) => Array.from(t.data()).every((x) => x === 0));
}

describe("registry", () => {
  it("every primitive has a testSpec", () => {
    const missing = prims.filter((p) => p.testSpec === undefined || p.testSpec.length === 0).map((p) => p.name);
    expect(missing, `primitives without a testSpec: ${missing.join(", ")}`).toEqual([]);
  });

  it("primitive names are unique", () => {
    const names = prims.map((p) => p.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});

function suite(prim: AnyPrimitive, c: TestCase<unknown>, k: number): void {
  const name = `${prim.name} case ${k}`;
  const seed = seedOf(name);
  const args = sampleArgs(c.args, randomStream(seed));
  const f = (...xs: Tensor[]): Tensor[] => bind(prim, xs, c.params);
  const opts: CheckOptions = { name, seed, ...(c.tolerance !== undefined && { rtol: c.tolerance }) };

  it("impl agrees with the shape rule", () => {
    const outs = f(...args);
    const avals = prim.shape(args, c.params);
    // NOTE: call primitives (customJvp, checkpoint, ...) only learn their outputs by running: `shape` gives [].
    if (avals.length > 0) expect(outs.map((o) => [o.shape, o.dtype])).toEqual(avals.map((a) => [a.shape, a.dtype]));
  });

  it("is marked differentiable: false when it has no float output", () => {
    if (f(...args).every((o) => !isFloat(o.dtype))) expect(prim.differentiable, `${prim.name} has no float output`).toBe(false);
  });

  if (!prim.differentiable) {
    it("jvp gives zero tangents and vjp zero cotangents", () => {
      const rng = randomStream(seed);
      const [, tangents] = jvp(f, args, args.map((a) => (isFloat(a.dtype) ? randomLike(a, rng) : zerosLike(a))));
      expect(allZero(tangents as Tensor[]), "non-zero tangent").toBe(true);
      const [outs, pullback] = vjp(f, ...args);
      const cts = pullback((outs as Tensor[]).map((o) => (isFloat(o.dtype) ? randomLike(o, rng) : zerosLike(o))));
      expect(allZero(cts as Tensor[]), "non-zero cotangent").toBe(true);
    });
    return;
  }

  it("checkJvp", () => checkJvp(f, args, opts));
  it("checkVjp", () => checkVjp(f, args, opts));
  it("checkConsistency", () => checkConsistency(f, args, opts));
  it("order 2 (jvp∘jvp, vjp∘jvp, jvp∘vjp, vjp∘vjp)", () => checkGrads(f, args, { ...opts, order: 2 }));
  it("rule closure: rules bind only registered primitives", () => {
    const unregistered = [...ruleClosure(prim, args, c.params)].filter((p) => !registered.has(p)).map((p) => p.name);
    expect(unregistered, `${prim.name}'s rules bind unregistered primitives`).toEqual([]);
  });
}

for (const prim of prims)
  describe(prim.name, () => {
    (prim.testSpec ?? []).forEach((c: TestCase<unknown>, k) => {
      describe(`case ${k}: ${c.args.map(showArg).join(", ")} ${JSON.stringify(c.params)}`, () => suite(prim, c, k));
    });
  });
