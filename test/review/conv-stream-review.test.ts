// Review of the streamed wasm conv2d / max pooling (dc1de81): every geometry the streamed paths
// take — batch 1 and odd batches, asymmetric padding, stride, dilation, groups (depthwise too),
// 1×1 and 5×5 kernels, images and planes larger than one ~256 KiB chunk, float64 — gives the same
// bits as the session-start build (/tmp/base-be49c06/dist, whole-array copies), on one thread and
// on two, and stays within rounding of the CPU backend (an independent reference).
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend, Conv2dGeometry, Pool2dGeometry } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { getNumThreads, setNumThreads } from "../../src/backend/wasm/threads.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";

type Shape4 = [number, number, number, number];
type Floats = Float32Array | Float64Array;

const BASE = "/tmp/base-be49c06/dist/index.js";
const haveBase = existsSync(BASE);

interface Base {
  wasmBackend: Backend;
  setNumThreads(n: number): void;
  wasmReady(): boolean;
}
let base: Base;

let seed = 7;
const next = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
function fill(Arr: Float32ArrayConstructor | Float64ArrayConstructor, n: number, ints = false): Floats {
  const a = new Arr(n);
  for (let i = 0; i < n; i++) a[i] = ints ? Math.floor(next() * 3) : next() * 4 - 2;
  return a;
}
const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** The first index where the bits differ, or −1. */
function firstDiff(a: Floats, b: Floats): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  return -1;
}

/** Largest |a − b| relative to the largest |b| (1 when b is all zeros). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    e = Math.max(e, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return e / Math.max(m, 1);
}

const convOut = (xs: Shape4, ws: Shape4, g: Conv2dGeometry): Shape4 => {
  const oh = Math.floor((xs[2] + g.padding[0][0] + g.padding[0][1] - g.dilation[0] * (ws[2] - 1) - 1) / g.stride[0]) + 1;
  const ow = Math.floor((xs[3] + g.padding[1][0] + g.padding[1][1] - g.dilation[1] * (ws[3] - 1) - 1) / g.stride[1]) + 1;
  return [xs[0], ws[0], oh, ow];
};
const poolOut = (xs: Shape4, g: Pool2dGeometry): Shape4 => {
  const oh = Math.floor((xs[2] + 2 * g.padding[0] - g.dilation[0] * (g.kernelSize[0] - 1) - 1) / g.stride[0]) + 1;
  const ow = Math.floor((xs[3] + 2 * g.padding[1] - g.dilation[1] * (g.kernelSize[1] - 1) - 1) / g.stride[1]) + 1;
  return [xs[0], xs[1], oh, ow];
};

const cg = (s: number, p: [[number, number], [number, number]], d: number, groups: number): Conv2dGeometry => ({ stride: [s, s], padding: p, dilation: [d, d], groups });
const convCases: [string, Shape4, Shape4, Conv2dGeometry][] = [
  ["batch 1, 3×3 same padding", [1, 3, 20, 20], [4, 3, 3, 3], cg(1, [[1, 1], [1, 1]], 1, 1)],
  ["odd batch 7, stride 2, asymmetric padding", [7, 4, 17, 13], [6, 4, 3, 3], cg(2, [[0, 1], [2, 0]], 1, 1)],
  ["dilation 2, batch 5", [5, 2, 19, 21], [3, 2, 3, 3], cg(1, [[2, 2], [2, 2]], 2, 1)],
  ["groups 2, batch 3", [3, 4, 15, 15], [6, 2, 3, 3], cg(1, [[1, 1], [1, 1]], 1, 2)],
  ["depthwise (groups = C), batch 9", [9, 6, 12, 12], [6, 1, 3, 3], cg(1, [[1, 1], [1, 1]], 1, 6)],
  ["1×1 kernel, batch 11", [11, 8, 9, 9], [5, 8, 1, 1], cg(1, [[0, 0], [0, 0]], 1, 1)],
  ["5×5 kernel, stride 3, batch 2", [2, 3, 23, 23], [4, 3, 5, 5], cg(3, [[2, 2], [2, 2]], 1, 1)],
  ["images larger than a chunk (512 KiB each), batch 3", [3, 8, 128, 128], [4, 8, 3, 3], cg(1, [[1, 1], [1, 1]], 1, 1)],
  ["many small images across chunk edges, batch 67", [67, 3, 14, 14], [5, 3, 3, 3], cg(1, [[1, 1], [1, 1]], 1, 1)],
];

const pg = (k: number, s: number, p: number, d: number): Pool2dGeometry => ({ kernelSize: [k, k], stride: [s, s], padding: [p, p], dilation: [d, d] });
const poolCases: [string, Shape4, Pool2dGeometry][] = [
  ["2×2 stride 2, batch 1", [1, 3, 28, 28], pg(2, 2, 0, 1)],
  ["2×2 stride 2, odd width, batch 7", [7, 5, 15, 17], pg(2, 2, 0, 1)],
  ["3×3 stride 1 padding 1", [3, 4, 13, 13], pg(3, 1, 1, 1)],
  ["3×3 stride 2 dilation 2 padding 2", [5, 3, 21, 19], pg(3, 2, 2, 2)],
  ["planes larger than a chunk (300×300), batch 2", [2, 2, 300, 300], pg(2, 2, 0, 1)],
  ["many planes across chunk edges", [13, 17, 28, 28], pg(3, 2, 1, 1)],
];

const wasmAvailable = wasmReady();
let threads = 1;

describe.runIf(wasmAvailable)("review: streamed wasm conv2d and max pooling against the session-start build", () => {
  beforeAll(async () => {
    // NOTE: without the session-start build (CI) only the CPU-backend comparisons run.
    if (haveBase) {
      base = (await import(/* @vite-ignore */ BASE)) as unknown as Base;
      expect(base.wasmReady()).toBe(true);
    }
    threads = getNumThreads();
  });
  afterAll(() => {
    setNumThreads(threads);
    if (haveBase) base.setNumThreads(threads);
  });

  for (const t of [1, 2])
    for (const Arr of [Float32Array, Float64Array]) {
      const dtype = Arr === Float32Array ? "float32" : "float64";
      for (const [name, xs, ws, g] of convCases)
        it(`conv2d ${dtype}, ${t} thread(s): ${name}`, () => {
          setNumThreads(t);
          if (haveBase) base.setNumThreads(t);
          const ys = convOut(xs, ws, g);
          const x = fill(Arr, size(xs));
          const w = fill(Arr, size(ws));
          const b = fill(Arr, ws[0]);
          const ct = fill(Arr, size(ys));
          const tol = Arr === Float32Array ? 1e-5 : 1e-12;
          const y = wasmBackend.conv2d(x, xs, w, ws, ys, g, b) as Floats;
          if (haveBase) expect(firstDiff(y, base.wasmBackend.conv2d(x, xs, w, ws, ys, g, b) as Floats), "conv2d bits vs base").toBe(-1);
          expect(relErr(y, cpuBackend.conv2d(x, xs, w, ws, ys, g, b))).toBeLessThan(tol);
          const gx = wasmBackend.conv2dInputGrad(ct, ys, w, ws, xs, g) as Floats;
          if (haveBase) expect(firstDiff(gx, base.wasmBackend.conv2dInputGrad(ct, ys, w, ws, xs, g) as Floats), "input grad bits vs base").toBe(-1);
          expect(relErr(gx, cpuBackend.conv2dInputGrad(ct, ys, w, ws, xs, g))).toBeLessThan(tol);
          const gw = wasmBackend.conv2dWeightGrad(x, xs, ct, ys, ws, g) as Floats;
          if (haveBase) expect(firstDiff(gw, base.wasmBackend.conv2dWeightGrad(x, xs, ct, ys, ws, g) as Floats), "weight grad bits vs base").toBe(-1);
          expect(relErr(gw, cpuBackend.conv2dWeightGrad(x, xs, ct, ys, ws, g))).toBeLessThan(tol * 10);
          // the operands are not written
          const x2 = x.slice();
          wasmBackend.conv2d(x, xs, w, ws, ys, g, b);
          expect(firstDiff(x, x2)).toBe(-1);
        });
      for (const [name, xs, g] of poolCases)
        it(`maxPool2d ${dtype}, ${t} thread(s): ${name}`, () => {
          setNumThreads(t);
          if (haveBase) base.setNumThreads(t);
          const ys = poolOut(xs, g);
          // small integers: windows tie, so the gradient's choice of argmax is checked too
          const x = fill(Arr, size(xs), true);
          const tan = fill(Arr, size(xs));
          const ct = fill(Arr, size(ys));
          const y = wasmBackend.maxPool2d(x, xs, ys, g) as Floats;
          if (haveBase) expect(firstDiff(y, base.wasmBackend.maxPool2d(x, xs, ys, g) as Floats), "maxPool2d bits vs base").toBe(-1);
          expect(firstDiff(y, cpuBackend.maxPool2d(x, xs, ys, g) as Floats), "maxPool2d vs cpu").toBe(-1);
          const tt = wasmBackend.maxPool2dTangent(x, xs, tan, ys, g) as Floats;
          if (haveBase) expect(firstDiff(tt, base.wasmBackend.maxPool2dTangent(x, xs, tan, ys, g) as Floats), "tangent bits vs base").toBe(-1);
          const gx = wasmBackend.maxPool2dGrad(x, xs, ct, ys, g) as Floats;
          if (haveBase) expect(firstDiff(gx, base.wasmBackend.maxPool2dGrad(x, xs, ct, ys, g) as Floats), "grad bits vs base").toBe(-1);
          expect(relErr(gx, cpuBackend.maxPool2dGrad(x, xs, ct, ys, g))).toBeLessThan(1e-6);
        });
    }
});
