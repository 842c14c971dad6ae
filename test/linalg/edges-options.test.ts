// Every option of the decompositions works (svd fullMatrices, qr mode, eigh/eigvalsh UPLO,
// cholesky upper, matrixNorm dim/keepdim) and unknown option names raise, naming the function.
import { describe, expect, it } from "vitest";
import { linalg } from "../../src/linalg/index.js";
import { matmul, mul, sum, transpose } from "../../src/ops/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { expectNear, expectOrthonormalColumns, f64, gaussian, mT, spd, usv } from "./helpers.js";

const NONSYM = f64([[2, 1, 5], [-3, 4, 0.5], [7, 1, 3]]);

describe("svd fullMatrices", () => {
  it("U is m×m and Vh n×n, orthogonal, extending the reduced factors (tall, wide, batched)", () => {
    for (const A of [gaussian([5, 3], 1), gaussian([2, 3, 4], 2)]) {
      const [m, n] = A.shape.slice(-2) as [number, number];
      const k = Math.min(m, n);
      const red = linalg.svd(A);
      const { U, S, Vh } = linalg.svd(A, { fullMatrices: true });
      expect(U.shape.slice(-2)).toEqual([m, m]);
      expect(Vh.shape.slice(-2)).toEqual([n, n]);
      expectOrthonormalColumns(U);
      expectOrthonormalColumns(mT(Vh));
      expectNear(S, red.S, 0, "S");
      const lead = A.shape.slice(0, -2).map(() => 0);
      expectNear(U.slice([...lead.map(() => 0), 0, 0], [...A.shape.slice(0, -2), m, k]), red.U, 0, "U[:, :k]");
      expectNear(usv(red.U, S, red.Vh), A, 1e-12, "A = U S Vh");
    }
  });

  it("derivatives through U·S·Vh of the leading columns stay those of the reduced SVD", () => {
    const A = gaussian([4, 3], 3);
    const f = (a: Tensor): Tensor => {
      const { U, S } = linalg.svd(a, { fullMatrices: true });
      return sum(matmul(mul(U.slice([0, 0], [4, 3]), S), f64([[1], [2], [3]])));
    };
    checkGrads(f, [A], { order: 1 });
  });
});

describe("qr mode", () => {
  it("complete: Q m×m orthogonal, R m×n upper, Q·R = A; reduced unchanged; r: R only", () => {
    const A = gaussian([2, 5, 3], 4);
    const { Q, R } = linalg.qr(A, { mode: "complete" });
    expect(Q.shape).toEqual([2, 5, 5]);
    expect(R.shape).toEqual([2, 5, 3]);
    expectOrthonormalColumns(Q);
    expectNear(matmul(Q, R), A, 1e-12, "QR = A");
    const red = linalg.qr(A);
    expectNear(R.slice([0, 0, 0], [2, 3, 3]), red.R, 0, "R top");
    expectNear(R.slice([0, 3, 0], [2, 2, 3]), mul(R.slice([0, 3, 0], [2, 2, 3]), 0), 0, "R bottom = 0");
    const r = linalg.qr(A, { mode: "r" });
    expect(r.Q.shape).toEqual([0]);
    expectNear(r.R, red.R, 0, "mode r");
    const wide = gaussian([3, 4], 5);
    expectNear(linalg.qr(wide, { mode: "complete" }).Q, linalg.qr(wide).Q, 0, "wide: complete = reduced");
    checkGrads((a: Tensor) => linalg.qr(a, { mode: "r" }).R, [gaussian([4, 3], 6)], { order: 2 });
  });
});

describe("eigh and eigvalsh UPLO", () => {
  it("read only the named triangle (numpy.linalg.eigvalsh values), default (A + Aᵀ)/2", () => {
    // numpy 2.4: np.linalg.eigvalsh(A, 'L') and (A, 'U')
    expectNear(linalg.eigvalsh(NONSYM, { UPLO: "L" }), [-5.408532205011239, 4.563728350840891, 9.844803854170348], 1e-12, "L");
    expectNear(linalg.eigvalsh(NONSYM, { UPLO: "U" }), [-2.5505159892090044, 3.73961824500454, 7.810897744204465], 1e-12, "U");
    const sym = mul(f64([[2, 1, 5], [-3, 4, 0.5], [7, 1, 3]]).add(transpose(NONSYM)), 0.5);
    expectNear(linalg.eigh(NONSYM).eigenvalues, linalg.eigvalsh(sym), 1e-13, "default");
    const { eigenvalues, eigenvectors } = linalg.eigh(NONSYM, { UPLO: "U" });
    expectNear(eigenvalues, linalg.eigvalsh(NONSYM, { UPLO: "U" }), 1e-13, "eigh U");
    expectOrthonormalColumns(eigenvectors);
  });

  it("the unread triangle gets no gradient; derivatives match finite differences", () => {
    const g = grad((a: Tensor) => sum(mul(linalg.eigvalsh(a, { UPLO: "L" }), f64([1, 2, 3]))))(NONSYM).toArray() as number[][];
    expect([g[0]![1], g[0]![2], g[1]![2]]).toEqual([0, 0, 0]);
    checkGrads((a: Tensor) => linalg.eigh(a, { UPLO: "U" }).eigenvalues, [NONSYM], { order: 2 });
  });
});

describe("matrixNorm dim and keepdim", () => {
  it("dim picks the matrix axes; keepdim keeps them as size 1; the boolean form still works", () => {
    const x = gaussian([2, 3, 4], 7);
    for (const ord of ["fro", "nuc", 2, 1, -Infinity] as const) {
      const want = linalg.matrixNorm(transpose(x, [1, 0, 2]), ord);
      expectNear(linalg.matrixNorm(x, ord, { dim: [0, 2] }), want, 1e-12, `ord ${ord}`);
      expectNear(linalg.matrixNorm(x, ord, { dim: [0, -1], keepdim: true }), want.reshape([1, 3, 1]), 1e-12, `keepdim ${ord}`);
    }
    expect(linalg.matrixNorm(x, "fro", true).shape).toEqual([2, 1, 1]);
    expectNear(linalg.matrixNorm(x, 1, { dim: [2, 1] }), linalg.matrixNorm(mT(x), 1), 1e-13, "dim order");
    expect(() => linalg.matrixNorm(x, "fro", { dim: [1, 1] })).toThrow(/matrixNorm: options.dim must be two different axes/);
  });
});

describe("unknown options raise", () => {
  const S = spd([3, 3], 8);
  it.each([
    ["svd", () => linalg.svd(S, { full_matrices: true } as never)],
    ["qr", () => linalg.qr(S, { complete: true } as never)],
    ["eigh", () => linalg.eigh(S, { uplo: "L" } as never)],
    ["eigvalsh", () => linalg.eigvalsh(S, { lower: true } as never)],
    ["cholesky", () => linalg.cholesky(S, { lower: false } as never)],
    ["matrixNorm", () => linalg.matrixNorm(S, "fro", { axis: [0, 1] } as never)],
    ["triangularSolve", () => linalg.triangularSolve(S, f64([1, 2, 3]), { lower: true, upper: false } as never)],
  ])("%s", (name, call) => {
    expect(call).toThrow(new RegExp(`^${name}: options\\.\\w+ is not an option`));
  });

  it("bad values raise naming the option", () => {
    expect(() => linalg.qr(S, { mode: "full" } as never)).toThrow(/qr: options.mode must be "reduced", "complete" or "r", got/);
    expect(() => linalg.eigh(S, { UPLO: "X" } as never)).toThrow(/eigh: options.UPLO must be "L" or "U", got/);
    expect(() => linalg.svd(S, { fullMatrices: 1 } as never)).toThrow(/svd: options.fullMatrices must be a boolean, got/);
  });
});
