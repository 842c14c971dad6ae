// Compressed Jacobians and Hessians equal jacfwd / hessian to rounding: on the known patterns, on
// random expression graphs of the property suite, in both directions; preparation is done once.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add, coloring, concat, exp, hessian, hessianSparsity, jacfwd, jacobianSparsity, mul, reshape, sin, slice, sparseHessian, sparseJacobian, sum,
  SparseMatrix, type Tensor,
} from "../../src/index.js";
import { programArb, type Program } from "../properties/random-programs.js";
import { arrowhead, diffusionReaction, laplace2d, range, rosenbrock } from "./functions.js";

const flat = (t: Tensor): number[] => Array.from(t.data(), Number);

/** |a − b| ≤ 1e-12·(1 + max|b|) elementwise. */
function expectClose(a: readonly number[], b: readonly number[], what: string): void {
  expect(a.length, what).toBe(b.length);
  const scale = 1 + Math.max(0, ...b.map(Math.abs));
  const worst = a.reduce((w, x, i) => Math.max(w, Math.abs(x - b[i]!)), 0);
  expect(worst, what).toBeLessThanOrEqual(1e-12 * scale);
}

describe("sparseJacobian", () => {
  it("a tridiagonal Jacobian from 3 JVPs equals jacfwd, and the preparation is reused", () => {
    const J = sparseJacobian(diffusionReaction);
    expect(J.prepared).toBeNull();
    const first: unknown[] = [];
    for (const u of [range(12), range(12, (i) => i / 7 - 0.3)]) {
      const s = J(u);
      expect(s).toBeInstanceOf(SparseMatrix);
      expect(s.nnz).toBe(34);
      expectClose(flat(s.toDense()), flat(jacfwd(diffusionReaction)(u) as Tensor), "tridiagonal");
      first.push(J.prepared);
    }
    expect(first[1]).toBe(first[0]);
    expect(J.prepared!.mode).toBe("forward");
    expect(J.prepared!.coloring.count).toBe(3);
  });

  it("picks reverse mode for a dense row: 2 row colors instead of n column colors", () => {
    const denseRow = (x: Tensor) => concat([reshape(sum(mul(x, x)), [1]), sin(slice(x, [1], [5]))], 0);
    const J = sparseJacobian(denseRow);
    const x = range(6);
    expectClose(flat(J(x).toDense()), flat(jacfwd(denseRow)(x) as Tensor), "dense row");
    expect(J.prepared!.mode).toBe("reverse");
    expect(J.prepared!.coloring.count).toBe(2);
    // An arrowhead (dense row and column) needs n colors either way; forward wins the tie.
    expectClose(flat(sparseJacobian(arrowhead)(x).toDense()), flat(jacfwd(arrowhead)(x) as Tensor), "arrowhead");
  });

  it("without a given order, the coloring is the fewest over all orders: 5 JVPs for a 2-D 5-point stencil (natural order: 7)", () => {
    const f = laplace2d(8);
    const x = range(64);
    const J = sparseJacobian(f);
    expectClose(flat(J(x).toDense()), flat(jacfwd(f)(x) as Tensor), "2-D stencil");
    expect(J.prepared!.coloring.count).toBe(5);
    const natural = sparseJacobian(f, { coloring: "natural" });
    natural(x);
    expect(natural.prepared!.coloring.count).toBe(7);
  });

  it("forced forward and reverse agree with jacfwd; a given pattern and coloring are used", () => {
    const x = range(6);
    const dense = flat(jacfwd(arrowhead)(x) as Tensor);
    expectClose(flat(sparseJacobian(arrowhead, { mode: "forward" })(x).toDense()), dense, "forward");
    expectClose(flat(sparseJacobian(arrowhead, { mode: "reverse", coloring: "smallest-last" })(x).toDense()), dense, "reverse");
    const p = jacobianSparsity(diffusionReaction, range(7));
    const c = coloring(p, { kind: "row", order: "incidence-degree" });
    const J = sparseJacobian(diffusionReaction, { sparsity: p, coloring: c });
    expectClose(flat(J(range(7)).toDense()), flat(jacfwd(diffusionReaction)(range(7)) as Tensor), "given coloring");
    expect(J.prepared!.mode).toBe("reverse");
    expect(J.prepared!.sparsity).toBe(p);
  });

  it("equals jacfwd on random expression graphs", () => {
    fc.assert(
      fc.property(programArb(6), (prog: Program) => {
        const xs = prog.inputs();
        const f = (...ins: Tensor[]) => prog.run(ins);
        const m = prog.run(xs).size;
        const n = xs.reduce((s, x) => s + x.size, 0);
        // The dense Jacobian over the concatenated inputs, block by block from jacfwd of each input.
        const full = new Float64Array(m * n);
        let off = 0;
        xs.forEach((x, i) => {
          const blk = jacfwd((xi: Tensor) => f(...xs.map((y, k) => (k === i ? xi : y))))(x) as Tensor;
          const d = blk.data();
          for (let r = 0; r < m; r++) for (let c = 0; c < x.size; c++) full[r * n + off + c] = d[r * x.size + c]!;
          off += x.size;
        });
        for (const mode of ["forward", "reverse"] as const) expectClose(flat(sparseJacobian(f, { mode })(...xs).toDense()), Array.from(full), `${mode}: ${prog}`);
      }),
      { seed: 20261207, numRuns: 25 },
    );
  });

  it("bad arguments name the function, the argument, what was expected and what was given", () => {
    expect(() => sparseJacobian(3 as never)).toThrow(/sparseJacobian: f must be a function, got the number 3/);
    expect(() => sparseJacobian(exp, { mode: "sideways" as "auto" })).toThrow(/sparseJacobian: opts.mode must be "auto", "forward", "reverse" or "bidirectional", got the string "sideways"/);
    expect(() => sparseJacobian(exp, { sparsity: [[1]] as never })).toThrow(/sparseJacobian: opts.sparsity must be a SparsityPattern .*, got an array/);
    expect(() => sparseJacobian(exp, { colouring: "natural" } as never)).toThrow(/sparseJacobian: opts must be an object with keys among sparsity, mode, coloring, got .*colouring/);
    expect(() => sparseJacobian(exp, { coloring: "random" as "natural" })).toThrow(/sparseJacobian: opts.coloring must be a vertex order .*got the string "random"/);
    const J = sparseJacobian(exp);
    J(range(3));
    expect(() => J(range(4))).toThrow(/sparseJacobian: the arguments have 4 elements, the sparsity pattern has 3 columns/);
  });
});

describe("sparseHessian", () => {
  it("a tridiagonal Hessian (chained Rosenbrock) from 3 star-colored HVPs equals hessian", () => {
    const H = sparseHessian(rosenbrock);
    for (const x of [range(10), range(10, (i) => 1 - i / 9)]) expectClose(flat(H(x).toDense()), flat(hessian(rosenbrock)(x) as Tensor), "rosenbrock");
    expect(H.prepared!.coloring.count).toBe(3);
    expect(H.prepared!.coloring.kind).toBe("star");
  });

  it("an arrowhead Hessian from 2 HVPs, and a dense one", () => {
    const f = (x: Tensor) => add(mul(sin(slice(x, [0], [1])), sum(mul(x, x))), sum(exp(x)));
    const H = sparseHessian(f);
    const x = range(7);
    expectClose(flat(H(x).toDense()), flat(hessian(f)(x) as Tensor), "arrowhead");
    expect(H.prepared!.coloring.count).toBe(2);
    const g = (x: Tensor) => exp(sum(sin(x)));
    expectClose(flat(sparseHessian(g)(range(5)).toDense()), flat(hessian(g)(range(5)) as Tensor), "dense");
    expect(hessianSparsity(g, range(5)).nnz).toBe(25);
  });

  it("equals hessian on random expression graphs (summed to a scalar)", () => {
    fc.assert(
      fc.property(programArb(6), (prog: Program) => {
        const v = prog.flatInput();
        const f = (x: Tensor) => sum(prog.runFlat(x));
        expectClose(flat(sparseHessian(f)(v).toDense()), flat(hessian(f)(v) as Tensor), `${prog}`);
      }),
      { seed: 20261207, numRuns: 25 },
    );
  });

  it("bad arguments name the function, the argument, what was expected and what was given", () => {
    expect(() => sparseHessian(null as never)).toThrow(/sparseHessian: f must be a function, got null/);
    expect(() => sparseHessian(exp, { mode: "forward" } as never)).toThrow(/sparseHessian: opts must be an object with keys among sparsity, coloring, got .*mode/);
    const p = jacobianSparsity(exp, range(3));
    expect(() => sparseHessian(exp, { coloring: coloring(p, { kind: "column" }) })).toThrow(/sparseHessian: opts.coloring must be a vertex order or a coloring of kind "star"/);
    expect(() => hessianSparsity(exp, range(3))).toThrow(/hessianSparsity: f must return one number \(a scalar\), got 1 output\(s\) with 3 elements/);
  });
});
