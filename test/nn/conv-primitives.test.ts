// The convolution primitives are registered, so the registry-driven suite (test/primitives) runs
// finite-difference, dot-product, second-order and closure checks on every case of their testSpecs.
// This file runs the same checks on them directly, and checks that their rules bind only each other
// (and `add`, which sums the two tangents of a bilinear map; with a bias, `sum` for its cotangent).
import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { randomStream } from "../../src/core/random.js";
import { conv2dInputGradP, conv2dP, conv2dWeightGradP } from "../../src/nn/functional/conv2d.js";
import { bind } from "../../src/primitives/bind.js";
import type { AnyPrimitive } from "../../src/primitives/primitive.js";
import { allPrimitives } from "../../src/primitives/registry.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { ruleClosure } from "../../src/testing/rule-closure.js";
import { sampleArgs } from "../../src/testing/sample-args.js";

const convPrims: AnyPrimitive[] = [conv2dP, conv2dInputGradP, conv2dWeightGradP];

describe("convolution primitives", () => {
  it("are registered", () => {
    for (const p of convPrims) expect(allPrimitives()).toContain(p);
  });

  for (const prim of convPrims)
    (prim.testSpec ?? []).forEach((c, k) => {
      it(`${prim.name} case ${k}: jvp, vjp, consistency and order 2 in float64; rules bind only the three, add and sum`, () => {
        const args = sampleArgs(c.args, randomStream(1000 + k));
        const f = (...xs: Tensor[]): Tensor[] => bind(prim, xs, c.params);
        checkGrads(f, args, { order: 2, name: `${prim.name} case ${k}`, seed: k });
        const bound = [...ruleClosure(prim, args, c.params)];
        expect(bound.map((p) => p.name).filter((n) => n !== "add" && n !== "sum").sort()).toEqual(convPrims.map((p) => p.name).sort());
      });
    });
});
