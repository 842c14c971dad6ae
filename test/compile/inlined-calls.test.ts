// compile records the primitives that customJvp / customVjp / checkpoint functions run (their rules
// have done their work above the trace), so softplus, sigmoid and user rules fuse into loops instead
// of being evaluated op by op on every call; bits as uncompiled, closed-over tensors still read live.
import { describe, expect, it } from "vitest";
import {
  add, assign, checkpoint, customJvp, customVjp, exp, log1p, mul, sigmoid, softplus, sum, tensor, valueAndGrad, type Tensor,
} from "../../src/index.js";
import { compile, type CompiledSignature } from "../../src/compile/compile.js";
import { expectSameBits } from "./same-bits.js";

function logged<F extends (...args: never[]) => unknown>(f: F): [ReturnType<typeof compile<F>>, CompiledSignature[]] {
  const log: CompiledSignature[] = [];
  return [compile(f, { onCompile: (c) => log.push(c) }), log];
}

describe("compile: call primitives inlined", () => {
  for (const dtype of ["float64", "float32"] as const)
    it(`softplus and sigmoid (customJvp) under valueAndGrad: one loop, no kernel call, same bits (${dtype})`, () => {
      const f = (x: Tensor): Tensor => sum(add(softplus(x), sigmoid(mul(x, 0.5))));
      const vg = valueAndGrad(f);
      const [cvg, log] = logged(vg);
      const x = tensor(Array.from({ length: 50 }, (_, i) => 12 * Math.sin(i * 1.7)), { dtype });
      expectSameBits(cvg(x), vg(x));
      expect(log[0]!.source).not.toMatch(/\.impl\(/);
      expect(log[0]!.program.equations.some((e) => e.prim.name === "customJvp")).toBe(false);
    });

  it("a user's customJvp closing over a tensor reads it at every call (captured, not baked in)", () => {
    const scale = tensor(2, { dtype: "float64" });
    const g = customJvp((x: Tensor) => mul(log1p(exp(x)), scale), ([x], [t]) => [mul(log1p(exp(x!)), scale), mul(t!, scale)]);
    const f = valueAndGrad((x: Tensor) => sum(g(x)));
    const [cf, log] = logged(f);
    const x = tensor([0.5, -1, 3], { dtype: "float64" });
    expectSameBits(cf(x), f(x));
    assign(scale, tensor(-3, { dtype: "float64" }));
    expectSameBits(cf(x), f(x));
    expect(log).toHaveLength(1);
    expect(log[0]!.source).not.toMatch(/\.impl\(/);
  });

  it("customVjp and checkpoint forwards are inlined too", () => {
    const clip = customVjp((x: Tensor) => mul(x, x), (x: Tensor) => [mul(x, x), x], (r: Tensor, ct: Tensor) => [mul(mul(r, 2), ct)]);
    const f = valueAndGrad((x: Tensor) => sum(checkpoint((y: Tensor) => exp(clip(y)))(x)));
    const [cf, log] = logged(f);
    const x = tensor([0.25, -0.5, 1], { dtype: "float64" });
    expectSameBits(cf(x), f(x));
    const names = log[0]!.program.equations.map((e) => e.prim.name);
    expect(names).not.toContain("customVjp");
    expect(names).not.toContain("checkpoint");
  });
});

describe("compile: a call primitive whose function reads values", () => {
  it("stays one call evaluated at every call (branching on x inside customJvp still works)", () => {
    const g = customJvp(
      (x: Tensor) => (x.item() > 0 ? mul(x, x) : mul(x, -1)),
      ([x], [t]) => [mul(x!, x!), mul(t!, 2)],
    );
    const f = (x: Tensor): Tensor => mul(g(x), 3);
    const [cf, log] = logged(f);
    for (const v of [1.5, -2, 3, -0.25]) {
      const x = tensor(v, { dtype: "float64" });
      expectSameBits(cf(x), f(x), `x = ${v}`);
    }
    expect(log).toHaveLength(1);
    expect(log[0]!.program.equations.map((e) => e.prim.name)).toEqual(["customJvp", "mul"]);
  });
});
