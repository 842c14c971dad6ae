// The registry-driven vmap suite: for every registered primitive and every case of its testSpec,
// vmap(f, { inAxes, outAxes }) on stacked examples equals f applied to each example and stacked,
// for random in/out axes (null and negative included), and so do vmap of its jvp and of its vjp.
import { describe, expect, it } from "vitest";
import { stack, vmap, type Tensor } from "../../src/index.js";
import { isFloat } from "../../src/core/dtype.js";
import { randomStream, type RandomStream } from "../../src/core/random.js";
import { bind } from "../../src/primitives/bind.js";
import type { AnyPrimitive, TestCase } from "../../src/primitives/primitive.js";
import { allPrimitives } from "../../src/primitives/registry.js";
import { zerosLike } from "../../src/tensor/creation.js";
import { jvp } from "../../src/transforms/jvp.js";
import { vjp } from "../../src/transforms/vjp.js";
import { randomLike, sampleArgs } from "../../src/testing/sample-args.js";

const prims = allPrimitives();
const B = 3;

function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** An integer in [lo, hi]. */
function pick(rng: RandomStream, lo: number, hi: number): number {
  return lo + Math.floor(rng.next() * (hi - lo + 1));
}

/** Per-example argument lists: batched arguments differ per example, unbatched ones are shared. */
function examples(c: TestCase<unknown>, batched: readonly boolean[], rng: RandomStream): Tensor[][] {
  const shared = sampleArgs(c.args, rng);
  return Array.from({ length: B }, () => {
    const own = sampleArgs(c.args, rng);
    return own.map((a, i) => (batched[i] ? a : shared[i]!));
  });
}

/** Stacked examples along `axis` for batched arguments; the shared value for the others. */
function stackArgs(lanes: readonly Tensor[][], axes: readonly (number | null)[]): Tensor[] {
  return axes.map((ax, i) => (ax === null ? lanes[0]![i]! : stack(lanes.map((l) => l[i]!), ax)));
}

/** Exact agreement in value and shape, except a relative 1e-12 for float kernels whose batched form sums in another order. */
function expectSame(actual: readonly Tensor[], expected: readonly Tensor[], where: string): void {
  expect(actual.length, where).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(a.shape, `${where} output ${i} shape`).toEqual(e.shape);
    expect(a.dtype, `${where} output ${i} dtype`).toBe(e.dtype);
    const ad = Array.from(a.data());
    const ed = Array.from(e.data());
    ad.forEach((x, j) => {
      const y = ed[j]!;
      if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) return;
      const scale = Math.max(1, Math.abs(y));
      expect(Math.abs(x - y) <= 1e-12 * scale, `${where} output ${i} element ${j}: ${x} vs ${y}`).toBe(true);
    });
  });
}

/** Runs `f` per example and stacks each output along `outAxis` (normalised per output rank). */
function perExample(f: (...xs: Tensor[]) => Tensor[], lanes: readonly Tensor[][], outAxis: number): Tensor[] {
  const results = lanes.map((l) => f(...l));
  return results[0]!.map((o, k) => {
    const ax = outAxis < 0 ? outAxis + o.ndim + 1 : outAxis;
    return stack(results.map((r) => r[k]!), ax);
  });
}

describe("vmap registry", () => {
  it("every primitive has a batching rule", () => {
    const missing = prims.filter((p) => p.vmap === undefined).map((p) => p.name);
    expect(missing, `primitives without a batching rule: ${missing.join(", ")}`).toEqual([]);
  });
});

function suite(prim: AnyPrimitive, c: TestCase<unknown>, k: number): void {
  const name = `${prim.name} case ${k}`;
  const f = (...xs: Tensor[]): Tensor[] => bind(prim, xs, c.params);
  const n = c.args.length;

  for (let trial = 0; trial < 3; trial++) {
    it(`vmap equals stacking per example (trial ${trial})`, () => {
      const rng = randomStream(seedOf(`${name} ${trial}`));
      // Trial 0 batches every argument on axis 0; later trials draw null/positive/negative axes.
      const axes: (number | null)[] = c.args.map((a) => (trial === 0 ? 0 : rng.next() < 0.3 ? null : pick(rng, -(a.shape.length + 1), a.shape.length)));
      if (!axes.some((a) => a !== null)) axes[pick(rng, 0, n - 1)] = 0;
      const lanes = examples(c, axes.map((a) => a !== null), rng);
      const outRank = Math.min(...f(...lanes[0]!).map((o) => o.ndim));
      const outAxis = trial === 0 ? 0 : pick(rng, -(outRank + 1), outRank);
      const expected = perExample(f, lanes, outAxis);
      const actual = vmap(f, { inAxes: axes, outAxes: outAxis })(...stackArgs(lanes, axes)) as Tensor[];
      expectSame(actual, expected, `${name} inAxes ${JSON.stringify(axes)} outAxes ${outAxis}`);
    });
  }

  if (!prim.differentiable) return;

  it("vmap of its jvp equals stacking per example", () => {
    const rng = randomStream(seedOf(`${name} jvp`));
    const lanes = examples(c, c.args.map(() => true), rng);
    const tangents = lanes.map((l) => l.map((a) => (isFloat(a.dtype) ? randomLike(a, rng) : zerosLike(a))));
    const g = (...xs: Tensor[]): Tensor[] => jvp(f, xs.slice(0, n), xs.slice(n))[1] as Tensor[];
    const both = lanes.map((l, b) => [...l, ...tangents[b]!]);
    const expected = perExample(g, both, 0);
    expectSame(vmap(g)(...stackArgs(both, both[0]!.map(() => 0))) as Tensor[], expected, `${name} jvp`);
  });

  it("vmap of its vjp equals stacking per example", () => {
    const rng = randomStream(seedOf(`${name} vjp`));
    const lanes = examples(c, c.args.map(() => true), rng);
    const outs = f(...lanes[0]!);
    const cts = lanes.map(() => outs.map((o) => (isFloat(o.dtype) ? randomLike(o, rng) : zerosLike(o))));
    const m = outs.length;
    const g = (...xs: Tensor[]): Tensor[] => {
      const [, pullback] = vjp(f, ...xs.slice(0, n));
      return (pullback(xs.slice(n, n + m)) as Tensor[]).filter((_, i) => c.args[i]!.dtype === undefined);
    };
    const both = lanes.map((l, b) => [...l, ...cts[b]!]);
    const expected = perExample(g, both, 0);
    expectSame(vmap(g)(...stackArgs(both, both[0]!.map(() => 0))) as Tensor[], expected, `${name} vjp`);
  });
}

for (const prim of prims)
  describe(prim.name, () => {
    (prim.testSpec ?? []).forEach((c, k) => suite(prim, c as TestCase<unknown>, k));
  });
