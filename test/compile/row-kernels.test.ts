// compile's generated wasm row kernels for log softmax and its cotangent (src/compile/wasm/row-kernels.ts):
// bit-compared with a JS model of what they compute (the kernels' float32 exp, documented-math.ts, and
// their float64 sum order: lanes 0–1 and 2–3 in two accumulators, the tail into lane 0), and within a
// stated ulp bound of the interpreter's JS kernels (`logSoftmaxRows`, `logSoftmaxGradRows`: Math.exp,
// sequential sums), on seeded random shapes with NaN, ±∞, ±0 and denormals, on both backends.
import { afterEach, describe, expect, it } from "vitest";
import { compile, crossEntropy, logSoftmax, tensor, valueAndGrad, type Tensor } from "../../src/index.js";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { ROW_KERNEL_MIN_SIZE } from "../../src/compile/wasm/run-row-kernel.js";
import { logSoftmaxGrad, logSoftmaxGradRows } from "../../src/ops/log-softmax-grad-primitive.js";
import { logSoftmaxRows } from "../../src/ops/log-softmax-primitive.js";
import { rowKernelHooks } from "../../src/ops/row-kernel-hooks.js";
import { vectorKernelSettings, wasmSimdSupported } from "../../src/compile/wasm/vector-kernels-available.js";
import { expF32Documented } from "./documented-math.js";

const f = Math.fround;

/** Seeded float32 values in ±8 with NaN, ±∞, ±0, denormals and huge magnitudes in a fraction `special` of them. */
function values(n: number, seed: number, special: number): Float32Array {
  let s = seed >>> 0;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const odd = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e-40, 1e30, -1e30];
  return Float32Array.from({ length: n }, () => (next() < special ? odd[Math.floor(next() * odd.length)]! : (next() - 0.5) * 16));
}

/** The kernels' row sum: float64 lanes 0..3 of each whole vector into a0, a1, b0, b1, the tail into a0; (a0 + b0) + (a1 + b1), rounded to float32. */
function laneSum(terms: ArrayLike<number>, o: number, n: number): number {
  const acc = [0, 0, 0, 0];
  const full = n - (n % 4);
  for (let j = 0; j < full; j++) acc[j % 4]! += terms[o + j]!;
  for (let j = full; j < n; j++) acc[0]! += terms[o + j]!;
  return f(acc[0]! + acc[2]! + (acc[1]! + acc[3]!));
}

/** What the log softmax row kernel computes, in JS. */
function logSoftmaxModel(x: Float32Array, n: number): Float32Array {
  const out = new Float32Array(x.length);
  const e = new Float64Array(n);
  for (let o = 0; o < x.length; o += n) {
    let m = -Infinity;
    // f32x4.max: NaN if either is, and −0 < +0
    for (let j = o; j < o + n; j++) {
      const v = x[j]!;
      m = Number.isNaN(m) || Number.isNaN(v) ? NaN : v > m || (v === 0 && Object.is(m, -0)) ? v : m;
    }
    if (m - m !== 0) m = 0;
    for (let j = 0; j < n; j++) {
      out[o + j] = f(x[o + j]! - m);
      e[j] = expF32Documented(out[o + j]!);
    }
    const lse = f(Math.log(laneSum(e, 0, n)));
    for (let j = o; j < o + n; j++) out[j] = f(out[j]! - lse);
  }
  return out;
}

/** What the log softmax cotangent row kernel computes, in JS. */
function logSoftmaxGradModel(y: Float32Array, c: Float32Array, n: number): Float32Array {
  const out = new Float32Array(y.length);
  for (let o = 0; o < y.length; o += n) {
    const t = laneSum(c, o, n);
    for (let j = o; j < o + n; j++) out[j] = f(c[j]! - f(expF32Documented(y[j]!) * t));
  }
  return out;
}

/** Asserts a and b identical (Object.is per element). */
function expectSameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  const bad = Array.from(a).findIndex((v, i) => !Object.is(v, b[i]));
  expect(bad, `${what}[${bad}]: ${a[bad]} vs ${b[bad]}`).toBe(-1);
}

/** The float32 ulp at |v| (2⁻¹⁴⁹ below the normal range). */
const ulp = (v: number): number => (Math.abs(v) < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(Math.abs(v))) - 23));

/**
 * Asserts got within `k` float32 ulps of `scale[i]` of want, NaN where want is NaN, equal infinities
 * (a zero of either sign matches a zero).
 */
function expectWithinUlps(got: ArrayLike<number>, want: ArrayLike<number>, scale: (i: number) => number, k: number, what: string): void {
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    if (Number.isNaN(w) || !Number.isFinite(w) || !Number.isFinite(g)) {
      expect(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)), `${what}[${i}]: ${g} vs ${w}`).toBe(true);
      continue;
    }
    expect(Math.abs(g - w), `${what}[${i}]: ${g} vs ${w}`).toBeLessThanOrEqual(k * ulp(scale(i)));
  }
}

/** Runs `fn`, counting the row kernels that ran (a hook returned true). */
function rowKernelRuns<T>(fn: () => T): [T, number] {
  const original = { ...rowKernelHooks };
  let runs = 0;
  for (const k of ["logSoftmax", "logSoftmaxGrad"] as const)
    rowKernelHooks[k] = (...args) => {
      const ran = original[k]!(...args);
      if (ran) runs++;
      return ran;
    };
  try {
    return [fn(), runs];
  } finally {
    Object.assign(rowKernelHooks, original);
  }
}

/** Seeded shapes [rows, n]: n with every tail length mod 4, rows so that the size reaches the kernels' threshold. */
const SHAPES: [number, number][] = [1, 2, 3, 4, 5, 7, 8, 13, 64, 257, 1003].map((n, k) => [Math.ceil(ROW_KERNEL_MIN_SIZE / n) + (k % 3), n]);

const available = wasmReady() && wasmSimdSupported();

/** The JS loops' log softmax (the primitive's kernel without the hook). */
function jsLogSoftmax(x: Float32Array, n: number): Float32Array {
  const out = new Float32Array(x.length);
  logSoftmaxRows(x, out, x.length / n, n, true);
  return out;
}

/** The JS loops' log softmax cotangent. */
function jsLogSoftmaxGrad(y: Float32Array, c: Float32Array, n: number): Float32Array {
  const out = new Float32Array(y.length);
  logSoftmaxGradRows(y, c, out, y.length / n, n, true);
  return out;
}

describe.skipIf(!available)("wasm row kernels for log softmax and its cotangent (eager and compiled)", () => {
  const original = getBackend();
  afterEach(() => {
    setBackend(original);
    vectorKernelSettings.enabled = true;
  });

  for (const backend of ["wasm", "cpu"] as const)
    for (const special of [0, 0.05])
      it(`log softmax: the model's bits, within 3 ulps of the JS loops (${backend} backend${special ? ", special values" : ""})`, () => {
        if (backend === "cpu") setBackend(cpuBackend);
        SHAPES.forEach(([rows, n], k) => {
          const data = values(rows * n, 17 + k, special);
          const x = tensor(data, { shape: [rows, n] });
          const [eager, runs] = rowKernelRuns(() => logSoftmax(x, -1).data());
          const cf = compile((t: Tensor) => logSoftmax(t, -1));
          cf(x); // traced and compiled: the second call only runs the code
          const [compiled, compiledRuns] = rowKernelRuns(() => cf(x).data());
          expect([runs, compiledRuns], `row kernels run for [${rows}, ${n}]`).toEqual([1, 1]);
          const model = logSoftmaxModel(data, n);
          expectSameBits(eager, model, `logSoftmax [${rows}, ${n}] vs model`);
          expectSameBits(compiled, model, `compiled logSoftmax [${rows}, ${n}] vs model`);
          // y = (x − m) − lse: lse can differ by the exp's ulp and the sum's order, so the bound is in ulps of max(|y|, |x − m|).
          const want = jsLogSoftmax(data, n);
          expectWithinUlps(eager, want, (i) => Math.max(Math.abs(want[i]!), Math.abs(data[i]! - Math.max(...data.subarray(i - (i % n), i - (i % n) + n))), 1e-30), 3, `logSoftmax [${rows}, ${n}] vs JS loops`);
        });
      });

  for (const backend of ["wasm", "cpu"] as const)
    it(`log softmax cotangent: the model's bits, within 3 ulps of the JS loops (${backend} backend, special values)`, () => {
      if (backend === "cpu") setBackend(cpuBackend);
      SHAPES.forEach(([rows, n], k) => {
        const y = values(rows * n, 91 + k, 0.05).map((v) => (Number.isFinite(v) ? -Math.abs(v) : v));
        const c = values(rows * n, 7 + k, 0.05);
        const [yt, ct] = [tensor(y, { shape: [rows, n] }), tensor(c, { shape: [rows, n] })];
        const [eager, runs] = rowKernelRuns(() => logSoftmaxGrad(yt, ct).data());
        const cf = compile(logSoftmaxGrad);
        cf(yt, ct); // traced and compiled: the second call only runs the code
        const [compiled, compiledRuns] = rowKernelRuns(() => cf(yt, ct).data());
        expect([runs, compiledRuns], `row kernels run for [${rows}, ${n}]`).toEqual([1, 1]);
        const model = logSoftmaxGradModel(y, c, n);
        expectSameBits(eager, model, `logSoftmaxGrad [${rows}, ${n}] vs model`);
        expectSameBits(compiled, model, `compiled logSoftmaxGrad [${rows}, ${n}] vs model`);
        // out = c − e^y·t: e^y within 1 ulp, t's order: the bound is in ulps of max(|c|, |e^y·t|).
        const want = jsLogSoftmaxGrad(y, c, n);
        const t = (i: number): number => Math.abs(laneSum(c, i - (i % n), n) * Math.exp(y[i]!));
        expectWithinUlps(eager, want, (i) => Math.max(Math.abs(c[i]!), t(i), 1e-30), 3, `logSoftmaxGrad [${rows}, ${n}] vs JS loops`);
      });
    });

  it("below the threshold, in float64 and with the vector kernels off, the JS loops run", () => {
    const small = tensor(values(ROW_KERNEL_MIN_SIZE - 1, 3, 0.05), { shape: [1, ROW_KERNEL_MIN_SIZE - 1] });
    const wide = tensor(Float64Array.from(values(999, 4, 0.05)), { shape: [3, 333], dtype: "float64" });
    for (const x of [small, wide]) {
      const [got, runs] = rowKernelRuns(() => logSoftmax(x, -1).data());
      expect(runs).toBe(0);
      expect(got.length).toBe(x.size);
    }
    const data = values(4 * 301, 5, 0.05);
    vectorKernelSettings.enabled = false;
    const [got, runs] = rowKernelRuns(() => logSoftmax(tensor(data, { shape: [4, 301] }), -1).data());
    expect(runs).toBe(0);
    expectSameBits(got, jsLogSoftmax(data, 301), "logSoftmax without vector kernels vs JS loops");
  });

  it("softmax cross-entropy forward and backward run both kernels, eager and compiled with the same bits", () => {
    const [rows, n] = [33, 101];
    const x = tensor(values(rows * n, 5, 0), { shape: [rows, n] });
    const labels = tensor(Int32Array.from({ length: rows }, (_, i) => (i * 7) % n), { shape: [rows] });
    const vg = valueAndGrad((z: Tensor) => crossEntropy(z, labels));
    const cvg = compile(vg);
    cvg(x); // traced and compiled: the second call only runs the code
    const [[v, g], runs] = rowKernelRuns(() => cvg(x) as [Tensor, Tensor]);
    expect(runs).toBe(2);
    const [v0, g0] = vg(x) as [Tensor, Tensor];
    expect(v.item()).toBe(v0.item());
    expectSameBits(g.data(), g0.data(), "∂loss/∂logits");
  });
});
