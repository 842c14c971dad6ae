// Per-norm exact cases (research/norms.md §6.1, N1–N19, P8, P9, N8/O9), expected numbers from NumPy.
import { describe, expect, it } from "vitest";
import { tensor, transpose, zeros } from "../../src/index.js";
import { norms } from "../../src/optim/index.js";
import { expectClose, f64, flat } from "./helpers.js";

const g = f64([3, -4]);
const s = (n: norms.Norm, x = g) => norms.sharp(n, x);

describe("vector norms at g = [3, −4]", () => {
  const cases: [string, norms.Norm, number, number[], number[]][] = [
    ["N1 ℓ2", norms.l2(), 5, [0.6, -0.8], [3, -4]],
    ["N2 ℓ∞", norms.linf(), 7, [1, -1], [7, -7]],
    ["N3 ℓ1", norms.l1(), 4, [0, -1], [0, -4]],
    ["N5 ℓ3", norms.lp(3), 5.58425, [0.732956, -0.846345], [4.093012, -4.726204]],
    ["N6 ℓ1.5", norms.lp(1.5), 4.497941, [0.444851, -0.790847], [4.497941 * 0.444851, 4.497941 * -0.790847]],
    ["N7 P = diag(2, 8)", norms.quadratic([[2, 0], [0, 8]]), 2.54951, [0.588348, -0.196116], [1.5, -0.5]],
    ["RMS", norms.rms(), Math.sqrt(2) * 5, [0.6 * Math.sqrt(2), -0.8 * Math.sqrt(2)], [6, -8]],
  ];
  for (const [name, n, dual, d, sh] of cases)
    it(`${name}: dual, dualize, sharp`, () => {
      expectClose(n.dual(g), dual, 1e-5);
      expectClose(n.dualize(g), d, 1e-5);
      expectClose(s(n), sh, 1e-5);
      expectClose(n.norm(n.dualize(g)), 1, 1e-12);
    });

  it("N4 ℓ1 ties: 'split' shares the unit, 'first' takes the first", () => {
    const t = f64([2, -2, 1]);
    expect(norms.l1().dual(t)).toBe(2);
    expectClose(norms.l1().dualize(t), [0.5, -0.5, 0], 0);
    expectClose(norms.l1({ ties: "first" }).dualize(t), [1, 0, 0], 0);
    expectClose(s(norms.l1(), t), [1, -1, 0], 0);
    expectClose(s(norms.l1({ ties: "first" }), t), [2, 0, 0], 0);
    // ties across the tensors of a tree count like ties within one vector
    expectClose(norms.l1().dualize([f64([2, 0]), f64([-2])]), [0.5, 0, -0.5], 0);
  });

  it("ℓp delegates p = 1, 2, ∞ and rejects p < 1", () => {
    expectClose(norms.lp(1).dualize(g), [0, -1], 0);
    expectClose(norms.lp(2).dualize(g), [0.6, -0.8], 1e-15);
    expectClose(norms.lp(Infinity).dualize(g), [1, -1], 0);
    expect(() => norms.lp(0.5)).toThrow(/p must be ≥ 1/);
  });
});

describe("matrix norms", () => {
  const G = f64([[1, 2], [3, 4]]);
  const svd = norms.spectral({ method: "svd" });
  it("N9 Frobenius", () => {
    expectClose(norms.frobenius().dual(G), Math.sqrt(30), 1e-12);
    expectClose(norms.frobenius().dualize(G), [1, 2, 3, 4].map((v) => v / Math.sqrt(30)), 1e-12);
    expectClose(s(norms.frobenius(), G), [1, 2, 3, 4], 0);
  });
  it("N10 spectral of [[1,2],[3,4]]: dual √34, polar factor (G − cof G)/√34", () => {
    expectClose(svd.dual(G), Math.sqrt(34), 1e-12);
    expectClose(svd.dualize(G), [[-0.514496, 0.857493], [0.857493, 0.514496]], 1e-6);
    expectClose(svd.norm(G), 5.464986, 1e-6);
  });
  it("N11 spectral of diag(3, 4) is I; sharp 7I", () => {
    const D = f64([[3, 0], [0, 4]]);
    expectClose(svd.dual(D), 7, 1e-12);
    expectClose(svd.dualize(D), [1, 0, 0, 1], 1e-14);
    expectClose(s(svd, D), [7, 0, 0, 7], 1e-13);
  });
  it("N12 rank one keeps the null space at zero", () => {
    const R = f64([[1, 1], [1, 1]]);
    expectClose(svd.dual(R), 2, 1e-12);
    expectClose(svd.dualize(R), [0.5, 0.5, 0.5, 0.5], 1e-14);
    // also in float32, where the rank cut-off uses float32's epsilon
    expectClose(svd.dualize(tensor([[1, 1], [1, 1]])), [0.5, 0.5, 0.5, 0.5], 1e-7);
  });
  it("N13 wide matrices", () => {
    const W = f64([[1, 0, 0], [0, 2, 0]]);
    expectClose(svd.dual(W), 3, 1e-12);
    expectClose(svd.dualize(W), [[1, 0, 0], [0, 1, 0]], 1e-14);
  });
  it("N14 RMS→RMS (fanOut 2, fanIn 3): √(2/3)·UVᵀ, dual √6", () => {
    const W = f64([[1, 0, 0], [0, 2, 0]]);
    const n = norms.rmsToRms({ fanIn: 3, fanOut: 2, method: "svd" });
    expectClose(n.dual(W), Math.sqrt(6), 1e-12);
    expectClose(n.dualize(W), [[0.816497, 0, 0], [0, 0.816497, 0]], 1e-6);
    expectClose(n.norm(n.dualize(W)), 1, 1e-12);
  });
  it("N15 Muon's scale √1.5 for a 3×2 (out 3, in 2) matrix", () => {
    const G3 = f64([[1, 2], [3, 4], [5, 6]]);
    const polar = norms.spectral({ method: "svd" }).dualize(G3);
    const muon = norms.perParam((p) => norms.scaled(norms.spectral({ method: "svd" }), 1 / Math.max(1, Math.sqrt(p.shape[0]! / p.shape[1]!))));
    expectClose(muon.dualize(G3), flat(polar).map((v) => v * Math.sqrt(1.5)), 1e-12);
  });
  it("N16 nuclear: dual σ₁, dualize u₁v₁ᵀ", () => {
    const n = norms.nuclear();
    expectClose(n.dual(G), 5.464986, 1e-6);
    expectClose(n.dualize(G), [[0.233042, 0.330688], [0.526805, 0.747538]], 1e-6);
    expectClose(n.norm(G), Math.sqrt(34), 1e-12);
  });
  it("N19 layout: the same weight in [out, in] and [in, out] gives transposed updates", () => {
    const W = f64([[1, 2, 0], [0, 1, 3]]); // out 2, in 3
    const a = norms.rmsToRms({ fanIn: 3, fanOut: 2, method: "svd" }).dualize(W);
    const b = norms.rmsToRms({ layout: "inOut", method: "svd" }).dualize(transpose(W));
    expectClose(transpose(b), flat(a), 1e-12);
    const c = norms.rmsToRms({ method: "svd" }).dualize(W); // default layout "outIn"
    expectClose(c, flat(a), 0);
  });
  it("spectral and rmsToRms refuse vectors with a helpful message", () => {
    expect(() => norms.spectral().dualize(f64([1, 2]))).toThrow(/needs matrices.*perParam/);
    expect(() => norms.rmsToRms({ fanIn: 5, fanOut: 2 }).dualize(f64([[1, 2], [3, 4]]))).toThrow(/not a fanIn 5 → fanOut 2 weight/);
  });
  it("rank > 2 tensors (convolution filters) are read as [out, rest]", () => {
    const K = f64([[[[1, 0]], [[0, 2]]]]); // [1, 2, 1, 2]
    const d = norms.spectral({ method: "svd" }).dualize(K);
    expect(d.shape).toEqual([1, 2, 1, 2]);
    expectClose(d, [1, 0, 0, 2].map((v) => v / Math.sqrt(5)), 1e-14);
  });
});

describe("composites (P8, P9)", () => {
  const a = f64([3, -4]);
  const B = f64([[3, 0], [0, 4]]);
  const sp = norms.spectral({ method: "svd" });
  it("max(2·ℓ2, spectral): dual 9.5, dualize ([0.3, −0.4], I), sharp 9.5×", () => {
    const n = norms.max([norms.l2(), sp], [2, 1]);
    expectClose(n.dual([a, B]), 9.5, 1e-12);
    expectClose(n.dualize([a, B]), [0.3, -0.4, 1, 0, 0, 1], 1e-12);
    expectClose(norms.sharp(n, [a, B]), [0.3, -0.4, 1, 0, 0, 1].map((v) => 9.5 * v), 1e-12);
    expectClose(n.norm([a, B]), Math.max(10, 4), 1e-12);
  });
  it("sum(ℓ2, spectral): dual 7, dualize (0, I)", () => {
    const n = norms.sum([norms.l2(), sp]);
    expectClose(n.dual([a, B]), 7, 1e-12);
    expectClose(n.dualize([a, B]), [0, 0, 1, 0, 0, 1], 1e-12);
  });
  it("euclid(ℓ2, spectral): dual √74, dualize ([0.348743, −0.464991], 0.813733·I)", () => {
    const n = norms.euclid([norms.l2(), sp]);
    expectClose(n.dual([a, B]), Math.sqrt(74), 1e-12);
    expectClose(n.dualize([a, B]), [0.348743, -0.464991, 0.813733, 0, 0, 0.813733], 1e-6);
  });
  it("combinators on object trees, by key", () => {
    const n = norms.max({ bias: norms.l2(), weight: sp }, { bias: 2 });
    const d = n.dualize({ weight: B, bias: a });
    expectClose(d.bias, [0.3, -0.4], 1e-12);
    expectClose(d.weight, [1, 0, 0, 1], 1e-12);
    expect(() => n.dualize({ weight: B } as never)).toThrow(/expects keys/);
    expect(() => norms.max([norms.l2()]).dualize(a as never)).toThrow(/expects an array of 1/);
  });
  it("sum splits exact ties between blocks", () => {
    const n = norms.sum([norms.l2(), norms.l2()]);
    expectClose(n.dualize([f64([3, 4]), f64([0, 5])]), [0.3, 0.4, 0, 0.5], 1e-12);
  });
  it("P9 modular: Linear∘ReLU∘Linear∘ReLU∘Linear gives every layer 1/3 in RMS→RMS", () => {
    const lin = (fanIn: number, fanOut: number) => ({ norm: norms.rmsToRms({ fanIn, fanOut, method: "svd" }) });
    const layers = [lin(4, 3), {}, lin(3, 3), {}, lin(3, 2)];
    expect(norms.modularCoefficients(layers)).toEqual([3, 3, 3]);
    const n = norms.modular(layers);
    const ws = [f64([[1, 2, 0, 1], [0, 1, 1, 0], [2, 0, 1, 1]]), f64([[1, 0, 2], [0, 3, 1], [1, 1, 1]]), f64([[1, 2, 3], [0, 1, 4]])];
    const d = n.dualize(ws);
    d.forEach((di, i) => expectClose(norms.rmsToRms({ fanIn: ws[i]!.shape[1], fanOut: ws[i]!.shape[0], method: "svd" }).norm(di), 1 / 3, 1e-12));
    expectClose(n.norm(d), 1, 1e-12);
  });
  it("P9 modular: Linear₂∘Mul(0.5)∘Linear₁ gives Linear₁ budget 1, Linear₂ 0.5; mass 0 freezes", () => {
    const l = { norm: norms.l2() };
    expect(norms.modularCoefficients([l, { sensitivity: 0.5 }, l])).toEqual([1, 2]);
    const n = norms.modular([l, { sensitivity: 0.5 }, l]);
    const d = n.dualize([f64([3, 4]), f64([0, 2])]);
    expectClose(d, [0.6, 0.8, 0, 0.5], 1e-12);
    const frozen = norms.modular([{ norm: norms.l2(), mass: 0 }, { norm: norms.l2() }]);
    expectClose(frozen.dualize([f64([3, 4]), f64([0, 2])]), [0, 0, 0, 1], 0);
  });
});

describe("N8/O9: zero gradients give zero, never NaN, for every norm", () => {
  const z = zeros([2, 3], { dtype: "float64" });
  const all: norms.Norm[] = [
    norms.l2(), norms.l1(), norms.l1({ ties: "first" }), norms.linf(), norms.lp(3), norms.lp(1.5), norms.rms(), norms.frobenius(),
    norms.spectral(), norms.spectral({ method: "svd" }), norms.spectral({ coefficients: "muon" }), norms.nuclear(), norms.rmsToRms(),
    norms.quadratic([[1, 0, 0, 0, 0, 0], [0, 2, 0, 0, 0, 0], [0, 0, 3, 0, 0, 0], [0, 0, 0, 4, 0, 0], [0, 0, 0, 0, 5, 0], [0, 0, 0, 0, 0, 6]]),
    norms.scaled(norms.l2(), 3), norms.perParam(norms.spectral()),
  ];
  for (const n of all)
    it(n.name, () => {
      expect(n.dual(z)).toBe(0);
      expect(n.norm(z)).toBe(0);
      expect(flat(n.dualize(z)).every((v) => v === 0)).toBe(true);
      expect(flat(norms.sharp(n, z)).every((v) => v === 0)).toBe(true);
    });
  it("composites and modular", () => {
    for (const n of [norms.max([norms.l2(), norms.spectral()]), norms.sum([norms.l2(), norms.spectral()]), norms.euclid([norms.l2(), norms.spectral()]), norms.modular([{ norm: norms.l2() }, { norm: norms.spectral() }])]) {
      const t = [zeros([3], { dtype: "float64" }), z];
      expect(n.dual(t)).toBe(0);
      expect(flat(n.dualize(t)).every((v) => v === 0)).toBe(true);
      expect(flat(norms.sharp(n, t)).every((v) => v === 0)).toBe(true);
    }
  });
});

describe("dtypes and trees", () => {
  it("dualize keeps each tensor's dtype and shape", () => {
    const t = { w: tensor([[1, 2], [3, 4]]), b: tensor([1, -1], { dtype: "float64" }) };
    const d = norms.l2().dualize(t);
    expect(d.w.dtype).toBe("float32");
    expect(d.b.dtype).toBe("float64");
    expect(d.w.shape).toEqual([2, 2]);
    const sp = norms.perParam((p) => (p.ndim >= 2 ? norms.spectral() : norms.rms())).dualize(t);
    expect(sp.w.dtype).toBe("float32");
  });
  it("ℓ2 on a tree is ℓ2 of the concatenation", () => {
    expectClose(norms.l2().dual([f64([3]), { a: f64([4]) }]), 5, 0);
  });
});
