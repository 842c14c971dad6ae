// Sparse Jacobians (issue 16, "Performance"): the Jacobian of a 1-D diffusion–reaction residual
// F(u)_i = u_{i−1} − 2u_i + u_{i+1} + 0.1·e^{u_i} (Dirichlet ends), tridiagonal, n = 10⁴, and of its
// 2-D 5-point analogue on a 100×100 grid, by sparseJacobian (the JVPs of all colors as one vmap over
// the color seeds, after detection and coloring) against dense jacfwd (n JVPs and an n×n result). Detection and coloring are timed
// separately. Dense jacfwd at n = 10⁴ would build a 10⁸-entry matrix (800 MB) and take minutes, so it
// runs at two sizes near 10³ and is extrapolated to 10⁴ with the growth exponent measured between
// them (labelled).
import * as Wg from "../peers/wengert.js";
import { fmt, medianMean, medianTime as median, timeStats, type BenchCase, type Ctx } from "./common.js";

type W = typeof import("../../src/index.js");
type T = Wg.Tensor;

function residual(W: W): (u: T) => T {
  return (u) => {
    const n = u.shape[0]!;
    const z = W.tensor([0], { dtype: "float64" });
    const left = W.concat([z, W.slice(u, [0], [n - 1])], 0);
    const right = W.concat([W.slice(u, [1], [n - 1]), z], 0);
    return W.add(W.sub(W.add(left, right), W.mul(2, u)), W.mul(0.1, W.exp(u)));
  };
}

/** The 2-D analogue on a k×k grid (5-point stencil, zero boundary), flattened: n = k² unknowns. */
function residual2d(W: W): (u: T) => T {
  return (u) => {
    const k = Math.round(Math.sqrt(u.shape[0]!));
    const g = W.pad(W.reshape(u, [k, k]), [[1, 1], [1, 1]]);
    const c = W.slice(g, [1, 1], [k, k]);
    const nb = W.add(W.add(W.slice(g, [0, 1], [k, k]), W.slice(g, [2, 1], [k, k])), W.add(W.slice(g, [1, 0], [k, k]), W.slice(g, [1, 2], [k, k])));
    return W.reshape(W.add(W.sub(nb, W.mul(4, c)), W.mul(0.1, W.exp(c))), [k * k]);
  };
}

interface Problem {
  name: string;
  f: (u: T) => T;
  /** Sizes of the dense runs (two, for the growth exponent) and of the sparse run. */
  dense: [number, number];
  big: number;
}

/** Case `sparse`: sparseJacobian of tridiagonal and 5-diagonal residuals against dense jacfwd. */
export const sparseCase: BenchCase = {
  id: "sparse",
  title: "Sparse Jacobians of diffusion–reaction residuals (1-D tridiagonal, 2-D 5-point): sparseJacobian vs dense jacfwd",
  async run(ctx: Ctx) {
    const W = await Wg.importModule<W>("index");
    const q = ctx.quick;
    const problems: Problem[] = [
      { name: "1-D, 3-point", f: residual(W), dense: q ? [100, 200] : [500, 1000], big: q ? 2000 : 10000 },
      { name: "2-D, 5-point", f: residual2d(W), dense: q ? [100, 196] : [484, 961], big: q ? 40 * 40 : 100 * 100 },
    ];
    const reps = q ? 3 : 7;
    const u = (n: number): T => W.tensor(Array.from({ length: n }, (_, i) => Math.cos(i)), { dtype: "float64" });
    const rows: string[][] = [];
    const raw: Record<string, number>[] = [];
    await Wg.oneThread(async () => {
      for (const pr of problems) {
        const r: Record<string, number> = {};
        for (const n of [pr.dense[1], pr.big]) {
          const x = u(n);
          ctx.log(`  ${pr.name}, n = ${n}: detection, coloring, sparseJacobian`);
          r[`detect${n}`] = median(() => W.jacobianSparsity(pr.f, x), reps);
          const p = W.jacobianSparsity(pr.f, x);
          r[`color${n}`] = median(() => W.coloring(p, { kind: "column", order: "smallest-last" }), reps);
          const J = W.sparseJacobian(pr.f, { sparsity: p });
          const t = timeStats(() => J(x), reps);
          r[`sparse${n}`] = t.median;
          r[`sparseMean${n}`] = t.mean;
          r[`colors${n}`] = J.prepared!.coloring.count;
        }
        for (const n of pr.dense) {
          ctx.log(`  ${pr.name}, n = ${n}: dense jacfwd`);
          r[`dense${n}`] = median(() => W.jacfwd(pr.f)(u(n)), q ? 1 : 3);
        }
        // The growth exponent measured between the two dense sizes (n JVPs of O(n) each: between 1 and 2).
        const [a, b] = pr.dense;
        const k = Math.min(2, Math.max(1, Math.log(r[`dense${b}`]! / r[`dense${a}`]!) / Math.log(b / a)));
        r.denseExponent = k;
        const row = (n: number, dense: number, label: string): string[] => [
          pr.name, n.toLocaleString("en-US"), String(r[`colors${n}`]), fmt(r[`detect${n}`]), fmt(r[`color${n}`]), medianMean({ median: r[`sparse${n}`]!, mean: r[`sparseMean${n}`]! }), `${fmt(dense)}${label}`, fmt(dense / r[`sparse${n}`]!),
        ];
        rows.push(row(b, r[`dense${b}`]!, " (measured)"), row(pr.big, r[`dense${b}`]! * (pr.big / b) ** k, ` (extrapolated, n^${k.toFixed(2)})`));
        raw.push(r);
      }
    });
    return {
      id: "sparse",
      title: this.title,
      what:
        "Medians of repeated calls, one thread, float64. Detection is jacobianSparsity (trace + index-set propagation), coloring one column coloring (smallest-last); " +
        "sparseJacobian is a prepared call (pattern and coloring reused, colors = JVP lanes per call): the JVPs of all colors as one vmap over the color seeds, and the recovery of the entries. " +
        "Dense jacfwd runs at two smaller sizes; at the large size its time is extrapolated from the larger of them with the growth exponent measured between the two " +
        "(n JVPs of O(n) each: between 1 and 2), since a dense 10⁴×10⁴ Jacobian (800 MB) does not fit the run.",
      table: {
        columns: ["residual", "n", "colors", "detection ms", "coloring ms", "sparseJacobian ms (median, mean)", "dense jacfwd ms", "speed-up (dense ÷ sparse)"],
        rows,
      },
      notes: [],
      raw,
    };
  },
};
