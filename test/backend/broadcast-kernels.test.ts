// The elementwise, comparison, where and reduction kernels on random shapes — odd sizes, size-1 and
// empty axes, rank extension, every broadcast pattern — with NaN and ±∞ mixed in, against naive
// index-arithmetic references. Runs on every backend; on wasm with the size threshold at 0, so
// every call, however small, goes through the wasm kernels where they apply.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend, BinaryOp, UnaryOp } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmElementwiseTuning } from "../../src/backend/wasm/elementwise.js";
import { wasmBackend } from "../../src/backend/wasm/wasm-backend.js";
import { allocArray, type DType, type TypedArray } from "../../src/core/dtype.js";
import { expF32Documented, tanhF32Documented } from "../compile/documented-math.js";
import { type Shape, broadcastIndex, expectExact, rng, same, sizeOf, unravel } from "./naive-helpers.js";

function broadcastShapes(...shapes: Shape[]): number[] {
  const n = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: n }, (_, i) => {
    let out = 1;
    for (const s of shapes) {
      const d = s[i - (n - s.length)] ?? 1;
      if (d !== 1) out = d;
    }
    return out;
  });
}

const DIMS = [1, 1, 2, 3, 4, 5, 7, 9, 16, 17, 33];

/** A random output shape (rank 0–4, at most ~6000 elements, an empty axis now and then). */
function randomShape(next: () => number): number[] {
  const rank = Math.floor(next() * 5);
  const shape = Array.from({ length: rank }, () => DIMS[Math.floor(next() * DIMS.length)]!);
  if (rank > 0 && next() < 0.05) shape[Math.floor(next() * rank)] = 0;
  while (sizeOf(shape) > 6000) shape[shape.indexOf(Math.max(...shape))] = 1;
  return shape;
}

/** A shape that broadcasts to `out`: some leading axes dropped, some axes set to 1. */
function operandShape(out: Shape, next: () => number): number[] {
  const drop = next() < 0.3 ? Math.floor(next() * (out.length + 1)) : 0;
  return out.slice(drop).map((d) => (next() < 0.35 ? 1 : d));
}

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, 2];

function randomValues(dtype: DType, n: number, next: () => number): TypedArray {
  const out = allocArray(dtype, n);
  for (let i = 0; i < n; i++) {
    if (dtype === "bool") out[i] = next() < 0.5 ? 1 : 0;
    else if (next() < 0.15) out[i] = SPECIALS[Math.floor(next() * SPECIALS.length)]!;
    // Few distinct values now and then, so comparisons and ties see equal operands.
    else out[i] = next() < 0.2 ? Math.floor(next() * 3) : (next() - 0.5) * 20;
  }
  return out;
}

/** Within `ulps` units in the last place of float64 (NaN equals NaN, infinities and zeros exact). */
function expectUlps(actual: TypedArray, expected: ArrayLike<number>, ulps: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    if (same(a, e)) continue;
    const tol = ulps * Math.max(Math.abs(e) * 2 ** -52, 2 ** -1074);
    if (!(Math.abs(a - e) <= tol)) expect.fail(`${what}: element ${i} is ${a}, expected ${e}`);
  }
}

const stored = (values: readonly number[], dtype: DType): TypedArray => {
  const out = allocArray(dtype, values.length);
  out.set(values);
  return out;
};

const binaryRef: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  max: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a >= b ? a : b),
  min: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a <= b ? a : b),
  atan2: Math.atan2,
  less: (a, b) => Number(a < b),
  lessEqual: (a, b) => Number(a <= b),
  greater: (a, b) => Number(a > b),
  greaterEqual: (a, b) => Number(a >= b),
  equal: (a, b) => Number(a === b),
  notEqual: (a, b) => Number(a !== b),
  logicalAnd: (a, b) => Number(a !== 0 && b !== 0),
  logicalOr: (a, b) => Number(a !== 0 || b !== 0),
};
const isComparison = (op: BinaryOp): boolean => ["less", "lessEqual", "greater", "greaterEqual", "equal", "notEqual"].includes(op);

function reduceRef(op: "sum" | "max" | "min", x: TypedArray, shape: Shape, axes: readonly number[]): number[] {
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const out = new Array<number>(sizeOf(outShape)).fill(op === "sum" ? 0 : op === "max" ? -Infinity : Infinity);
  for (let i = 0; i < x.length; i++) {
    const o = broadcastIndex(unravel(i, shape).filter((_, d) => !axes.includes(d)), outShape);
    const v = x[i]!;
    if (op === "sum") out[o]! += v;
    else if (Number.isNaN(v) || Number.isNaN(out[o]!)) out[o] = NaN;
    else out[o] = op === "max" ? Math.max(out[o]!, v) : Math.min(out[o]!, v);
  }
  return out;
}

function argRef(op: "argmax" | "argmin", x: TypedArray, shape: Shape, axis: number): number[] {
  const outShape = shape.filter((_, d) => d !== axis);
  return Array.from({ length: sizeOf(outShape) }, (_, o) => {
    const base = unravel(o, outShape);
    let best = 0;
    for (let j = 0; j < shape[axis]!; j++) {
      const v = x[broadcastIndex([...base.slice(0, axis), j, ...base.slice(axis)], shape)]!;
      if (Number.isNaN(v)) return j;
      const bv = x[broadcastIndex([...base.slice(0, axis), best, ...base.slice(axis)], shape)]!;
      if (op === "argmax" ? v > bv : v < bv) best = j;
    }
    return best;
  });
}

const backends: readonly Backend[] = [cpuBackend, wasmBackend];

for (const backend of backends) {
  describe(`${backend.name} backend on random shapes`, () => {
    const saved = wasmElementwiseTuning.minElements;
    beforeAll(() => void (wasmElementwiseTuning.minElements = 0));
    afterAll(() => void (wasmElementwiseTuning.minElements = saved));

    const ops = Object.keys(binaryRef) as BinaryOp[];
    it("binary ops broadcast like a naive loop, in float32, float64, int32 and bool, with NaN and ±∞", () => {
      const next = rng(2024);
      for (let trial = 0; trial < 40; trial++) {
        const outShape = randomShape(next);
        const aShape = operandShape(outShape, next);
        const bShape = operandShape(outShape, next);
        const full = broadcastShapes(aShape, bShape);
        for (const op of ops) {
          const logical = op === "logicalAnd" || op === "logicalOr";
          for (const dtype of (logical ? ["bool"] : ["float32", "float64"]) as DType[]) {
            const a = randomValues(dtype, sizeOf(aShape), next);
            const b = randomValues(dtype, sizeOf(bShape), next);
            const outDtype: DType = logical || isComparison(op) ? "bool" : dtype;
            const out = backend.binary(op, a, aShape, b, bShape, full, outDtype);
            const ref = Array.from({ length: sizeOf(full) }, (_, i) => {
              const idx = unravel(i, full);
              return binaryRef[op](a[broadcastIndex(idx, aShape)]!, b[broadcastIndex(idx, bShape)]!);
            });
            expectExact(out, stored(ref, outDtype), `${op} ${dtype} [${aShape}] ∘ [${bShape}]`);
          }
        }
      }
    });

    it("where broadcasts condition and both branches, with NaN and ±∞ passed through", () => {
      const next = rng(77);
      for (let trial = 0; trial < 60; trial++) {
        const outShape = randomShape(next);
        const shapes = [operandShape(outShape, next), operandShape(outShape, next), operandShape(outShape, next)] as const;
        const full = broadcastShapes(...shapes);
        for (const dtype of ["float32", "float64"] as const) {
          const c = randomValues("bool", sizeOf(shapes[0]), next);
          const a = randomValues(dtype, sizeOf(shapes[1]), next);
          const b = randomValues(dtype, sizeOf(shapes[2]), next);
          const out = backend.where(c, shapes[0], a, shapes[1], b, shapes[2], full, dtype);
          const ref = Array.from({ length: sizeOf(full) }, (_, i) => {
            const idx = unravel(i, full);
            return c[broadcastIndex(idx, shapes[0])] ? a[broadcastIndex(idx, shapes[1])]! : b[broadcastIndex(idx, shapes[2])]!;
          });
          expectExact(out, ref, `where ${dtype} [${shapes[0]}] [${shapes[1]}] [${shapes[2]}]`);
        }
      }
    });

    // NOTE: the wasm backend's float32 exp and tanh are the vectorised Cephes functions (within 1 ulp of
    // Math.*, bit-exact against their documented scalar form); the cpu backend rounds Math.* exactly.
    const exp32 = backend === wasmBackend ? expF32Documented : Math.exp;
    const tanh32 = backend === wasmBackend ? tanhF32Documented : Math.tanh;
    it("exp, log and tanh: float32 exact (wasm: the documented float32 functions), float64 within 1 ulp of Math.exp/Math.log and 3 of Math.tanh, over the whole range", () => {
      const next = rng(5);
      for (const n of [0, 1, 2, 3, 5, 17, 1000, 4097]) {
        const x = Float64Array.from({ length: n }, () => (next() - 0.5) * 1500);
        const pos = Float64Array.from({ length: n }, () => Math.exp((next() - 0.5) * 1450));
        const edges = [NaN, Infinity, -Infinity, 0, -0, 709.78, 709.79, -745.1, -745.2, -708.5, 1e-310, 5e-324, -1, 1, 1 + 2 ** -52, 1 - 2 ** -53, Math.SQRT2, Math.SQRT1_2, 1.7976931348623157e308];
        x.set(edges.slice(0, n));
        pos.set(edges.slice(0, n));
        expectUlps(backend.unary("exp", x, "float64"), Array.from(x, Math.exp), 1, `exp float64 n=${n}`);
        expectUlps(backend.unary("log", pos, "float64"), Array.from(pos, Math.log), 1, `log float64 n=${n}`);
        // tanh: small arguments (the series), moderate ones (through exp) and saturation past 22.
        const t = x.map((v, i) => (i % 3 === 0 ? v / 1000 : i % 3 === 1 ? v / 50 : v / 20));
        t.set([NaN, Infinity, -Infinity, 0, -0, 5e-324, 0.17328, -0.1733, 22, -22.5, 1e-9].slice(0, n));
        expectUlps(backend.unary("tanh", t, "float64"), Array.from(t, Math.tanh), 3, `tanh float64 n=${n}`);
        const t32 = Float32Array.from(t);
        expectExact(backend.unary("tanh", t32, "float32"), stored(Array.from(t32, tanh32), "float32"), `tanh float32 n=${n}`);
        const x32 = Float32Array.from(x.map((v) => v / 10));
        const p32 = Float32Array.from(pos);
        expectExact(backend.unary("exp", x32, "float32"), stored(Array.from(x32, exp32), "float32"), `exp float32 n=${n}`);
        expectExact(backend.unary("log", p32, "float32"), stored(Array.from(p32, Math.log), "float32"), `log float32 n=${n}`);
      }
    });

    it("unary ops on odd sizes equal Math.* exactly, specials included", () => {
      const next = rng(11);
      const ops: UnaryOp[] = ["neg", "abs", "sign", "sqrt", "floor", "ceil", "sin", "expm1", "log1p"];
      const ref: Partial<Record<UnaryOp, (x: number) => number>> = {
        neg: (x) => -x, abs: Math.abs, sqrt: Math.sqrt, floor: Math.floor, ceil: Math.ceil, sin: Math.sin, expm1: Math.expm1, log1p: Math.log1p,
        sign: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
      };
      for (const n of [0, 1, 7, 33, 3001])
        for (const dtype of ["float32", "float64"] as const) {
          const x = randomValues(dtype, n, next);
          for (const op of ops) expectExact(backend.unary(op, x, dtype), stored(Array.from(x, ref[op]!), dtype), `${op} ${dtype} n=${n}`);
        }
      expectExact(backend.unary("logicalNot", Uint8Array.from([0, 1, 1, 0, 0]), "bool"), [1, 0, 0, 1, 1], "logicalNot");
    });

    it("sum, max and min over random axis subsets of random shapes, NaN propagating, empty axes giving the identity", () => {
      const next = rng(99);
      for (let trial = 0; trial < 80; trial++) {
        const shape = randomShape(next);
        const axes = shape.map((_, d) => d).filter(() => next() < 0.5);
        for (const dtype of ["float32", "float64"] as const) {
          const x = randomValues(dtype, sizeOf(shape), next);
          // No NaN in a third of the trials, so maxima and minima are not all NaN.
          if (trial % 3 === 0) x.forEach((v, i) => Number.isNaN(v) && (x[i] = 1));
          for (const op of ["sum", "max", "min"] as const) {
            const out = backend.reduce(op, x, shape, axes);
            const ref = reduceRef(op, x, shape, axes);
            const what = `${op} ${dtype} [${shape}] axes [${axes}]`;
            if (op !== "sum") expectExact(out, ref, what);
            else {
              expect(out.length, what).toBe(ref.length);
              for (let i = 0; i < ref.length; i++) {
                const [o, r] = [out[i]!, ref[i]!];
                const tol = (dtype === "float32" ? 1e-6 : 1e-12) * Math.max(1, Math.abs(r)) * 100;
                if (!same(o, r) && !(Math.abs(o - r) <= tol)) expect.fail(`${what}: element ${i} is ${o}, expected ${r}`);
              }
            }
          }
        }
      }
    });

    it("argmax and argmin along every axis of random shapes: first index on ties, first NaN wins", () => {
      const next = rng(31);
      for (let trial = 0; trial < 60; trial++) {
        const shape = randomShape(next).map((d) => d || 1);
        if (shape.length === 0) continue;
        const x = randomValues("float64", sizeOf(shape), next);
        for (let axis = 0; axis < shape.length; axis++)
          for (const op of ["argmax", "argmin"] as const) {
            const f32 = Float32Array.from(x);
            expectExact(backend.argReduce(op, x, shape, axis), argRef(op, x, shape, axis), `${op} [${shape}] axis ${axis}`);
            expectExact(backend.argReduce(op, f32, shape, axis), argRef(op, f32, shape, axis), `${op} float32 [${shape}] axis ${axis}`);
          }
      }
    });
  });
}
