// Every registered primitive, every case of its testSpec: compile(prim) gives the interpreter's
// result bit for bit — elementwise primitives as inline code (on arrays in a fused loop, and on
// one-element values as JS numbers), in float64 and float32; the others as kernel calls.
import { describe, expect, it } from "vitest";
import { cast, type Tensor } from "../../src/index.js";
import { compile } from "../../src/compile/compile.js";
import { elementwiseKernels } from "../../src/compile/elementwise-kernels.js";
import { randomStream } from "../../src/core/random.js";
import { broadcastShapes } from "../../src/core/shape.js";
import { bind } from "../../src/primitives/bind.js";
import type { AnyPrimitive, ArgSpec, TestCase } from "../../src/primitives/primitive.js";
import { allPrimitives } from "../../src/primitives/registry.js";
import { sampleArgs } from "../../src/testing/sample-args.js";
import { fromData } from "../../src/tensor/creation.js";
import { expectSameBits } from "./same-bits.js";

/** Specials that are not in any sampled domain: rounding ties, signed zeros, NaN, infinities. */
const SPECIALS = [0.5, 1.5, -2.5, 0, -0, NaN, Infinity, -Infinity, 1e-310, 3];

function check(prim: AnyPrimitive, c: TestCase<unknown>, args: readonly Tensor[], label: string, inline = false): void {
  const f = (...xs: Tensor[]): Tensor[] => bind(prim, xs, c.params);
  let source: string | null = null;
  const cf = compile(f, { onCompile: (s) => (source = s.source) });
  const got = cf(...args);
  expectSameBits(got, f(...args), `${prim.name} ${label}`);
  if (inline) expect(source, `${prim.name} ${label} is inline`).not.toMatch(/\.impl\(/);
}

const toFloat32 = (xs: readonly Tensor[]): Tensor[] => xs.map((x) => (x.dtype === "float64" ? cast(x, "float32") : x));
const withShape = (specs: readonly ArgSpec[], shape: readonly number[]): ArgSpec[] => specs.map((s) => ({ ...s, shape }));
const broadcastShape = (specs: readonly ArgSpec[]): number[] => broadcastShapes(specs.map((s) => s.shape).reduce((a, b) => broadcastShapes(a, b)), []);

/** Arguments whose float entries cycle through SPECIALS (floats only; others as sampled). */
function withSpecials(xs: readonly Tensor[]): Tensor[] {
  let k = 0;
  return xs.map((x) => {
    if (x.dtype !== "float64") return x;
    const d = x.data() as Float64Array;
    for (let i = 0; i < d.length; i++) d[i] = SPECIALS[(i + k++) % SPECIALS.length]!;
    return fromData(d, x.shape, "float64");
  });
}

describe("compile ≡ interpreter for every registered primitive", () => {
  for (const prim of allPrimitives())
    (prim.testSpec ?? []).forEach((c: TestCase<unknown>, k) => {
      it(`${prim.name} case ${k}`, () => {
        const args = sampleArgs(c.args, randomStream(1000 + k));
        check(prim, c, args, "float64");
        if (c.args.every((a) => a.structure === undefined)) check(prim, c, toFloat32(args), "float32");
        if (elementwiseKernels.has(prim)) {
          // Operands of one shape (a fused loop), with special values, and of one element (JS numbers).
          const same = sampleArgs(withShape(c.args, broadcastShape(c.args)), randomStream(2000 + k));
          check(prim, c, same, "same shapes", true);
          check(prim, c, toFloat32(same), "same shapes, float32", true);
          check(prim, c, withSpecials(same), "special values", true);
          check(prim, c, toFloat32(withSpecials(same)), "special values, float32", true);
          const scalars = sampleArgs(withShape(c.args, []), randomStream(3000 + k));
          check(prim, c, scalars, "one element", true);
          check(prim, c, toFloat32(scalars), "one element, float32", true);
          check(prim, c, withSpecials(scalars), "one special value", true);
        }
      });
    });
});
