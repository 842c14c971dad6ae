// einsum against explicit compositions for a table of subscripts, its derivatives (for free from
// the lowering), tensordot and kron, and their errors.
import { describe, expect, it } from "vitest";
import { einsum, kron, tensordot } from "../../src/linalg/index.js";
import { diagonal, matmul, mul, outer, reshape, sum, trace, transpose } from "../../src/ops/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { eye, tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { expectNear, f64, gaussian } from "./helpers.js";

const A = gaussian([3, 3], 61);
const M = gaussian([3, 4], 62);
const N = gaussian([4, 2], 63);
const x = gaussian([3], 64);
const y = gaussian([4], 65);
const B1 = gaussian([5, 3, 4], 66);
const B2 = gaussian([5, 4, 2], 67);
const T = gaussian([2, 3, 4], 68);
const U = gaussian([3, 2, 5], 69);

const table: [string, Tensor[], Tensor][] = [
  ["ii->", [A], trace(A)],
  ["ii", [A], trace(A)],
  ["ii->i", [A], diagonal(A)],
  ["ij->ji", [M], transpose(M)],
  ["ba", [M], transpose(M)],
  ["ij->", [M], sum(M)],
  ["ij->j", [M], sum(M, 0)],
  ["ij,jk->ik", [M, N], matmul(M, N)],
  ["ij,jk", [M, N], matmul(M, N)],
  ["bij,bjk->bik", [B1, B2], matmul(B1, B2)],
  ["...ij,...jk->...ik", [B1, B2], matmul(B1, B2)],
  ["...ij,jk->...ik", [B1, N], matmul(B1, N)],
  ["i,j->ij", [x, y], outer(x, y)],
  ["i,i->", [x, x], sum(mul(x, x))],
  ["i,ij,j->", [x, M, y], sum(mul(matmul(x, M), y))],
  ["ij,ij->ij", [M, M], mul(M, M)],
  ["ij,j->i", [M, y], matmul(M, y)],
  ["i,i,i->", [x, x, x], sum(mul(mul(x, x), x))],
  ["...ii->...i", [gaussian([2, 3, 3], 70)], diagonal(gaussian([2, 3, 3], 70), 0, -2, -1)],
  ["ijk,jil->kl", [T.reshape([2, 3, 4]), U.reshape([3, 2, 5])], matmul(transpose(reshape(T, [6, 4])), reshape(transpose(U, [1, 0, 2]), [6, 5]))],
  ["ij,kj->ikj", [M, gaussian([1, 4], 71)], mul(reshape(M, [3, 1, 4]), reshape(gaussian([1, 4], 71), [1, 1, 4]))],
  ["i...->...", [M], sum(M, 0)],
];

describe("einsum against explicit compositions", () => {
  for (const [subs, ops, expected] of table)
    it(`"${subs}"`, () => {
      const out = einsum(subs, ...ops);
      expect(out.shape).toEqual(expected.shape);
      expectNear(out, expected, 1e-13);
    });
  it("accepts spaces, float32 and int operands", () => {
    expectNear(einsum(" ij , jk -> ik ", M, N), matmul(M, N), 1e-13);
    const i32 = tensor([[1, 2], [3, 4]], { dtype: "int32" });
    const r = einsum("ii", i32);
    expect(r.dtype).toBe("float32");
    expect(r.item()).toBe(5);
  });
});

describe("einsum derivatives (through the lowering)", () => {
  const cases: [string, Tensor[]][] = [
    ["i,ij,j->", [x, M, y]],
    ["bij,bjk->bik", [B1, B2]],
    ["ii->i", [A]],
    ["ii", [A]],
    ["ijk,jil->kl", [T, U]],
    ["...ij,...j->...i", [B1, y]],
  ];
  for (const [subs, args] of cases) it(`"${subs}" to second order`, () => checkGrads((...xs: Tensor[]) => einsum(subs, ...xs), args, { order: 2, name: subs }));
});

describe("einsum errors", () => {
  it("names the problem", () => {
    expect(() => einsum("ij,jk->ik", M)).toThrow(/names 2 operand\(s\), got 1/);
    expect(() => einsum("i1", M)).toThrow(/invalid subscript "1"/);
    expect(() => einsum("ij,jk->ik", M, M)).toThrow(/subscript "j" has sizes 4 and 3/);
    expect(() => einsum("ijk", M)).toThrow(/3 subscripts for an operand of rank 2/);
    expect(() => einsum("ij->k", M)).toThrow(/output subscript "k".*is not in any operand/);
    expect(() => einsum("ij->ii", M)).toThrow(/output subscript "i".*is repeated/);
    expect(() => einsum("ii", M)).toThrow(/subscript "i" has sizes 3 and 4/);
    expect(() => einsum("ii", gaussian([1, 3], 76))).toThrow(/repeated in one operand over axes of different sizes 1 and 3/);
    expect(() => einsum("i...j...", M)).toThrow(/more than one "..."/);
  });
});

describe("tensordot and kron", () => {
  it("tensordot agrees with einsum and matmul", () => {
    expectNear(tensordot(M, N, 1), matmul(M, N), 1e-13);
    expectNear(tensordot(T, U, [[0, 1], [1, 0]]), einsum("ijk,jil->kl", T, U), 1e-13);
    expectNear(tensordot(x, y, 0), outer(x, y), 1e-15);
    expectNear(tensordot(M, M, 2), sum(mul(M, M)), 1e-13);
    expectNear(tensordot(T, M, [[-2, -1], [0, 1]]), einsum("ijk,jk->i", T, M), 1e-13);
    checkGrads((a: Tensor, b: Tensor) => tensordot(a, b, [[0, 1], [1, 0]]), [T, U]);
    expect(() => tensordot(M, N, [[0], [0]])).toThrow(/axis 0 of \[3, 4\] \(size 3\) does not match axis 0 of \[4, 2\] \(size 4\)/);
  });
  it("kron: closed form, mixed ranks, gradient", () => {
    expectNear(kron(f64([[1, 2], [3, 4]]), eye(2, { dtype: "float64" })), [[1, 0, 2, 0], [0, 1, 0, 2], [3, 0, 4, 0], [0, 3, 0, 4]], 0);
    expectNear(kron(f64([1, 10]), f64([[1, 2], [3, 4]])), [[1, 2, 10, 20], [3, 4, 30, 40]], 0);
    expect(kron(gaussian([2, 3], 72), gaussian([4, 5], 73)).shape).toEqual([8, 15]);
    checkGrads((a: Tensor, b: Tensor) => kron(a, b), [gaussian([2, 3], 74), gaussian([3, 2], 75)]);
  });
});
