import type { DType } from "../../core/dtype.js";
import { addP } from "../../primitives/binary/add.js";
import { divP } from "../../primitives/binary/div.js";
import { maximumP } from "../../primitives/binary/maximum.js";
import { mulP } from "../../primitives/binary/mul.js";
import { subP } from "../../primitives/binary/sub.js";
import { equalP } from "../../primitives/compare/equal.js";
import { greaterEqualP } from "../../primitives/compare/greater-equal.js";
import { greaterP } from "../../primitives/compare/greater.js";
import { lessEqualP } from "../../primitives/compare/less-equal.js";
import { lessP } from "../../primitives/compare/less.js";
import { logicalAndP } from "../../primitives/compare/logical-and.js";
import { logicalOrP } from "../../primitives/compare/logical-or.js";
import { notEqualP } from "../../primitives/compare/not-equal.js";
import { broadcastToP } from "../../primitives/movement/broadcast-to.js";
import { castP } from "../../primitives/other/cast.js";
import { stopGradientP } from "../../primitives/other/stop-gradient.js";
import { whereP } from "../../primitives/other/where.js";
import { reluGradP, reluP } from "../../ops/relu-primitive.js";
import type { AnyPrimitive } from "../../primitives/primitive.js";
import { absP } from "../../primitives/unary/abs.js";
import { ceilP } from "../../primitives/unary/ceil.js";
import { expP } from "../../primitives/unary/exp.js";
import { floorP } from "../../primitives/unary/floor.js";
import { logP } from "../../primitives/unary/log.js";
import { logicalNotP } from "../../primitives/unary/logical-not.js";
import { negP } from "../../primitives/unary/neg.js";
import { roundP } from "../../primitives/unary/round.js";
import { signP } from "../../primitives/unary/sign.js";
import { sqrtP } from "../../primitives/unary/sqrt.js";
import { tanhP } from "../../primitives/unary/tanh.js";
import type { Equation } from "../../trace/equation.js";
import type { SimdOp } from "./wasm-code.js";
import { expF32Lanes, expF64Lanes, logF32Lanes, tanhF32Lanes, tanhF64Lanes } from "./vector-math.js";
import type { Vec, VectorValues } from "./vector-values.js";

/** The float dtype of a vector loop: four float32 lanes or two float64 lanes per vector. */
export type LaneType = "float32" | "float64";

/**
 * How a vector kernel computes one primitive on whole vectors. Float values are float lanes; bool
 * values are lane masks (all ones for true) of the loop's lane width.
 */
interface VectorOp {
  /** Operand and result kinds: "f" the loop's float dtype, "b" bool; the result last. */
  readonly kinds: string;
  emit(v: VectorValues, args: readonly Vec[], lanes: LaneType): Vec;
}

/** The SIMD instruction `name` of the loop's lane shape (`f32x4.` or `f64x2.`). */
const lanesOp = (lanes: LaneType, name: string): SimdOp => `${lanes === "float32" ? "f32x4" : "f64x2"}.${name}` as SimdOp;
const splat = (v: VectorValues, lanes: LaneType, x: number): Vec => (lanes === "float32" ? v.f32(x) : v.f64(x));

const unary = (name: string): VectorOp => ({ kinds: "ff", emit: (v, [a], l) => v.op(lanesOp(l, name), a!) });
const binary = (name: string): VectorOp => ({ kinds: "fff", emit: (v, [a, b], l) => v.op(lanesOp(l, name), a!, b!) });
const compare = (name: string): VectorOp => ({ kinds: "ffb", emit: (v, [a, b], l) => v.op(lanesOp(l, name), a!, b!) });
const identity: VectorOp = { kinds: "ff", emit: (_v, [a]) => a! };

/**
 * The primitives a vector kernel computes, with the semantics of the wasm backend's kernels (which
 * the interpreter runs at these sizes): maximum is `f32x4.max`/`f64x2.max` (NaN propagates;
 * maximum(+0, −0) is +0 where the CPU backend's JS gives −0), exp/log/tanh as in vector-math.ts (the
 * backend's bits but for float32 exp and tanh, within 1 ulp), the rest IEEE operations that equal the CPU
 * backend's rounded float64 ones bit for bit.
 */
const VECTOR_OPS = new Map<AnyPrimitive, VectorOp>([
  [negP, unary("neg")],
  [absP, unary("abs")],
  [sqrtP, unary("sqrt")],
  [floorP, unary("floor")],
  [ceilP, unary("ceil")],
  // NOTE: round is half to even, as `nearest` is.
  [roundP, unary("nearest")],
  [expP, { kinds: "ff", emit: (v, [a], l) => (l === "float32" ? expF32Lanes(v, a!) : expF64Lanes(v, a!)) }],
  [tanhP, { kinds: "ff", emit: (v, [a], l) => (l === "float32" ? tanhF32Lanes(v, a!) : tanhF64Lanes(v, a!)) }],
  [logP, { kinds: "ff", emit: (v, [a]) => logF32Lanes(v, a!) }],
  // sign(x) = 1 for x > 0, −1 for x < 0, else x itself (±0, NaN).
  [signP, { kinds: "ff", emit: (v, [a], l) => {
    const zero = splat(v, l, 0);
    const neg = v.op("v128.bitselect", splat(v, l, -1), a!, v.op(lanesOp(l, "lt"), a!, zero));
    return v.op("v128.bitselect", splat(v, l, 1), neg, v.op(lanesOp(l, "gt"), a!, zero));
  } }],
  [addP, binary("add")],
  [subP, binary("sub")],
  [mulP, binary("mul")],
  [divP, binary("div")],
  [maximumP, binary("max")],
  [lessP, compare("lt")],
  [lessEqualP, compare("le")],
  [greaterP, compare("gt")],
  [greaterEqualP, compare("ge")],
  [equalP, compare("eq")],
  [notEqualP, compare("ne")],
  [logicalNotP, { kinds: "bb", emit: (v, [a]) => v.op("v128.not", a!) }],
  [logicalAndP, { kinds: "bbb", emit: (v, [a, b]) => v.op("v128.and", a!, b!) }],
  [logicalOrP, { kinds: "bbb", emit: (v, [a, b]) => v.op("v128.or", a!, b!) }],
  [whereP, { kinds: "bfff", emit: (v, [c, a, b]) => v.op("v128.bitselect", a!, b!, c!) }],
  // relu(x) = x ≤ 0 ? +0 : x and reluGrad(y, g) = y ≤ 0 ? +0 : g (NaN fails the test, so it passes through).
  [reluP, { kinds: "ff", emit: (v, [a], l) => v.op("v128.bitselect", splat(v, l, 0), a!, v.op(lanesOp(l, "le"), a!, splat(v, l, 0))) }],
  [reluGradP, { kinds: "fff", emit: (v, [y, g], l) => v.op("v128.bitselect", splat(v, l, 0), g!, v.op(lanesOp(l, "le"), y!, splat(v, l, 0))) }],
  [stopGradientP, identity],
]);

/** cast (keyed by input and output kind) between the loop's float dtype and bool (x ≠ 0; true is 1), or to its own dtype. */
const CASTS: Record<string, VectorOp> = {
  ff: identity,
  bb: { kinds: "bb", emit: (_v, [a]) => a! },
  fb: { kinds: "fb", emit: (v, [a], l) => v.op(lanesOp(l, "ne"), a!, splat(v, l, 0)) },
  bf: { kinds: "bf", emit: (v, [a], l) => v.op("v128.and", a!, splat(v, l, 1)) },
};

/** A primitive's vector op for an equation and its lane type (null for an all-bool equation). */
export interface VectorPlan {
  readonly op: VectorOp;
  readonly lanes: LaneType | null;
}

/**
 * How a vector kernel computes `eq`, or null when it cannot: a primitive it lacks, or dtypes other
 * than one float dtype and bool (float64 log is left to Math.log: see vector-math.ts).
 */
export function vectorPlan(eq: Equation): VectorPlan | null {
  if (eq.outputs.length !== 1) return null;
  const dtypes = [...eq.inputs.map((a) => a.value.dtype), eq.outputs[0]!.value.dtype];
  const floats = new Set(dtypes.filter((d) => d !== "bool"));
  if (floats.size > 1) return null;
  const lanes = (floats.values().next().value ?? null) as DType | null;
  if (lanes !== null && lanes !== "float32" && lanes !== "float64") return null;
  const kinds = dtypes.map((d) => (d === "bool" ? "b" : "f")).join("");
  let op: VectorOp | undefined;
  if (eq.prim === castP) op = CASTS[kinds];
  else if (eq.prim === broadcastToP && eq.inputs[0]!.value.size === 1) op = kinds === "bb" ? CASTS["bb"] : identity;
  else op = VECTOR_OPS.get(eq.prim);
  if (op === undefined || op.kinds !== kinds) return null;
  if (eq.prim === logP && lanes !== "float32") return null;
  return { op, lanes };
}
