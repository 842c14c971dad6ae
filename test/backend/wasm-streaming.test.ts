// The wasm convolution and max-pooling calls on the calling thread stream their operands through
// wasm memory in chunks of images (convolution) or planes (pooling). A batch must give, bit for
// bit, what its images give one call at a time: chunk edges, a short last chunk and the weight
// gradient's partial sums (one per WEIGHT_GRAD_IMAGES = 8 images, added in float64 in order) included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Conv2dGeometry, Pool2dGeometry } from "../../src/backend/backend.js";
import { getNumThreads, setNumThreads } from "../../src/backend/wasm/threads.js";
import { wasmBackend } from "../../src/backend/wasm/wasm-backend.js";
import { rng, sizeOf } from "./naive-helpers.js";

type Shape4 = [number, number, number, number];

const random = (n: number, next: () => number): Float32Array => Float32Array.from({ length: n }, () => next() * 4 - 2);

/** Images [i0, i1) of a batch array whose images have `per` elements each. */
const images = (a: Float32Array, per: number, i0: number, i1: number): Float32Array => a.slice(i0 * per, i1 * per);

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Expects the same bits (toEqual on arrays of 10⁵ elements is slow): the first differing index, or −1. */
function expectSameBits(got: ArrayLike<number>, want: Float32Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  const a = new Uint32Array(Float32Array.from(got).buffer);
  const b = new Uint32Array(want.buffer, want.byteOffset, want.length);
  expect(a.findIndex((v, i) => v !== b[i]), what).toBe(-1);
}

let threads = 1;
beforeAll(() => {
  threads = getNumThreads();
  setNumThreads(1); // the calling thread's path streams; the pool's copies whole arrays
});
afterAll(() => setNumThreads(threads));

describe("wasm backend: convolutions streamed in chunks of images", () => {
  const geometry: Conv2dGeometry = { stride: [1, 1], padding: [[1, 1], [1, 1]], dilation: [1, 1], groups: 1 };
  // ~10 KiB per image: chunks of 25 images (24 for the weight gradient, whole tasks of 8), so 61
  // images run as 25 + 25 + 11 (24 + 24 + 13: a last task of 5 images)
  const cases: [string, Shape4, Shape4][] = [
    ["the direct path (C·KH·KW ≤ 32)", [61, 2, 16, 16], [8, 2, 3, 3]],
    ["the im2col path", [61, 4, 16, 16], [8, 4, 3, 3]],
  ];
  for (const [name, xs, ws] of cases)
    it(name, () => {
      const next = rng(xs[1]);
      const [N, C, H, W] = xs;
      const ys: Shape4 = [N, ws[0], H, W];
      const x = random(sizeOf(xs), next);
      const w = random(sizeOf(ws), next);
      const b = random(ws[0], next);
      const ct = random(sizeOf(ys), next);
      const xi = C * H * W;
      const yi = sizeOf(ys) / N;
      const one = (n: number): Shape4 => [n, C, H, W];
      const oneY = (n: number): Shape4 => [n, ws[0], H, W];
      const each = (f: (i: number) => Float32Array): Float32Array => concat(Array.from({ length: N }, (_, i) => f(i)));
      expectSameBits(wasmBackend.conv2d(x, xs, w, ws, ys, geometry, b),
        each((i) => wasmBackend.conv2d(images(x, xi, i, i + 1), one(1), w, ws, oneY(1), geometry, b) as Float32Array), "conv2d");
      expectSameBits(wasmBackend.conv2dInputGrad(ct, ys, w, ws, xs, geometry),
        each((i) => wasmBackend.conv2dInputGrad(images(ct, yi, i, i + 1), oneY(1), w, ws, one(1), geometry) as Float32Array), "conv2dInputGrad");
      // the weight gradient: one partial per 8 images (one call of ≤ 8 images gives exactly its partial), summed in float64
      const acc = new Float64Array(sizeOf(ws));
      for (let i0 = 0; i0 < N; i0 += 8) {
        const i1 = Math.min(N, i0 + 8);
        const part = wasmBackend.conv2dWeightGrad(images(x, xi, i0, i1), one(i1 - i0), images(ct, yi, i0, i1), oneY(i1 - i0), ws, geometry);
        for (let j = 0; j < acc.length; j++) acc[j]! += part[j]!;
      }
      expectSameBits(wasmBackend.conv2dWeightGrad(x, xs, ct, ys, ws, geometry), Float32Array.from(acc), "conv2dWeightGrad");
    });
});

describe("wasm backend: max pooling streamed in chunks of planes", () => {
  const g = (k: number, s: number, p: number): Pool2dGeometry => ({ kernelSize: [k, k], stride: [s, s], padding: [p, p], dilation: [1, 1] });
  // 28×28 planes: ~7 KiB per plane with its pooled plane, chunks of ~37 planes; 10·16 = 160 planes
  // make 4 whole chunks and a short one. 3×3 windows with stride 2 and padding 1 overlap and leave
  // the gradient's zeroing pass on (the 2×2 vector path skips it).
  const cases: [string, Shape4, Pool2dGeometry][] = [
    ["2×2, stride 2 (the vector path)", [10, 16, 28, 28], g(2, 2, 0)],
    ["3×3, stride 2, padding 1", [10, 16, 28, 28], g(3, 2, 1)],
  ];
  for (const [name, xs, geo] of cases)
    it(name, () => {
      const next = rng(geo.kernelSize[0]);
      const [N, C, H, W] = xs;
      const oh = Math.floor((H + 2 * geo.padding[0] - geo.kernelSize[0]) / geo.stride[0]) + 1;
      const ow = Math.floor((W + 2 * geo.padding[1] - geo.kernelSize[1]) / geo.stride[1]) + 1;
      const ys: Shape4 = [N, C, oh, ow];
      // small integers, so that windows tie and the gradient shares its cotangent
      const x = Float32Array.from({ length: sizeOf(xs) }, () => Math.floor(next() * 3));
      const t = random(sizeOf(xs), next);
      const ct = random(sizeOf(ys), next);
      const xi = C * H * W;
      const yi = C * oh * ow;
      const one: Shape4 = [1, C, H, W];
      const oneY: Shape4 = [1, C, oh, ow];
      const each = (f: (i: number) => Float32Array): Float32Array => concat(Array.from({ length: N }, (_, i) => f(i)));
      const xOf = (i: number): Float32Array => images(x, xi, i, i + 1);
      expectSameBits(wasmBackend.maxPool2d(x, xs, ys, geo), each((i) => wasmBackend.maxPool2d(xOf(i), one, oneY, geo) as Float32Array), "maxPool2d");
      expectSameBits(wasmBackend.maxPool2dTangent(x, xs, t, ys, geo),
        each((i) => wasmBackend.maxPool2dTangent(xOf(i), one, images(t, xi, i, i + 1), oneY, geo) as Float32Array), "maxPool2dTangent");
      expectSameBits(wasmBackend.maxPool2dGrad(x, xs, ct, ys, geo),
        each((i) => wasmBackend.maxPool2dGrad(xOf(i), one, images(ct, yi, i, i + 1), oneY, geo) as Float32Array), "maxPool2dGrad");
    });
});
