import { encodeModule, ValType } from "./wasm-binary.js";
import { Code } from "./wasm-code.js";
import { expF32Lanes, logF32Lanes } from "./vector-math.js";
import { VectorValues, type Vec } from "./vector-values.js";

/** A row kernel's module bytes, for an unshared and for a shared memory import. */
export interface RowKernelBytes {
  readonly plain: Uint8Array<ArrayBuffer>;
  readonly shared: Uint8Array<ArrayBuffer>;
}

/** The bytes' lanes shuffles: [2, 3, 0, 1] and [1, 0, 3, 2] of float32 lanes, and the high half of a vector. */
const SWAP_HALVES = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
const SWAP_PAIRS = [4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11];

/**
 * Loops over the elements of one row of float32 at byte offsets `bases` (locals) + 4·j: `vector`
 * for each whole vector of four (j = 0, 4, …, below `full`), then `tail` for each of the last
 * n mod 4 elements, one at a time. `at` is the local that holds the current byte offset from the row start.
 */
class RowLoops {
  constructor(
    private readonly code: Code,
    private readonly at: number,
    private readonly full: number,
    private readonly end: number,
  ) {}

  /** Runs `vector` over the whole vectors, then `tail` over the remaining elements (the offset in `at`). */
  each(vector: () => void, tail: () => void): void {
    const c = this.code;
    c.i32(0).set(this.at);
    c.block().loop();
    c.get(this.at).get(this.full).op("i32.ge_u").brIf(1);
    vector();
    c.get(this.at).i32(16).op("i32.add").set(this.at);
    c.br(0).end().end();
    c.block().loop();
    c.get(this.at).get(this.end).op("i32.ge_u").brIf(1);
    tail();
    c.get(this.at).i32(4).op("i32.add").set(this.at);
    c.br(0).end().end();
  }
}

/** A function over `rows` rows of `n` float32 each; `rowBody` emits one row's code (pointer params advanced per row). */
function rowsFunction(pointers: number, rowBody: (code: Code, v: VectorValues, loops: RowLoops, at: number) => void): RowKernelBytes {
  // params: the pointers (inputs, then the output), rows, n
  const params: ValType[] = [...Array.from({ length: pointers }, () => ValType.i32), ValType.i32, ValType.i32];
  const code = new Code(params);
  const v = new VectorValues(code);
  const rows = pointers;
  const n = pointers + 1;
  const r = code.local(ValType.i32);
  const at = code.local(ValType.i32);
  const full = code.local(ValType.i32);
  const end = code.local(ValType.i32);
  // end = 4n bytes; full = 16·⌊n/4⌋ bytes
  code.get(n).i32(2).op("i32.shl").set(end);
  code.get(n).i32(2).op("i32.shr_u").i32(4).op("i32.shl").set(full);
  code.i32(0).set(r);
  code.block().loop();
  code.get(r).get(rows).op("i32.ge_u").brIf(1);
  rowBody(code, v, new RowLoops(code, at, full, end), at);
  for (let p = 0; p < pointers; p++) code.get(p).get(end).op("i32.add").set(p);
  code.get(r).i32(1).op("i32.add").set(r);
  code.br(0).end().end();
  code.end();
  const fn = { params, results: [], locals: code.locals, body: code.body(), name: "kernel" };
  return { plain: encodeModule([fn], false), shared: encodeModule([fn], true) };
}

/** The address of the current element of the row at pointer param `p`: p + at. */
function address(code: Code, p: number, at: number): Code {
  return code.get(p).get(at).op("i32.add");
}

/** Adds the four float32 lanes of `e` (as float64) into the accumulators a and b. */
function accumulate(code: Code, v: VectorValues, e: Vec, a: number, b: number): void {
  code.get(a).get(v.op("f64x2.promote_low_f32x4", e)).simd("f64x2.add").set(a);
  code.get(b).get(v.op("f64x2.promote_low_f32x4", v.shuffle(e, e, SWAP_HALVES))).simd("f64x2.add").set(b);
}

/** The float64 total of accumulators a and b, rounded to float32 and splat to every lane: (a + b)[0] + (a + b)[1]. */
function totalF32(code: Code, v: VectorValues, a: number, b: number): Vec {
  const t = v.op("f64x2.add", a, b);
  code.get(t).lane("f64x2.extract_lane", 0).get(t).lane("f64x2.extract_lane", 1).op("f64.add");
  code.op("f32.demote_f64").simd("f32x4.splat");
  return v.store();
}

/** Lane 0 of a vector kept, the others zero (a splat-loaded tail element added once). */
const LANE0 = new Int32Array([-1, 0, 0, 0]);

/**
 * log softmax over rows of float32, `kernel(x, out, rows, n)`: per row the maximum m (NaN if any
 * element is; 0 where it is ±∞ or NaN, as `logSoftmaxRows`), then out = x − m and s = Σ e^(x−m)
 * accumulated in float64 (four lanes, then the pairs), lse = log(float32(s)), then out −= lse.
 * NOTE: the exponential is `expF32Lanes` (within 1 ulp of Math.fround(Math.exp)) and the sum's
 * order differs from the JS loop's, so results are within a few ulps of `logSoftmaxRows` (see
 * test/compile/row-kernels.test.ts for the bound); everything else rounds as it does.
 */
export function logSoftmaxRowsKernel(): RowKernelBytes {
  return rowsFunction(2, (code, v, loops, at) => {
    const [x, out] = [0, 1];
    const m = code.local(ValType.v128);
    const a = code.local(ValType.v128);
    const b = code.local(ValType.v128);
    const lane0 = code.local(ValType.v128);
    code.v128(LANE0).set(lane0);
    code.v128(new Float32Array([-Infinity, -Infinity, -Infinity, -Infinity])).set(m);
    const maxWith = (load: "v128.load" | "v128.load32_splat"): void => {
      address(code, x, at).mem(load);
      code.get(m).simd("f32x4.max").set(m);
    };
    loops.each(() => maxWith("v128.load"), () => maxWith("v128.load32_splat"));
    // every lane the row's maximum (max propagates NaN); +0 where it is not finite (m − m ≠ 0)
    code.get(m).get(m).shuffle(SWAP_HALVES).get(m).simd("f32x4.max").set(m);
    code.get(m).get(m).shuffle(SWAP_PAIRS).get(m).simd("f32x4.max").set(m);
    code.get(m).get(v.op("f32x4.eq", v.op("f32x4.sub", m, m), v.f32(0))).simd("v128.and").set(m);
    code.v128(new Float64Array([0, 0])).tee(a).set(b);
    const shifted = (load: "v128.load" | "v128.load32_splat"): Vec => {
      address(code, x, at).mem(load);
      code.get(m).simd("f32x4.sub");
      return v.store();
    };
    loops.each(
      () => {
        const d = shifted("v128.load");
        address(code, out, at).get(d).mem("v128.store");
        accumulate(code, v, expF32Lanes(v, d), a, b);
      },
      () => {
        const d = shifted("v128.load32_splat");
        address(code, out, at).get(d).lane("v128.store32_lane", 0);
        accumulate(code, v, v.op("v128.and", expF32Lanes(v, d), lane0), a, b);
      },
    );
    const lse = logF32Lanes(v, totalF32(code, v, a, b));
    loops.each(
      () => {
        address(code, out, at);
        address(code, out, at).mem("v128.load").get(lse).simd("f32x4.sub").mem("v128.store");
      },
      () => {
        address(code, out, at);
        address(code, out, at).mem("v128.load32_splat").get(lse).simd("f32x4.sub").lane("v128.store32_lane", 0);
      },
    );
  });
}

/**
 * The cotangent of log softmax over rows of float32, `kernel(y, c, out, rows, n)`: per row
 * t = float32(Σ c) (float64 accumulation), then out = c − float32(float32(e^y)·t), as
 * `logSoftmaxGradRows` rounds. NOTE: e^y is `expF32Lanes` and the sum's order differs from the JS
 * loop's: within a few ulps of it (see test/compile/row-kernels.test.ts).
 */
export function logSoftmaxGradRowsKernel(): RowKernelBytes {
  return rowsFunction(3, (code, v, loops, at) => {
    const [y, c, out] = [0, 1, 2];
    const a = code.local(ValType.v128);
    const b = code.local(ValType.v128);
    const lane0 = code.local(ValType.v128);
    code.v128(LANE0).set(lane0);
    code.v128(new Float64Array([0, 0])).tee(a).set(b);
    loops.each(
      () => {
        address(code, c, at).mem("v128.load");
        accumulate(code, v, v.store(), a, b);
      },
      () => {
        address(code, c, at).mem("v128.load32_splat").get(lane0).simd("v128.and");
        accumulate(code, v, v.store(), a, b);
      },
    );
    const t = totalF32(code, v, a, b);
    const element = (load: "v128.load" | "v128.load32_splat"): Vec => {
      address(code, y, at).mem(load);
      const e = expF32Lanes(v, v.store());
      address(code, c, at).mem(load);
      const cv = v.store();
      return v.op("f32x4.sub", cv, v.op("f32x4.mul", e, t));
    };
    loops.each(
      () => {
        address(code, out, at);
        code.get(element("v128.load")).mem("v128.store");
      },
      () => {
        address(code, out, at);
        code.get(element("v128.load32_splat")).lane("v128.store32_lane", 0);
      },
    );
  });
}
