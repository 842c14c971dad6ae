// Detected patterns of functions with known Jacobian and Hessian structure, exactly (not only
// containing the nonzeros): diagonal, a finite-difference stencil (tridiagonal), arrowhead,
// block-diagonal from a batched product, a dense row from a sum; independent of the input values.
import { describe, expect, it } from "vitest";
import {
  add, argmax, concat, exp, gather, hessianSparsity, jacobianSparsity, matmul, mul, reshape, sin, slice, sub, sum, tensor, where, greater,
  SparsityPattern, type Tensor,
} from "../../src/index.js";
import { diffusionReaction, range, vec } from "./functions.js";

/** The pattern's entries as "r,c" strings, sorted as the pattern stores them. */
const coords = (p: SparsityPattern): string[] => Array.from(p.rows, (r, k) => `${r},${p.cols[k]}`);
const expected = (m: number, n: number, nz: (i: number, j: number) => boolean): string[] => {
  const out: string[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (nz(i, j)) out.push(`${i},${j}`);
  return out;
};

describe("jacobianSparsity: known patterns", () => {
  it("diagonal: an elementwise function", () => {
    const p = jacobianSparsity((x: Tensor) => mul(sin(x), exp(x)), range(6));
    expect(p.shape).toEqual([6, 6]);
    expect(coords(p)).toEqual(expected(6, 6, (i, j) => i === j));
  });

  it("tridiagonal: a finite-difference stencil", () => {
    const p = jacobianSparsity(diffusionReaction, range(8));
    expect(coords(p)).toEqual(expected(8, 8, (i, j) => Math.abs(i - j) <= 1));
    expect(p.nnz).toBe(8 * 3 - 2);
  });

  it("arrowhead: every output uses x0, x0's output uses all", () => {
    const f = (x: Tensor) => concat([reshape(sum(x), [1]), mul(slice(x, [1], [5]), slice(x, [0], [1]))], 0);
    expect(coords(jacobianSparsity(f, range(6)))).toEqual(expected(6, 6, (i, j) => i === 0 || j === 0 || i === j));
  });

  it("block-diagonal: batched ops", () => {
    // x holds 3 blocks of 4; y_b = x_b · sum(x_b) depends on all of block b and nothing else.
    const f = (x: Tensor) => reshape(mul(reshape(x, [3, 4]), sum(reshape(x, [3, 4]), 1, true)), [12]);
    expect(coords(jacobianSparsity(f, range(12)))).toEqual(expected(12, 12, (i, j) => Math.floor(i / 4) === Math.floor(j / 4)));
  });

  it("a batched matrix product: (X²)[i][j] uses row i and column j of its own block only", () => {
    const f = (x: Tensor) => reshape(matmul(reshape(x, [3, 2, 2]), reshape(x, [3, 2, 2])), [12]);
    const uses = (i: number, j: number) => {
      const [b, r, c] = [Math.floor(i / 4), Math.floor((i % 4) / 2), i % 2];
      const [b2, r2, c2] = [Math.floor(j / 4), Math.floor((j % 4) / 2), j % 2];
      return b === b2 && (r2 === r || c2 === c);
    };
    expect(coords(jacobianSparsity(f, range(12)))).toEqual(expected(12, 12, uses));
  });

  it("a dense row: a sum", () => {
    const p = jacobianSparsity((x: Tensor) => concat([reshape(sum(x), [1]), x], 0), range(5));
    expect(coords(p)).toEqual(expected(6, 5, (i, j) => i === 0 || i - 1 === j));
  });

  it("does not depend on the values: a where() keeps both branches, at any point", () => {
    const f = (x: Tensor) => where(greater(x, 0), mul(x, x), slice(concat([x, x], 0), [1], [4]));
    const a = jacobianSparsity(f, vec([1, 2, 3, 4]));
    const b = jacobianSparsity(f, vec([-1, -2, -3, -4]));
    expect(coords(a)).toEqual(coords(b));
    expect(coords(a)).toEqual(expected(4, 4, (i, j) => i === j || j === (i + 1) % 4));
  });

  it("constant gather indices are exact; indices computed from the inputs depend on the whole axis", () => {
    const idx = tensor([2, 0], { dtype: "int32" });
    expect(coords(jacobianSparsity((x: Tensor) => gather(x, idx, 0), range(3)))).toEqual(["0,2", "1,0"]);
    const dynamic = (x: Tensor) => gather(x, reshape(argmax(x), [1]), 0);
    expect(coords(jacobianSparsity(dynamic, range(3)))).toEqual(["0,0", "0,1", "0,2"]);
  });

  it("several arguments: columns are their elements, concatenated", () => {
    const p = jacobianSparsity((x: Tensor, y: Tensor) => mul(x, y), range(2), range(2));
    expect(coords(p)).toEqual(["0,0", "0,2", "1,1", "1,3"]);
  });
});

describe("hessianSparsity: known patterns", () => {
  it("diagonal for a separable sum, empty for a linear function", () => {
    expect(coords(hessianSparsity((x: Tensor) => sum(exp(x)), range(4)))).toEqual(expected(4, 4, (i, j) => i === j));
    expect(hessianSparsity((x: Tensor) => sum(mul(3, x)), range(4)).nnz).toBe(0);
  });

  it("tridiagonal: the chained Rosenbrock function", () => {
    const rosen = (x: Tensor) => {
      const a = slice(x, [0], [5]);
      const b = slice(x, [1], [5]);
      const d = sub(b, mul(a, a));
      return add(sum(mul(100, mul(d, d))), sum(mul(sub(1, a), sub(1, a))));
    };
    expect(coords(hessianSparsity(rosen, range(6)))).toEqual(expected(6, 6, (i, j) => Math.abs(i - j) <= 1));
  });

  it("arrowhead: x0 times a sum of squares", () => {
    const f = (x: Tensor) => mul(slice(x, [0], [1]), sum(mul(slice(x, [1], [4]), slice(x, [1], [4]))));
    // ∂²/∂x0² = 0: x0 enters linearly.
    expect(coords(hessianSparsity(f, range(5)))).toEqual(expected(5, 5, (i, j) => (i === 0) !== (j === 0) || (i === j && i > 0)));
  });

  it("a product's cross term only: x·y has no x² or y² entry", () => {
    expect(coords(hessianSparsity((x: Tensor, y: Tensor) => sum(mul(x, y)), range(1), range(1)))).toEqual(["0,1", "1,0"]);
  });
});

describe("SparsityPattern", () => {
  it("toDense, a bounded braille spy plot and a plain SVG", () => {
    const p = jacobianSparsity(diffusionReaction, range(8));
    expect(Array.from(p.toDense().data())).toEqual(expected(8, 8, () => true).map((s) => {
      const [i, j] = s.split(",").map(Number) as [number, number];
      return Math.abs(i - j) <= 1 ? 1 : 0;
    }));
    expect(p.toString()).toBe(["8×8 sparsity pattern, 22 nonzeros (34.4%)", "┌────┐", "│⠻⣦⡀⠀│", "│⠀⠈⠻⣦│", "└────┘"].join("\n"));
    const big = jacobianSparsity(diffusionReaction, range(1000)).toString().split("\n");
    expect(big[0]).toContain("downsampled");
    expect(big.length).toBeLessThanOrEqual(33); // header, frame, at most 30 lines
    expect(Math.max(...big.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    const svg = p.toSVG();
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<rect x="\d+" y="\d+" width="1"/g)?.length).toBe(22);
  });
});

describe("SparsityPattern.fromCoordinates", () => {
  it("merges duplicates and sorts; bad coordinates name the function, the argument, what was expected and what was given", () => {
    expect(coords(SparsityPattern.fromCoordinates([2, 2], [1, 0, 1], [0, 1, 0]))).toEqual(["0,1", "1,0"]);
    expect(() => SparsityPattern.fromCoordinates([2, 2], [2], [0])).toThrow(/SparsityPattern.fromCoordinates: rows\[0\] must be .*got the number 2/);
    expect(() => SparsityPattern.fromCoordinates([2, 2], [0, 1], [0])).toThrow(/SparsityPattern.fromCoordinates: cols must be an array of 2 column indices/);
    expect(() => SparsityPattern.fromCoordinates([2] as never, [], [])).toThrow(/SparsityPattern.fromCoordinates: shape must be \[rows, columns\]/);
  });
});
