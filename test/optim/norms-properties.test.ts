// Property tests for every norm, composites included (research/norms.md §6.2 P1–P7, §6.3 S1–S6).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matmul, mul, neg, tensor, transpose, type Tensor } from "../../src/index.js";
import { norms } from "../../src/optim/index.js";
import { denseSVD } from "../../src/optim/norms/matrix.js";
import { inner, mapTree, treeLeaves, type ParamTree } from "../../src/optim/tree.js";
import { expectClose, f64, flat } from "./helpers.js";

// entries on a grid of 1/64 in [−10, 10]: exact ties happen (and stay exact when scaled), while
// near-ties one rounding apart, where a tie rule legitimately flips, do not
const entry = fc.integer({ min: -640, max: 640 }).map((v) => v / 64);
const vec = (n: number) => fc.array(entry, { minLength: n, maxLength: n }).map((a) => f64(a));
const mat = (m: number, n: number) => fc.array(entry, { minLength: m * n, maxLength: m * n }).map((a) => tensor(new Float64Array(a), { shape: [m, n] }));
const anyVec = fc.integer({ min: 1, max: 6 }).chain(vec);
const anyMat = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).chain(([m, n]) => mat(m, n));
const pair = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([k, m, n]) => fc.tuple(vec(k), mat(m, n)));
const nonzero = (t: ParamTree) => flat(t).some((v) => Math.abs(v) > 1e-3);
const scaleT = <T extends ParamTree>(t: T, c: number): T => mapTree(t, (x) => mul(x, c));
const runs = { numRuns: 60 };

interface Case {
  name: string;
  norm: norms.Norm;
  arb: fc.Arbitrary<ParamTree>;
  /** Relative tolerance of the identities (Newton–Schulz is approximate). */
  tol: number;
  /** Sharp is taken block by block (perParam): check the identities per block. */
  blockSharp?: boolean;
}

const sv = norms.spectral({ method: "svd" });
const cases: Case[] = [
  { name: "l2", norm: norms.l2(), arb: anyVec, tol: 1e-12 },
  { name: "l1 split", norm: norms.l1(), arb: anyVec, tol: 1e-12 },
  { name: "l1 first", norm: norms.l1({ ties: "first" }), arb: anyVec, tol: 1e-12 },
  { name: "linf", norm: norms.linf(), arb: anyVec, tol: 1e-12 },
  { name: "lp(3)", norm: norms.lp(3), arb: anyVec, tol: 1e-10 },
  { name: "lp(1.5)", norm: norms.lp(1.5), arb: anyVec, tol: 1e-10 },
  { name: "lp(7)", norm: norms.lp(7), arb: anyVec, tol: 1e-10 },
  { name: "rms", norm: norms.rms(), arb: anyVec, tol: 1e-12 },
  { name: "quadratic", norm: norms.quadratic([[2, 1, 0], [1, 3, 1], [0, 1, 4]]), arb: vec(3), tol: 1e-10 },
  { name: "frobenius", norm: norms.frobenius(), arb: anyMat, tol: 1e-12 },
  { name: "spectral(svd)", norm: sv, arb: anyMat, tol: 1e-9 },
  { name: "nuclear", norm: norms.nuclear(), arb: anyMat, tol: 1e-9 },
  { name: "rmsToRms(svd)", norm: norms.rmsToRms({ method: "svd" }), arb: anyMat, tol: 1e-9 },
  { name: "scaled(linf, 3)", norm: norms.scaled(norms.linf(), 3), arb: anyVec, tol: 1e-12 },
  { name: "max(l2, spectral)", norm: norms.max([norms.l2(), sv], [2, 0.5]), arb: pair, tol: 1e-9 },
  { name: "sum(l1, spectral)", norm: norms.sum([norms.l1(), sv], [1, Math.E]), arb: pair, tol: 1e-9 }, // an irrational coefficient: exact ties between blocks (where dualize jumps) are not what P5 tests
  { name: "euclid(rms, nuclear)", norm: norms.euclid([norms.rms(), norms.nuclear()], [0.7, 2]), arb: pair, tol: 1e-9 },
  { name: "perParam(rms | spectral)", norm: norms.perParam((p) => (p.ndim >= 2 ? sv : norms.rms())), arb: pair, tol: 1e-9, blockSharp: true },
  { name: "modular(l2, spectral)", norm: norms.modular([{ norm: norms.l2(), mass: 2 }, { sensitivity: 0.5 }, { norm: sv }]), arb: pair, tol: 1e-9 },
];

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

describe.each(cases)("$name", ({ norm, arb, tol, blockSharp }) => {
  it("P1 ⟨g, dualize(g)⟩ = dual(g); P2 ‖dualize(g)‖ = 1", () => {
    fc.assert(
      fc.property(arb, (g) => {
        const d = norm.dualize(g);
        expect(close(inner(g, d), norm.dual(g), tol)).toBe(true);
        if (nonzero(g)) expect(close(norm.norm(d), 1, tol)).toBe(true);
      }),
      runs,
    );
  });
  it("P2 non-negative and absolutely homogeneous", () => {
    fc.assert(
      fc.property(arb, fc.double({ min: -5, max: 5, noNaN: true }), (w, c) => {
        expect(norm.norm(w)).toBeGreaterThanOrEqual(0);
        expect(norm.dual(w)).toBeGreaterThanOrEqual(0);
        expect(close(norm.norm(scaleT(w, c)), Math.abs(c) * norm.norm(w), tol)).toBe(true);
        expect(close(norm.dual(scaleT(w, c)), Math.abs(c) * norm.dual(w), tol)).toBe(true);
      }),
      runs,
    );
  });
  it("P3 optimality against random directions: ⟨g, v⟩ ≤ dual(g)·‖v‖", () => {
    fc.assert(
      fc.property(arb.chain((g) => fc.tuple(fc.constant(g), arb.filter((v) => treeLeaves(v).every((l, i) => l.shape.join() === treeLeaves(g)[i]!.shape.join())))), ([g, v]) => {
        expect(inner(g, v)).toBeLessThanOrEqual(norm.dual(g) * norm.norm(v) * (1 + tol) + tol);
      }),
      { numRuns: 40 },
    );
  });
  it("P4 sharp: ⟨g, sharp(g)⟩ = dual(g)², ‖sharp(g)‖ = dual(g)", () => {
    fc.assert(
      fc.property(arb, (g) => {
        const s = norms.sharp(norm, g);
        if (blockSharp) {
          // perParam's sharp is each tensor's own: check the identities per block
          const gs = treeLeaves(g);
          const ss = treeLeaves(s);
          gs.forEach((gi, i) => {
            const n = gi.ndim >= 2 ? sv : norms.rms();
            expect(close(inner(gi, ss[i]!), n.dual(gi) ** 2, tol)).toBe(true);
            expect(close(n.norm(ss[i]!), n.dual(gi), tol)).toBe(true);
          });
          return;
        }
        const d = norm.dual(g);
        expect(close(inner(g, s), d * d, tol)).toBe(true);
        expect(close(norm.norm(s), d, tol)).toBe(true);
      }),
      runs,
    );
  });
  it("P5 invariances: dualize(c·g) = dualize(g), sharp(c·g) = c·sharp(g) (c > 0), dualize(−g) = −dualize(g)", () => {
    fc.assert(
      fc.property(arb, fc.double({ min: 0.1, max: 10, noNaN: true }), (g, c) => {
        expectClose(norm.dualize(scaleT(g, c)), flat(norm.dualize(g)), 1e-8);
        expectClose(norms.sharp(norm, scaleT(g, c)), flat(norms.sharp(norm, g)).map((v) => c * v), 1e-7 * Math.max(1, c * 100));
        expectClose(norm.dualize(mapTree(g, (x) => neg(x))), flat(norm.dualize(g)).map((v) => -v), 1e-8);
      }),
      runs,
    );
  });
});

describe("P6 duality pairs", () => {
  it("spectral.dual = nuclear.norm and nuclear.dual = spectral.norm", () => {
    fc.assert(
      fc.property(anyMat, (G) => {
        expect(close(sv.dual(G), norms.nuclear().norm(G), 1e-12)).toBe(true);
        expect(close(norms.nuclear().dual(G), sv.norm(G), 1e-12)).toBe(true);
      }),
      runs,
    );
  });
  it("ℓp.dual = ℓq.norm with 1/p + 1/q = 1; ℓ1 ↔ ℓ∞; ℓ2 self-dual", () => {
    fc.assert(
      fc.property(anyVec, fc.double({ min: 1.05, max: 20, noNaN: true }), (g, p) => {
        const q = p / (p - 1);
        expect(close(norms.lp(p).dual(g), norms.lp(q).norm(g), 1e-10)).toBe(true);
        expect(norms.l1().dual(g)).toBe(norms.linf().norm(g));
        expect(norms.linf().dual(g)).toBe(norms.l1().norm(g));
        expect(norms.l2().dual(g)).toBe(norms.l2().norm(g));
      }),
      runs,
    );
  });
  it("rmsToRms.dual = √(fanOut/fanIn)·nuclear", () => {
    fc.assert(
      fc.property(anyMat, (G) => {
        const [m, n] = G.shape as [number, number];
        expect(close(norms.rmsToRms({ method: "svd" }).dual(G), Math.sqrt(m / n) * norms.nuclear().norm(G), 1e-12)).toBe(true);
      }),
      runs,
    );
  });
});

describe("P7 the combinators of |·| on scalars reproduce ℓ∞, ℓ1 and ℓ2", () => {
  it("max = ℓ∞, sum = ℓ1 (same tie rule), euclid = ℓ2: norm, dual and dualize", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 5 }), (xs) => {
        const g = f64(xs);
        const parts = xs.map((x) => f64(x));
        const abs = parts.map(() => norms.l2()); // ℓ2 of a scalar is |·|
        const pairs: [norms.Norm, norms.Norm][] = [
          [norms.max(abs), norms.linf()],
          [norms.sum(abs), norms.l1()],
          [norms.euclid(abs), norms.l2()],
        ];
        for (const [comp, direct] of pairs) {
          expect(close(comp.norm(parts), direct.norm(g), 1e-14)).toBe(true);
          expect(close(comp.dual(parts), direct.dual(g), 1e-14)).toBe(true);
          expectClose(comp.dualize(parts), flat(direct.dualize(g)), 1e-14);
        }
      }),
      runs,
    );
  });
});

describe("Newton–Schulz against the SVD, by properties (S1–S6)", () => {
  const svals = (t: Tensor): number[] => Array.from(denseSVD(t.data(), t.shape[0]!, t.shape[1]!).s);
  it("S1 Muon's polynomial: f(1) = 0.701, f′(0) = 3.4445; five steps map [0.01, 1] into [0.6818, 1.1344]", () => {
    const f = (x: number) => 3.4445 * x - 4.775 * x ** 3 + 2.0315 * x ** 5;
    expect(f(1)).toBeCloseTo(0.701, 12);
    let lo = Infinity;
    let hi = -Infinity;
    for (let x = 0.01; x <= 1; x += 1e-4) {
      let y = x;
      for (let k = 0; k < 5; k++) y = f(y);
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
    expect(lo).toBeGreaterThan(0.6817);
    expect(hi).toBeLessThan(1.1345);
  });
  it("S2 diag(3, 4) under each preset", () => {
    const D = f64([[3, 0], [0, 4]]);
    expectClose(norms.newtonSchulz(D, { coefficients: "muon", eps: 0 }), [0.722876, 0, 0, 1.119204], 1e-6);
    expectClose(norms.newtonSchulz(D, { coefficients: "jiacheng", eps: 0 }), [0.995599, 0, 0, 0.996848], 1e-6);
    expectClose(norms.newtonSchulz(D, { coefficients: "cubic", steps: 5, eps: 0 }), [1, 0, 0, 1], 1e-8);
    expectClose(norms.newtonSchulz(D, { coefficients: "quintic", steps: 5, eps: 0 }), [0.99074, 0, 0, 0.99982], 1e-5);
  });
  it("S3 commutes with the SVD: Muon's five steps on [[1,2],[3,4]]", () => {
    expectClose(norms.newtonSchulz(f64([[1, 2], [3, 4]]), { coefficients: "muon", eps: 0 }), [[-0.680661, 0.82554], [0.741295, 0.25944]], 1e-6);
  });
  it("S4 NS(Gᵀ) = NS(G)ᵀ, NS(c·G) = NS(G), NS(0) = 0", () => {
    fc.assert(
      fc.property(anyMat, fc.double({ min: 0.01, max: 100, noNaN: true }), (G, c) => {
        const a = norms.newtonSchulz(G, { eps: 0 });
        expectClose(norms.newtonSchulz(transpose(G), { eps: 0 }), flat(transpose(a)), 1e-12);
        if (nonzero(G)) expectClose(norms.newtonSchulz(mul(G, c), { eps: 0 }), flat(a), 1e-9);
      }),
      runs,
    );
    expectClose(norms.newtonSchulz(f64([[0, 0], [0, 0]])), [0, 0, 0, 0], 0);
  });
  it("S5 random matrices: the convergent presets approach UVᵀ; Muon's keeps σ in [0.68, 1.14] with cosine > 0.95", () => {
    const wellConditioned = fc
      .tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 6 }))
      .chain(([m, n]) => mat(m, n))
      .filter((G) => {
        const s = svals(G);
        const fro = Math.hypot(...s);
        return fro > 0 && s[s.length - 1]! >= 0.02 * fro;
      });
    fc.assert(
      fc.property(wellConditioned, (G) => {
        const exact = sv.dualize(G);
        const rel = (t: Tensor) => Math.hypot(...flat(t).map((v, i) => v - flat(exact)[i]!)) / Math.hypot(...flat(exact));
        expect(rel(norms.newtonSchulz(G, { coefficients: "jiacheng" }))).toBeLessThan(5e-3);
        expect(rel(norms.newtonSchulz(G, { coefficients: "cubic", steps: 40 }))).toBeLessThan(1e-10);
        const k = norms.newtonSchulz(G, { coefficients: "muon" });
        const s = svals(k).slice(0, Math.min(...G.shape));
        expect(Math.min(...s)).toBeGreaterThan(0.68);
        expect(Math.max(...s)).toBeLessThan(1.14);
        expect(inner(k, exact) / (Math.hypot(...flat(k)) * Math.hypot(...flat(exact)))).toBeGreaterThan(0.95);
      }),
      { numRuns: 40 },
    );
  });
  it("S6 Shampoo without accumulation, (GGᵀ)^(−1/4) G (GᵀG)^(−1/4), is the spectral dualize", () => {
    // for G = [[1,2],[3,4]]: via the SVD, (GGᵀ)^(−1/4) = U Σ^(−1/2) Uᵀ and (GᵀG)^(−1/4) = V Σ^(−1/2) Vᵀ
    const G = f64([[1, 2], [3, 4]]);
    const d = denseSVD(G.data(), 2, 2);
    const root = (m: Float64Array) => tensor(Float64Array.from([0, 1, 2, 3], (k) => {
      const [i, j] = [Math.floor(k / 2), k % 2];
      return m[i * 2]! * m[j * 2]! / Math.sqrt(d.s[0]!) + m[i * 2 + 1]! * m[j * 2 + 1]! / Math.sqrt(d.s[1]!);
    }), { shape: [2, 2] });
    const shampoo = matmul(matmul(root(d.u), G), root(d.v));
    expectClose(shampoo, flat(sv.dualize(G)), 1e-12);
  });
  it("spectral with Newton–Schulz: ⟨g, d⟩ = dual by construction, ‖d‖ ≈ 1, dual ≈ nuclear", () => {
    const ns = norms.spectral();
    fc.assert(
      fc.property(fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 })).chain(([m, n]) => mat(m, n)).filter((G) => {
        const s = svals(G);
        return s[0]! > 0 && s[s.length - 1]! >= 0.05 * Math.hypot(...s);
      }), (G) => {
        expect(close(inner(G, ns.dualize(G)), ns.dual(G), 1e-12)).toBe(true);
        expect(Math.abs(sv.norm(ns.dualize(G)) - 1)).toBeLessThan(5e-3);
        expect(Math.abs(ns.dual(G) / sv.dual(G) - 1)).toBeLessThan(5e-3);
      }),
      { numRuns: 40 },
    );
  });
});
