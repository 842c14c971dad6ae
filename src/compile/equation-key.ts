import { Tensor } from "../tensor/tensor.js";
import type { AnyPrimitive } from "../primitives/primitive.js";
import { addP } from "../primitives/binary/add.js";
import { mulP } from "../primitives/binary/mul.js";
import { Literal, type Atom, type Equation } from "../trace/equation.js";
import { uniformValue } from "./uniform-literal.js";

const primIds = new Map<AnyPrimitive, number>();
const tensorIds = new WeakMap<Tensor, number>();
let nextTensorId = 0;

/** A number as JavaScript source that reads back as the same double (-0, NaN and ±∞ included). */
export function numberSource(v: number): string {
  if (Object.is(v, -0)) return "(-0)";
  if (Number.isNaN(v)) return "NaN";
  return v < 0 ? `(${String(v)})` : String(v);
}

/** A key equal for operands that always hold the same value: one variable, or equal constants. */
export function atomKey(a: Atom): string {
  if (!(a instanceof Literal)) return `v${a.index}`;
  const t = a.value;
  const u = uniformValue(t);
  if (u !== null) return `c${t.dtype}[${t.shape.join(",")}]${numberSource(u)}`;
  let id = tensorIds.get(t);
  if (id === undefined) tensorIds.set(t, (id = nextTensorId++));
  return `t${id}`;
}

/** Params as a string when they are plain data (numbers, strings, booleans, arrays, plain objects), else null. */
function paramsKey(params: unknown): string | null {
  let plain = true;
  const text = JSON.stringify(params, (_k, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      if (typeof v === "function" || typeof v === "bigint" || typeof v === "symbol") plain = false;
      return v;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) plain = false;
    return v;
  });
  return plain ? (text ?? "undefined") : null;
}

/** Binary primitives whose operands can be swapped without changing a bit of the result. */
const COMMUTATIVE: ReadonlySet<AnyPrimitive> = new Set<AnyPrimitive>([addP as AnyPrimitive, mulP as AnyPrimitive]);

/**
 * The common-subexpression key of an equation: equal keys mean the same primitive with the same
 * params on the same operands, hence the same outputs (primitives are pure). Null for params that
 * are not plain data (functions of higher-order primitives): those are never merged.
 */
export function equationKey(eq: Equation): string | null {
  const params = paramsKey(eq.params);
  if (params === null) return null;
  let id = primIds.get(eq.prim);
  if (id === undefined) primIds.set(eq.prim, (id = primIds.size));
  const keys = eq.inputs.map(atomKey);
  // NOTE: a + b and b + a (a·b and b·a) are one value bit for bit (IEEE addition and multiplication
  // commute, broadcasting too), so their operands are keyed in a fixed order: (−0.5)·x + x·(−0.5)
  // from the square rule becomes t + t with t = (−0.5)·x computed once.
  if (COMMUTATIVE.has(eq.prim) && keys.length === 2 && keys[1]! < keys[0]!) keys.reverse();
  return `${id}(${keys.join(",")})${params}`;
}

/** True for a constant operand whose elements all equal `value` (Object.is: -0 ≠ +0). */
export function isConstant(a: Atom, value: number): boolean {
  if (!(a instanceof Literal)) return false;
  const u = uniformValue(a.value);
  return u !== null && Object.is(u, value);
}
