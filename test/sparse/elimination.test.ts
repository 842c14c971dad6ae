// Vertex elimination on the linearised computational graph: the cost table of the notes' example
// (golden), hand-counted costs of every order, the Jacobian chain's best bracketing, and
// jacobian(f, { mode: "eliminate" }) = jacfwd = jacrev on the notes' example and random expression
// graphs of the property suite (every elimination order gives the same Jacobian).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add, ArgumentError, concat, cos, exp, grad, jacfwd, jacobian, jacobianCost, jacrev, log, matmul, mul, reshape, sin, slice, square, sub, sum, tensor, trace,
  TransformError,
  type Tensor,
} from "../../src/index.js";
import { linearizedGraph } from "../../src/sparse/elimination/linearized-graph.js";
import { eliminateVertices, eliminationRules } from "../../src/sparse/elimination/vertex-elimination.js";
import { traceProgram } from "../../src/trace/trace.js";
import { programArb, type Program } from "../properties/random-programs.js";

const f = (x1: Tensor, x2: Tensor) => sub(add(log(x1), mul(x1, x2)), sin(x2));
const flat = (t: Tensor): number[] => Array.from(t.data(), Number);
const f64 = (x: number) => tensor(x, { dtype: "float64" });

/** |a − b| ≤ 1e-12·(1 + max|b|) elementwise. */
function expectClose(a: readonly number[], b: readonly number[], what: string): void {
  expect(a.length, what).toBe(b.length);
  const scale = 1 + Math.max(0, ...b.map(Math.abs));
  const worst = a.reduce((w, x, i) => Math.max(w, Math.abs(x - b[i]!)), 0);
  expect(worst, what).toBeLessThanOrEqual(1e-12 * scale);
}

describe("jacobianCost", () => {
  it("prints the cost table of the notes' example f(x1, x2) = ln x1 + x1·x2 − sin x2 (golden)", () => {
    const cost = jacobianCost(f, 2, 5);
    expect(cost.toString()).toBe(
      [
        "Jacobian 1×2; linearised graph: 4 intermediate vertices, 8 edges",
        "strategy                                      │ passes │ multiplications",
        "──────────────────────────────────────────────┼────────┼────────────────",
        "forward mode (one JVP per input)              │      2 │              16",
        "reverse mode (one VJP per output)             │      1 │               8",
        "compressed forward (one JVP per column color) │      2 │              16",
        "compressed reverse (one VJP per row color)    │      1 │               8",
        "compressed bidirectional (star bicoloring)    │      1 │               8",
        "vertex elimination, forward order             │        │               6",
        "vertex elimination, reverse order             │        │               6",
        "vertex elimination, Markowitz                 │        │               6",
        "vertex elimination, min-fill                  │        │               6",
      ].join("\n"),
    );
    // Markowitz is never above both pure modes here (in fact below both, and below both pure orders).
    const markowitz = cost.elimination.markowitz.multiplications;
    expect(markowitz).toBeLessThanOrEqual(Math.min(cost.forward, cost.reverse));
    expect(markowitz).toBeLessThanOrEqual(Math.min(cost.elimination.forward.multiplications, cost.elimination.reverse.multiplications));
    // v1 = ln v−1 and v3 = sin v0 cost 1 each, then v2 = v−1·v0 and v4 = v1 + v2 cost 2 each.
    expect(cost.elimination.markowitz.order).toEqual([1, 3, 2, 4]);
    expect(cost.elimination.forward.order).toEqual([1, 2, 3, 4]);
    expect(cost.elimination.reverse.order).toEqual([4, 3, 2, 1]);
    expect(cost.chain).toBeNull();
  });

  it("counts |P|·|S| per eliminated vertex: forward order wins on a fan-in then fan-out, Markowitz finds it", () => {
    // u1 = sin x1, u2 = cos x2, s = u1·u2, y = (exp s, log s): 6 edges.
    const g = (x1: Tensor, x2: Tensor) => {
      const s = mul(sin(x1), cos(x2));
      return [exp(s), log(s)];
    };
    const cost = jacobianCost(g, 0.5, 0.25);
    expect(cost.edges).toBe(6);
    expect([cost.forward, cost.reverse]).toEqual([12, 12]);
    // forward: u1 (1·1), u2 (1·1), s (2·2) = 6; reverse: s (2·2), u2 (1·2), u1 (1·2) = 8.
    expect(cost.elimination.forward.multiplications).toBe(6);
    expect(cost.elimination.reverse.multiplications).toBe(8);
    expect(cost.elimination.markowitz.multiplications).toBe(6);
    expect(cost.elimination.minFill.multiplications).toBe(6);
    expect([cost.colors.column, cost.colors.row]).toEqual([2, 2]);
  });

  it("counts compressed bidirectional passes (star bicoloring JVPs + VJPs) × |E|: 3 on an arrowhead where one side needs n", () => {
    // y0 = Σ x², y_i = sin(x0)·x_i + x_i² (i ≥ 1): a dense first row, a dense first column and a diagonal.
    const n = 8;
    const arrowhead = (x: Tensor): Tensor => {
      const rest = slice(x, [1], [n - 1]);
      return concat([reshape(sum(square(x)), [1]), add(mul(sin(slice(x, [0], [1])), rest), square(rest))], 0);
    };
    const cost = jacobianCost(arrowhead, tensor(Array.from({ length: n }, (_, i) => 0.1 * (i + 1)), { dtype: "float64" }));
    expect([cost.colors.column, cost.colors.row, cost.colors.bidirectional]).toEqual([n, n, 3]);
    const row = cost.rows.find((r) => r.strategy.startsWith("compressed bidirectional"))!;
    expect(row).toEqual({ strategy: "compressed bidirectional (star bicoloring)", passes: 3, multiplications: 3 * cost.edges });
    expect(row.multiplications).toBeLessThan(Math.min(cost.forward, cost.reverse));
  });

  it("brackets a chain of tensor operations by dynamic programming: (J4·J3)·(J2·J1), below both pure orders", () => {
    const A = (r: number, c: number, s: number) => tensor(Array.from({ length: r * c }, (_, i) => Math.cos(s + i)), { dtype: "float64", shape: [r, c] });
    const [A1, A2, A3, A4] = [A(100, 10, 1), A(2, 100, 2), A(100, 2, 3), A(10, 100, 4)];
    const chain = (x: Tensor) => matmul(A4, matmul(A3, matmul(A2, matmul(A1, x))));
    const cost = jacobianCost(chain, A(10, 1, 5));
    const c = cost.chain!;
    expect(c.dims).toEqual([10, 100, 2, 100, 10]);
    expect(c.bracketing).toBe("(J4·J3)·(J2·J1)");
    // J2·J1: 2·100·10, J4·J3: 10·100·2, their product 10·2·10; pure orders 2000 + 2000 + 10000.
    expect(c.multiplications).toBe(4200);
    expect([c.forward, c.reverse]).toEqual([14000, 14000]);
    expect(cost.toString()).toContain("dense chain, optimal bracketing (J4·J3)·(J2·J1) │        │           4,200");
  });

  it("errors name the function and the argument", () => {
    const untyped = jacobianCost as (g: unknown, ...args: unknown[]) => unknown;
    expect(() => untyped(5, 1)).toThrow(ArgumentError);
    expect(() => untyped(5, 1)).toThrow(/jacobianCost: f must be a function/);
    expect(() => (jacobianCost as (g: unknown) => unknown)(f)).toThrow(/jacobianCost: args must be at least one argument to trace f at/);
  });
});

describe("jacobian(f, { mode: \"eliminate\" })", () => {
  it("equals jacfwd and jacrev on the notes' example: [1/x1 + x2, x1 − cos x2]", () => {
    const [a, b] = jacobian(f, { mode: "eliminate", argnums: [0, 1] })(f64(2), f64(5));
    expect(a.item()).toBeCloseTo(5.5, 14);
    expect(b.item()).toBeCloseTo(2 - Math.cos(5), 14);
    const [fa, fb] = jacfwd(f, { argnums: [0, 1] })(f64(2), f64(5));
    const [ra, rb] = jacrev(f, { argnums: [0, 1] })(f64(2), f64(5));
    expect([a.item(), b.item()]).toEqual([fa.item(), fb.item()]);
    expect([a.item(), b.item()]).toEqual([ra.item(), rb.item()]);
  });

  it("keeps trees, dtypes and constant outputs as jacfwd does", () => {
    const g = (p: { w: Tensor; b: Tensor }) => ({ y: mul(p.w, sin(p.b)), c: tensor([1, 2], { dtype: "float32" }), s: sum(mul(p.w, p.w)) });
    const p = { w: tensor([0.5, -1, 2], { dtype: "float32" }), b: tensor([0.25, 1, -0.5], { dtype: "float32" }) };
    const e = jacobian(g, { mode: "eliminate" })(p);
    const d = jacfwd(g)(p);
    for (const out of ["y", "c", "s"] as const)
      for (const arg of ["w", "b"] as const) {
        expect(e[out][arg].shape).toEqual(d[out][arg].shape);
        expect(e[out][arg].dtype).toBe(d[out][arg].dtype);
        expect(flat(e[out][arg]).map((x) => x + 0)).toEqual(flat(d[out][arg]).map((x) => x + 0)); // −0 and 0 alike
      }
  });

  it("outputs that are inputs, repeated, or used by later outputs (copy vertices) differentiate as in jacfwd", () => {
    const g = (x: Tensor) => {
      const y = mul(x, x);
      return [x, y, y, sin(y), sum(y)];
    };
    const x = tensor([0.5, -1.5, 2], { dtype: "float64" });
    const e = jacobian(g, { mode: "eliminate" })(x);
    const d = jacfwd(g)(x);
    e.forEach((block, i) => expectClose(flat(block), flat(d[i]!), `output ${i}`));
    const cost = jacobianCost(g, x);
    expect(cost.outputs).toBe(13);
    expect(cost.edges).toBe(3 + 3 + 3); // y = x·x (3), sin y (3), sum y (3); copy edges are not counted
  });

  it("equals jacfwd and jacrev on random expression graphs, for every elimination order", () => {
    fc.assert(
      fc.property(programArb(7), (prog: Program) => {
        const xs = prog.inputs();
        const run = (...ins: Tensor[]) => prog.run(ins);
        const argnums = xs.map((_, i) => i);
        const e = jacobian(run, { mode: "eliminate", argnums })(...xs) as unknown as Tensor[];
        const fw = jacfwd(run, { argnums })(...xs) as unknown as Tensor[];
        const rv = jacrev(run, { argnums })(...xs) as unknown as Tensor[];
        e.forEach((block, i) => {
          expect(block.shape).toEqual(fw[i]!.shape);
          expectClose(flat(block), flat(fw[i]!), `block ${i} vs jacfwd\n${prog}`);
          expectClose(flat(block), flat(rv[i]!), `block ${i} vs jacrev\n${prog}`);
        });
        // Every order leaves the same edges input → output.
        const g = linearizedGraph(traceProgram(run, xs), true);
        const [first, ...others] = eliminationRules.map((r) => eliminateVertices(g, r));
        for (const other of others)
          g.outputs.forEach((y) => {
            if (y < 0) return;
            const a = first!.preds[y]!;
            const b = other.preds[y]!;
            expect([...b.keys()].sort(), `${other.rule}\n${prog}`).toEqual([...a.keys()].sort());
            for (const [j, c] of a) expect(Math.abs(b.get(j)! - c), `${other.rule}\n${prog}`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(c)));
          });
      }),
      { seed: 20261207, numRuns: 60 },
    );
  });

  it("refuses to run inside another transform (its numbers are not differentiable)", () => {
    const inner = (x: Tensor) => sum(jacobian((y: Tensor) => mul(y, y), { mode: "eliminate" })(x));
    expect(() => grad(inner)(tensor([1, 2], { dtype: "float64" }))).toThrow(TransformError);
    expect(() => grad(inner)(tensor([1, 2], { dtype: "float64" }))).toThrow(/jacobian: mode "eliminate" computes the Jacobian's numbers by vertex elimination and cannot be differentiated/);
  });
});

describe("the graph shows the elimination order", () => {
  it("numbers the eliminated nodes in DOT (and so in SVG and Mermaid)", () => {
    const order = jacobianCost(f, 2, 5).elimination.markowitz.order;
    const dot = trace(f, 2, 5).toDot({ eliminationOrder: order });
    expect(dot).toContain('v1 [label="v1 = ln v−1\\n= 0.693\\neliminated 1", style="rounded,filled,dashed", fillcolor="#e6f4ea"]');
    expect(dot).toContain("v3 = sin v0\\n= −0.959\\neliminated 2");
    expect(dot).toContain("eliminated 4");
    expect(dot).not.toContain("eliminated 5");
    expect(trace(f, 2, 5).toMermaid({ eliminationOrder: order })).toContain("eliminated 3");
  });

  it("draws the numbers in the SVG", async () => {
    const order = jacobianCost(f, 2, 5).elimination.minFill.order;
    const svg = await trace(f, 2, 5).toSVG({ eliminationOrder: order });
    for (const k of [1, 2, 3, 4]) expect(svg).toContain(`eliminated ${k}`);
  });

  it("checks the order: distinct intermediate indices", () => {
    const p = trace(f, 2, 5);
    expect(() => p.toDot({ eliminationOrder: [1, 9] })).toThrow(/toDot: eliminationOrder\[1\] must be an array of distinct variable indices of the program \(integers 1 … 5\), in elimination order, got the number 9/);
    expect(() => p.toDot({ eliminationOrder: [2, 2] })).toThrow(ArgumentError);
    expect(() => p.toDot({ eliminationOrder: "1,2" as never })).toThrow(/toDot: eliminationOrder must be an array/);
  });
});
