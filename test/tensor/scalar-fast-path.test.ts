import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { assign, backward, cpuBackend, noGrad, scalar, sin, tensor, valueAndGrad, type Tensor } from "../../src/index.js";
import type { BinaryOp, UnaryOp } from "../../src/backend/backend.js";
import { scalarBinary, scalarUnary } from "../../src/backend/cpu/scalar-ops.js";
import { allocArray, type DType } from "../../src/core/dtype.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const specials = [0, -0, 1, -1, 0.5, -2.5, 3.5, 1e-310, -1e-310, 1e308, -1e308, 700, -700, Math.PI, NaN, Infinity, -Infinity];
const dtypes: DType[] = ["float64", "float32"];

/** The typed-array kernel on one element (what every one-element op computed before the fast path). */
function viaArrays(dtype: DType, values: readonly number[], kernel: (xs: Float32Array | Float64Array) => ArrayLike<number>): number {
  const xs = allocArray(dtype, values.length) as Float32Array | Float64Array;
  values.forEach((v, i) => (xs[i] = v));
  return kernel(xs)[0]!;
}

const round = (dtype: DType, v: number): number => (dtype === "float32" ? Math.fround(v) : v);

describe("the scalar fast path", () => {
  it("computes every unary op bit for bit as the CPU kernels do, special values included", () => {
    for (const dtype of dtypes)
      for (const [op, fn] of Object.entries(scalarUnary) as [UnaryOp, (x: number) => number][])
        for (const v0 of specials) {
          const v = round(dtype, v0);
          const expected = viaArrays(dtype, [v], (xs) => cpuBackend.unary(op, xs, dtype));
          expect(Object.is(round(dtype, fn(v)), expected), `${op}(${v}) in ${dtype}`).toBe(true);
        }
  });

  it("computes every binary op bit for bit as the CPU kernels do, special values included", () => {
    for (const dtype of dtypes)
      for (const [op, fn] of Object.entries(scalarBinary) as [BinaryOp, (a: number, b: number) => number][])
        for (const a0 of specials)
          for (const b0 of specials) {
            const a = round(dtype, a0);
            const b = round(dtype, b0);
            const expected = cpuBackend.binary(op, allocArray(dtype, 1).fill(a), [], allocArray(dtype, 1).fill(b), [], [], dtype)[0]!;
            expect(Object.is(round(dtype, fn(a, b)), expected), `${op}(${a}, ${b}) in ${dtype}`).toBe(true);
          }
  });

  it("gives one-element results the values, dtypes and shapes of the general path", () => {
    for (const dtype of dtypes)
      for (const shape of [[], [1], [1, 1]]) {
        const x = tensor([0.3], { dtype }).reshape(shape);
        const y = sin(x).mul(x).add(x.exp()).div(x.sqrt());
        const wide = tensor([0.3, 0.3], { dtype });
        const expected = sin(wide).mul(wide).add(wide.exp()).div(wide.sqrt()).data()[0]!;
        expect(y.dtype).toBe(dtype);
        expect(y.shape).toEqual(shape);
        expect(y.item()).toBe(expected);
        const d = y.data();
        expect(d).toBeInstanceOf(dtype === "float32" ? Float32Array : Float64Array);
        expect(d[0]).toBe(expected);
      }
  });

  it("keeps a number-stored scalar's elements, written in place, in its typed array", () => {
    const w = tensor(2, { dtype: "float64", requiresGrad: true });
    const v = noGrad(() => w.mul(3)); // a fast-path result: stored as a number
    noGrad(() => assign(v, tensor(7, { dtype: "float64" })));
    expect(v.item()).toBe(7);
    expect(v.mul(2).item()).toBe(14);
    const y = w.mul(w).sin();
    backward(y);
    expect(w.grad!.item()).toBeCloseTo(Math.cos(4) * 4, 14);
  });

  it("stores the results of scalar ops without a typed array each (bytes retained per result)", () => {
    const n = 50_000;
    const keep = new Array<Tensor>(n);
    const x = scalar(0.5, "float64");
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) keep[i] = sin(x);
    gc();
    const perResult = (process.memoryUsage().heapUsed - before) / n;
    expect(keep[n - 1]!.item()).toBe(Math.sin(0.5));
    expect(perResult).toBeLessThan(220); // 344 with a Float64Array(1) per result
  });

  it("differentiates scalar code as before: the notes' f(x1, x2) = ln x1 + x1·x2 − sin x2", () => {
    const f = (x1: Tensor, x2: Tensor) => x1.log().add(x1.mul(x2)).sub(x2.sin());
    const [v, [g1, g2]] = valueAndGrad(f, { argnums: [0, 1] })(scalar(2, "float64"), scalar(5, "float64"));
    expect(v.item()).toBe(Math.log(2) + 2 * 5 - Math.sin(5));
    expect(g1.item()).toBe(1 / 2 + 5);
    expect(g2.item()).toBe(2 - Math.cos(5));
  });
});
