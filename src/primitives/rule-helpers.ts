import { isFloat, type DType } from "../core/dtype.js";
import { DTypeError, ShapeError } from "../core/errors.js";
import { broadcastShapes, shapesEqual, type Shape } from "../core/shape.js";
import { getBackend, type BinaryOp, type UnaryOp } from "../backend/backend.js";
import { scalarBinary, scalarUnary } from "../backend/cpu/scalar-ops.js";
import { fromData, full } from "../tensor/creation.js";
import { scalarTensor, scalarValue, type Tensor } from "../tensor/tensor.js";
import { bind1, noParams } from "./bind.js";
import type { Aval, MaybeTensor, Primitive, TestCase } from "./primitive.js";
import { add } from "./binary/add.js";
import { mul } from "./binary/mul.js";
import { unbroadcast } from "./unbroadcast.js";
import { broadcastTo } from "./movement/broadcast-to.js";
import { batchElementwise } from "./batching.js";

/** A scalar constant with the dtype of `like` (broadcasts in binary primitives). */
export function constant(value: number, like: { dtype: DType }): Tensor {
  return full([], value, { dtype: like.dtype });
}

/** Adds two possibly-zero tangents. */
export function addTangents(a: MaybeTensor, b: MaybeTensor): MaybeTensor {
  if (a === null) return b;
  if (b === null) return a;
  return add(a, b);
}

/** Checks that an elementwise op gets a float argument (integers must be cast first). */
export function requireFloat(op: string, a: Aval, position = 0): void {
  if (!isFloat(a.dtype))
    throw new DTypeError(`${op}: argument ${position} must be float32 or float64, got ${a.dtype} (cast it first)`);
}

/** Checks that two operands of an elementwise op have the same dtype. */
export function requireSameDtype(op: string, a: Aval, b: Aval): void {
  if (a.dtype !== b.dtype)
    throw new DTypeError(`${op}: operands must have the same dtype, got ${a.dtype} and ${b.dtype}`);
}

/**
 * An elementwise unary primitive from its kernel and its derivative `d(x, y)` (y = f(x)):
 * jvp is `t ⊙ d(x, y)`, vjp is `ct ⊙ d(x, y)` (the ChainRules `@scalar_rule` idea).
 * Without `derivative` the primitive is non-differentiable (zero tangent). `scale(g, x, y)`, when
 * given, computes `g ⊙ d(x, y)` in fewer primitives (`g / x` for log instead of `g · (1 / x)`);
 * both rules then use it.
 */
export function elementwiseUnary(def: {
  name: string;
  kernel: UnaryOp;
  derivative?: (x: Tensor, y: Tensor) => Tensor;
  scale?: (g: Tensor, x: Tensor, y: Tensor) => Tensor;
  /** Accepts integer inputs (abs, sign, neg, ...); otherwise floats only. */
  anyDtype?: boolean;
  outDtype?: DType;
  testSpec?: readonly TestCase<object>[];
}): Primitive<object> {
  const { name, kernel, derivative } = def;
  const scale = def.scale ?? ((g: Tensor, x: Tensor, y: Tensor): Tensor => mul(g, derivative!(x, y)));
  const onOne = scalarUnary[kernel];
  const self: Primitive<object> = {
    name,
    differentiable: derivative !== undefined,
    vmap: batchElementwise,
    shape([x]) {
      if (!def.anyDtype) requireFloat(name, x!);
      // The argument is its own output aval unless the dtype changes (no object per call).
      return [def.outDtype === undefined || def.outDtype === x!.dtype ? x! : { shape: x!.shape, dtype: def.outDtype }];
    },
    impl([x], _p, [out]) {
      if (onOne !== undefined && out!.dtype === x!.dtype && scalarFastPath()) {
        const v = scalarValue(x!);
        if (v !== undefined) return [scalarTensor(onOne(v), x!.shape, out!.dtype)];
      }
      return [fromData(getBackend().unary(kernel, x!._data!, out!.dtype), x!.shape, out!.dtype)];
    },
    jvp([x], [t]) {
      const y = bind1(self, [x!], noParams);
      return [[y], [scale(t!, x!, y)]];
    },
    vjp([x], [y], [ct]) {
      return [scale(ct!, x!, y!)];
    },
    testSpec: def.testSpec,
  };
  return self;
}

/** Shape rule of broadcasting binary primitives. */
export function binaryShape(name: string, a: Aval, b: Aval, outDtype?: DType): Aval[] {
  requireSameDtype(name, a, b);
  // Equal shapes (the common case): the first operand is the output aval, or at least shares its
  // read-only shape array.
  const same = a.shape === b.shape || shapesEqual(a.shape, b.shape);
  if (same && (outDtype === undefined || outDtype === a.dtype)) return [a];
  return [{ shape: same ? a.shape : broadcastShapes(a.shape, b.shape, name), dtype: outDtype ?? a.dtype }];
}

/**
 * Whether one-element float operands take the scalar fast path: a number per value, no typed
 * array, no backend call. NOTE: off when the backend runs its own kernels from one element up
 * (tests that force the wasm kernels at every size), so that backend still computes every result.
 */
export function scalarFastPath(): boolean {
  return getBackend().nativeElementwiseFrom() > 1;
}

/** The kernel call of broadcasting binary primitives (one-element float operands: the scalar fast path). */
export function binaryImpl(kernel: BinaryOp, a: Tensor, b: Tensor, out: Aval): Tensor {
  const onOne = scalarBinary[kernel];
  if (onOne !== undefined && out.dtype === a.dtype && scalarFastPath()) {
    const va = scalarValue(a);
    const vb = va === undefined ? undefined : scalarValue(b);
    if (vb !== undefined) return scalarTensor(onOne(va!, vb), out.shape, out.dtype);
  }
  return fromData(getBackend().binary(kernel, a._data!, a.shape, b._data!, b.shape, out.shape, out.dtype), out.shape, out.dtype);
}

/**
 * A broadcasting binary primitive from its partial derivatives `da`, `db` (of the output shape or
 * broadcastable to it): jvp is `ta ⊙ da + tb ⊙ db`, vjp sums `ct ⊙ da` back to each input's shape.
 */
export function elementwiseBinary(def: {
  name: string;
  kernel: BinaryOp;
  partials: (a: Tensor, b: Tensor, y: Tensor) => [Tensor, Tensor];
  testSpec?: readonly TestCase<object>[];
}): Primitive<object> {
  const { name, kernel, partials } = def;
  const self: Primitive<object> = {
    name,
    differentiable: true,
    vmap: batchElementwise,
    shape([a, b]) {
      requireFloat(name, a!);
      return binaryShape(name, a!, b!);
    },
    impl([a, b], _p, [out]) {
      return [binaryImpl(kernel, a!, b!, out!)];
    },
    jvp([a, b], [ta, tb]) {
      const y = bind1(self, [a!, b!], noParams);
      const [da, db] = partials(a!, b!, y);
      const t = addTangents(ta === null ? null : mul(ta, da), tb === null ? null : mul(tb, db));
      return [[y], [t === null ? null : broadcastTangent(t, y.shape)]];
    },
    vjp([a, b], [y], [ct]) {
      const [da, db] = partials(a!, b!, y!);
      return [unbroadcast(mul(ct!, da), a!.shape), unbroadcast(mul(ct!, db), b!.shape)];
    },
    testSpec: def.testSpec,
  };
  return self;
}

/** A comparison or logical primitive: bool output, zero derivative. */
export function comparison(name: string, kernel: BinaryOp, opts: { boolOnly?: boolean } = {}): Primitive<object> {
  return {
    name,
    differentiable: false,
    vmap: batchElementwise,
    shape([a, b]) {
      if (opts.boolOnly && (a!.dtype !== "bool" || b!.dtype !== "bool"))
        throw new DTypeError(`${name}: operands must be bool, got ${a!.dtype} and ${b!.dtype}`);
      return binaryShape(name, a!, b!, "bool");
    },
    impl([a, b], _p, [out]) {
      return [binaryImpl(kernel, a!, b!, out!)];
    },
    jvp: () => {
      throw new Error(`${name} has no derivative`);
    },
    vjp: () => {
      throw new Error(`${name} has no derivative`);
    },
    testSpec: [
      opts.boolOnly
        ? { args: [{ shape: [3], dtype: "bool" }, { shape: [2, 1], dtype: "bool" }], params: {} }
        : { args: [{ shape: [3] }, { shape: [2, 1] }], params: {} },
    ],
  };
}

/** Broadcasts a tangent to an output shape when one operand's contribution is smaller. */
export function broadcastTangent(t: Tensor, shape: Shape): Tensor {
  return shapesEqual(t.shape, shape) ? t : broadcastTo(t, shape);
}

/** The error for a bad shape argument of a primitive. */
export function shapeError(op: string, message: string): ShapeError {
  return new ShapeError(`${op}: ${message}`);
}
