// Random samplers inside vmap: randomness "error" (default) raises naming the sampler and the
// option, "different" draws example i from foldIn(key, i), "same" shares one draw; per-example
// sampler parameters are read per example. Statistical checks are seeded, with 5·MCSE tolerances.
import { describe, expect, it } from "vitest";
import { add, distributions, grad, manualSeed, mean, mul, rand, randint, randn, random, reshape, split, sum, tensor, TransformError, vmap, type Tensor } from "../../src/index.js";

const key = random.key(2026);
const f64 = { dtype: "float64" as const };
const lane = (x: Tensor, b: number): Tensor => reshape(split(x, x.shape[0]!, 0)[b]!, x.shape.slice(1));
const values = (x: Tensor): number[] => Array.from(x.data());

describe("vmap randomness", () => {
  const xs = tensor([[1, 2], [3, 4], [5, 6]], f64);
  const noisy = (x: Tensor): Tensor => add(x, random.normal(key, [2], f64));

  it('"error" (the default) raises naming the sampler and the option', () => {
    expect(() => vmap(noisy)(xs)).toThrow(TransformError);
    expect(() => vmap(noisy)(xs)).toThrow(/random\.normal: called inside vmap, whose options\.randomness is "error".*randomness: "different".*randomness: "same"/);
    expect(() => vmap((a: Tensor) => random.gamma(key, a, [3]))(tensor([1, 2], f64))).toThrow(/random\.gamma: .*options\.randomness/);
    // A draw outside any vmap is untouched.
    expect(values(random.normal(key, [2], f64))).toEqual(values(random.normal(key, [2], f64)));
  });

  it('"different" draws example i from foldIn(key, i): lanes differ and equal drawing by hand', () => {
    const out = vmap(noisy, { randomness: "different" })(xs);
    for (let i = 0; i < 3; i++) expect(values(lane(out, i))).toEqual(values(add(lane(xs, i), random.normal(random.foldIn(key, i), [2], f64))));
    expect(values(lane(out, 0)).map((v, j) => v - j - 1)).not.toEqual(values(lane(out, 1)).map((v, j) => v - j - 3));
  });

  it('"same" shares one draw between the examples', () => {
    const out = vmap(noisy, { randomness: "same" })(xs);
    const eps = random.normal(key, [2], f64);
    for (let i = 0; i < 3; i++) expect(values(lane(out, i))).toEqual(values(add(lane(xs, i), eps)));
  });

  it('"different" lanes are independent: sample correlation within 5 standard errors of 0', () => {
    const n = 4000;
    const draws = vmap(() => random.normal(key, [n], f64), { axisSize: 2, randomness: "different" })();
    const [a, b] = [values(lane(draws, 0)), values(lane(draws, 1))];
    const m = (v: number[]): number => v.reduce((s, x) => s + x, 0) / n;
    const [ma, mb] = [m(a), m(b)];
    let sab = 0, saa = 0, sbb = 0;
    for (let i = 0; i < n; i++) {
      sab += (a[i]! - ma) * (b[i]! - mb);
      saa += (a[i]! - ma) ** 2;
      sbb += (b[i]! - mb) ** 2;
    }
    // Under independence the sample correlation has standard error 1/√n.
    expect(Math.abs(sab / Math.sqrt(saa * sbb))).toBeLessThanOrEqual(5 / Math.sqrt(n));
  });

  it("a batched sampler parameter is read per example (each example draws with its own parameter)", () => {
    const a = tensor([0.5, 2, 8], f64);
    const n = 4000;
    const draws = vmap((ai: Tensor) => random.gamma(key, ai, [n], f64), { randomness: "different" })(a);
    expect(draws.shape).toEqual([3, n]);
    values(a).forEach((ai, i) => {
      expect(values(lane(draws, i))).toEqual(values(random.gamma(random.foldIn(key, i), ai, [n], f64)));
      // Gamma(a, 1): mean a, variance a, so the Monte Carlo standard error of the mean is √(a/n).
      expect(Math.abs(mean(lane(draws, i)).item() - ai)).toBeLessThanOrEqual(5 * Math.sqrt(ai / n));
    });
    const same = vmap((ai: Tensor) => random.gamma(key, ai, [4], f64), { randomness: "same" })(a);
    values(a).forEach((ai, i) => expect(values(lane(same, i))).toEqual(values(random.gamma(key, ai, [4], f64))));
    const lo = tensor([-1, 0, 2], f64);
    const u = vmap((l: Tensor) => random.uniform(key, [3], { minval: l, maxval: add(l, 1), dtype: "float64" }), { randomness: "different" })(lo);
    values(lo).forEach((l, i) => expect(values(lane(u, i))).toEqual(values(random.uniform(random.foldIn(key, i), [3], { minval: l, maxval: l + 1, dtype: "float64" }))));
  });

  it("nested vmaps fold once per level, innermost first", () => {
    const out = vmap(vmap(() => random.normal(key, [2], f64), { axisSize: 3, randomness: "different" }), { axisSize: 2, randomness: "different" })();
    expect(out.shape).toEqual([2, 3, 2]);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) expect(values(lane(lane(out, i), j))).toEqual(values(random.normal(random.foldIn(random.foldIn(key, j), i), [2], f64)));
    // An inner "same" inside an outer "different": one draw per outer example.
    const mixed = vmap(vmap(() => random.normal(key, [2], f64), { axisSize: 3, randomness: "same" }), { axisSize: 2, randomness: "different" })();
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expect(values(lane(lane(mixed, i), j))).toEqual(values(random.normal(random.foldIn(key, i), [2], f64)));
  });

  it("under grad inside vmap the parameters are read through the gradient's tracers", () => {
    const f = (x: Tensor): Tensor => sum(mul(x, random.gamma(key, mul(x, x), [2], f64)));
    const a = tensor([1, 2, 3], f64);
    const g = vmap(grad(f), { randomness: "different" })(a);
    values(a).forEach((ai, i) => expect(lane(g, i).item()).toBeCloseTo(sum(random.gamma(random.foldIn(key, i), ai * ai, [2], f64)).item(), 12));
  });

  it("the global generator (rand, randn, randint) follows the same modes", () => {
    const withNoise = (x: Tensor): Tensor => add(x, randn([2], f64));
    expect(() => vmap(withNoise)(xs)).toThrow(/randn: called inside vmap, whose options\.randomness is "error"/);
    expect(() => vmap((x: Tensor) => add(x, rand([2])))(xs)).toThrow(/rand: called inside vmap/);
    expect(() => vmap((x: Tensor) => add(x, randint(0, 5, [2])))(xs)).toThrow(/randint: called inside vmap/);
    // "different": the examples draw in turn from the global generator.
    manualSeed(11);
    const out = vmap(withNoise, { randomness: "different" })(xs);
    manualSeed(11);
    for (let i = 0; i < 3; i++) expect(values(lane(out, i))).toEqual(values(add(lane(xs, i), randn([2], f64))));
    // "same": one draw for every example, and the generator advances once.
    manualSeed(11);
    const same = vmap(withNoise, { randomness: "same" })(xs);
    const after = randn([2], f64);
    manualSeed(11);
    const eps = randn([2], f64);
    for (let i = 0; i < 3; i++) expect(values(lane(same, i))).toEqual(values(add(lane(xs, i), eps)));
    expect(values(after)).toEqual(values(randn([2], f64)));
  });

  it("distributions sample and rsample per example", () => {
    const locs = tensor([0, 10, 20], f64);
    const draw = (loc: Tensor): Tensor => new distributions.Normal(loc, tensor(2, f64)).rsample([2], key);
    const out = vmap(draw, { randomness: "different" })(locs);
    for (let i = 0; i < 3; i++) expect(values(lane(out, i))).toEqual(values(new distributions.Normal(tensor(i * 10, f64), tensor(2, f64)).rsample([2], random.foldIn(key, i))));
    // Per-example pathwise gradients: d/dloc Σ rsample = 2 (two draws) for every example.
    expect(values(vmap(grad((loc: Tensor) => sum(draw(loc))), { randomness: "different" })(locs))).toEqual([2, 2, 2]);
    const rates = tensor([1, 4], f64);
    const ex = vmap((r: Tensor) => new distributions.Exponential(r).sample([3], key), { randomness: "same" })(rates);
    values(rates).forEach((r, i) => expect(values(lane(ex, i))).toEqual(values(new distributions.Exponential(tensor(r, f64)).sample([3], key))));
    expect(() => vmap(draw)(locs)).toThrow(/options\.randomness/);
    // Gamma's rsample is a customJvp function: its batching rule follows the calling vmap's randomness.
    const conc = tensor([1, 4], f64);
    const gammaDraw = (c: Tensor): Tensor => new distributions.Gamma(c, tensor(1, f64)).rsample([3], key);
    const gs = vmap(gammaDraw, { randomness: "different" })(conc);
    values(conc).forEach((c, i) => expect(values(lane(gs, i))).toEqual(values(new distributions.Gamma(tensor(c, f64), tensor(1, f64)).rsample([3], random.foldIn(key, i)))));
    const gsame = vmap(gammaDraw, { randomness: "same" })(conc);
    values(conc).forEach((c, i) => expect(values(lane(gsame, i))).toEqual(values(new distributions.Gamma(tensor(c, f64), tensor(1, f64)).rsample([3], key))));
    expect(() => vmap(gammaDraw)(conc)).toThrow(/random\.gamma: called inside vmap, whose options\.randomness is "error"/);
  });
});
