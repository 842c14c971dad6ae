// The matrix exponential by scaling and squaring with a diagonal Padé approximant (Higham 2005,
// "The scaling and squaring method for the matrix exponential revisited", Algorithm 2.3).
import type { DType } from "../core/dtype.js";
import { add, mul, sub } from "../ops/arithmetic.js";
import { checkNoExtraArguments } from "../core/validate.js";
import type { TensorLike } from "../ops/tensor-like.js";
import type { Tensor } from "../tensor/tensor.js";
import { floatMatrix, squareDim } from "./check-matrix.js";
import { identity, matmul } from "./matrix-algebra.js";
import { solve } from "./solve.js";

/** Higham's θ_m: the largest ‖A‖₁ for which the degree-m Padé approximant is accurate to double precision. */
const THETA: readonly [number, number][] = [
  [3, 1.495585217958292e-2],
  [5, 2.53939833006323e-1],
  [7, 9.504178996162932e-1],
  [9, 2.097847961257068],
];
const THETA13 = 5.371920351148152;

/** Coefficients b_0..b_m of the degree-m diagonal Padé approximant p_m(x) of eˣ (q_m(x) = p_m(−x)). */
const PADE: Record<number, readonly number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
    670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** The largest 1-norm (max column sum of |a|) over a batch of n×n matrices, read from the values. */
function maxOneNorm(a: Tensor, n: number): number {
  const d = a.data();
  let worst = 0;
  for (let base = 0; base < d.length; base += n * n)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.abs(d[base + i * n + j]!);
      if (!(s <= worst)) worst = s; // NaN propagates to the largest degree
    }
  return worst;
}

/** Σ c_k X_k + c_I·I for powers X_k of A (a polynomial in A from precomputed even powers). */
function combine(terms: readonly [number, Tensor][], cI: number, n: number, dtype: DType): Tensor {
  let acc: Tensor = mul(identity(n, dtype), cI);
  for (const [c, x] of terms) acc = add(acc, mul(x, c));
  return acc;
}

/** U and V of r_m(A) = (V − U)⁻¹(V + U): U the odd part of p_m(A), V the even part. */
function padeParts(A: Tensor, m: number, n: number): [Tensor, Tensor] {
  const b = PADE[m]!;
  const A2 = matmul(A, A);
  if (m === 13) {
    const A4 = matmul(A2, A2);
    const A6 = matmul(A4, A2);
    const u1 = matmul(A6, combine([[b[13]!, A6], [b[11]!, A4], [b[9]!, A2]], 0, n, A.dtype));
    const U = matmul(A, add(u1, combine([[b[7]!, A6], [b[5]!, A4], [b[3]!, A2]], b[1]!, n, A.dtype)));
    const v1 = matmul(A6, combine([[b[12]!, A6], [b[10]!, A4], [b[8]!, A2]], 0, n, A.dtype));
    const V = add(v1, combine([[b[6]!, A6], [b[4]!, A4], [b[2]!, A2]], b[0]!, n, A.dtype));
    return [U, V];
  }
  const powers: Tensor[] = [A2];
  for (let k = 4; k < m; k += 2) powers.push(matmul(powers[powers.length - 1]!, A2));
  const odd = combine(powers.map((p, i) => [b[2 * i + 3]!, p] as [number, Tensor]), b[1]!, n, A.dtype);
  const even = combine(powers.map((p, i) => [b[2 * i + 2]!, p] as [number, Tensor]), b[0]!, n, A.dtype);
  return [matmul(A, odd), even];
}

/**
 * The matrix exponential e^A = Σ A^k/k! of a square matrix (batch), by scaling and squaring with
 * the [m/m] Padé approximant, m ∈ {3, 5, 7, 9, 13} chosen from ‖A‖₁ (Higham 2005; scipy's and
 * PyTorch's algorithm). Differentiable in both modes and to any order through the algorithm's
 * products and solve: differentiating scaling and squaring gives the Fréchet derivative
 * L(A, E) = ∫₀¹ e^{sA} E e^{(1−s)A} ds to the same accuracy as e^A itself (Al-Mohy and Higham 2009),
 * so ∇ ⟨Ḡ, e^A⟩ = L(Aᵀ, Ḡ).
 * NOTE: a batch is computed with one degree and one number of squarings, those of its largest
 * ‖A‖₁ (float32 uses the same double-precision thresholds: more accurate than needed).
 *
 * @example
 * linalg.matrixExp(tensor([[0, 1], [0, 0]])); // [[1, 1], [0, 1]]
 */
export function matrixExp(a: TensorLike, ...extra: never[]): Tensor {
  checkNoExtraArguments("matrixExp", extra, ["a"]);
  const A = floatMatrix(a, "matrixExp");
  const n = squareDim("matrixExp", A);
  if (n === 0) return A;
  const norm = maxOneNorm(A, n);
  const small = THETA.find(([, theta]) => norm <= theta);
  let m = 13;
  let squarings = 0;
  let scaled = A;
  if (small !== undefined) m = small[0];
  else if (Number.isFinite(norm)) {
    squarings = Math.max(0, Math.ceil(Math.log2(norm / THETA13)));
    scaled = mul(A, 2 ** -squarings);
  }
  const [U, V] = padeParts(scaled, m, n);
  let r = solve(sub(V, U), add(V, U));
  for (let k = 0; k < squarings; k++) r = matmul(r, r);
  return r;
}
