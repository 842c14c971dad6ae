// Derivatives of the linear-algebra functions: against finite differences in float64 (forward,
// reverse, both modes consistent; batched; second order for slogdet, solve, cholesky), against
// closed forms, at degenerate inputs, and the Gaussian log-likelihood of the "done when".
import { describe, expect, it } from "vitest";
import { linalg } from "../../src/linalg/index.js";
import { backward } from "../../src/eager/backward.js";
import { add, matmul, mul, outer, square, sub, sum, trace } from "../../src/ops/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { eye, tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { jvp } from "../../src/transforms/jvp.js";
import { expectNear, f64, gaussian, mT, spd, wellConditioned } from "./helpers.js";

const A3 = wellConditioned([3, 3], 21);
const AB = wellConditioned([2, 3, 3], 22);
const SB = spd([2, 3, 3], 24);
const B32 = gaussian([3, 2], 25);

describe("first order against finite differences (jvp, vjp, consistency)", () => {
  const cases: [string, (...xs: Tensor[]) => Tensor | Tensor[], Tensor[]][] = [
    ["solve (matrix rhs)", (a, b) => linalg.solve(a, b), [A3, B32]],
    ["solve (vector rhs, broadcast batch)", (a, b) => linalg.solve(a, b), [AB, gaussian([3], 26)]],
    ["inv (batched)", (a) => linalg.inv(a), [AB]],
    ["det (batched)", (a) => linalg.det(a), [AB]],
    ["slogdet", (a) => linalg.slogdet(a).logAbsDet, [gaussian([4, 4], 27)]],
    ["cholesky (batched)", (a) => linalg.cholesky(a), [SB]],
    ["triangularSolve lower, vector", (a, b) => linalg.triangularSolve(a, b, { lower: true }), [A3, gaussian([3], 28)]],
    ["triangularSolve upper, transposed, right side", (a, b) => linalg.triangularSolve(a, b, { lower: false, transpose: true, left: false }), [A3, gaussian([2, 3], 29)]],
    ["lu", (a) => { const r = linalg.lu(a); return [r.L, r.U]; }, [gaussian([2, 4, 4], 30)]],
    ["qr tall", (a) => { const r = linalg.qr(a); return [r.Q, r.R]; }, [gaussian([5, 3], 31)]],
    ["qr wide (batched)", (a) => { const r = linalg.qr(a); return [r.Q, r.R]; }, [gaussian([2, 3, 4], 32)]],
    ["svd tall", (a) => { const r = linalg.svd(a); return [r.U, r.S, r.Vh]; }, [gaussian([5, 3], 33)]],
    ["svd wide (batched)", (a) => { const r = linalg.svd(a); return [r.U, r.S, r.Vh]; }, [gaussian([2, 3, 5], 34)]],
    ["eigh (batched)", (a) => { const r = linalg.eigh(a); return [r.eigenvalues, r.eigenvectors]; }, [gaussian([2, 4, 4], 35)]],
    ["lstsq tall", (a, b) => linalg.lstsq(a, b).solution, [gaussian([6, 3], 36), gaussian([6, 2], 37)]],
    ["lstsq wide", (a, b) => linalg.lstsq(a, b).solution, [gaussian([2, 4], 38), gaussian([2], 39)]],
    ["matrixPower 3", (a) => linalg.matrixPower(a, 3), [A3]],
    ["matrixPower −2 (batched)", (a) => linalg.matrixPower(a, -2), [AB]],
    ["matrixNorm fro", (a) => linalg.matrixNorm(a), [AB]],
    ["matrixNorm nuc", (a) => linalg.matrixNorm(a, "nuc"), [gaussian([2, 3, 4], 40)]],
    ["matrixNorm 2", (a) => linalg.matrixNorm(a, 2), [gaussian([4, 3], 41)]],
    ["matrixNorm −2", (a) => linalg.matrixNorm(a, -2), [gaussian([3, 4], 42)]],
    ["matrixNorm 1", (a) => linalg.matrixNorm(a, 1), [gaussian([3, 4], 43)]],
    ["matrixNorm ∞", (a) => linalg.matrixNorm(a, Infinity), [gaussian([3, 4], 44)]],
  ];
  for (const [name, f, args] of cases) it(name, () => checkGrads(f, args, { name, rtol: 1e-5 }));
});

describe("second order (jvp∘jvp, vjp∘jvp, jvp∘vjp, vjp∘vjp)", () => {
  it("slogdet", () => checkGrads((a) => linalg.slogdet(a).logAbsDet, [AB], { order: 2, rtol: 1e-5 }));
  it("solve", () => checkGrads((a, b) => linalg.solve(a, b), [A3, B32], { order: 2, rtol: 1e-5 }));
  it("cholesky", () => checkGrads((a) => linalg.cholesky(a), [SB], { order: 2, rtol: 1e-5 }));
  it("inv and det", () => {
    checkGrads((a) => linalg.inv(a), [A3], { order: 2, rtol: 1e-5 });
    checkGrads((a) => linalg.det(a), [A3], { order: 2, rtol: 1e-5 });
  });
});

describe("closed forms", () => {
  const ainvT = mT(linalg.inv(A3));
  it("∇ log|det A| = A⁻ᵀ, ∇ det A = det A · A⁻ᵀ", () => {
    expectNear(grad((a: Tensor) => linalg.slogdet(a).logAbsDet)(A3) as Tensor, ainvT, 1e-13);
    expectNear(grad((a: Tensor) => linalg.det(a))(A3) as Tensor, mul(linalg.det(A3), ainvT), 1e-12);
  });
  it("Hessian of log|det A| along H: −A⁻ᵀHᵀA⁻ᵀ", () => {
    const h = gaussian([3, 3], 45);
    const [, t] = jvp((a: Tensor) => grad((x: Tensor) => linalg.slogdet(x).logAbsDet)(a) as Tensor, [A3], [h]) as [Tensor, Tensor];
    expectNear(t, mul(matmul(ainvT, matmul(mT(h), ainvT)), -1), 1e-12);
  });
  it("solve: ∇_b ½‖A⁻¹b‖² = A⁻ᵀx and ∇_A = −A⁻ᵀx xᵀ", () => {
    const b = gaussian([3], 46);
    const x = linalg.solve(A3, b);
    const f = (a: Tensor, bb: Tensor) => mul(sum(square(linalg.solve(a, bb))), 0.5);
    const [ga, gb] = grad(f, { argnums: [0, 1] })(A3, b) as Tensor[];
    const xbar = linalg.solve(mT(A3), x);
    expectNear(gb!, xbar, 1e-13);
    expectNear(ga!, mul(outer(xbar, x), -1), 1e-13);
  });
  it("σ_max: ∇ = u₁v₁ᵀ; nuclear norm: ∇ = U·Vh; Σ eigenvalues²: ∇ = 2·sym(A)", () => {
    const a = gaussian([4, 3], 47);
    const { U, Vh } = linalg.svd(a);
    const u1 = U.slice([0, 0], [4, 1]);
    const v1 = Vh.slice([0, 0], [1, 3]);
    expectNear(grad((x: Tensor) => linalg.matrixNorm(x, 2))(a) as Tensor, matmul(u1, v1), 1e-13);
    expectNear(grad((x: Tensor) => linalg.matrixNorm(x, "nuc"))(a) as Tensor, matmul(U, Vh), 1e-13);
    const s = gaussian([3, 3], 48);
    expectNear(grad((x: Tensor) => sum(square(linalg.eigvalsh(x))))(s) as Tensor, add(s, mT(s)), 1e-12);
  });
});

describe("degenerate inputs (documented behaviour)", () => {
  it("repeated singular values: the nuclear norm of an orthogonal Q has gradient Q (finite)", () => {
    const { Q } = linalg.qr(gaussian([4, 4], 49));
    expectNear(grad((x: Tensor) => linalg.matrixNorm(x, "nuc"))(Q) as Tensor, Q, 1e-12);
  });
  it("repeated eigenvalues: eigenspace projectors differentiate correctly (against finite differences)", () => {
    // ⟨C, V·diag(1, 1, 0)·Vᵀ⟩ is ⟨C, P⟩ for the projector P onto the eigenspace of the double
    // eigenvalue 1: smooth in A although V itself is not unique there.
    const { Q } = linalg.qr(gaussian([3, 3], 50));
    const a = matmul(mul(Q, f64([1, 1, 2])), mT(Q));
    const c = gaussian([3, 3], 51);
    const projector = (x: Tensor) => {
      const v = linalg.eigh(x).eigenvectors;
      return sum(mul(c, matmul(mul(v, f64([1, 1, 0])), mT(v))));
    };
    checkGrads(projector, [a], { rtol: 1e-5, modes: ["rev"] });
    expectNear(grad((x: Tensor) => sum(square(linalg.eigvalsh(x))))(eye(3, { dtype: "float64" })) as Tensor, mul(eye(3, { dtype: "float64" }), 2), 1e-14);
  });
  it("repeated singular values: the polar factor U·Vh differentiates correctly (against finite differences)", () => {
    const { Q } = linalg.qr(gaussian([4, 4], 56));
    const a = mul(Q, f64([2, 2, 2, 1])); // singular values 2, 2, 2, 1
    const c = gaussian([4, 4], 57);
    const polar = (x: Tensor) => {
      const { U, Vh } = linalg.svd(x);
      return sum(mul(c, matmul(U, Vh)));
    };
    checkGrads(polar, [a], { rtol: 1e-5, modes: ["rev"] });
    const tall = mul(linalg.qr(gaussian([5, 3], 58)).Q, f64([1, 1, 3])); // rectangular, repeated
    const c2 = gaussian([5, 3], 59);
    checkGrads((x: Tensor) => sum(mul(c2, matmul(linalg.svd(x).U, linalg.svd(x).Vh))), [tall], { rtol: 1e-5, modes: ["rev"] });
  });
  it("singular matrices: det has value 0; slogdet −∞", () => {
    expect(linalg.det(f64([[1, 2], [2, 4]])).item()).toBe(0);
    expect(linalg.slogdet(f64([[0, 0], [0, 1]])).logAbsDet.item()).toBe(-Infinity);
  });
});

describe("Gaussian log-likelihood (the issue's 'done when')", () => {
  /** log N(x; μ, Σ) with cholesky, triangularSolve and slogdet. */
  const logLikelihood = (x: Tensor, mu: Tensor, sigma: Tensor): Tensor => {
    const n = x.shape[0]!;
    const L = linalg.cholesky(sigma);
    const z = linalg.triangularSolve(L, sub(x, mu), { lower: true });
    const quad = sum(square(z));
    return mul(add(add(quad, linalg.slogdet(sigma).logAbsDet), n * Math.log(2 * Math.PI)), -0.5);
  };
  const x = gaussian([4], 52);
  const mu = gaussian([4], 53);
  const sigma = spd([4, 4], 54);
  const sInv = linalg.inv(sigma);
  const r = sub(x, mu);
  const sInvR = matmul(sInv, r);

  it("value", () => {
    const quad = sum(mul(r, sInvR)).item();
    const expected = -0.5 * (quad + Math.log(linalg.det(sigma).item()) + 4 * Math.log(2 * Math.PI));
    expect(logLikelihood(x, mu, sigma).item()).toBeCloseTo(expected, 12);
  });
  it("∂/∂μ = Σ⁻¹(x − μ), ∂/∂Σ = ½(Σ⁻¹(x−μ)(x−μ)ᵀΣ⁻¹ − Σ⁻¹)", () => {
    const [gMu, gSigma] = grad(logLikelihood, { argnums: [1, 2] })(x, mu, sigma) as Tensor[];
    expectNear(gMu!, sInvR, 1e-13);
    expectNear(gSigma!, mul(sub(outer(sInvR, sInvR), sInv), 0.5), 1e-13);
  });
  it("the same through the eager API, and second order", () => {
    const m = tensor(mu.data() as Float64Array, { dtype: "float64", requiresGrad: true });
    const s = tensor(sigma.data() as Float64Array, { shape: [4, 4], dtype: "float64", requiresGrad: true });
    backward(logLikelihood(x, m, s));
    expectNear(m.grad!, sInvR, 1e-13);
    expectNear(s.grad!, mul(sub(outer(sInvR, sInvR), sInv), 0.5), 1e-13);
    // ∂²/∂μ² = −Σ⁻¹
    const hessMu = (mm: Tensor) => grad((v: Tensor) => logLikelihood(x, v, sigma))(mm) as Tensor;
    const [, col] = jvp(hessMu, [mu], [f64([1, 0, 0, 0])]) as [Tensor, Tensor];
    expectNear(col, mul(sInv.slice([0, 0], [4, 1]).reshape([4]), -1), 1e-12);
    checkGrads((v, sg) => logLikelihood(x, v, sg), [mu, sigma], { order: 2, rtol: 1e-5 });
  });
});

describe("float32", () => {
  it("gradients of solve, slogdet, svd, eigh run in float32 and agree with float64 to ~1e-4", () => {
    const a64 = wellConditioned([3, 3], 55);
    const a32 = tensor(a64.data() as Float64Array, { shape: [3, 3], dtype: "float32" });
    const fs = [
      (a: Tensor) => sum(linalg.solve(a, eye(3, { dtype: a.dtype }))),
      (a: Tensor) => linalg.slogdet(a).logAbsDet,
      (a: Tensor) => linalg.matrixNorm(a, "nuc"),
      (a: Tensor) => trace(matmul(a, linalg.eigh(a).eigenvectors)),
    ];
    for (const f of fs) {
      const g32 = grad(f)(a32) as Tensor;
      expect(g32.dtype).toBe("float32");
      expectNear(g32, grad(f)(a64) as Tensor, 1e-4);
    }
  });
});
