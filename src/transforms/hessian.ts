import type { Tensor } from "../tensor/tensor.js";
import { grad } from "./grad.js";
import { jacfwd, jacrev, type JacobianOptions } from "./jacobian.js";
import { jvp } from "./jvp.js";
import type { AnyFunction, Loosen } from "./tree-values.js";

/**
 * The Hessian of a scalar function, forward-over-reverse (`jacfwd(jacrev(f))`). With an array
 * `argnums` the result is nested: `H[i][j]` has shape `[...shape_i, ...shape_j]` (JAX's convention).
 *
 * @example
 * hessian((x: Tensor) => sum(pow(x, 3)))(tensor([1, 2])); // [[6, 0], [0, 12]]
 */
export function hessian<F extends AnyFunction>(f: F, opts: Pick<JacobianOptions, "argnums"> = {}): (...args: Loosen<Parameters<F>>) => Tensor {
  return jacfwd(jacrev(f, opts), opts) as unknown as (...args: Loosen<Parameters<F>>) => Tensor;
}

/**
 * The Hessian-vector product H(primals)·tangents of a scalar function, forward-over-reverse,
 * without forming H. The result mirrors `primals`.
 *
 * @example
 * hvp((x: Tensor) => sum(pow(x, 3)), [tensor([1, 2])], [tensor([1, 0])]); // [[6, 0]]
 */
export function hvp<F extends AnyFunction>(f: F, primals: readonly unknown[], tangents: readonly unknown[]): Tensor[] {
  const argnums = primals.map((_, i) => i);
  const g = (...xs: unknown[]) => (grad(f, { argnums }) as (...a: unknown[]) => unknown)(...xs);
  return jvp(g, primals, tangents)[1] as unknown as Tensor[];
}
