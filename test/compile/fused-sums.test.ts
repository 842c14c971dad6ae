// Sums over every element of a fused loop's value are accumulated inside that loop (no kernel call,
// no array for the summed value), and scalar work between a loop's equations is moved after them so
// that a gradient's forward and backward sums over a plate share one loop; bits as uncompiled.
import { describe, expect, it } from "vitest";
import { add, cast, div, mul, neg, sub, sum, tensor, valueAndGrad, type Tensor } from "../../src/index.js";
import { compile, type CompiledSignature } from "../../src/compile/compile.js";
import { expectSameBits } from "./same-bits.js";

/** A hierarchical normal log density (eight schools, non-centred) over mu, tau and eta[8]. */
function plate(y: Tensor, s: Tensor) {
  return (mu: Tensor, tau: Tensor, eta: Tensor): Tensor => {
    const z = div(sub(y, add(mu, mul(tau, eta))), s);
    const prior = add(mul(-0.5, mul(mu, mu)), mul(-0.5, mul(tau, tau)));
    return add(prior, add(sum(mul(-0.5, mul(eta, eta))), sum(mul(-0.5, mul(z, z)))));
  };
}

const loops = (c: CompiledSignature): number => c.source!.match(/for \(/g)?.length ?? 0;

describe("compile: sums fused into loops", () => {
  for (const dtype of ["float64", "float32"] as const)
    it(`a plate's value and gradient run as one loop with no kernel call, bit-identical (${dtype})`, () => {
      const y = tensor([28, 8, -3, 7, -1, 1, 18, 12], { dtype });
      const s = tensor([15, 10, 16, 11, 9, 11, 10, 18], { dtype });
      const vg = valueAndGrad(plate(y, s), { argnums: [0, 1, 2] });
      const log: CompiledSignature[] = [];
      const cvg = compile(vg, { onCompile: (c) => log.push(c) });
      for (const k of [0, 1, 2]) {
        const args = [tensor(0.3 - k, { dtype }), tensor(1.7 + k, { dtype }), tensor(Array.from({ length: 8 }, (_, i) => Math.sin(i + k)), { dtype })] as const;
        expectSameBits(cvg(...args), vg(...args), `call ${k}`);
      }
      expect(log).toHaveLength(1);
      expect(log[0]!.source).not.toMatch(/\.impl\(/);
      expect(loops(log[0]!)).toBe(1);
      expect(log[0]!.source).toMatch(/ \+= e\d+;/);
    });

  it("an int32 sum wraps as the kernel's does (accumulated as a double, stored as int32)", () => {
    const f = (x: Tensor): Tensor => sum(mul(x, x));
    const log: CompiledSignature[] = [];
    const cf = compile(f, { onCompile: (c) => log.push(c) });
    const x = cast(tensor([46340, 46341, -40000, 3, 65535, 7]), "int32");
    expectSameBits(cf(x), f(x));
    expect(log[0]!.source).not.toMatch(/\.impl\(/);
  });

  it("a sum read by the same loop's elements closes the loop first (x / Σx)", () => {
    const f = (x: Tensor): Tensor => neg(div(mul(x, 2), sum(mul(x, 2))));
    const log: CompiledSignature[] = [];
    const cf = compile(f, { onCompile: (c) => log.push(c) });
    const x = tensor([0.5, -1.25, 3, 7.5, 1e-3], { dtype: "float64" });
    expectSameBits(cf(x), f(x));
    expect(loops(log[0]!)).toBe(2);
  });

  it("a sum over some axes only stays a kernel call", () => {
    const f = (x: Tensor): Tensor => sum(mul(x, x), [1]);
    const log: CompiledSignature[] = [];
    const cf = compile(f, { onCompile: (c) => log.push(c) });
    const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64" });
    expectSameBits(cf(x), f(x));
    expect(log[0]!.source).toMatch(/\.impl\(/);
  });
});
