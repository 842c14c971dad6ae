// The max-pooling kernels of every backend against naive loops written here: each window's taps are
// listed, its maximum and maxima found the obvious way, and the derivative and its transpose built
// from them. Odd shapes, padding, stride, dilation, overlapping windows, ties, NaN and −∞.
import { describe, expect, it } from "vitest";
import type { Backend, Pool2dGeometry } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmBackend } from "../../src/backend/wasm/wasm-backend.js";
import { type PoolCase, type Shape4, poolOutShape, poolWindowTaps, rng } from "./naive-helpers.js";

const backends: readonly Backend[] = [cpuBackend, wasmBackend];

/** Random values; with `ties`, small integers so that windows often tie. */
function random(n: number, next: () => number, ties = false): Float64Array {
  return Float64Array.from({ length: n }, () => (ties ? Math.floor(next() * 3) : next() * 4 - 2));
}

/** The maximum of a window (NaN if any tap is) and its maxima. */
function maxima(x: Float64Array, taps: number[]): [number, number[]] {
  const vals = taps.map((i) => x[i]!);
  const m = vals.some(Number.isNaN) ? NaN : Math.max(-Infinity, ...vals);
  return [m, taps.filter((i) => (Number.isNaN(m) ? Number.isNaN(x[i]!) : x[i] === m))];
}

function reference(c: PoolCase, x: Float64Array, t: Float64Array, ct: Float64Array): { y: number[]; dy: number[]; dx: Float64Array } {
  const dx = new Float64Array(x.length);
  const y: number[] = [];
  const dy: number[] = [];
  poolWindowTaps(c).forEach((taps, o) => {
    const [m, at] = maxima(x, taps);
    y.push(m);
    dy.push(at.length === 0 ? 0 : at.reduce((s, i) => s + t[i]!, 0) / at.length);
    for (const i of at) dx[i]! += ct[o]! / at.length;
  });
  return { y, dy, dx };
}

const g = (k: [number, number], s: [number, number], p: [number, number] = [0, 0], d: [number, number] = [1, 1]): Pool2dGeometry => ({ kernelSize: k, stride: s, padding: p, dilation: d });

const cases: readonly PoolCase[] = [
  { x: [2, 3, 12, 10], g: g([2, 2], [2, 2]) },
  { x: [2, 3, 7, 9], g: g([2, 2], [2, 2]) }, // odd sizes: the last row and column are dropped
  { x: [2, 2, 7, 6], g: g([3, 3], [1, 1], [1, 1]) }, // overlapping windows, padding
  { x: [1, 3, 9, 8], g: g([3, 2], [2, 3], [1, 1], [2, 1]) }, // rectangular, stride, dilation
  { x: [1, 1, 5, 7], g: g([5, 3], [1, 2], [2, 1], [1, 3]) },
  { x: [2, 1, 1, 1], g: g([1, 1], [1, 1]) },
];

const name = (c: PoolCase): string => `x [${c.x.join(", ")}], kernel ${c.g.kernelSize.join("×")}, stride ${c.g.stride.join("×")}, padding ${c.g.padding.join("×")}, dilation ${c.g.dilation.join("×")}`;

for (const backend of backends)
  describe(`${backend.name} backend: max pooling`, () => {
    for (const [k, c] of cases.entries())
      for (const ties of [false, true])
        it(`${name(c)}${ties ? ", with ties" : ""}`, () => {
          const next = rng(17 + k);
          const xs = c.x;
          const ys = poolOutShape(c);
          const x = random(xs.reduce((a, b) => a * b), next, ties);
          const t = random(x.length, next);
          const ct = random(ys.reduce((a, b) => a * b), next);
          const ref = reference(c, x, t, ct);
          for (const ctor of [Float64Array, Float32Array]) {
            const f = ctor === Float64Array ? (v: number): number => v : Math.fround;
            const [xa, ta, cta] = [x, t, ct].map((a) => ctor.from(a));
            const tol = ctor === Float64Array ? 1e-12 : 1e-5;
            expect(Array.from(backend.maxPool2d(xa!, xs, ys, c.g))).toEqual(ref.y.map(f));
            const dy = backend.maxPool2dTangent(xa!, xs, ta!, ys, c.g);
            const dx = backend.maxPool2dGrad(xa!, xs, cta!, ys, c.g);
            expect(dy).toBeInstanceOf(ctor);
            expect(dx).toBeInstanceOf(ctor);
            // Values with ties were rounded alike in float32, so the maxima are the same sets.
            dy.forEach((v, i) => expect(v).toBeCloseTo(ref.dy[i]!, ctor === Float64Array ? 12 : 5));
            dx.forEach((v, i) => expect(Math.abs(v - ref.dx[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(ref.dx[i]!))));
          }
        });

    it("the gradient is zero off the windows' maxima wherever the 2×2 windows leave taps uncovered or run fewer than four to a row, after a call that left other values in scratch", () => {
      const geom = g([2, 2], [2, 2]);
      for (const ctor of [Float32Array, Float64Array]) {
        // a large tiled call first: its dx (mostly nonzero cotangents) is left in the kernels' memory
        const big = [4, 8, 16, 16];
        const next = rng(5);
        const xb = ctor.from(random(big.reduce((a, b) => a * b), next));
        backend.maxPool2dGrad(xb, big, ctor.from(random(xb.length / 4, next).map((v) => v + 3)), [4, 8, 8, 8], geom);
        const shapes: Shape4[] = [[2, 3, 8, 6], [2, 3, 9, 8], [2, 3, 8, 9], [1, 2, 2, 8], [2, 3, 12, 10]];
        for (const xs of shapes) {
          const c: PoolCase = { x: xs, g: geom };
          const ys = poolOutShape(c);
          const x = random(xs.reduce((a, b) => a * b), next);
          const ct = random(ys.reduce((a, b) => a * b), next);
          const want = reference(c, x, x, ct).dx;
          const dx = backend.maxPool2dGrad(ctor.from(x), xs, ctor.from(ct), ys, geom);
          // one maximum per window (random reals): dx is ct itself at it, exactly, and +0 elsewhere
          expect(Array.from(dx), `x [${xs.join(", ")}]`).toEqual(Array.from(ctor.from(want)));
        }
      }
    });

    it("NaN propagates and its taps are the maxima; −∞ windows and ties share the cotangent", () => {
      // four 2×2 windows side by side (the SIMD path of the wasm kernels): NaN, all −∞, a 3-way tie, a 3-way tie
      const xs = [1, 1, 2, 8] as const;
      const ys = [1, 1, 1, 4] as const;
      const x = Float32Array.of(NaN, 1, -Infinity, -Infinity, 3, 3, 0, 5, 2, NaN, -Infinity, -Infinity, 3, 1, 5, 5);
      const geom = g([2, 2], [2, 2]);
      for (const a of [x, Float64Array.from(x)]) {
        const like = (v: number[]): Float32Array | Float64Array => (a instanceof Float32Array ? Float32Array.from(v) : Float64Array.from(v));
        expect(Array.from(backend.maxPool2d(a, xs, ys, geom))).toEqual([NaN, -Infinity, 3, 5]);
        expect(Array.from(backend.maxPool2dGrad(a, xs, like([6, 8, 9, 3]), ys, geom))).toEqual([3, 0, 2, 2, 3, 3, 0, 1, 0, 3, 2, 2, 3, 0, 1, 1]);
        const t = like(Array.from({ length: 16 }, (_, i) => i + 1));
        expect(Array.from(backend.maxPool2dTangent(a, xs, t, ys, geom))).toEqual([5.5, 7.5, 8, 13]);
      }
    });
  });
