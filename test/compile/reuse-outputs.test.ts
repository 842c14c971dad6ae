// compile(f, { reuseOutputs: true }): results the code computes are made once and overwritten by the
// next call (no allocation per call); values as uncompiled; bad option values are ArgumentErrors.
import { describe, expect, it } from "vitest";
import { add, exp, mul, sum, tensor, valueAndGrad, ArgumentError, type Tensor } from "../../src/index.js";
import { compile, type CompiledSignature } from "../../src/compile/compile.js";
import { expectSameBits } from "./same-bits.js";

const f = (mu: Tensor, eta: Tensor): Tensor => add(mul(-0.5, mul(mu, mu)), sum(mul(-0.5, mul(exp(eta), eta))));

describe("compile: reuseOutputs", () => {
  it("a value and gradient (scalar and [8]) without allocation per call; each call's values right", () => {
    const vg = valueAndGrad(f, { argnums: [0, 1] });
    const log: CompiledSignature[] = [];
    const cvg = compile(vg, { reuseOutputs: true, onCompile: (c) => log.push(c) });
    const eta = (k: number) => tensor(Array.from({ length: 8 }, (_, i) => Math.sin(i + k)), { dtype: "float64" });
    const mu = (k: number) => tensor(0.25 * k - 1, { dtype: "float64" });
    const first = cvg(mu(0), eta(0));
    expectSameBits(first, vg(mu(0), eta(0)));
    const second = cvg(mu(1), eta(1));
    expectSameBits(second, vg(mu(1), eta(1)));
    // The same tensors, now holding the second call's values.
    expect(second[0]).toBe(first[0]);
    expect(second[1][1]).toBe(first[1][1]);
    const perCall = log[0]!.source!.slice(log[0]!.source!.indexOf("return function compiled"));
    expect(perCall).not.toMatch(/new (Float64Array|T)\(/);
  });

  it("returned inputs and constants are still fresh copies", () => {
    const g = (x: Tensor): Tensor[] => [x, tensor([1, 2], { dtype: "float64" }), mul(x, 2)];
    const cg = compile(g, { reuseOutputs: true });
    const x = tensor([3, 4], { dtype: "float64" });
    const [a, c] = cg(x);
    expect(a).not.toBe(x);
    const [a2, c2] = cg(x);
    expect(a2).not.toBe(a);
    expect(c2).not.toBe(c);
    expectSameBits(cg(x), g(x));
  });

  it("rejects a non-boolean reuseOutputs, naming compile and the option", () => {
    expect(() => compile(f, { reuseOutputs: 1 as unknown as boolean })).toThrow(ArgumentError);
    expect(() => compile(f, { reuseOutputs: "yes" as unknown as boolean })).toThrow(/compile.*options\.reuseOutputs.*boolean/);
  });
});
