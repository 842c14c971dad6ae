import { argumentError, checkFunction } from "../core/validate.js";
import { isFloat } from "../core/dtype.js";
import { DTypeError, TransformError } from "../core/errors.js";
import { JvpInterpreter } from "../interpreters/jvp.js";
import { currentInterpreter, within, type Interpreter } from "../primitives/bind.js";
import type { TensorLike } from "../ops/tensor-like.js";
import { full, scalar } from "../tensor/creation.js";
import { Tensor } from "../tensor/tensor.js";
import { checkTangent } from "../transforms/jvp.js";

/**
 * An open forward-mode level: dual numbers made at it carry tangents that its operations
 * propagate. It is the engine's `JvpInterpreter`, made current for the level's duration.
 */
export class DualLevel {
  /** @internal The forward-mode interpreter of this level. */
  readonly interpreter: JvpInterpreter;

  /** Not for users: `dualLevel(fn)` opens a level. */
  constructor(
    interpreter: JvpInterpreter,
    /** 0 for the outermost open level, 1 inside it, … */
    readonly depth: number,
  ) {
    this.interpreter = interpreter;
  }

  /** False once `dualLevel` has returned. */
  get open(): boolean {
    return this.interpreter.active;
  }
}

const openLevels: DualLevel[] = [];

/** Replaces this level's dual numbers in a result by their primals (PyTorch drops tangents at exit too). */
function stripLevel(value: unknown, interp: JvpInterpreter): unknown {
  if (value instanceof Tensor) return value._owner === interp ? value._primal : value;
  if (Array.isArray(value)) return value.map((v) => stripLevel(v, interp));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripLevel(v, interp)]));
  return value;
}

/**
 * Opens a forward-mode level for the duration of `fn` (PyTorch's `dual_level`): inside it,
 * `makeDual` makes dual numbers a + ȧε and every op propagates their tangents. Levels nest, each
 * with its own ε (ε₁ε₂ ≠ 0), which gives higher derivatives; dual numbers of this level in the
 * result come back as their primals, so unpack what you need inside.
 *
 * @example
 * dualLevel(() => {
 *   const x = makeDual(3, 1);            // 3 + 1ε
 *   return unpackDual(mul(x, x));        // { primal: 9, tangent: 6 }: f(a + ε) = f(a) + f'(a)ε
 * });
 */
export function dualLevel<T>(fn: (level: DualLevel) => T): T {
  checkFunction(fn, "dualLevel", "fn");
  const interp = new JvpInterpreter(currentInterpreter(), "dualLevel");
  const level = new DualLevel(interp, openLevels.length);
  openLevels.push(level);
  try {
    return stripLevel(within(interp, () => fn(level)), interp) as T;
  } finally {
    interp.active = false;
    openLevels.pop();
  }
}

function innermost(level: DualLevel | undefined, where: string): DualLevel {
  const l = level ?? openLevels[openLevels.length - 1];
  if (l === undefined) throw new TransformError(`${where}: no forward-mode level is open; call it inside dualLevel(() => …)`);
  if (!l.open) throw new TransformError(`${where}: this dual level has already closed (its dualLevel call returned)`);
  return l;
}

/** The interpreters above `level` on the current stack (transforms started inside the level). */
function interpretersAbove(level: DualLevel): Set<Interpreter> {
  const above = new Set<Interpreter>();
  for (let i: Interpreter | null = currentInterpreter(); i !== null && i !== level.interpreter; i = i.parent) above.add(i);
  return above;
}

function checkOwner(t: Tensor, above: ReadonlySet<Interpreter>, what: string): void {
  if (t._owner === null) return;
  if (!t._owner.active) throw new TransformError(`makeDual: the ${what} is a tracer of a ${t._owner.name} transform that has already returned`);
  if (above.has(t._owner as Interpreter))
    throw new TransformError(
      `makeDual: the ${what} belongs to a ${t._owner.name} transform started inside this dual level; ` +
        `open the dualLevel inside that transform instead (a level's dual numbers hold values of the levels below it)`,
    );
}

/**
 * Makes a dual number primal + tangent·ε at the innermost open level (or `level`); numbers
 * become float64 scalars, a number tangent fills the primal's shape.
 *
 * @example
 * dualLevel(() => unpackDual(sin(makeDual(0, 1))).tangent); // cos 0 = 1
 */
export function makeDual(primal: TensorLike, tangent: TensorLike, level?: DualLevel): Tensor {
  const l = innermost(level, "makeDual");
  const p = typeof primal === "number" ? scalar(primal, "float64") : primal;
  if (!(p instanceof Tensor)) throw argumentError("makeDual", "primal", "a tensor or a number", primal);
  if (!isFloat(p.dtype)) throw new DTypeError(`makeDual: the primal must be a float tensor, got ${p.dtype}`);
  const t = typeof tangent === "number" ? full([...p.shape], tangent, { dtype: p.dtype }) : tangent;
  if (!(t instanceof Tensor)) throw argumentError("makeDual", "tangent", "a tensor or a number", tangent);
  const above = interpretersAbove(l);
  checkOwner(p, above, "primal");
  checkOwner(t, above, "tangent");
  return l.interpreter.dual(p, checkTangent(p, t, 0, "makeDual"));
}

/**
 * Splits a value into its primal and its tangent at the innermost open level (or `level`);
 * the tangent is null for values that carry none there (constants, or duals of another level).
 *
 * @example
 * dualLevel(() => unpackDual(exp(makeDual(0, 2)))); // { primal: 1, tangent: 2 }
 */
export function unpackDual(x: TensorLike, level?: DualLevel): { primal: Tensor; tangent: Tensor | null } {
  const l = innermost(level, "unpackDual");
  const t = typeof x === "number" ? scalar(x, "float64") : x;
  if (!(t instanceof Tensor)) throw argumentError("unpackDual", "x", "a tensor or a number", x);
  if (t._owner === l.interpreter) return { primal: t._primal!, tangent: t._tangent };
  return { primal: t, tangent: null };
}
