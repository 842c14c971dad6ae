// Functions with known sparse Jacobians and Hessians, shared by the sparse tests.
import { add, concat, exp, mul, pad, reshape, sin, slice, sub, sum, tensor, type Tensor } from "../../src/index.js";

/** A float64 vector. */
export const vec = (xs: number[]): Tensor => tensor(xs, { dtype: "float64" });

/** A float64 vector of n values f(i) (default cos(i + 0.5)). */
export const range = (n: number, f = (i: number) => Math.cos(i + 0.5)): Tensor => vec(Array.from({ length: n }, (_, i) => f(i)));

/** Second difference with Dirichlet ends (zeros joined by concat) plus a reaction term: a tridiagonal Jacobian. */
export function diffusionReaction(u: Tensor): Tensor {
  const n = u.shape[0]!;
  const z = vec([0]);
  const left = concat([z, slice(u, [0], [n - 1])], 0);
  const right = concat([slice(u, [1], [n - 1]), z], 0);
  return add(sub(add(left, right), mul(2, u)), mul(0.1, exp(u)));
}

/** y0 = Σ x², y_i = x_i·sin x0 (n = 6): an arrowhead Jacobian (dense first row and column, diagonal). */
export const arrowhead = (x: Tensor): Tensor => concat([reshape(sum(mul(x, x)), [1]), mul(slice(x, [1], [5]), sin(slice(x, [0], [1])))], 0);

/** The chained Rosenbrock function Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²: a tridiagonal Hessian. */
export function rosenbrock(x: Tensor): Tensor {
  const n = x.shape[0]!;
  const a = slice(x, [0], [n - 1]);
  const d = sub(slice(x, [1], [n - 1]), mul(a, a));
  return add(sum(mul(100, mul(d, d))), sum(mul(sub(1, a), sub(1, a))));
}

/** A 2-D 5-point Laplacian plus reaction on a k×k grid (zero boundary), flattened: a 5-diagonal Jacobian. */
export function laplace2d(k: number): (u: Tensor) => Tensor {
  return (u) => {
    const g = pad(reshape(u, [k, k]), [[1, 1], [1, 1]]);
    const c = slice(g, [1, 1], [k, k]);
    const nb = add(add(slice(g, [0, 1], [k, k]), slice(g, [2, 1], [k, k])), add(slice(g, [1, 0], [k, k]), slice(g, [1, 2], [k, k])));
    return reshape(add(sub(nb, mul(4, c)), mul(0.1, exp(c))), [k * k]);
  };
}
