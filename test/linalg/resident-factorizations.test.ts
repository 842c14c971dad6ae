// Cholesky and LU run in wasm memory (src/linalg/dense: the matrix copied in once, trailing updates
// by the strided wasm gemm in place): the same factors as the JS path to rounding, the same pivots,
// the same bits on 1 and 2 threads, and the edge cases (singular, not positive definite, NaN).
import { afterEach, describe, expect, it } from "vitest";
import { getBackend, setBackend } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { getNumThreads, multithreadingAvailable, setNumThreads } from "../../src/backend/wasm/threads.js";
import { wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { choleskyInPlace } from "../../src/linalg/dense/cholesky-blocked.js";
import { gemmUpdate, inWasmMemory, residentScratch } from "../../src/linalg/dense/gemm-update.js";
import { luInPlace } from "../../src/linalg/dense/lu-recursive.js";

const backend = getBackend();
const threads = getNumThreads();
afterEach(() => {
  setBackend(backend);
  setNumThreads(threads);
});

function random(n: number, seed: number): Float64Array {
  const x = new Float64Array(n * n);
  let s = seed;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    x[i] = (s / 2 ** 32) * 2 - 1;
  }
  return x;
}

/** A·Aᵀ + n·I: symmetric positive definite. */
function spd(n: number, seed: number): Float64Array {
  const a = random(n, seed);
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let t = i === j ? n : 0;
      for (let k = 0; k < n; k++) t += a[i * n + k]! * a[j * n + k]!;
      s[i * n + j] = s[j * n + i] = t;
    }
  return s;
}

function onCpu<T>(f: () => T): T {
  setBackend(cpuBackend);
  try {
    return f();
  } finally {
    setBackend(backend);
  }
}

const maxDiff = (x: Float64Array, y: Float64Array, lowerOnly: number | null = null): number => {
  let d = 0;
  for (let i = 0; i < x.length; i++) {
    if (lowerOnly !== null && i % lowerOnly > Math.floor(i / lowerOnly)) continue;
    d = Math.max(d, Math.abs(x[i]! - y[i]!));
  }
  return d;
};

const SIZES = [1, 2, 17, 49, 130, 301];

describe.runIf(wasmReady())("Cholesky and LU in wasm memory", () => {
  it("inWasmMemory runs on a copy in wasm memory under the wasm backend, in JS under the cpu backend, and copies the result back", () => {
    const a = Float64Array.of(1, 2, 3);
    let resident: boolean | null = null;
    inWasmMemory(a, (d, r) => {
      resident = r;
      expect(d).not.toBe(a);
      d[1] = 7;
    });
    expect(resident).toBe(true);
    expect(Array.from(a)).toEqual([1, 7, 3]);
    onCpu(() =>
      inWasmMemory(a, (d, r) => {
        resident = r;
        expect(d).toBe(a);
      }),
    );
    expect(resident).toBe(false);
  });

  it("inWasmMemory's extra scratch follows the matrix (the leaves of the triangular solves run there as products) and is not copied back", () => {
    const a = Float64Array.of(1, 2, 3);
    let seen = -2;
    inWasmMemory(
      a,
      (d) => {
        seen = residentScratch(d);
        expect(d.length).toBe(3 + 5);
        d.fill(9, 3);
      },
      5,
    );
    expect(seen).toBe(3);
    expect(Array.from(a)).toEqual([1, 2, 3]);
    expect(residentScratch(a)).toBe(-1);
  });

  it("gemmUpdate with alpha 0 overwrites C with A·B (in wasm memory and in JS, small and large)", () => {
    for (const k of [2, 12]) {
      // [A (k×k) | B (k×k) | C (k×k) filled with 99]
      const x = new Float64Array(3 * k * k);
      for (let i = 0; i < 2 * k * k; i++) x[i] = ((i * 7) % 11) - 5;
      const want = new Float64Array(k * k);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) for (let p = 0; p < k; p++) want[i * k + j]! += x[i * k + p]! * x[k * k + p * k + j]!;
      for (const cpu of [false, true]) {
        const y = x.slice().fill(99, 2 * k * k);
        const run = (): void => inWasmMemory(y, (d) => gemmUpdate(k, k, k, 0, { data: d, off: 0, ld: k }, false, { data: d, off: k * k, ld: k }, false, { data: d, off: 2 * k * k, ld: k }));
        if (cpu) onCpu(run);
        else run();
        expect(Array.from(y.subarray(2 * k * k)), `k = ${k}, cpu ${cpu}`).toEqual(Array.from(want));
      }
    }
  });

  it("Cholesky: the JS path's factor to rounding (L·Lᵀ = A within n·ε·‖A‖)", () => {
    for (const n of SIZES) {
      const a = spd(n, n);
      const fail = (i: number, p: number): never => {
        throw new Error(`pivot ${i}: ${p}`);
      };
      const w = a.slice();
      choleskyInPlace(w, n, fail);
      const c = a.slice();
      onCpu(() => choleskyInPlace(c, n, fail));
      const scale = Math.max(...a.map(Math.abs));
      expect(maxDiff(w, c, n), `n = ${n}`).toBeLessThanOrEqual(n * 2 ** -52 * Math.sqrt(scale) * 4);
    }
  });

  it("LU: the JS path's pivots, and factors to rounding", () => {
    for (const n of SIZES) {
      const a = random(n, 3 * n + 1);
      const w = a.slice();
      const [pw, sw] = luInPlace(w, n);
      const c = a.slice();
      const [pc, sc] = onCpu(() => luInPlace(c, n));
      expect(pw, `n = ${n}`).toEqual(pc);
      expect(sw).toBe(sc);
      // |L| ≤ 1 and the growth of random matrices is small: entries agree to ~n·ε.
      expect(maxDiff(w, c), `n = ${n}`).toBeLessThanOrEqual(n * 2 ** -52 * 64);
      // P·L·U reproduces A.
      let r = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k <= Math.min(i, j); k++) s += (k === i ? 1 : w[i * n + k]!) * w[k * n + j]!;
          r = Math.max(r, Math.abs(s - a[pw[i]! * n + j]!));
        }
      expect(r, `n = ${n}`).toBeLessThanOrEqual(n * 2 ** -52 * 64);
    }
  });

  it.runIf(multithreadingAvailable())("the same bits on 1 and 2 threads", () => {
    const n = 520; // trailing updates above the threaded-update size
    const a = random(n, 5);
    const s = spd(n, 6);
    const run = (t: number): Float64Array[] => {
      setNumThreads(t);
      const lu = a.slice();
      luInPlace(lu, n);
      const ch = s.slice();
      choleskyInPlace(ch, n, () => {});
      return [lu, ch];
    };
    const [lu1, ch1] = run(1);
    const [lu2, ch2] = run(2);
    expect(Array.from(lu2)).toEqual(Array.from(lu1));
    expect(Array.from(ch2)).toEqual(Array.from(ch1));
  });

  it("edges: a zero column (singular) is kept, a non-positive pivot is reported, NaN propagates", () => {
    const n = 70;
    const a = random(n, 9);
    for (let i = 0; i < n; i++) a[i * n + 40] = 0;
    const [perm] = luInPlace(a, n);
    expect(perm.slice().sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(a[40 * n + 40]).toBe(0);
    expect(a.every((v, i) => i % n === 40 || Number.isFinite(v))).toBe(true);

    const s = spd(n, 10);
    s[60 * n + 60] = -1e9;
    const failed: number[] = [];
    choleskyInPlace(s, n, (i) => failed.push(i));
    expect(failed[0]).toBe(60);
    expect(Number.isNaN(s[60 * n + 60])).toBe(true);

    const q = spd(n, 11);
    q[5 * n + 3] = q[3 * n + 5] = NaN;
    choleskyInPlace(q, n, () => {});
    expect(Number.isNaN(q[(n - 1) * n + n - 1])).toBe(true);
  });
});
