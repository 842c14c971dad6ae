import { describe, expect, it } from "vitest";
import { ArgumentError, cpuBackend, getBackend, getNumThreads, grad, random, setBackend, setNumThreads, sum, tensor, wasmBackend, type Tensor } from "../../src/index.js";
import { threefry2x32 } from "../../src/random/threefry.js";
import { bits32 } from "../../src/random/stream.js";

const hex = (words: ArrayLike<number>): string[] => Array.from(words, (w) => `0x${(w >>> 0).toString(16).padStart(8, "0")}`);

describe("Threefry-2x32-20", () => {
  it("matches Random123's known-answer vectors (tests/kat_vectors; also JAX's test_threefry_2x32)", () => {
    // (key, counter) → output, from DEShawResearch/random123 tests/kat_vectors, "threefry2x32 20" rows.
    const kat: [number, number, number, number, string[]][] = [
      [0, 0, 0, 0, ["0x6b200159", "0x99ba4efe"]],
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, ["0x1cb996fc", "0xbb002be7"]],
      [0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3, ["0xc4923a9c", "0x483df7a0"]],
    ];
    const out = new Uint32Array(2);
    for (const [k0, k1, c0, c1, want] of kat) {
      threefry2x32(k0, k1, c0, c1, out);
      expect(hex(out)).toEqual(want);
    }
  });
});

describe("keys equal JAX's (jax_threefry_partitionable, the default since JAX 0.5)", () => {
  it("random.key(seed) holds the seed's 64-bit halves", () => {
    expect(random.key(0).toJSON()).toEqual([0, 0]);
    expect(random.key(42).toJSON()).toEqual([0, 42]);
    expect(random.key(2 ** 32 + 7).toJSON()).toEqual([1, 7]);
    expect(random.key(-1).toJSON()).toEqual([0xffffffff, 0xffffffff]);
    expect(String(random.key(42))).toBe("PRNGKey(0x00000000, 0x0000002a)");
    expect(Object.isFrozen(random.key(1))).toBe(true);
  });

  // JAX: jax.random.split(jax.random.key(0)) → [[1797259609, 2579123966], [928981903, 3453687069]]
  // (0x6b200159 0x99ba4efe is KAT 1; the Rust port's test lists 0x375f238f 0xcddb151d as counter 1's words).
  it("split(key(0)) gives JAX's [[1797259609, 2579123966], [928981903, 3453687069]]", () => {
    expect(random.split(random.key(0)).map((k) => k.toJSON())).toEqual([[1797259609, 2579123966], [928981903, 3453687069]]);
    expect(random.split(random.key(0), 3)[1]!.toJSON()).toEqual([928981903, 3453687069]);
  });

  it("the 32-bit stream of key(0) is JAX's random.bits(key(0), (8,), uint32)", () => {
    // Golden values published as JAX CPU output (jax.random.bits(jax.random.PRNGKey(0), (8,), uint32)) in the
    // tests of two independent ports (an OpenCL JAX backend, a Rust Threefry port); the first is KAT 1's words xored.
    const golden = [0xf29a4fa7, 0xfa843692, 0x55110e28, 0x77faa835, 0x91e43bb7, 0x2a5e6943, 0x4f68ea7d, 0xb081ccfe];
    expect(golden.map((_, i) => bits32(random.key(0), i))).toEqual(golden);
    // uniform float32 = (bits >>> 9) · 2⁻²³, JAX's construction.
    expect(Array.from(random.uniform(random.key(0), [8]).data())).toEqual(golden.map((b) => (b >>> 9) * 2 ** -23));
  });

  it("foldIn(key, d) encrypts the counter (0, d)", () => {
    const out = new Uint32Array(2);
    threefry2x32(0, 42, 0, 7, out);
    expect(random.foldIn(random.key(42), 7).toJSON()).toEqual([out[0], out[1]]);
  });
});

describe("determinism", () => {
  it("the same key gives the same numbers; split and foldIn give different streams", () => {
    const k = random.key(7);
    expect(random.normal(k, [100]).data()).toEqual(random.normal(k, [100]).data());
    const [a, b] = random.split(k);
    const streams = [k, a!, b!, random.foldIn(k, 2), random.foldIn(random.foldIn(k, 1), 1)].map((kk) => Array.from(random.uniform(kk, [16]).data()).join());
    expect(new Set(streams).size).toBe(5);
    // As in JAX (its test_threefry_split_fold_in_symmetry): split(k, n)[i] is foldIn(k, i).
    expect(random.split(k, 4).map((kk) => kk.toJSON())).toEqual([0, 1, 2, 3].map((i) => random.foldIn(k, i).toJSON()));
  });

  it("element i depends on i only: a longer draw extends a shorter one", () => {
    const k = random.key(3);
    expect(Array.from(random.gamma(k, 0.5, [200]).data()).slice(0, 50)).toEqual(Array.from(random.gamma(k, 0.5, [50]).data()));
    expect(Array.from(random.poisson(k, 30, [200]).data()).slice(0, 50)).toEqual(Array.from(random.poisson(k, 30, [50]).data()));
  });

  it("gamma and exp(loggamma) use the same draws", () => {
    const k = random.key(9);
    for (const a of [0.05, 0.7, 3]) {
      const g = Array.from(random.gamma(k, a, [50], { dtype: "float64" }).data());
      const lg = Array.from(random.loggamma(k, a, [50], { dtype: "float64" }).data());
      g.forEach((x, i) => expect(Math.abs(Math.log(x) - lg[i]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lg[i]!))));
    }
  });

  it("gives identical results under cpuBackend and wasmBackend and 1 or 2 threads", () => {
    const draw = (): string[] => {
      const k = random.key(11);
      return [
        random.normal(k, [300]), random.gamma(k, 0.3, [300]), random.poisson(k, 1000, [300]), random.beta(k, 0.5, 0.5, [300]),
        random.categorical(k, random.normal(random.key(1), [4]), { shape: [300] }), random.permutation(k, 50),
      ].map((t) => Array.from(t.data()).join());
    };
    const backend = getBackend();
    const threads = getNumThreads();
    try {
      setBackend(cpuBackend);
      setNumThreads(1);
      const ref = draw();
      setBackend(wasmBackend);
      expect(draw()).toEqual(ref);
      setNumThreads(2);
      expect(draw()).toEqual(ref);
    } finally {
      setBackend(backend);
      setNumThreads(threads);
    }
  });
});

describe("sampling is outside AD", () => {
  it("a tracer parameter is sampled with its primal value; the sample is a constant (no reparameterised gradient)", () => {
    const k = random.key(3);
    const a = tensor([2, 3, 4, 5], { dtype: "float64" });
    const direct = random.gamma(k, a, [4], { dtype: "float64" });
    // d/da Σ (sample · a) with the sample constant is the sample itself.
    const g = grad((x: Tensor) => sum(random.gamma(k, x, [4], { dtype: "float64" }).mul(x)))(a);
    expect(Array.from(g.data())).toEqual(Array.from(direct.data()));
  });
  it("permutation and choice of a tensor being differentiated raise (their rows would get no gradient) and name gather", () => {
    const k = random.key(3);
    const x = tensor([1, 2, 3], { requiresGrad: true });
    expect(() => random.permutation(k, x)).toThrow(/random\.permutation: x must not be a tensor being differentiated.*use gather\(x, indices\)/);
    expect(() => grad((y: Tensor) => sum(random.choice(k, y, [2])))(tensor([1, 2, 3]))).toThrow(/random\.choice: a must not be a tensor being differentiated/);
    expect(Array.from(random.permutation(k, tensor([[1, 1], [2, 2], [3, 3]])).data()).sort()).toEqual([1, 1, 2, 2, 3, 3]);
  });
});

describe("bad arguments", () => {
  it("name random.<fn>, the argument, what was expected and what was given", () => {
    const k = random.key(0);
    expect(() => random.key(1.5)).toThrow(new ArgumentError("random.key: seed must be an integer in [-9007199254740991, 9007199254740991], got the number 1.5"));
    expect(() => random.key("1" as unknown as number)).toThrow(/random\.key: seed must be an integer.*got the string "1"/);
    expect(() => random.split([0, 0] as unknown as random.PRNGKey)).toThrow(new ArgumentError("random.split: key must be a key from random.key(seed) or random.split, got an array of length 2"));
    expect(() => random.split(k, -1)).toThrow(/random\.split: n must be an integer in \[0, 4294967295\], got the number -1/);
    expect(() => random.foldIn(k, 0.5)).toThrow(/random\.foldIn: data must be an integer/);
    expect(() => random.normal(k, [2, -1])).toThrow(new ArgumentError("random.normal: shape[1] must be a non-negative integer, got the number -1"));
    expect(() => random.normal(k, "3" as unknown as number[])).toThrow(/random\.normal: shape must be an array of non-negative integers, got the string "3"/);
    expect(() => random.normal(k, [2], { dtype: "int32" as "float32" })).toThrow(/random\.normal: options\.dtype must be "float32" or "float64", got the string "int32"/);
    expect(() => random.poisson(k, -1)).toThrow(new ArgumentError("random.poisson: lam must be a number in [0, 1073741824] (2³⁰), got the number -1"));
    expect(() => random.bernoulli(k, 1.5)).toThrow(new ArgumentError("random.bernoulli: p must be a probability in [0, 1], got the number 1.5"));
    expect(() => random.bernoulli(k, random.normal(k, [2]).add(5))).toThrow(/random\.bernoulli: p \(element 0\) must be a probability in \[0, 1\]/);
    expect(() => random.gamma(k, 0)).toThrow(/random\.gamma: a must be a finite number > 0, got the number 0/);
    expect(() => random.gamma(k, random.normal(k, [3]), [2])).toThrow(/random\.gamma: a of shape \[3\] does not broadcast to the sample shape \[2\]/);
    expect(() => random.beta(k, 1, NaN)).toThrow(/random\.beta: b must be a finite number > 0, got the number NaN/);
    expect(() => random.randint(k, [2], 5, 5)).toThrow(/random\.randint: maxval must be > minval/);
    expect(() => random.truncatedNormal(k, 1, -1)).toThrow(/random\.truncatedNormal: lower must be < upper/);
    expect(() => random.permutation(k, -2)).toThrow(/random\.permutation: x must be an integer in \[0, 2147483647\], got the number -2/);
    expect(() => random.choice(k, 3, [5], { replace: false })).toThrow(/random\.choice: cannot pick 5 of 3 candidates without replacement/);
    expect(() => random.categorical(k, random.normal(k, [2, 3]), { shape: [4] })).toThrow(/random\.categorical: options\.shape \[4\] must end with the logits' batch shape \[2\]/);
  });
});
