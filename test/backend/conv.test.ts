// The convolution kernels of every backend against naive loops written here: one loop nest over
// (n, o, oh, ow, c, ki, kj) computes the forward sum, and the same nest scattered the other way
// computes both transposes. Geometries cover stride, asymmetric padding, dilation, groups, chunking.
import { describe, expect, it } from "vitest";
import type { Backend, Conv2dGeometry } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { getNumThreads, setNumThreads } from "../../src/backend/wasm/threads.js";
import { wasmBackend } from "../../src/backend/wasm/wasm-backend.js";
import type { TypedArray } from "../../src/core/dtype.js";
import { type Shape, rng, sizeOf } from "./naive-helpers.js";

const backends: readonly Backend[] = [cpuBackend, wasmBackend];

function random(n: number, next: () => number): Float64Array {
  return Float64Array.from({ length: n }, () => next() * 4 - 2);
}

interface Case {
  x: Shape;
  w: Shape;
  g: Conv2dGeometry;
}

function outShape({ x, w, g }: Case): number[] {
  const [N, , H, W] = x as [number, number, number, number];
  const [O, , KH, KW] = w as [number, number, number, number];
  const oh = Math.floor((H + g.padding[0][0] + g.padding[0][1] - g.dilation[0] * (KH - 1) - 1) / g.stride[0]) + 1;
  const ow = Math.floor((W + g.padding[1][0] + g.padding[1][1] - g.dilation[1] * (KW - 1) - 1) / g.stride[1]) + 1;
  return [N, O, oh, ow];
}

/** Calls `visit(xi, wi, yi)` for every product x[xi]·w[wi] that contributes to y[yi]. */
function forEachTerm(c: Case, visit: (xi: number, wi: number, yi: number) => void): void {
  const [N, C, H, W] = c.x as [number, number, number, number];
  const [O, Cg, KH, KW] = c.w as [number, number, number, number];
  const [, , OH, OW] = outShape(c) as [number, number, number, number];
  const Og = O / c.g.groups;
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++)
          for (let ci = 0; ci < Cg; ci++)
            for (let ki = 0; ki < KH; ki++)
              for (let kj = 0; kj < KW; kj++) {
                const ih = oh * c.g.stride[0] - c.g.padding[0][0] + ki * c.g.dilation[0];
                const iw = ow * c.g.stride[1] - c.g.padding[1][0] + kj * c.g.dilation[1];
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                const ch = Math.floor(o / Og) * Cg + ci;
                visit(((n * C + ch) * H + ih) * W + iw, ((o * Cg + ci) * KH + ki) * KW + kj, ((n * O + o) * OH + oh) * OW + ow);
              }
}

const geometry = (s: [number, number], p: [[number, number], [number, number]], d: [number, number], groups: number): Conv2dGeometry => ({
  stride: s,
  padding: p,
  dilation: d,
  groups,
});

const cases: [string, Case][] = [
  ["plain 3×3", { x: [2, 3, 6, 5], w: [4, 3, 3, 3], g: geometry([1, 1], [[0, 0], [0, 0]], [1, 1], 1) }],
  ["stride 2, padding 1", { x: [2, 2, 7, 6], w: [3, 2, 3, 3], g: geometry([2, 2], [[1, 1], [1, 1]], [1, 1], 1) }],
  ["asymmetric stride and padding, dilation", { x: [1, 2, 9, 8], w: [2, 2, 2, 3], g: geometry([2, 1], [[0, 2], [1, 0]], [2, 2], 1) }],
  ["groups 2", { x: [2, 4, 5, 5], w: [6, 2, 3, 2], g: geometry([1, 2], [[1, 0], [0, 1]], [1, 1], 2) }],
  ["depthwise", { x: [3, 3, 4, 4], w: [3, 1, 3, 3], g: geometry([1, 1], [[1, 1], [1, 1]], [1, 1], 3) }],
  ["1×1", { x: [2, 3, 3, 4], w: [5, 3, 1, 1], g: geometry([1, 1], [[0, 0], [0, 0]], [1, 1], 1) }],
  ["stride 3, padding wider than a stride, dilation 2", { x: [2, 2, 11, 10], w: [3, 2, 3, 3], g: geometry([3, 3], [[2, 1], [3, 2]], [2, 2], 1) }],
  ["a kernel as wide as the padded input", { x: [1, 2, 3, 2], w: [2, 2, 3, 4], g: geometry([1, 1], [[0, 0], [1, 1]], [1, 1], 1) }],
  // enough images that the kernels work in several chunks (2²⁰ elements of im2col per chunk)
  ["many chunks", { x: [70, 1, 40, 40], w: [2, 1, 5, 5], g: geometry([1, 1], [[2, 2], [2, 2]], [1, 1], 1) }],
  // the wasm backend's direct path (Kc = C·KH·KW ≤ 32, stride 1): rows of 14 (two vectors, one, two
  // scalars in float32), 6 output channels (a block of 4 and 2 alone), 18 taps (4 blocks of 4 and 2 alone)
  ["few taps, asymmetric padding", { x: [3, 2, 13, 12], w: [6, 2, 3, 3], g: geometry([1, 1], [[2, 0], [1, 2]], [1, 1], 1) }],
  ["few taps, a padding larger than the kernel", { x: [2, 1, 5, 9], w: [5, 1, 2, 3], g: geometry([1, 1], [[3, 1], [0, 4]], [1, 1], 1) }],
];

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)));
  expect(worst).toBeLessThan(tol);
}

for (const backend of backends)
  describe(`${backend.name} backend: convolution kernels`, () => {
    cases.forEach(([name, c], k) => {
      describe(name, () => {
        const next = rng(100 + k);
        const y = outShape(c);
        const x = random(sizeOf(c.x), next);
        const w = random(sizeOf(c.w), next);
        const g = random(sizeOf(y), next);

        it("conv2d", () => {
          const ref = new Float64Array(sizeOf(y));
          forEachTerm(c, (xi, wi, yi) => (ref[yi]! += x[xi]! * w[wi]!));
          close(backend.conv2d(x, c.x, w, c.w, y, c.g), ref, 1e-12);
        });

        it("conv2d with a bias per output channel", () => {
          const bias = random(c.w[0]!, next);
          const ref = new Float64Array(sizeOf(y));
          forEachTerm(c, (xi, wi, yi) => (ref[yi]! += x[xi]! * w[wi]!));
          const P = y[2]! * y[3]!;
          ref.forEach((v, i) => (ref[i] = v + bias[Math.floor(i / P) % y[1]!]!));
          close(backend.conv2d(x, c.x, w, c.w, y, c.g, bias), ref, 1e-12);
          close(backend.conv2d(Float32Array.from(x), c.x, Float32Array.from(w), c.w, y, c.g, Float32Array.from(bias)), ref, 1e-4);
        });

        it("conv2dInputGrad", () => {
          const ref = new Float64Array(sizeOf(c.x));
          forEachTerm(c, (xi, wi, yi) => (ref[xi]! += g[yi]! * w[wi]!));
          close(backend.conv2dInputGrad(g, y, w, c.w, c.x, c.g), ref, 1e-12);
        });

        it("conv2dWeightGrad", () => {
          const ref = new Float64Array(sizeOf(c.w));
          forEachTerm(c, (xi, wi, yi) => (ref[wi]! += g[yi]! * x[xi]!));
          close(backend.conv2dWeightGrad(x, c.x, g, y, c.w, c.g), ref, 1e-11);
        });

        it("keeps float32 as float32", () => {
          const [x32, w32, g32] = [x, w, g].map((a) => Float32Array.from(a)) as [Float32Array, Float32Array, Float32Array];
          const outs = [
            [backend.conv2d(x32, c.x, w32, c.w, y, c.g), backend.conv2d(x, c.x, w, c.w, y, c.g)],
            [backend.conv2dInputGrad(g32, y, w32, c.w, c.x, c.g), backend.conv2dInputGrad(g, y, w, c.w, c.x, c.g)],
            [backend.conv2dWeightGrad(x32, c.x, g32, y, c.w, c.g), backend.conv2dWeightGrad(x, c.x, g, y, c.w, c.g)],
          ];
          for (const [out, ref] of outs) {
            expect(out).toBeInstanceOf(Float32Array);
            close(out!, ref!, 1e-4);
          }
        });
      });
    });
  });

describe.each([
  ["im2col + gemm", [37, 8, 16, 16], [16, 8, 3, 3]],
  ["direct (a CNN's first layer)", [37, 1, 28, 28], [16, 1, 3, 3]],
] as const)("wasm backend: convolutions on threads, %s", (_name, xs, ws) => {
  // Large enough to be split across the thread pool (where there is one): the result must not depend on the thread count.
  const c: Case = { x: xs, w: ws, g: geometry([1, 1], [[1, 1], [1, 1]], [1, 1], 1) };
  const next = rng(7);
  const y = outShape(c);
  const x = Float32Array.from(random(sizeOf(c.x), next));
  const w = Float32Array.from(random(sizeOf(c.w), next));
  const g = Float32Array.from(random(sizeOf(y), next));
  const run = (): TypedArray[] => [
    wasmBackend.conv2d(x, c.x, w, c.w, y, c.g),
    wasmBackend.conv2dInputGrad(g, y, w, c.w, c.x, c.g),
    wasmBackend.conv2dWeightGrad(x, c.x, g, y, c.w, c.g),
  ];

  it("gives the same floats on 1 and 2 threads, and agrees with the CPU backend", () => {
    const before = getNumThreads();
    try {
      setNumThreads(1);
      const one = run();
      setNumThreads(2);
      const two = run();
      expect(two).toEqual(one);
      close(one[0]!, cpuBackend.conv2d(x, c.x, w, c.w, y, c.g), 1e-5);
      close(one[1]!, cpuBackend.conv2dInputGrad(g, y, w, c.w, c.x, c.g), 1e-5);
      close(one[2]!, cpuBackend.conv2dWeightGrad(x, c.x, g, y, c.w, c.g), 1e-4);
    } finally {
      setNumThreads(before);
    }
  });
});

describe("wasm backend: im2col + gemm, bit for bit", () => {
  // cols[r, p] built here, one image at a time: the wasm forward is the wasm product w·cols, and one
  // image's weight gradient is ct·colsᵀ, to the bit (the same gemm sums each output over the same k
  // in the same order). Stride 1, dilation 1, one group and Kc > 32: the padded-image im2col.
  const cases: [string, Case][] = [
    ["the CNN's second layer", { x: [2, 16, 14, 14], w: [32, 16, 3, 3], g: geometry([1, 1], [[1, 1], [1, 1]], [1, 1], 1) }],
    ["asymmetric padding, odd sizes", { x: [2, 4, 9, 7], w: [6, 4, 3, 3], g: geometry([1, 1], [[2, 0], [1, 2]], [1, 1], 1) }],
    ["a 2×4 kernel, no padding, rows of 5", { x: [1, 6, 6, 8], w: [5, 6, 2, 4], g: geometry([1, 1], [[0, 0], [0, 0]], [1, 1], 1) }],
    ["padding wider than the kernel", { x: [1, 5, 4, 3], w: [4, 5, 3, 3], g: geometry([1, 1], [[3, 1], [0, 4]], [1, 1], 1) }],
    ["stride 2 and dilation 2 (the row-by-row im2col)", { x: [2, 4, 11, 10], w: [5, 4, 3, 3], g: geometry([2, 1], [[1, 1], [2, 1]], [1, 2], 1) }],
  ];
  for (const [name, c] of cases)
    it(name, () => {
      const next = rng(name.length);
      const y = outShape(c);
      const [N, C, H, W] = c.x as [number, number, number, number];
      const [O, , KH, KW] = c.w as [number, number, number, number];
      const P = y[2]! * y[3]!;
      const kc = C * KH * KW;
      const x = Float32Array.from(random(sizeOf(c.x), next));
      const w = Float32Array.from(random(sizeOf(c.w), next));
      const ct = Float32Array.from(random(sizeOf(y), next));
      const got = wasmBackend.conv2d(x, c.x, w, c.w, y, c.g);
      for (let n = 0; n < N; n++) {
        const cols = new Float32Array(kc * P);
        forEachTerm({ ...c, x: [1, C, H, W] }, (xi, wi, yi) => (cols[(wi % kc) * P + (yi % P)] = x[n * C * H * W + xi]!));
        expect(got.subarray(n * O * P, (n + 1) * O * P), `image ${n}`).toEqual(wasmBackend.matmul(w, [O, kc], cols, [kc, P], [O, P]));
        if (n > 0) continue;
        const colsT = new Float32Array(P * kc);
        for (let r = 0; r < kc; r++) for (let p = 0; p < P; p++) colsT[p * kc + r] = cols[r * P + p]!;
        const ct0 = ct.subarray(0, O * P);
        const dw = wasmBackend.conv2dWeightGrad(x.subarray(0, C * H * W), [1, C, H, W], ct0, [1, ...y.slice(1)], c.w, c.g);
        expect(dw, "weight gradient").toEqual(wasmBackend.matmul(ct0, [O, P], colsT, [P, kc], [O, kc]));
      }
    });
});
