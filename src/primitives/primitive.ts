import type { DType } from "../core/dtype.js";
import type { Shape } from "../core/shape.js";
import type { Tensor } from "../tensor/tensor.js";

/** The shape and dtype of a value, without its elements (an "abstract value"). */
export interface Aval {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** A tangent or cotangent; `null` is a symbolic zero (nothing flows). */
export type MaybeTensor = Tensor | null;

/** How the registry-driven gradient suite samples inputs for one argument. */
export interface ArgSpec {
  readonly shape: readonly number[];
  /** Interval to sample from (default [-2, 2]); ignored for bool/int args. */
  readonly domain?: readonly [number, number];
  /** Non-float arguments are sampled as bool or int32 in [0, `intHigh`). */
  readonly dtype?: "bool" | "int32";
  readonly intHigh?: number;
  /**
   * Matrix structure for arguments that must stay in a matrix function's domain: "spd" samples B
   * as above and returns B·Bᵀ + n·I per matrix of the batch (symmetric positive definite, eigenvalues ≥ n).
   */
  readonly structure?: "spd";
}

/** One case of a primitive's test spec: argument samplers and params. */
export interface TestCase<P> {
  readonly args: readonly ArgSpec[];
  readonly params: P;
  /** Relative tolerance of the finite-difference checks (default 1e-6). */
  readonly tolerance?: number;
}

/**
 * A primitive: the only kind of op that knows mathematics. It declares its shape rule, its kernel
 * call and its derivative rules; rules call other primitives (through `bind`), so they are
 * differentiable themselves and higher order comes for free.
 *
 * Rule conventions: `primals` are the inputs at the level the rule runs at, tangents/cotangents may be
 * `null` (symbolic zero); rules return new values and never mutate or manage memory.
 */
export interface Primitive<P = object> {
  /** Name as printed in traces and errors (camelCase). */
  readonly name: string;
  /** False for ops with zero derivative everywhere (comparisons, floor, argmax, stopGradient). */
  readonly differentiable: boolean;
  /** Shape and dtype rule: validates the arguments and describes the outputs. */
  shape(args: readonly Aval[], params: P): Aval[];
  /** Runs the kernel on concrete arguments. */
  impl(args: readonly Tensor[], params: P, outs: readonly Aval[]): Tensor[];
  /** Forward rule: outputs and their tangents (`null` = zero). */
  jvp(primals: readonly Tensor[], tangents: readonly MaybeTensor[], params: P): [Tensor[], MaybeTensor[]];
  /**
   * Reverse rule: one cotangent per input (`null` = zero) from the output cotangents. `needed[i]`
   * is false when nobody asked for input i's cotangent (a constant, data): expensive rules may
   * return `null` there instead of computing it. `needed` is omitted when every input is needed.
   */
  vjp(
    primals: readonly Tensor[],
    outputs: readonly Tensor[],
    cotangents: readonly MaybeTensor[],
    params: P,
    residuals: unknown,
    needed?: readonly boolean[],
  ): MaybeTensor[];
  /**
   * Batching rule (`vmap`): `args[i]` carries the batch on axis 0 when `batched[i]` (an unbatched
   * argument lacks that axis); returns the outputs and which of them carry the batch on axis 0. Runs
   * one level below the batching interpreter, like the other rules. A primitive without one fails
   * the registry suite.
   */
  vmap?(args: readonly Tensor[], batched: readonly boolean[], params: P, axisSize: number, prim: Primitive<P>): [Tensor[], boolean[]];
  /** Optional reverse-mode forward pass that also returns residuals for `vjp` (custom rules). */
  fwd?(primals: readonly Tensor[], params: P): [Tensor[], unknown];
  /** Cases for the registry-driven gradient suite; a primitive without one fails that suite. */
  readonly testSpec?: readonly TestCase<P>[];
}

/**
 * A batching rule: `(args, batched, params, axisSize, prim) → [outs, outBatched]`. `prim` is the
 * primitive being batched, so that one generic rule (e.g. `batchElementwise`) serves many primitives.
 */
export type BatchRule<P> = (
  args: readonly Tensor[],
  batched: readonly boolean[],
  params: P,
  axisSize: number,
  prim: Primitive<P>,
) => [Tensor[], boolean[]];

/** A primitive of any params type (the registry and interpreters handle them uniformly). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPrimitive = Primitive<any>;
