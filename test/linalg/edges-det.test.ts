// det at singular matrices: its derivative is the adjugate, which exists everywhere. Checked against
// the closed forms, the Levi-Civita forms of the 3×3 Hessian and third derivative, the
// Taylor coefficients of t ↦ det(A + tE) (exact polynomials), and finite differences in both modes.
import { describe, expect, it } from "vitest";
import { linalg } from "../../src/linalg/index.js";
import { add, mul } from "../../src/ops/index.js";
import { checkGrads } from "../../src/testing/check-grads.js";
import { tensor } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { grad } from "../../src/transforms/grad.js";
import { hessian } from "../../src/transforms/hessian.js";
import { jacfwd, jacrev } from "../../src/transforms/jacobian.js";
import { jvp } from "../../src/transforms/jvp.js";
import { vjp } from "../../src/transforms/vjp.js";
import { expectNear, f64, gaussian, mT } from "./helpers.js";

const det = (a: Tensor): Tensor => linalg.det(a);
const SINGULAR = f64([[1, 2, 3], [1, 2, 3], [4, 5, 7]]);
const ADJ_T = [[-1, 5, -3], [1, -5, 3], [0, 0, 0]];

/** Levi-Civita symbol of (i, j, k) in {0, 1, 2}. */
function eps(i: number, j: number, k: number): number {
  return ((i - j) * (j - k) * (k - i)) / 2;
}

/** det of a plain matrix by cofactor expansion (the exact polynomial, for references). */
function leibniz(m: number[][]): number {
  const n = m.length;
  if (n === 0) return 1;
  let s = 0;
  for (let j = 0; j < n; j++) {
    const minor = m.slice(1).map((r) => r.filter((_, c) => c !== j));
    s += (j % 2 === 0 ? 1 : -1) * m[0]![j]! * leibniz(minor);
  }
  return s;
}

/** The Taylor coefficients c_k of det(A + tE) = Σ c_k t^k, by interpolation at t = 0..n (exact for small integers). */
function taylor(a: number[][], e: number[][]): number[] {
  const n = a.length;
  const ts = Array.from({ length: n + 1 }, (_, i) => i);
  const ys = ts.map((t) => leibniz(a.map((r, i) => r.map((v, j) => v + t * e[i]![j]!))));
  // Solve the Vandermonde system by Gaussian elimination (tiny, integer data).
  const m = ts.map((t, i) => [...ts.map((_, k) => t ** k), ys[i]!]);
  for (let c = 0; c <= n; c++) {
    for (let r = c + 1; r <= n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n + 1; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n + 1).fill(0);
  for (let r = n; r >= 0; r--) {
    let s = m[r]![n + 1]!;
    for (let k = r + 1; k <= n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/** The k-th derivative of t ↦ det(A + tE) at 0 by k nested jvps. */
function nthDerivative(a: Tensor, e: Tensor, k: number): number {
  let f = (x: Tensor): Tensor => det(x);
  for (let i = 0; i < k; i++) {
    const g = f;
    f = (x: Tensor): Tensor => jvp(g, [x], [e])[1] as Tensor;
  }
  return f(a).item();
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));

describe("det: the adjugate at singular matrices", () => {
  it("grad, vjp and jvp at the issue's singular matrix are the adjugate", () => {
    expect(det(SINGULAR).item()).toBe(0);
    expectNear(grad(det)(SINGULAR), ADJ_T, 1e-13, "grad");
    const [, pullback] = vjp(det, SINGULAR);
    expectNear((pullback(f64(2)) as Tensor[])[0]!, ADJ_T.map((r) => r.map((v) => 2 * v)), 1e-13, "vjp");
    const e = gaussian([3, 3], 1);
    const expected = ADJ_T.flat().reduce((s, v, i) => s + v * e.data()[i]!, 0);
    expect(Math.abs((jvp(det, [SINGULAR], [e])[1] as Tensor).item() - expected)).toBeLessThan(1e-13);
  });

  it("grad of det at [[0]] is [[1]], and at the zero 3×3 matrix is 0", () => {
    expectNear(grad(det)(f64([[0]])), [[1]], 0, "1×1");
    expectNear(grad(det)(f64([[0, 0, 0], [0, 0, 0], [0, 0, 0]])), [[0, 0, 0], [0, 0, 0], [0, 0, 0]], 0, "zero");
  });

  it("grad at a nonsingular matrix is det·A⁻ᵀ; batched with a singular entry; float32", () => {
    const A = f64([[2, 1, 0], [1, 3, 1], [0, 1, 4]]);
    expectNear(grad(det)(A), mul(det(A), mT(linalg.inv(A))), 1e-12, "det·A⁻ᵀ");
    const batch = tensor([SINGULAR.toArray() as number[][], A.toArray() as number[][]], { dtype: "float64" });
    const g = grad((x: Tensor) => linalg.det(x).sum())(batch);
    expectNear(g, [ADJ_T, mul(det(A), mT(linalg.inv(A))).toArray() as number[][]], 1e-12, "batched");
    const g32 = grad(det)(tensor([[1, 2, 3], [1, 2, 3], [4, 5, 7]], { dtype: "float32" }));
    expect(g32.dtype).toBe("float32");
    expectNear(g32, ADJ_T, 1e-5, "float32");
  });

  it("second order: the 3×3 Hessian is ε_ikm ε_jln a_mn (reverse-over-reverse and forward-over-reverse)", () => {
    const a = SINGULAR.toArray() as number[][];
    const ref: number[][][][] = [];
    for (let i = 0; i < 3; i++) {
      ref.push([]);
      for (let j = 0; j < 3; j++) {
        ref[i]!.push([]);
        for (let k = 0; k < 3; k++) {
          ref[i]![j]!.push([]);
          for (let l = 0; l < 3; l++) {
            let s = 0;
            for (let m = 0; m < 3; m++) for (let q = 0; q < 3; q++) s += eps(i, k, m) * eps(j, l, q) * a[m]![q]!;
            ref[i]![j]![k]!.push(s);
          }
        }
      }
    }
    expectNear(hessian(det)(SINGULAR) as Tensor, ref, 1e-12, "hessian (forward over reverse)");
    expectNear(jacrev(grad(det))(SINGULAR) as Tensor, ref, 1e-12, "reverse over reverse");
  });

  it("third order: ∂³det/∂a_ip∂a_jq∂a_kr = ε_ijk ε_pqr for 3×3, at a singular matrix", () => {
    const third = jacfwd(jacrev(grad(det)))(SINGULAR) as Tensor;
    const d = third.data();
    let worst = 0;
    let idx = 0;
    for (let i = 0; i < 3; i++)
      for (let p = 0; p < 3; p++)
        for (let j = 0; j < 3; j++)
          for (let q = 0; q < 3; q++)
            for (let k = 0; k < 3; k++)
              for (let r = 0; r < 3; r++) worst = Math.max(worst, Math.abs(d[idx++]! - eps(i, j, k) * eps(p, q, r)));
    expect(worst).toBeLessThan(1e-11);
  });

  it("every order: the k-th derivative of det(A + tE) is k!·c_k at rank-deficient A (4×4, rank 2)", () => {
    const a = [[1, 2, 3, 4], [2, 4, 6, 8], [1, 0, 1, 0], [3, 4, 7, 8]]; // rank 2
    const e = [[1, -1, 0, 2], [0, 1, 1, -1], [2, 0, -1, 1], [1, 1, 0, 1]];
    const c = taylor(a, e);
    for (let k = 1; k <= 5; k++) {
      const got = nthDerivative(f64(a), f64(e), k);
      const want = k <= 4 ? factorial(k) * c[k]! : 0;
      expect(Math.abs(got - want), `order ${k}: ${got} vs ${want}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(want)));
    }
    expect(Math.abs(c[1]!)).toBeLessThan(1e-12); // rank 2: the adjugate vanishes ...
    expect(Math.abs(c[2]!)).toBeGreaterThan(1); // ... but the second derivative does not
  });

  it("finite differences in both modes, first and second order, at singular and rank-2 matrices", () => {
    checkGrads(det, [SINGULAR], { order: 2, modes: ["fwd", "rev"] });
    checkGrads(det, [f64([[1, 2, 3, 4], [2, 4, 6, 8], [1, 0, 1, 0], [3, 4, 7, 8]])], { order: 2, modes: ["fwd", "rev"] });
    checkGrads((x: Tensor) => linalg.det(add(x, 0)), [gaussian([2, 4, 4], 7)], { order: 2 });
  });
});
