// compile's cache of compiled code per argument signature is bounded: least recently used first out.
import { describe, expect, it } from "vitest";
import { ArgumentError, add, exp, mul, zeros, type Tensor } from "../../src/index.js";
import { compile, DEFAULT_MAX_SIGNATURES } from "../../src/compile/compile.js";
import { LruCache } from "../../src/compile/lru-cache.js";

/** compile(g) and the number of traces it has made so far. */
function counted(g: (x: Tensor) => Tensor, maxSignatures?: number): [(x: Tensor) => Tensor, () => number] {
  let traces = 0;
  const c = compile(g, { onCompile: () => traces++, ...(maxSignatures === undefined ? {} : { maxSignatures }) });
  return [c as (x: Tensor) => Tensor, () => traces];
}

const f = (x: Tensor) => add(exp(x), mul(x, x));

describe("compile: a bounded (LRU) signature cache", () => {
  it(`keeps ${DEFAULT_MAX_SIGNATURES} signatures by default and traces an evicted one again`, () => {
    const [c, traces] = counted(f);
    for (let n = 1; n <= DEFAULT_MAX_SIGNATURES + 1; n++) c(zeros([n]));
    expect(traces()).toBe(DEFAULT_MAX_SIGNATURES + 1);
    c(zeros([DEFAULT_MAX_SIGNATURES + 1])); // the most recent: cached
    c(zeros([2])); // still cached (the oldest, [1], was dropped)
    expect(traces()).toBe(DEFAULT_MAX_SIGNATURES + 1);
    c(zeros([1])); // evicted: traced again
    expect(traces()).toBe(DEFAULT_MAX_SIGNATURES + 2);
  });

  it("evicts the least recently used signature, not the oldest traced (maxSignatures: 2)", () => {
    const [c, traces] = counted(f, 2);
    const [a, b, d] = [zeros([1]), zeros([2]), zeros([3])];
    c(a);
    c(b);
    c(a); // a is now the most recent
    expect(traces()).toBe(2);
    c(d); // evicts b
    expect(traces()).toBe(3);
    c(a);
    expect(traces()).toBe(3);
    c(b); // traced again, evicting d
    expect(traces()).toBe(4);
    c(a);
    expect(traces()).toBe(4);
    c(d);
    expect(traces()).toBe(5);
  });

  it("results stay right across evictions", () => {
    const [c] = counted(f, 1);
    for (let round = 0; round < 2; round++)
      for (const n of [2, 3, 2]) expect(Array.from(c(zeros([n])).data())).toEqual(Array.from({ length: n }, () => 1));
  });

  it("validates maxSignatures and its other arguments with ArgumentError", () => {
    for (const bad of [0, -1, 2.5, NaN, Infinity, "4"])
      expect(() => compile(f, { maxSignatures: bad as number })).toThrow(
        new ArgumentError(`compile: options.maxSignatures must be an integer ≥ 1, got ${typeof bad === "string" ? `the string "${bad}"` : `the number ${bad}`}`),
      );
    expect(() => compile(5 as unknown as typeof f)).toThrow(ArgumentError);
    expect(() => compile(5 as unknown as typeof f)).toThrow(/^compile: f must be a function/);
    expect(() => compile(f, { onCompile: 1 as unknown as () => void })).toThrow(/^compile: options\.onCompile must be a function/);
    expect(() => compile(f, null as unknown as object)).toThrow(/^compile: options must be an options object/);
  });
});

describe("LruCache", () => {
  it("holds at most its capacity, dropping the least recently used", () => {
    const c = new LruCache<string, number>(2);
    c.set("a", 1);
    c.set("b", 2);
    expect(c.get("a")).toBe(1);
    c.set("c", 3);
    expect([c.size, c.get("b"), c.get("a"), c.get("c")]).toEqual([2, undefined, 1, 3]);
    c.set("a", 10); // overwrite refreshes
    c.set("d", 4); // evicts c
    expect([c.get("c"), c.get("a"), c.get("d")]).toEqual([undefined, 10, 4]);
  });
});
