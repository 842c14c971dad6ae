import { argumentError, checkFunction, inFunction } from "../core/validate.js";
import type { Tensor } from "../tensor/tensor.js";
import { grad } from "./grad.js";
import { checkJacobianArgs, jacfwd, jacrev, type JacobianOptions, type JacobianResult } from "./jacobian.js";
import { checkPrimalsAndTangents, jvpFlat } from "./jvp.js";
import { callWith, unflattenValues, type AnyFunction, type Loosen } from "./tree-values.js";
import type { ArgnumsOf, ArgsOf, CheckArgnums, GradOf, JacobianOf, SelectedGrads, TangentOf } from "./types.js";

/** What `hessian(f, opts)` returns when called: the Jacobian of the gradient, nested per `argnums`. */
export type HessianResult<F extends AnyFunction, O> = JacobianOf<JacobianResult<F, O>, SelectedGrads<Parameters<F>, ArgnumsOf<O>>>;

/**
 * The Hessian of a scalar function, forward-over-reverse (`jacfwd(jacrev(f))`). With an array
 * `argnums` the result is nested: `H[i][j]` has shape `[...shape_i, ...shape_j]` (JAX's convention).
 * `opts.chunkSize` bounds the lanes per batched pass at both levels, as in `jacfwd`.
 *
 * @example
 * hessian((x: Tensor) => sum(pow(x, 3)))(tensor([1, 2])); // [[6, 0], [0, 12]]
 */
export function hessian<F extends AnyFunction, const O extends Pick<JacobianOptions, "argnums" | "chunkSize"> = Record<never, never>>(
  f: F,
  opts?: O & CheckArgnums<Parameters<F>, O>,
): (...args: Loosen<Parameters<F>>) => HessianResult<F, O>;
export function hessian(f: unknown, opts?: unknown): (...args: unknown[]) => unknown {
  const [fn, o] = checkJacobianArgs(f, opts, "hessian", ["argnums", "chunkSize"]);
  // NOTE: chunkSize goes to both levels (PyTorch's hessian has none): the outer jacfwd's basis has n lanes, the inner jacrev's one per output.
  const inner: JacobianOptions = o.chunkSize === undefined ? { argnums: o.argnums } : { argnums: o.argnums, chunkSize: o.chunkSize };
  const h = jacfwd(jacrev(fn, inner), inner) as (...args: unknown[]) => unknown;
  // NOTE: errors from the inner jacrev/jacfwd (f's output, its arguments) are renamed to hessian.
  return (...args: unknown[]) => inFunction("hessian", () => h(...args));
}

/**
 * The Hessian-vector product H(primals)·tangents of a scalar function, forward-over-reverse,
 * without forming H. `tangents` mirror `primals`; the result mirrors them too (one entry per argument).
 *
 * @example
 * hvp((x: Tensor) => sum(pow(x, 3)), [tensor([1, 2])], [tensor([1, 0])]); // [[6, 0]]
 */
export function hvp<F extends AnyFunction>(
  f: F,
  primals: ArgsOf<Parameters<F>>,
  tangents: TangentOf<Parameters<F>>,
): GradOf<Parameters<F>>;
export function hvp(f: unknown, primals: unknown, tangents: unknown): unknown {
  checkFunction(f, "hvp", "f");
  const [ps, pdef, checked] = checkPrimalsAndTangents(primals, tangents, "hvp");
  const n = (primals as unknown[]).length;
  if (n === 0) throw argumentError("hvp", "primals", "a non-empty array (one entry per argument of f)", primals);
  const g = grad(f as AnyFunction, { argnums: Array.from({ length: n }, (_, i) => i) }) as AnyFunction;
  const call = (xs: Tensor[]) => callWith(g, unflattenValues(pdef, xs) as unknown[]);
  const [, , outTangents, odef] = inFunction("hvp", () => jvpFlat(call, ps, checked, "hvp"));
  return unflattenValues(odef, outTangents);
}
