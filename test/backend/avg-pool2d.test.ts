// The average-pooling kernels of every backend against naive loops written here: each window's taps
// inside the input are listed and summed, and the transpose adds each window's share back to them.
// Odd shapes, padding, stride, dilation, overlapping windows; a fixed divisor and the "valid" count.
import { describe, expect, it } from "vitest";
import type { Backend, Pool2dGeometry } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmBackend } from "../../src/backend/wasm/wasm-backend.js";
import { type PoolCase, poolOutShape, poolWindowTaps, rng } from "./naive-helpers.js";

const backends: readonly Backend[] = [cpuBackend, wasmBackend];

function random(n: number, next: () => number): Float64Array {
  return Float64Array.from({ length: n }, () => next() * 4 - 2);
}

const g = (k: [number, number], s: [number, number], p: [number, number] = [0, 0], d: [number, number] = [1, 1]): Pool2dGeometry => ({ kernelSize: k, stride: s, padding: p, dilation: d });

const cases: readonly PoolCase[] = [
  { x: [2, 3, 12, 10], g: g([2, 2], [2, 2]) },
  { x: [2, 3, 7, 9], g: g([2, 2], [2, 2]) },
  { x: [2, 2, 7, 6], g: g([3, 3], [1, 1], [1, 1]) },
  { x: [1, 3, 9, 8], g: g([3, 2], [2, 3], [1, 1], [2, 1]) },
  { x: [1, 1, 5, 7], g: g([5, 3], [1, 2], [2, 1], [1, 3]) },
];

for (const backend of backends)
  describe(`${backend.name} backend: average pooling`, () => {
    for (const [k, c] of cases.entries())
      for (const divisor of [2.5, "valid"] as const)
        it(`x [${c.x.join(", ")}], kernel ${c.g.kernelSize.join("×")}, stride ${c.g.stride.join("×")}, padding ${c.g.padding.join("×")}, dilation ${c.g.dilation.join("×")}, divisor ${divisor}`, () => {
          const next = rng(31 + k);
          const ys = poolOutShape(c);
          const x = random(c.x.reduce((a, b) => a * b), next);
          const ct = random(ys.reduce((a, b) => a * b), next);
          const y = new Float64Array(ct.length);
          const dx = new Float64Array(x.length);
          poolWindowTaps(c).forEach((taps, o) => {
            const div = divisor === "valid" ? taps.length : divisor;
            y[o] = taps.reduce((s, i) => s + x[i]!, 0) / div;
            for (const i of taps) dx[i]! += ct[o]! / div;
          });
          for (const ctor of [Float64Array, Float32Array]) {
            const tol = ctor === Float64Array ? 1e-12 : 1e-5;
            const out = backend.avgPool2d(ctor.from(x), c.x, ys, c.g, divisor);
            const back = backend.avgPool2dTranspose(ctor.from(ct), ys, c.x, c.g, divisor);
            expect(out).toBeInstanceOf(ctor);
            expect(back).toBeInstanceOf(ctor);
            out.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i]!))));
            back.forEach((v, i) => expect(Math.abs(v - dx[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(dx[i]!))));
          }
        });
  });
