// A fused loop's intermediate arrays that only generated loops read are allocated once per compiled
// function, not per call; results handed to the caller stay fresh (the next call never overwrites them).
import { describe, expect, it } from "vitest";
import { div, exp, matmul, mul, reshape, sum, tensor, type Tensor } from "../../src/index.js";
import { compile, type CompiledSignature } from "../../src/compile/compile.js";
import { expectSameBits } from "./same-bits.js";

/** The generated function's body (what runs per call) and the code run once when it is made. */
function split(c: CompiledSignature): { once: string; perCall: string } {
  const at = c.source!.indexOf("return function compiled");
  return { once: c.source!.slice(0, at), perCall: c.source!.slice(at) };
}

describe("compile: reused intermediate arrays", () => {
  it("softmax-like x ↦ 2·eˣ/Σeˣ: eˣ's array is made once, the result per call", () => {
    const f = (x: Tensor): Tensor => mul(div(exp(x), sum(exp(x))), 2);
    const log: CompiledSignature[] = [];
    const cf = compile(f, { onCompile: (c) => log.push(c) });
    const x1 = tensor([0.5, -1, 2, 3.25], { dtype: "float64" });
    const x2 = tensor([4, 0, -2, 1], { dtype: "float64" });
    const r1 = cf(x1);
    const r2 = cf(x2);
    expectSameBits(r1, f(x1)); // not overwritten by the second call
    expectSameBits(r2, f(x2));
    expect(r1.data()).not.toBe(r2.data());
    const { once, perCall } = split(log[0]!);
    expect(once.match(/new Float64Array\(4\)/g)).toHaveLength(1);
    expect(perCall.match(/new Float64Array\(4\)/g)).toHaveLength(1);
  });

  it("an array that a kernel reads or that is returned is made per call", () => {
    const w = tensor([[1], [2], [3], [4]], { dtype: "float64" });
    const f = (x: Tensor): Tensor[] => {
      const e = exp(x);
      return [matmul(reshape(e, [1, 4]), w), mul(e, 3)];
    };
    const log: CompiledSignature[] = [];
    const cf = compile(f, { onCompile: (c) => log.push(c) });
    const x = tensor([0.5, -1, 2, 3.25], { dtype: "float64" });
    const a = cf(x);
    expectSameBits(cf(tensor([1, 1, 1, 1], { dtype: "float64" })), f(tensor([1, 1, 1, 1], { dtype: "float64" })));
    expectSameBits(a, f(x));
    expect(split(log[0]!).once).not.toMatch(/new Float64Array/);
  });
});
