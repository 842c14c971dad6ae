// The Backend interface tested directly, kernel by kernel, against naive reference implementations
// written here (index arithmetic, no cleverness). The suite runs once per backend in `backends`: a
// new backend (wasm, ...) is one more entry in that list.
import { describe, expect, it } from "vitest";
import type { Backend, BinaryOp, UnaryOp } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { digamma, erfc, erfinv, lgamma } from "../../src/backend/cpu/special-functions.js";
import { wasmBackend } from "../../src/backend/wasm/wasm-backend.js";
import { allocArray, type DType, type TypedArray } from "../../src/core/dtype.js";
import { type Shape, broadcastIndex, expectExact, ravel, rng, same, sizeOf, unravel } from "./naive-helpers.js";

// wasmBackend is the CPU backend under another name where its kernels are not built.
const backends: readonly Backend[] = [cpuBackend, wasmBackend];

// Random arrays and approximate comparison (generator, index arithmetic, exact comparison: naive-helpers.ts).

function randomArray(dtype: DType, n: number, next: () => number, special = false): TypedArray {
  const out = allocArray(dtype, n);
  const pool = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2.5];
  for (let i = 0; i < n; i++) {
    if (dtype === "bool") out[i] = next() < 0.5 ? 1 : 0;
    else if (dtype === "int32") out[i] = Math.floor(next() * 19) - 9;
    else if (special && next() < 0.3) out[i] = pool[Math.floor(next() * pool.length)]!;
    else out[i] = (next() * 6 - 3) * (next() < 0.1 ? 1e3 : 1);
  }
  return out;
}

/** |actual − expected| ≤ tol·max(1, |expected|) elementwise (NaN equals NaN, infinities exact). */
function expectClose(actual: TypedArray, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (same(a, e)) continue;
    if (!(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) expect.fail(`${what}: element ${i} is ${a}, expected ${e}`);
  }
}

function arrayTypeOf(dtype: DType): string {
  return { float32: "Float32Array", float64: "Float64Array", int32: "Int32Array", bool: "Uint8Array" }[dtype];
}

/** Stores `values` as `dtype` would (float32 rounding, int32 wrap, bool as 0/1). */
function stored(values: readonly number[], dtype: DType): TypedArray {
  const out = allocArray(dtype, values.length);
  out.set(values);
  return out;
}

/** All subsets of [0, n). */
function subsets(n: number): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < 1 << n; m++) out.push([...Array(n).keys()].filter((i) => (m >> i) & 1));
  return out;
}

/** All permutations of [0, n). */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

// ---------------------------------------------------------------------------------------------
// Reference semantics.

function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

const unaryRef: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  erf: () => NaN, // checked separately against known values
  logicalNot: (x) => (x === 0 ? 1 : 0),
  // The scalar special functions are checked against published values in test/ops/special-accuracy.test.ts.
  lgamma,
  digamma,
  erfinv,
  erfc,
};

const isNaN2 = (a: number, b: number): boolean => Number.isNaN(a) || Number.isNaN(b);
const binaryRef: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  max: (a, b) => (isNaN2(a, b) ? NaN : a >= b ? a : b),
  min: (a, b) => (isNaN2(a, b) ? NaN : a <= b ? a : b),
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

const comparisons: readonly BinaryOp[] = ["less", "lessEqual", "greater", "greaterEqual", "equal", "notEqual"];

function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const da = a[i - (n - a.length)] ?? 1;
    const db = b[i - (n - b.length)] ?? 1;
    return da === 1 ? db : da;
  });
}

function binaryReference(f: (a: number, b: number) => number, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape): number[] {
  return Array.from({ length: sizeOf(outShape) }, (_, i) => {
    const idx = unravel(i, outShape);
    return f(a[broadcastIndex(idx, aShape)]!, b[broadcastIndex(idx, bShape)]!);
  });
}

function reduceReference(op: "sum" | "max" | "min", x: TypedArray, shape: Shape, axes: readonly number[]): number[] {
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const init = op === "sum" ? 0 : op === "max" ? -Infinity : Infinity;
  const out = new Array<number>(sizeOf(outShape)).fill(init);
  for (let i = 0; i < x.length; i++) {
    const idx = unravel(i, shape);
    const o = ravel(idx.filter((_, d) => !axes.includes(d)), outShape);
    const v = x[i]!;
    if (op === "sum") out[o]! += v;
    else if (Number.isNaN(v) || Number.isNaN(out[o]!)) out[o] = NaN;
    else out[o] = op === "max" ? Math.max(out[o]!, v) : Math.min(out[o]!, v);
  }
  return out;
}

function argReference(op: "argmax" | "argmin", x: TypedArray, shape: Shape, axis: number): number[] {
  const outShape = shape.filter((_, d) => d !== axis);
  return Array.from({ length: sizeOf(outShape) }, (_, o) => {
    const base = unravel(o, outShape);
    let best = -1;
    let bv = NaN;
    for (let j = 0; j < shape[axis]!; j++) {
      const idx = [...base.slice(0, axis), j, ...base.slice(axis)];
      const v = x[ravel(idx, shape)]!;
      if (Number.isNaN(v)) return j; // the first NaN wins
      if (best < 0 || (op === "argmax" ? v > bv : v < bv)) {
        best = j;
        bv = v;
      }
    }
    return best;
  });
}

/** Reads `x` at a computed input index for every output position. */
function mapIndex(outShape: Shape, x: TypedArray, inIndex: (outIdx: number[]) => number): number[] {
  return Array.from({ length: sizeOf(outShape) }, (_, i) => x[inIndex(unravel(i, outShape))]!);
}

function matmulReference(a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape): { out: number[]; shape: number[] } {
  const [m, k] = aShape.slice(-2) as [number, number];
  const n = bShape[bShape.length - 1]!;
  const batch = broadcastShapes(aShape.slice(0, -2), bShape.slice(0, -2));
  const shape = [...batch, m, n];
  const out = new Array<number>(sizeOf(shape)).fill(0);
  for (let bi = 0; bi < sizeOf(batch); bi++) {
    const bidx = unravel(bi, batch);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++)
          s += a[broadcastIndex([...bidx, i, p], aShape)]! * b[broadcastIndex([...bidx, p, j], bShape)]!;
        out[ravel([...bidx, i, j], shape)] = s;
      }
  }
  return { out, shape };
}

// ---------------------------------------------------------------------------------------------

for (const backend of backends) {
  describe(`${backend.name} backend`, () => {
    describe("unary", () => {
      const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-300, -1e-300, 1e300, -1e300, 710, -745.2, 0.5, -0.5, 1, -1, 2.5, -3.7];
      const ops = (Object.keys(unaryRef) as UnaryOp[]).filter((op) => op !== "erf" && op !== "logicalNot");

      for (const op of ops) {
        it(`${op} matches the reference in float64 and float32, including NaN and ±∞`, () => {
          const next = rng(op.length * 7919);
          const values = [...specials, ...Array.from({ length: 40 }, () => next() * 8 - 4)];
          const x64 = Float64Array.from(values);
          const out64 = backend.unary(op, x64, "float64");
          expect(out64).toBeInstanceOf(Float64Array);
          expectExact(out64, values.map(unaryRef[op]), `${op} float64`);
          const x32 = Float32Array.from(values);
          const out32 = backend.unary(op, x32, "float32");
          expect(out32).toBeInstanceOf(Float32Array);
          expectExact(out32, stored(Array.from(x32, unaryRef[op]), "float32"), `${op} float32`);
          expect(Array.from(x64), "inputs are never mutated").toEqual(Array.from(Float64Array.from(values)));
        });
      }

      it("round is half to even (numpy), also for negatives and near 2⁵²", () => {
        const x = Float64Array.from([-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 2.5000000000000004, 0.49999999999999994, -0.49999999999999994,
          4503599627370495.5, -4503599627370495.5, 1e300, 7.2, -7.2]);
        const out = backend.unary("round", x, "float64");
        expectExact(out, [-4, -2, -2, -0, 0, 2, 2, 4, 3, 0, -0, 4503599627370496, -4503599627370496, 1e300, 7, -7], "round");
        expect(Object.is(out[3], -0) || out[3] === 0).toBe(true);
      });

      it("sign(0) = 0, sign(NaN) = NaN, sign(±∞) = ±1", () => {
        expectExact(backend.unary("sign", Float64Array.from([0, -0, NaN, Infinity, -Infinity, 1e-320, -3]), "float64"), [0, 0, NaN, 1, -1, 1, -1], "sign");
      });

      it("erf matches known values to 1e-15", () => {
        const known: [number, number][] = [
          [0.5, 0.5204998778130465],
          [1, 0.8427007929497149],
          [2, 0.9953222650189527],
          [3.5, 0.9999992569016276],
          [-1, -0.8427007929497149],
          [-0.5, -0.5204998778130465],
          [0, 0],
        ];
        const out = backend.unary("erf", Float64Array.from(known.map(([x]) => x)), "float64");
        known.forEach(([x, e], i) => expect(Math.abs(out[i]! - e), `erf(${x}) = ${out[i]}, expected ${e}`).toBeLessThanOrEqual(1e-15));
      });

      it("erf is odd, monotone, continuous across its series/continued-fraction switch, and saturates", () => {
        const xs = Array.from({ length: 801 }, (_, i) => -8 + i * 0.02);
        const out = backend.unary("erf", Float64Array.from(xs), "float64");
        const neg = backend.unary("erf", Float64Array.from(xs.map((x) => -x)), "float64");
        xs.forEach((_, i) => expect(neg[i]).toBe(-out[i]!));
        for (let i = 1; i < xs.length; i++) expect(out[i]!).toBeGreaterThanOrEqual(out[i - 1]!);
        const near3 = backend.unary("erf", Float64Array.from([3 - 1e-12, 3, 3 + 1e-12]), "float64");
        expect(Math.abs(near3[0]! - 0.9999779095030014)).toBeLessThan(1e-15);
        expect(Math.abs(near3[1]! - 0.9999779095030014)).toBeLessThan(1e-15);
        expect(Math.abs(near3[2]! - 0.9999779095030014)).toBeLessThan(1e-15);
        expectExact(backend.unary("erf", Float64Array.from([Infinity, -Infinity, NaN, 30]), "float64"), [1, -1, NaN, 1], "erf saturation");
        const f32 = backend.unary("erf", Float32Array.from([0.5, 1]), "float32");
        expectExact(f32, stored([0.5204998778130465, 0.8427007929497149], "float32"), "erf float32");
      });

      it("logicalNot maps bool to bool", () => {
        const out = backend.unary("logicalNot", Uint8Array.from([0, 1, 1, 0]), "bool");
        expect(out).toBeInstanceOf(Uint8Array);
        expectExact(out, [1, 0, 0, 1], "logicalNot");
      });
    });

    describe("binary", () => {
      // Pairs of operand shapes: equal, scalar either side, size-1 axes on both sides, rank extension, empty axes.
      const shapePairs: [Shape, Shape][] = [
        [[3, 4], [3, 4]],
        [[3, 4], []],
        [[], [3, 4]],
        [[1], [5]],
        [[2, 3, 4], [4]],
        [[4], [2, 3, 4]],
        [[2, 1, 4], [3, 1]],
        [[3, 1], [1, 5]],
        [[1, 1, 1], [2, 3, 1]],
        [[2, 1, 3, 1], [1, 4, 1, 5]],
        [[0, 3], [1, 3]],
        [[2, 0, 3], [3]],
        [[0], []],
        [[], []],
      ];
      const ops = Object.keys(binaryRef) as BinaryOp[];
      for (const op of ops) {
        it(`${op} with broadcasting (size-1, rank-extended and empty axes) matches a naive loop, with NaN and ±∞`, () => {
          const next = rng(op.length * 104729 + op.charCodeAt(0));
          const logical = op === "logicalAnd" || op === "logicalOr";
          const inDtypes: DType[] = logical ? ["bool"] : ["float64", "float32", "int32"];
          for (const dtype of inDtypes) {
            if (dtype === "int32" && (op === "div" || op === "pow" || op === "atan2")) continue; // not integer kernels
            const outDtype: DType = logical || comparisons.includes(op) ? "bool" : dtype;
            for (const [aShape, bShape] of shapePairs) {
              const outShape = broadcastShapes(aShape, bShape);
              const a = randomArray(dtype, sizeOf(aShape), next, true);
              const b = randomArray(dtype, sizeOf(bShape), next, true);
              const aCopy = a.slice();
              const out = backend.binary(op, a, aShape, b, bShape, outShape, outDtype);
              expect(out.constructor.name).toBe(arrayTypeOf(outDtype));
              const what = `${op} ${dtype} [${aShape}] with [${bShape}]`;
              expectExact(out, stored(binaryReference(binaryRef[op], a, aShape, b, bShape, outShape), outDtype), what);
              expectExact(a, aCopy, `${what}: input mutated`);
            }
          }
        });
      }

      it("NaN and ∞ propagate as in IEEE arithmetic", () => {
        const a = Float64Array.from([Infinity, Infinity, 0, NaN, 1, -1, 0]);
        const b = Float64Array.from([-Infinity, 0, Infinity, 1, 0, 0, 0]);
        expectExact(backend.binary("add", a, [7], b, [7], [7], "float64"), [NaN, Infinity, Infinity, NaN, 1, -1, 0], "add");
        expectExact(backend.binary("mul", a, [7], b, [7], [7], "float64"), [-Infinity, NaN, NaN, NaN, 0, -0, 0], "mul");
        expectExact(backend.binary("div", a, [7], b, [7], [7], "float64"), [NaN, Infinity, 0, NaN, Infinity, -Infinity, NaN], "div");
        expectExact(backend.binary("pow", Float64Array.from([NaN, 0, -8, 1]), [4], Float64Array.from([0, -1, 1 / 3, NaN]), [4], [4], "float64"),
          [1, Infinity, NaN, NaN], "pow");
      });

      it("max and min propagate NaN from either side (numpy maximum/minimum)", () => {
        const a = Float64Array.from([NaN, 1, NaN, 2, -Infinity, 3]);
        const b = Float64Array.from([1, NaN, NaN, 5, NaN, -Infinity]);
        expectExact(backend.binary("max", a, [6], b, [6], [6], "float64"), [NaN, NaN, NaN, 5, NaN, 3], "max");
        expectExact(backend.binary("min", a, [6], b, [6], [6], "float64"), [NaN, NaN, NaN, 2, NaN, -Infinity], "min");
        // The scalar fast paths too.
        expectExact(backend.binary("max", a, [6], Float64Array.of(NaN), [], [6], "float64"), [NaN, NaN, NaN, NaN, NaN, NaN], "max scalar");
        expectExact(backend.binary("min", Float64Array.of(NaN), [], b, [6], [6], "float64"), [NaN, NaN, NaN, NaN, NaN, NaN], "min scalar");
      });

      it("comparisons with NaN are false except notEqual", () => {
        const a = Float64Array.of(NaN);
        const b = Float64Array.of(NaN);
        for (const op of comparisons)
          expect(backend.binary(op, a, [1], b, [1], [1], "bool")[0], op).toBe(op === "notEqual" ? 1 : 0);
      });
    });

    describe("where and cast", () => {
      it("where broadcasts cond, a and b", () => {
        const next = rng(5);
        const cases: [Shape, Shape, Shape][] = [
          [[3, 4], [3, 4], [3, 4]],
          [[3, 1], [1, 4], []],
          [[4], [2, 3, 4], [3, 1]],
          [[], [2, 2], [2, 2]],
          [[0, 2], [2], [1]],
        ];
        for (const [cs, as, bs] of cases) {
          const outShape = broadcastShapes(broadcastShapes(cs, as), bs);
          const c = randomArray("bool", sizeOf(cs), next);
          const a = randomArray("float64", sizeOf(as), next, true);
          const b = randomArray("float64", sizeOf(bs), next, true);
          const out = backend.where(c, cs, a, as, b, bs, outShape, "float64");
          const ref = Array.from({ length: sizeOf(outShape) }, (_, i) => {
            const idx = unravel(i, outShape);
            return c[broadcastIndex(idx, cs)] ? a[broadcastIndex(idx, as)]! : b[broadcastIndex(idx, bs)]!;
          });
          expectExact(out, ref, `where [${cs}] [${as}] [${bs}]`);
        }
      });

      it("cast: float to int truncates toward zero, nonzero (NaN included) is true, bool to float is 0/1", () => {
        const x = Float64Array.from([1.7, -1.7, 0, -0, 2.5, NaN, Infinity, 1e-30]);
        const i32 = backend.cast(Float64Array.from([1.7, -1.7, 0, -0, 2.5, -2.5, 1e-30, 123456789]), "int32");
        expect(i32).toBeInstanceOf(Int32Array);
        expectExact(i32, [1, -1, 0, 0, 2, -2, 0, 123456789], "to int32");
        const b = backend.cast(x, "bool");
        expect(b).toBeInstanceOf(Uint8Array);
        expectExact(b, [1, 1, 0, 0, 1, 1, 1, 1], "to bool");
        expectExact(backend.cast(Uint8Array.from([1, 0]), "float32"), [1, 0], "bool to float32");
        expectExact(backend.cast(Float64Array.from([0.1]), "float32"), [Math.fround(0.1)], "float64 to float32");
        expectExact(backend.cast(Int32Array.from([-3, 7]), "float64"), [-3, 7], "int32 to float64");
      });
    });

    describe("reductions", () => {
      const shape = [2, 3, 4];
      for (const op of ["sum", "max", "min"] as const) {
        it(`${op} over every subset of the axes of a 3-D array`, () => {
          const next = rng(op.length);
          // Small integers sum exactly in any order; a second pass with arbitrary floats allows rounding.
          const ints = Float64Array.from({ length: 24 }, () => Math.floor(next() * 21) - 10);
          const floats = randomArray("float64", 24, next);
          for (const axes of subsets(3)) {
            const outShape = shape.filter((_, i) => !axes.includes(i));
            const out = backend.reduce(op, ints, shape, axes);
            expect(out.length).toBe(sizeOf(outShape));
            expectExact(out, reduceReference(op, ints, shape, axes), `${op} axes [${axes}]`);
            expectClose(backend.reduce(op, floats, shape, axes), reduceReference(op, floats, shape, axes), 1e-10, `${op} floats axes [${axes}]`);
            const f32 = Float32Array.from(ints);
            const out32 = backend.reduce(op, f32, shape, axes);
            expect(out32).toBeInstanceOf(Float32Array);
            expectExact(out32, reduceReference(op, f32, shape, axes), `${op} float32 axes [${axes}]`);
          }
        });
      }

      it("NaN propagates through sum, max and min", () => {
        const x = Float64Array.from([1, NaN, 3, 4, 5, 6]);
        expectExact(backend.reduce("sum", x, [2, 3], [1]), [NaN, 15], "sum");
        expectExact(backend.reduce("max", x, [2, 3], [1]), [NaN, 6], "max");
        expectExact(backend.reduce("min", x, [2, 3], [1]), [NaN, 4], "min");
        expectExact(backend.reduce("max", x, [2, 3], [0]), [4, NaN, 6], "max axis 0");
        expectExact(backend.reduce("min", Float64Array.from([NaN, -Infinity, 2, 3]), [2, 2], [0, 1]), [NaN], "min all");
        expectExact(backend.reduce("max", Float64Array.from([-Infinity, NaN, 2, NaN, 9, 9]), [3, 2], [1]), [NaN, NaN, 9], "max rows");
      });

      it("empty axes give the identity (0, -∞, +∞); reducing no axes copies; a scalar reduces to itself", () => {
        const empty = new Float64Array(0);
        expectExact(backend.reduce("sum", empty, [2, 0, 3], [1]), [0, 0, 0, 0, 0, 0], "sum empty");
        expectExact(backend.reduce("max", empty, [2, 0], [1]), [-Infinity, -Infinity], "max empty");
        expectExact(backend.reduce("min", empty, [0], [0]), [Infinity], "min empty");
        expect(backend.reduce("sum", empty, [0, 3], [1]).length).toBe(0);
        const x = Float64Array.from([1, 2, 3]);
        expectExact(backend.reduce("sum", x, [3], []), [1, 2, 3], "no axes");
        expectExact(backend.reduce("max", Float64Array.of(7), [], []), [7], "scalar");
      });

      it("row sums (1-9 rows: the blocks of four rows and their tails) are each row's float64 sum in order, rounded once", () => {
        const next = rng(18);
        for (let rows = 1; rows <= 9; rows++)
          for (const len of [1, 5, 17]) {
            const f64 = randomArray("float64", rows * len, next);
            expectExact(backend.reduce("sum", f64, [rows, len], [1]), reduceReference("sum", f64, [rows, len], [1]), `float64 [${rows}, ${len}]`);
            const f32 = Float32Array.from(randomArray("float64", rows * len, next));
            const want = reduceReference("sum", f32, [rows, len], [1]).map(Math.fround);
            expectExact(backend.reduce("sum", f32, [rows, len], [1]), want, `float32 [${rows}, ${len}]`);
            // [N, C, 1, W] over [0, 2, 3] (a conv bias gradient): the rows' float64 sums added over N in order, rounded once
            const x4 = Float32Array.from(randomArray("float64", 3 * rows * len, next));
            const rowSums = reduceReference("sum", x4, [3 * rows, len], [1]);
            const bias = Array.from({ length: rows }, (_, c) => Math.fround(rowSums[c]! + rowSums[rows + c]! + rowSums[2 * rows + c]!));
            expectExact(backend.reduce("sum", x4, [3, rows, 1, len], [0, 2, 3]), bias, `float32 [3, ${rows}, 1, ${len}] over [0, 2, 3]`);
          }
      });

      it("summing bool counts into int32", () => {
        const out = backend.reduce("sum", Uint8Array.from([1, 0, 1, 1]), [2, 2], [1]);
        expect(out).toBeInstanceOf(Int32Array);
        expectExact(out, [1, 2], "bool sum");
      });

      it("argmax/argmin along every axis, first index on ties, NaN wins", () => {
        const next = rng(77);
        const shape3 = [3, 4, 5];
        // Few distinct values force many ties.
        const x = Float64Array.from({ length: 60 }, () => Math.floor(next() * 3));
        for (const op of ["argmax", "argmin"] as const)
          for (let axis = 0; axis < 3; axis++) {
            const out = backend.argReduce(op, x, shape3, axis);
            expect(out).toBeInstanceOf(Int32Array);
            expectExact(out, argReference(op, x, shape3, axis), `${op} axis ${axis}`);
          }
        expectExact(backend.argReduce("argmax", Float64Array.from([1, 5, 5, 2]), [4], 0), [1], "argmax tie");
        expectExact(backend.argReduce("argmin", Float64Array.from([3, 1, 4, 1]), [4], 0), [1], "argmin tie");
        expectExact(backend.argReduce("argmax", Float64Array.from([1, 5, NaN, 9, NaN]), [5], 0), [2], "argmax NaN");
        expectExact(backend.argReduce("argmin", Float64Array.from([NaN, -Infinity]), [2], 0), [0], "argmin NaN first");
        expectExact(backend.argReduce("argmax", Float64Array.from([-Infinity, -Infinity]), [2], 0), [0], "argmax all -∞");
        const withNaN = Float64Array.from([2, NaN, 7, 1, 3, 9, NaN, 0]);
        expectExact(backend.argReduce("argmin", withNaN, [2, 4], 1), [1, 2], "argmin NaN rows");
        expectExact(backend.argReduce("argmax", withNaN, [2, 4], 0), [1, 0, 1, 0], "argmax NaN columns");
        expectExact(backend.argReduce("argmax", Int32Array.from([3, 9, 9, -1]), [4], 0), [1], "int32");
      });
    });

    describe("movement", () => {
      it("transpose: every permutation of a 3-D array, a 4-D array, a blocked 2-D transpose and empty axes", () => {
        const cases: Shape[] = [[2, 3, 4], [3, 1, 2], [0, 2, 3]];
        for (const shape of cases) {
          const x = Float64Array.from({ length: sizeOf(shape) }, (_, i) => i);
          for (const perm of permutations(3)) {
            const outShape = perm.map((p) => shape[p]!);
            const ref = mapIndex(outShape, x, (idx) => ravel(shape.map((_, d) => idx[perm.indexOf(d)]!), shape));
            expectExact(backend.transpose(x, shape, perm), ref, `transpose [${shape}] by [${perm}]`);
          }
        }
        const s4 = [2, 3, 2, 3];
        const x4 = Float64Array.from({ length: 36 }, (_, i) => i);
        const perm4 = [2, 0, 3, 1];
        const out4 = perm4.map((p) => s4[p]!);
        expectExact(backend.transpose(x4, s4, perm4), mapIndex(out4, x4, (idx) => ravel(s4.map((_, d) => idx[perm4.indexOf(d)]!), s4)), "4-D");
        for (const s2 of [[37, 45], [1, 70], [70, 1], [0, 5]]) {
          const x2 = Float32Array.from({ length: sizeOf(s2) }, (_, i) => i);
          const out = backend.transpose(x2, s2, [1, 0]);
          expect(out).toBeInstanceOf(Float32Array);
          expectExact(out, mapIndex([s2[1]!, s2[0]!], x2, ([j, i]) => i! * s2[1]! + j!), `2-D [${s2}]`);
        }
        expectExact(backend.transpose(Int32Array.of(5), [], []), [5], "0-D");
      });

      it("broadcastTo: size-1 axes, rank extension, a single element and empty results", () => {
        const cases: [Shape, Shape][] = [
          [[3], [2, 3]],
          [[2, 1], [2, 4]],
          [[1, 3, 1], [2, 3, 2]],
          [[], [2, 2]],
          [[1], [3]],
          [[1, 1], [0, 4]],
          [[3], [0, 3]],
          [[2, 3], [2, 3]],
        ];
        for (const [shape, outShape] of cases) {
          const x = Int32Array.from({ length: sizeOf(shape) }, (_, i) => i + 1);
          const out = backend.broadcastTo(x, shape, outShape);
          expect(out).toBeInstanceOf(Int32Array);
          expectExact(out, mapIndex(outShape, x, (idx) => broadcastIndex(idx, shape)), `broadcastTo [${shape}] → [${outShape}]`);
        }
      });

      it("slice: random blocks of a 3-D array, including empty ones", () => {
        const next = rng(11);
        const shape = [3, 4, 5];
        const x = Float64Array.from({ length: 60 }, (_, i) => i);
        for (let t = 0; t < 40; t++) {
          const begin = shape.map((d) => Math.floor(next() * (d + 1)));
          const size = shape.map((d, i) => Math.floor(next() * (d - begin[i]! + 1)));
          const ref = mapIndex(size, x, (idx) => ravel(idx.map((v, i) => v + begin[i]!), shape));
          expectExact(backend.slice(x, shape, begin, size), ref, `slice begin [${begin}] size [${size}]`);
        }
        expectExact(backend.slice(x, shape, [0, 0, 0], shape), x, "whole");
      });

      it("pad: widths on each side, a nonzero value, empty inputs and scalars", () => {
        const cases: [Shape, [number, number][], number][] = [
          [[2, 3], [[1, 0], [0, 2]], 0],
          [[2, 3], [[0, 0], [3, 1]], -7.5],
          [[3], [[2, 2]], NaN],
          [[2, 0], [[1, 1], [2, 0]], 4],
          [[1, 2, 1], [[0, 1], [1, 1], [2, 0]], 1],
          [[], [], 9],
        ];
        for (const [shape, widths, value] of cases) {
          const x = Float64Array.from({ length: sizeOf(shape) }, (_, i) => i + 1);
          const outShape = shape.map((d, i) => d + widths[i]![0] + widths[i]![1]);
          const ref = Array.from({ length: sizeOf(outShape) }, (_, o) => {
            const idx = unravel(o, outShape).map((v, i) => v - widths[i]![0]);
            return idx.every((v, i) => v >= 0 && v < shape[i]!) ? x[ravel(idx, shape)]! : value;
          });
          expectExact(backend.pad(x, shape, widths, value), ref, `pad [${shape}] by ${JSON.stringify(widths)}`);
        }
      });

      it("concat along every axis, with an empty piece", () => {
        const next = rng(3);
        const base = [2, 3, 4];
        for (let axis = 0; axis < 3; axis++) {
          const extents = [1, 0, 3];
          const shapes = extents.map((e) => base.map((d, i) => (i === axis ? e : d)));
          const xs = shapes.map((s) => randomArray("float32", sizeOf(s), next));
          const outShape = base.map((d, i) => (i === axis ? 4 : d));
          const ref = Array.from({ length: sizeOf(outShape) }, (_, o) => {
            const idx = unravel(o, outShape);
            let k = 0;
            let j = idx[axis]!;
            while (j >= shapes[k]![axis]!) j -= shapes[k++]![axis]!;
            idx[axis] = j;
            return xs[k]![ravel(idx, shapes[k]!)]!;
          });
          const out = backend.concat(xs, shapes, axis);
          expect(out).toBeInstanceOf(Float32Array);
          expectExact(out, ref, `concat axis ${axis}`);
        }
      });

      it("flip over every subset of axes", () => {
        const shape = [2, 3, 4];
        const x = Float64Array.from({ length: 24 }, (_, i) => i);
        for (const axes of subsets(3)) {
          const ref = mapIndex(shape, x, (idx) => ravel(idx.map((v, d) => (axes.includes(d) ? shape[d]! - 1 - v : v)), shape));
          expectExact(backend.flip(x, shape, axes), ref, `flip [${axes}]`);
        }
        expect(backend.flip(new Float64Array(0), [0, 2], [0]).length).toBe(0);
      });

      it("gather along every axis with repeated indices and a 2-D index array", () => {
        const shape = [3, 4, 2];
        const x = Float64Array.from({ length: 24 }, (_, i) => i * 1.5);
        for (let axis = 0; axis < 3; axis++) {
          const n = shape[axis]!;
          const indices = Int32Array.from([n - 1, 0, n - 1, 0 % n, Math.min(1, n - 1), n - 1]);
          const indicesShape = [2, 3];
          const outShape = [...shape.slice(0, axis), ...indicesShape, ...shape.slice(axis + 1)];
          const ref = mapIndex(outShape, x, (idx) => {
            const k = ravel(idx.slice(axis, axis + 2), indicesShape);
            return ravel([...idx.slice(0, axis), indices[k]!, ...idx.slice(axis + 2)], shape);
          });
          expectExact(backend.gather(x, shape, indices, indicesShape, axis), ref, `gather axis ${axis}`);
        }
        expect(backend.gather(x, shape, new Int32Array(0), [0], 1).length).toBe(0);
      });

      it("scatterAdd accumulates repeated indices and is the transpose of gather", () => {
        const next = rng(19);
        const outShape = [3, 4, 2];
        for (let axis = 0; axis < 3; axis++) {
          const n = outShape[axis]!;
          const indices = Int32Array.from({ length: 5 }, () => Math.floor(next() * n));
          const updShape = outShape.map((d, i) => (i === axis ? 5 : d));
          const upd = Float64Array.from({ length: sizeOf(updShape) }, () => Math.floor(next() * 9) - 4);
          const ref = new Array<number>(sizeOf(outShape)).fill(0);
          for (let u = 0; u < upd.length; u++) {
            const idx = unravel(u, updShape);
            idx[axis] = indices[idx[axis]!]!;
            ref[ravel(idx, outShape)]! += upd[u]!;
          }
          const out = backend.scatterAdd(upd, indices, [5], axis, outShape);
          expectExact(out, ref, `scatterAdd axis ${axis}`);
          // ⟨gather(x), u⟩ = ⟨x, scatterAdd(u)⟩
          const x = Float64Array.from({ length: sizeOf(outShape) }, () => Math.floor(next() * 9) - 4);
          const gx = backend.gather(x, outShape, indices, [5], axis);
          const lhs = Array.from(gx).reduce((s, v, i) => s + v * upd[i]!, 0);
          const rhs = x.reduce((s, v, i) => s + v * out[i]!, 0);
          expect(lhs).toBe(rhs);
        }
      });
    });

    describe("matmul", () => {
      const cases: [Shape, Shape][] = [
        [[5, 7], [7, 3]],
        [[1, 1], [1, 1]],
        [[9, 2], [2, 11]],
        [[4, 0], [0, 3]],
        [[0, 3], [3, 2]],
        [[2, 1, 5, 7], [3, 7, 3]],
        [[3, 6, 2], [2, 5]],
        [[6, 2], [4, 2, 5]],
        [[1, 3, 4], [2, 1, 4, 1]],
        [[2, 3, 13, 1], [2, 1, 1, 6]],
      ];
      for (const dtype of ["float64", "float32"] as const) {
        it(`${dtype}: odd sizes, broadcast batch dimensions and k = 0 against a naive triple loop`, () => {
          const next = rng(dtype.length);
          for (const [aShape, bShape] of cases) {
            // Entries in [-3, 3): float32 accumulation error stays far below the tolerance.
            const a = allocArray(dtype, sizeOf(aShape)).map(() => next() * 6 - 3);
            const b = allocArray(dtype, sizeOf(bShape)).map(() => next() * 6 - 3);
            const { out: ref, shape } = matmulReference(a, aShape, b, bShape);
            const out = backend.matmul(a, aShape, b, bShape, shape);
            expect(out.constructor.name).toBe(arrayTypeOf(dtype));
            expectClose(out, ref, dtype === "float64" ? 1e-12 : 1e-4, `matmul ${dtype} [${aShape}] @ [${bShape}]`);
          }
        });
      }

      /** Stores a matrix batch transposed in its last two axes (what `trans*` operands look like). */
      function transposed(x: TypedArray, shape: Shape): { data: TypedArray; shape: number[] } {
        const r = shape.length;
        const tShape = [...shape.slice(0, -2), shape[r - 1]!, shape[r - 2]!];
        const data = x.slice();
        for (let i = 0; i < x.length; i++) {
          const idx = unravel(i, shape);
          [idx[r - 2], idx[r - 1]] = [idx[r - 1]!, idx[r - 2]!];
          data[ravel(idx, tShape)] = x[i]!;
        }
        return { data, shape: tShape };
      }

      // Sizes across the wasm kernel's register tile (4×8), row block (64), k block (256) and column block.
      const bigCases: [Shape, Shape][] = [
        [[67, 300], [300, 29]],
        [[5, 3], [3, 2100]],
        [[130, 9], [9, 1030]],
        [[3, 70, 257], [257, 17]],
      ];
      for (const dtype of ["float64", "float32"] as const) {
        it(`${dtype}: transposed operands (transA, transB, both) equal the product of explicit transposes`, () => {
          const next = rng(31 + dtype.length);
          for (const [aShape, bShape] of [...cases, ...bigCases]) {
            const a = allocArray(dtype, sizeOf(aShape)).map(() => next() * 6 - 3);
            const b = allocArray(dtype, sizeOf(bShape)).map(() => next() * 6 - 3);
            const { out: ref, shape } = matmulReference(a, aShape, b, bShape);
            const at = transposed(a, aShape);
            const bt = transposed(b, bShape);
            const tol = dtype === "float64" ? 1e-12 : 3e-4;
            const what = `matmul ${dtype} [${aShape}] @ [${bShape}]`;
            expectClose(backend.matmul(a, aShape, b, bShape, shape, false, false), ref, tol, `${what} (flags false)`);
            expectClose(backend.matmul(at.data, at.shape, b, bShape, shape, true, false), ref, tol, `${what} transA`);
            expectClose(backend.matmul(a, aShape, bt.data, bt.shape, shape, false, true), ref, tol, `${what} transB`);
            expectClose(backend.matmul(at.data, at.shape, bt.data, bt.shape, shape, true, true), ref, tol, `${what} transA transB`);
          }
        });
      }

      it("NaN and ∞ propagate through transposed operands and every tile position", () => {
        const next = rng(77);
        const [m, k, n] = [13, 300, 19];
        const a = Float32Array.from({ length: m * k }, () => next() - 0.5);
        const b = Float32Array.from({ length: k * n }, () => next() - 0.5);
        a[5 * k + 270] = NaN; // row 5 → NaN across the row
        b[123 * n + 17] = Infinity; // column 17 → ±∞ (or NaN where row 5 meets it)
        const { out: ref, shape } = matmulReference(a, [m, k], b, [k, n]);
        const out = backend.matmul(a, [m, k], b, [k, n], shape);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            const e = ref[i * n + j]!;
            const v = out[i * n + j]!;
            if (Number.isFinite(e)) expect(Math.abs(v - e), `(${i}, ${j})`).toBeLessThan(1e-4);
            else expect(same(v, e), `(${i}, ${j}): ${v} vs ${e}`).toBe(true);
          }
        const at = transposed(a, [m, k]);
        expectClose(backend.matmul(at.data, at.shape, b, [k, n], shape, true, false), ref, 1e-4, "transA with NaN/∞");
      });

      it("propagates NaN and ∞ and works on int32", () => {
        const out = backend.matmul(Float64Array.from([1, NaN, Infinity, 1]), [2, 2], Float64Array.from([1, 0, 0, 1]), [2, 2], [2, 2]);
        expectExact(out, [NaN, NaN, Infinity, NaN], "NaN/∞");
        const i = backend.matmul(Int32Array.from([1, 2, 3, 4]), [2, 2], Int32Array.from([5, 6, 7, 8]), [2, 2], [2, 2]);
        expect(i).toBeInstanceOf(Int32Array);
        expectExact(i, [19, 22, 43, 50], "int32");
      });
    });
  });
}
