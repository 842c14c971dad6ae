// compile's per-call path: a wrapper of its own per compiled function, arguments passed
// positionally (no argument array) up to MAX_POSITIONAL_ARGUMENTS, and one-element inputs read
// from their storage without giving a number-stored scalar a typed array.
import { afterEach, describe, expect, it, vi } from "vitest";
import { add, log, mul, sin, sub, valueAndGrad, type Tensor } from "../../src/index.js";
import { compile, type CompiledSignature } from "../../src/compile/compile.js";
import { functionFactory } from "../../src/compile/function-factory.js";
import { MAX_POSITIONAL_ARGUMENTS } from "../../src/compile/generate-source.js";
import { scalarTensor } from "../../src/tensor/tensor.js";

afterEach(() => vi.restoreAllMocks());

const f = (x1: Tensor, x2: Tensor): Tensor => sub(add(log(x1), mul(x1, x2)), sin(x2));
const vg = valueAndGrad(f, { argnums: [0, 1] });
const sumOf = (...xs: Tensor[]): Tensor => xs.reduce((s, x, i) => add(s, mul(x, i + 1)));

describe("compile: the per-call path", () => {
  it("reads a number-stored scalar argument as its number, leaving it without a typed array", () => {
    const log: CompiledSignature[] = [];
    const cvg = compile(vg, { returns: "numbers", onCompile: (c) => log.push(c) });
    cvg(scalarTensor(2, [], "float64"), scalarTensor(5, [], "float64")); // traces
    const x1 = scalarTensor(0.75, [], "float64");
    const x2 = scalarTensor(-3, [], "float64");
    const out = cvg(x1, x2);
    expect(typeof x1._buf).toBe("number");
    expect(typeof x2._buf).toBe("number");
    expect(out).toEqual(compile(vg, { returns: "numbers" })(0.75, -3));
    expect(log).toHaveLength(1); // the same signature as a typed-array-stored scalar
    expect(log[0]!.source).not.toContain("._data");
    // The signature lookup (another signature ran last) reads them the same way.
    cvg(2, 5);
    const y = scalarTensor(1.5, [], "float64");
    cvg(y, x2);
    expect(typeof y._buf).toBe("number");
    expect(log).toHaveLength(2);
  });

  it(`takes up to 4 arguments positionally and more as an array, with the same results`, () => {
    const log: CompiledSignature[] = [];
    const c = compile(sumOf, { onCompile: (s) => log.push(s) });
    const args = [2, 5, 7, 11, 13, 17];
    for (let n = 1; n <= args.length; n++)
      for (let round = 0; round < 2; round++) expect(c(...args.slice(0, n)).item()).toBe(sumOf(...args.slice(0, n).map((a) => scalarTensor(a, [], "float64"))).item());
    expect(log).toHaveLength(args.length); // one trace per argument count, none for the repeats
    const positional = log.map((s) => s.source!.includes("function compiled(argc, arg0, arg1, arg2, arg3)"));
    expect(positional).toEqual(args.map((_, i) => i < 4));
    expect(MAX_POSITIONAL_ARGUMENTS).toBe(4);
  });

  it("tells argument counts apart, trailing undefined included", () => {
    const c = compile((x: Tensor, y?: Tensor) => (y === undefined ? mul(x, 2) : mul(x, y)));
    expect(c(3).item()).toBe(6);
    expect(c(3, 4).item()).toBe(12);
    expect(c(3).item()).toBe(6);
    expect(c(3, undefined).item()).toBe(6);
    expect(c(3, 4).item()).toBe(12);
  });

  it("gives each compiled function a wrapper of its own, made once by compile", () => {
    const make = vi.spyOn(functionFactory, "make");
    const a = compile(f);
    const b = compile(f);
    expect(make).toHaveBeenCalledTimes(2);
    expect(make.mock.calls.map((call) => call[0])).toEqual([["s", "M"], ["s", "M"]]);
    // Sources differ (V8 shares the code, and call feedback, of equal `new Function` sources).
    expect(make.mock.calls[0]![1]).not.toBe(make.mock.calls[1]![1]);
    expect(a).not.toBe(b);
    expect(a(2, 5).item()).toBe(f(scalarTensor(2, [], "float64"), scalarTensor(5, [], "float64")).item());
    expect(make).toHaveBeenCalledTimes(3); // and the code of the one signature
  });
});
