import { allocArray, type DType, type TypedArray } from "../core/dtype.js";
import { ShapeError, TransformError } from "../core/errors.js";
import { sizeOf, type Shape } from "../core/shape.js";
import { formatTensor } from "./format.js";

/**
 * NOTE: Node's `util.inspect` (and so `console.log`) looks this registered symbol up on any object;
 * using `Symbol.for` instead of importing `node:util` keeps this file loadable in browsers.
 */
const inspectCustom: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/**
 * Who owns a tracer: an interpreter (a transform in progress). `active` turns false when the
 * transform returns, so a tracer that escapes it can be recognised and reported.
 */
export interface TracerOwner {
  readonly active: boolean;
  /** The transform's name, for error messages ("jvp", "vjp", "trace"). */
  readonly name: string;
  /**
   * Set by transforms that freeze control flow (`compile`): the error for reading a tracer's value
   * (`op` names the read, e.g. `item()`), thrown instead of returning the value.
   */
  readonly valueReadError?: (op: string) => Error;
}

/** A reverse-mode graph node (defined by the reverse interpreter); tensors only point at it. */
export interface GradNodeRef {
  readonly id: number;
  /**
   * The primal of `t`, one of this node's tracers that was made without one (the compact scalar
   * tape's: its value is a number on the tape), built on its first read; absent on ordinary nodes.
   */
  primalOf?(t: Tensor): Tensor;
}

/**
 * The eager API's per-tensor state. NOTE: kept out of line (one field on every tensor instead of
 * three): tracers and intermediates never have a gradient, a version or hooks.
 */
interface EagerState {
  grad: Tensor | null;
  version: number;
  hooks: ((grad: Tensor) => Tensor | void)[] | null;
}

let created = 0;

/** @internal How many tensors have been created so far: a tensor with `_serial` below a reading of it existed at that reading. */
export function tensorsCreated(): number {
  return created;
}

/**
 * An n-dimensional array: the one value type users see. A tensor is either *concrete* (it holds a
 * typed array) or a *tracer* owned by a transform in progress (it holds the primal it stands for,
 * plus a tangent in forward mode or a graph node in reverse mode). Op methods (`x.add(y)`, ...) are
 * attached in `methods/tensor-methods.ts`, above the layers that implement them.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]]);
 * x.shape; // [2, 2]
 */
export class Tensor {
  // NOTE: fields are `declare`d and assigned once in the constructor (as GradNode's): initialised class fields
  // compile to a define per field before the assignments, which made every tensor slower to construct.
  /** The size of each axis. */
  declare readonly shape: Shape;
  /** The element type. */
  declare readonly dtype: DType;
  /**
   * @internal Storage: a typed array, or for a one-element float tensor made by the scalar fast
   * path its value as a number (no typed array per value); null for tracers.
   */
  declare _buf: TypedArray | number | null;
  /** @internal The transform that owns this tracer; null for concrete tensors. */
  declare readonly _owner: TracerOwner | null;
  /** @internal Storage of `_primal`: null for a concrete tensor, a tracer without a value, or a tape tracer whose primal is not built yet. */
  declare _p: Tensor | null;
  /** @internal Forward mode: the tangent (null = symbolic zero). */
  declare readonly _tangent: Tensor | null;
  /** @internal Reverse mode (transform or eager): the node that produced this value. */
  declare _node: GradNodeRef | null;
  /** @internal Which output of `_node` this is. */
  declare _outputIndex: number;
  /** Eager API: whether operations on this tensor are recorded for `backward()`. */
  declare requiresGrad: boolean;
  /** @internal The eager-only state (gradient, version, hooks), created on first write: most tensors never need it. */
  declare private _eager: EagerState | null;
  /** @internal Creation order (see `tensorsCreated`): `compile` reads tensors made before its trace live. */
  declare readonly _serial: number;

  /**
   * Not for users: create tensors with `tensor(...)` and the creation functions.
   *
   * NOTE: public in the .d.ts: without it, the declarations would offer a constructor without arguments.
   */
  constructor(
    shape: Shape,
    dtype: DType,
    data: TypedArray | number | null,
    owner: TracerOwner | null = null,
    primal: Tensor | null = null,
    tangent: Tensor | null = null,
  ) {
    this.shape = shape;
    this.dtype = dtype;
    this._buf = data;
    this._owner = owner;
    this._p = primal;
    this._tangent = tangent;
    this._node = null;
    this._outputIndex = 0;
    this.requiresGrad = false;
    this._eager = null;
    this._serial = created++;
  }

  /** @internal A tracer standing for `primal`, owned by `owner`. */
  static _tracer(owner: TracerOwner, primal: Tensor, tangent: Tensor | null = null): Tensor {
    return new Tensor(primal.shape, primal.dtype, null, owner, primal, tangent);
  }

  /**
   * @internal The value this tracer stands for (null for concrete tensors).
   *
   * NOTE: lazy for the compact scalar tape's tracers (their node has `primalOf`): the scalar path
   * never builds their primal tensors, the first reader does, and it is kept.
   */
  get _primal(): Tensor | null {
    const p = this._p;
    if (p !== null) return p;
    const n = this._node;
    return n === null || n.primalOf === undefined ? null : (this._p = n.primalOf(this));
  }

  /**
   * @internal Storage of a concrete tensor as a typed array; null for tracers. A number-stored
   * scalar gets its typed array here, on first read, and keeps it (writes through it persist).
   *
   * NOTE: kernels of the scalar fast path read `scalarValue` instead, so a chain of scalar ops
   * never creates a typed array; every other reader keeps working unchanged.
   */
  get _data(): TypedArray | null {
    const b = this._buf;
    if (typeof b !== "number") return b;
    const a = allocArray(this.dtype, 1);
    a[0] = b;
    this._buf = a;
    return a;
  }
  /** @internal */
  set _data(data: TypedArray | null) {
    this._buf = data;
  }

  /** Eager API: the gradient accumulated by `backward()` (leaves only). */
  get grad(): Tensor | null {
    return this._eager === null ? null : this._eager.grad;
  }
  set grad(g: Tensor | null) {
    if (g !== null || this._eager !== null) this.eagerState().grad = g;
  }

  /** @internal Eager API: bumped by every in-place `assign`, to detect changed saved values. */
  get _version(): number {
    return this._eager === null ? 0 : this._eager.version;
  }
  /** @internal */
  set _version(v: number) {
    this.eagerState().version = v;
  }

  /** @internal Eager API: gradient hooks of a leaf. */
  get _hooks(): ((grad: Tensor) => Tensor | void)[] | null {
    return this._eager === null ? null : this._eager.hooks;
  }
  /** @internal */
  set _hooks(hooks: ((grad: Tensor) => Tensor | void)[] | null) {
    if (hooks !== null || this._eager !== null) this.eagerState().hooks = hooks;
  }

  /** @internal */
  private eagerState(): EagerState {
    return (this._eager ??= { grad: null, version: 0, hooks: null });
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** True for a leaf of the eager graph: created by the user, not by an op that recorded a node. */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** @internal The concrete tensor under any number of tracer layers (data-dependent control flow reads it). */
  _concrete(op = "an operation that reads elements"): Tensor {
    let t = this as Tensor;
    while (t._buf === null) {
      const owner = t._owner;
      if (owner !== null && owner.active && owner.valueReadError !== undefined) throw owner.valueReadError(op);
      if (owner !== null && !owner.active && t._primal === null)
        throw new TransformError(`a tracer of ${owner.name} has no value`);
      t = t._primal!;
    }
    return t;
  }

  /** The value of a tensor with one element, as a number. */
  item(): number {
    if (this.size !== 1)
      throw new ShapeError(`item(): only a tensor with exactly one element converts to a number, got shape [${this.shape.join(", ")}]`);
    const b = this._concrete("item()")._buf!;
    return typeof b === "number" ? b : b[0]!;
  }

  /**
   * A copy of the elements as a typed array (row-major).
   *
   * NOTE: always a copy in a fresh ArrayBuffer of its own, also for tensors whose elements live in
   * the wasm backend's storage (a view over wasm memory): what a user keeps never changes or detaches.
   */
  data(): TypedArray {
    return this._concrete("data()")._data!.slice();
  }

  /** The elements as nested arrays (a number for a scalar; booleans for bool tensors). */
  toArray(): unknown {
    const data = this._concrete("toArray()")._data!;
    const isBool = this.dtype === "bool";
    const build = (axis: number, offset: number): unknown => {
      if (axis === this.shape.length) return isBool ? data[offset] !== 0 : data[offset];
      const n = this.shape[axis]!;
      const stride = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: n }, (_, i) => build(axis + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** Readable, numpy-like text: `tensor([[1, 2], [3, 4]], dtype=float32)`. */
  toString(): string {
    const c = this._concrete("toString() (also String(x), Number(x), x < y)");
    const prefix = this._owner !== null ? `${this._owner.name}-tracer ` : "";
    const grad = this.requiresGrad ? ", requiresGrad=true" : "";
    return `${prefix}tensor(${formatTensor(c._data!, this.shape, this.dtype)}, dtype=${this.dtype}${grad})`;
  }

  /**
   * What `JSON.stringify(x)` writes: the elements as nested arrays, as `toArray()` returns them (a
   * number for a scalar, booleans for bool tensors; JSON writes NaN and ±Infinity as `null`). Shape
   * and dtype are not included: `JSON.stringify(tensor([[1, 2], [3, 4]]))` is `"[[1,2],[3,4]]"`.
   */
  toJSON(): unknown {
    return this.toArray();
  }

  /**
   * @internal What `console.log(x)` and `util.inspect(x)` print in Node: `x.toString()`. A tracer
   * prints its transform, shape and dtype without reading its value (`compile` forbids reads).
   */
  [inspectCustom](): string {
    if (this._owner === null) return this.toString();
    const grad = this.requiresGrad ? ", requiresGrad=true" : "";
    return `${this._owner.name}-tracer tensor(shape=[${this.shape.join(", ")}], dtype=${this.dtype}${grad})`;
  }
}

/**
 * @internal The element of a one-element float tensor (number-stored or a typed array of length 1),
 * or undefined for anything else (tracers, integer and bool tensors, more elements): what the
 * scalar fast path of the elementwise kernels reads.
 */
export function scalarValue(t: Tensor): number | undefined {
  const b = t._buf;
  if (typeof b === "number") return b;
  if (b === null || b.length !== 1 || (t.dtype !== "float64" && t.dtype !== "float32")) return undefined;
  return b[0];
}

/** @internal A one-element float tensor of `shape` holding `value` as a number (rounded to float32 for that dtype). */
export function scalarTensor(value: number, shape: Shape, dtype: DType): Tensor {
  return new Tensor(shape, dtype, dtype === "float32" ? Math.fround(value) : value);
}
