// The wasm backend's own machinery: loading and defaulting, the thread pool (more tasks than
// workers, a task that throws), and threaded matmul against the single-threaded kernel. The kernels
// themselves are checked against naive references in cpu-backend.test.ts, which runs on every backend.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBackend, setBackend, type Conv2dGeometry } from "../../src/backend/backend.js";
import { cpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { Arena } from "../../src/backend/wasm/arena.js";
import { wasmElementwiseTuning, wasmReduce } from "../../src/backend/wasm/elementwise.js";
import { getKernels } from "../../src/backend/wasm/module.js";
import { PoolTaskError, ThreadPool } from "../../src/backend/wasm/pool.js";
import { getNumThreads, MAX_THREADS, multithreadingAvailable, POOL_FUNCTIONS, setNumThreads } from "../../src/backend/wasm/threads.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";
import { expF32Documented, tanhF32Documented } from "../compile/documented-math.js";

const wasmAvailable = wasmReady();
import { ArgumentError, grad, matmul, sum, tensor, type Tensor } from "../../src/index.js";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitReady(pool: ThreadPool): Promise<void> {
  for (let t = 0; t < 400 && pool.ready < pool.size; t++) await sleep(25);
  expect(pool.ready, "workers started").toBe(pool.size);
}

describe("wasm backend", () => {
  it("loads (npm test builds it first) and is the default backend", () => {
    expect(wasmAvailable, "the wasm kernels are built by `npm run build`, which `npm test` runs first").toBe(true);
    expect(getBackend()).toBe(wasmBackend);
    expect(wasmBackend.name).toBe("wasm");
  });

  it("setBackend(cpuBackend) forces the JS kernels, and the results agree", () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64" });
    const b = tensor([[1, 0], [0, 1], [2, -1]], { dtype: "float64" });
    const onWasm = matmul(a, b).data();
    const before = getBackend();
    setBackend(cpuBackend);
    try {
      expect(getBackend().name).toBe("cpu");
      expect(Array.from(matmul(a, b).data())).toEqual(Array.from(onWasm));
    } finally {
      setBackend(before);
    }
  });

  it("gradients of a matmul run the transposed kernels and match the closed form", () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64" });
    const b = tensor([[1, 0], [0, 1], [2, -1]], { dtype: "float64" });
    // d/dA sum(A·B) = 1·Bᵀ (each row: the row sums of B); d/dB = Aᵀ·1 (each column: the column sums of A).
    const [ga, gb] = grad((x: Tensor, y: Tensor) => sum(matmul(x, y)), { argnums: [0, 1] })(a, b) as Tensor[];
    expect(Array.from(ga!.data())).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(gb!.data())).toEqual([5, 5, 7, 7, 9, 9]);
  });
});

describe.runIf(wasmAvailable && multithreadingAvailable())("thread pool", () => {
  // Made in beforeAll: describe bodies run even when skipped (kernels absent).
  let k: NonNullable<ReturnType<typeof getKernels>>;
  let pool: ThreadPool;
  let arena: Arena;
  beforeAll(() => {
    k = getKernels()!;
    pool = new ThreadPool(k.module, k.memory, k.exports, POOL_FUNCTIONS, 2);
    arena = new Arena(k);
  });
  afterAll(() => pool.close());

  /** Runs `ntasks` poolProbe tasks (out[i] = i² + 1, trapping at `trapAt`) and returns out. */
  function probe(ntasks: number, trapAt: number, workers = 2): Int32Array {
    arena.reset();
    const out = arena.alloc(ntasks * 4);
    const argsPtr = arena.alloc(ntasks * 3 * 4);
    const args = arena.view(Int32Array, argsPtr, ntasks * 3);
    arena.view(Int32Array, out, ntasks).fill(-1);
    for (let i = 0; i < ntasks; i++) args.set([i, out, trapAt], 3 * i);
    pool.run("poolProbe", ntasks, argsPtr, 3, 0, 0, k.memory, workers);
    return arena.view(Int32Array, out, ntasks).slice();
  }

  it("runs many more tasks than workers, each exactly once, on all, some or none of the workers", async () => {
    await waitReady(pool);
    for (let rep = 0; rep < 30; rep++) {
      const out = probe(1000, -1, rep % 3); // all workers, one, none (the caller alone)
      for (let i = 0; i < 1000; i++) if (out[i] !== i * i + 1) expect.fail(`rep ${rep}: task ${i} wrote ${out[i]}`);
    }
  });

  it("a task that throws is reported on the calling thread after the others ran, and the pool stays usable", async () => {
    await waitReady(pool);
    for (const trapAt of [0, 37, 999]) {
      let error: unknown = null;
      arena.reset();
      const n = 1000;
      const out = arena.alloc(n * 4);
      const argsPtr = arena.alloc(n * 3 * 4);
      const args = arena.view(Int32Array, argsPtr, n * 3);
      arena.view(Int32Array, out, n).fill(-1);
      for (let i = 0; i < n; i++) args.set([i, out, trapAt], 3 * i);
      try {
        pool.run("poolProbe", n, argsPtr, 3, 0, 0, k.memory);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PoolTaskError);
      expect((error as PoolTaskError).task).toBe(trapAt);
      expect((error as Error).message).toMatch(/unreachable/);
      const got = arena.view(Int32Array, out, n);
      for (let i = 0; i < n; i++) if (got[i] !== (i === trapAt ? -1 : i * i + 1)) expect.fail(`trap ${trapAt}: task ${i} wrote ${got[i]}`);
    }
    const after = probe(50, -1);
    expect(Array.from(after)).toEqual(Array.from({ length: 50 }, (_, i) => i * i + 1));
  });

  it("rejects unknown functions and too many tasks", () => {
    expect(() => pool.run("gemmScratchBytes", 1, 0, 0, 0, 0, k.memory)).toThrow(/not a pool function/);
    expect(() => pool.run("poolProbe", 1 << 20, 0, 3, 0, 0, k.memory)).toThrow(RangeError);
  });
});

describe.runIf(wasmAvailable)("threads setting", () => {
  const initial = getNumThreads();
  afterAll(() => setNumThreads(initial));

  it("validates its argument: an integer ≥ 1 (ArgumentError naming setNumThreads and n)", () => {
    for (const [bad, shown] of [[0, "the number 0"], [-2, "the number -2"], [1.5, "the number 1.5"], [2.5, "the number 2.5"], [NaN, "the number NaN"], [Infinity, "the number Infinity"], ["4", 'the string "4"'], [null, "null"]] as const)
      expect(() => setNumThreads(bad as number)).toThrow(new ArgumentError(`setNumThreads: n must be an integer ≥ 1, got ${shown}`));
    setNumThreads(3);
    expect(getNumThreads()).toBe(multithreadingAvailable() ? 3 : 1);
  });

  it(`clamps counts above MAX_THREADS (max(hardware threads, 16) = ${MAX_THREADS}) instead of starting that many workers`, () => {
    for (const n of [1000, 1e9, Number.MAX_SAFE_INTEGER]) {
      setNumThreads(n);
      expect(getNumThreads()).toBe(multithreadingAvailable() ? MAX_THREADS : 1);
    }
    expect(MAX_THREADS).toBeGreaterThanOrEqual(16);
    setNumThreads(2);
    expect(getNumThreads()).toBe(multithreadingAvailable() ? 2 : 1);
  });

  it("threaded matmuls (batched, broadcast, transposed, both dtypes) equal the single-threaded ones bit for bit", () => {
    let seed = 12345;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) - 0.5;
    const cases: [number[], number[], boolean, boolean][] = [
      [[300, 200], [200, 500], false, false],
      [[500, 200], [200, 300], false, false],
      [[200, 300], [200, 500], true, false],
      [[300, 200], [500, 200], false, true],
      [[3, 150, 130], [130, 140], false, false],
      [[2, 1, 64, 200], [3, 500, 200], false, true],
    ];
    for (const Arr of [Float32Array, Float64Array]) {
      for (const [aShape, bShape, ta, tb] of cases) {
        const a = new Arr(aShape.reduce((x, y) => x * y, 1)).map(next);
        const b = new Arr(bShape.reduce((x, y) => x * y, 1)).map(next);
        const m = ta ? aShape.at(-1)! : aShape.at(-2)!;
        const n = tb ? bShape.at(-2)! : bShape.at(-1)!;
        const ba = aShape.slice(0, -2);
        const bb = bShape.slice(0, -2);
        const rank = Math.max(ba.length, bb.length);
        const batch = Array.from({ length: rank }, (_, i) => Math.max(ba[i - (rank - ba.length)] ?? 1, bb[i - (rank - bb.length)] ?? 1));
        const outShape = [...batch, m, n];
        setNumThreads(1);
        const one = wasmBackend.matmul(a, aShape, b, bShape, outShape, ta, tb);
        for (const threads of [2, 3]) {
          setNumThreads(threads);
          const many = wasmBackend.matmul(a, aShape, b, bShape, outShape, ta, tb);
          expect(many.length).toBe(one.length);
          for (let i = 0; i < one.length; i++)
            if (!Object.is(many[i], one[i])) expect.fail(`${Arr.name} [${aShape}]@[${bShape}] ${threads} threads: element ${i} ${many[i]} vs ${one[i]}`);
        }
      }
    }
  });
});

describe.runIf(wasmAvailable)("wasm elementwise and reduction kernels against the JS kernels", () => {
  // Every size through wasm, including the tiny ones the default threshold keeps in JS.
  const saved = wasmElementwiseTuning.minElements;
  beforeAll(() => void (wasmElementwiseTuning.minElements = 0));
  afterAll(() => void (wasmElementwiseTuning.minElements = saved));

  let seed = 99;
  const next = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 88.72, 88.73, -103.9, -87.3, 1e-45, 3.4e38, 1e-300, 710, -745.2];
  const sizes = [0, 1, 3, 4, 5, 7, 8, 9, 31, 1000, 4099];

  it("float32 log equals Math.fround(Math.log(x)) exactly; exp and tanh the float32 kernels' documented bits (test/compile/documented-math.ts); specials included", () => {
    for (const n of [...sizes, 1 << 16]) {
      const x = new Float32Array(n).map(() => (next() < 0.5 ? next() * 220 - 115 : Math.exp(next() * 40 - 20)));
      x.set(specials.slice(0, Math.min(n, specials.length)));
      for (const op of ["exp", "log", "tanh"] as const) {
        const out = wasmBackend.unary(op, x, "float32");
        const documented = { exp: expF32Documented, tanh: tanhF32Documented, log: null }[op];
        const ref = documented === null ? cpuBackend.unary(op, x, "float32") : Float32Array.from(x, documented);
        expect(out).toBeInstanceOf(Float32Array);
        for (let i = 0; i < n; i++) if (!Object.is(out[i], ref[i]) && !(out[i] === ref[i])) expect.fail(`${op}(${x[i]}) = ${out[i]}, JS ${ref[i]}`);
      }
    }
  });

  it("binary add/sub/mul/div/max/min (same shape, scalar either side) equal the JS kernels exactly", () => {
    for (const Arr of [Float32Array, Float64Array]) {
      const dtype = Arr === Float32Array ? "float32" : "float64";
      for (const n of sizes) {
        const mk = (): Float32Array | Float64Array => {
          const v = new Arr(n).map(() => (next() - 0.5) * 10);
          for (let i = 0; i < n; i += 7) v[i] = specials[Math.floor(next() * specials.length)]!;
          return v;
        };
        const a = mk();
        const b = mk();
        const s = new Arr(1).fill(specials[n % specials.length]!);
        for (const op of ["add", "sub", "mul", "div", "max", "min"] as const) {
          // [a, a]: one array as both operands (x·x), copied into wasm memory once.
          const pairs: [TypedArrayF, number[], TypedArrayF, number[]][] = [[a, [n], b, [n]], [a, [n], a, [n]], [a, [n], s, []], [s, [], b, [n]]];
          // Row broadcasting: [rows, len] with [len] or [1, len], either side.
          for (const len of [2, 3, 4, 5, 8, 13].filter((l) => n % l === 0 && n > 0)) {
            const row = b.subarray(0, len);
            pairs.push([a, [n / len, len], row, [len]], [row, [1, len], a, [n / len, len]], [a, [1, n / len, len], row, [1, 1, len]]);
          }
          for (const [x, xs, y, ys] of pairs) {
            const os = x.length >= y.length ? xs : ys; // the full operand's shape is the broadcast shape
            const out = wasmBackend.binary(op, x, xs, y, ys, os, dtype);
            const ref = cpuBackend.binary(op, x, xs, y, ys, os, dtype);
            expect(out.constructor).toBe(Arr);
            for (let i = 0; i < n; i++)
              if (!(out[i] === ref[i] || (Number.isNaN(out[i]) && Number.isNaN(ref[i])))) expect.fail(`${dtype} ${op} [${xs}]∘[${ys}] at ${i}: ${out[i]} vs ${ref[i]}`);
          }
        }
      }
    }
  });

  it("sum and max over trailing axes match the JS kernels (sums to rounding), NaN propagates, empty rows", () => {
    const shapes: number[][] = [[5], [3, 7], [4, 9], [2, 3, 17], [6, 1000], [3, 0], [0, 4], [1, 1]];
    for (const Arr of [Float32Array, Float64Array]) {
      for (const shape of shapes) {
        const n = shape.reduce((p, q) => p * q, 1);
        const x = new Arr(n).map(() => (next() - 0.5) * 100);
        if (n > 10) x[n - 3] = NaN;
        const axesList = [[shape.length - 1], shape.map((_, i) => i), shape.length > 2 ? [1, 2] : [0], shape.length > 2 ? [0, 1] : [0]];
        for (const axes of axesList) {
          for (const op of ["sum", "max"] as const) {
            const out = wasmBackend.reduce(op, x, shape, axes);
            const ref = cpuBackend.reduce(op, x, shape, axes);
            expect(out.constructor).toBe(Arr);
            expect(out.length).toBe(ref.length);
            for (let i = 0; i < ref.length; i++) {
              const [o, r] = [out[i]!, ref[i]!];
              if (Number.isNaN(r) || !Number.isFinite(r)) expect(Object.is(o, r) || o === r, `${op} [${shape}] axes [${axes}] row ${i}: ${o} vs ${r}`).toBe(true);
              else expect(Math.abs(o - r), `${op} [${shape}] axes [${axes}] row ${i}: ${o} vs ${r}`).toBeLessThanOrEqual(Arr === Float32Array ? 1e-6 * Math.max(1, Math.abs(r)) : 1e-12 * Math.max(1, Math.abs(r)));
            }
          }
        }
      }
    }
  });
});

describe.runIf(wasmAvailable)("float32 sums over leading and trailing axes around kept ones (sumOuterInnerF32)", () => {
  let seed = 11;
  const next = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296 - 0.5;
  const cases: [number[], number[]][] = [
    [[8, 16, 7, 9], [0, 2, 3]],
    [[128, 16, 28, 28], [0, 2, 3]],
    [[40, 5, 1, 33], [0, 2, 3]],
    [[30, 1, 6, 40], [0, 1, 3]],
    [[40, 7, 13], [0, 2]],
    [[500, 3, 5], [0, 2]],
    [[6, 4, 2, 7, 11], [0, 1, 3, 4]],
  ];
  for (const [shape, axes] of cases)
    it(`[${shape}] over [${axes}]: the wasm kernel runs and matches the JS kernels to float32 rounding (NaN and ±∞ propagate)`, () => {
      const n = shape.reduce((p, q) => p * q, 1);
      const x = new Float32Array(n).map(() => next() * 100);
      const ref0 = cpuBackend.reduce("sum", x, shape, axes);
      const k = getKernels()!;
      const out0 = wasmReduce(k, new Arena(k), "sum", x, shape, axes);
      expect(out0).not.toBeNull();
      x[n - 1] = NaN;
      x[Math.floor(n / 3)] = Infinity;
      const ref1 = cpuBackend.reduce("sum", x, shape, axes);
      const out1 = wasmReduce(k, new Arena(k), "sum", x, shape, axes)!;
      for (const [out, ref] of [[out0!, ref0], [out1, ref1]] as const) {
        expect(out.constructor).toBe(Float32Array);
        expect(out.length).toBe(ref.length);
        for (let i = 0; i < ref.length; i++) {
          const [o, r] = [out[i]!, ref[i]!];
          if (!Number.isFinite(r)) expect(Object.is(o, r), `[${shape}] [${axes}] ${i}: ${o} vs ${r}`).toBe(true);
          else expect(Math.abs(o - r), `[${shape}] [${axes}] ${i}: ${o} vs ${r}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(r)));
        }
      }
    });

  it("leaves other layouts to the other paths (kept axes first or last, or split by a reduced one)", () => {
    const k = getKernels()!;
    const x = new Float32Array(4 * 5 * 6 * 7).fill(1);
    for (const axes of [[1, 3], [0, 2], [1, 2, 3]]) {
      const out = wasmReduce(k, new Arena(k), "sum", x, [4, 5, 6, 7], axes);
      const ref = cpuBackend.reduce("sum", x, [4, 5, 6, 7], axes);
      if (out !== null) expect(Array.from(out)).toEqual(Array.from(ref));
    }
  });
});

type TypedArrayF = Float32Array | Float64Array;

describe.runIf(wasmAvailable)("convolutions through the wasm gemm", () => {
  it("conv2d and both gradients agree with the JS kernels at sizes that reach the wasm gemm (groups, stride, padding, dilation)", () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296 - 0.5;
    const cases: { x: number[]; w: number[]; g: Conv2dGeometry }[] = [
      { x: [4, 8, 20, 20], w: [16, 8, 3, 3], g: { stride: [1, 1], padding: [[1, 1], [1, 1]], dilation: [1, 1], groups: 1 } },
      { x: [3, 6, 17, 15], w: [12, 3, 3, 2], g: { stride: [2, 1], padding: [[0, 2], [1, 0]], dilation: [1, 2], groups: 2 } },
    ];
    for (const Arr of [Float32Array, Float64Array]) {
      const tol = Arr === Float32Array ? 1e-4 : 1e-12;
      for (const { x: xs, w: ws, g } of cases) {
        const size = (s: number[]): number => s.reduce((p, q) => p * q, 1);
        const oh = Math.floor((xs[2]! + g.padding[0][0] + g.padding[0][1] - g.dilation[0] * (ws[2]! - 1) - 1) / g.stride[0]) + 1;
        const ow = Math.floor((xs[3]! + g.padding[1][0] + g.padding[1][1] - g.dilation[1] * (ws[3]! - 1) - 1) / g.stride[1]) + 1;
        const ys = [xs[0]!, ws[0]!, oh, ow];
        const x = new Arr(size(xs)).map(next);
        const w = new Arr(size(ws)).map(next);
        const ct = new Arr(size(ys)).map(next);
        const pairs: [ArrayLike<number>, ArrayLike<number>, string][] = [
          [wasmBackend.conv2d(x, xs, w, ws, ys, g), cpuBackend.conv2d(x, xs, w, ws, ys, g), "conv2d"],
          [wasmBackend.conv2dInputGrad(ct, ys, w, ws, xs, g), cpuBackend.conv2dInputGrad(ct, ys, w, ws, xs, g), "input grad"],
          [wasmBackend.conv2dWeightGrad(x, xs, ct, ys, ws, g), cpuBackend.conv2dWeightGrad(x, xs, ct, ys, ws, g), "weight grad"],
        ];
        for (const [got, want, what] of pairs) {
          expect(got.length).toBe(want.length);
          for (let i = 0; i < want.length; i++)
            if (!(Math.abs(got[i]! - want[i]!) <= tol * Math.max(1, Math.abs(want[i]!)))) expect.fail(`${Arr.name} ${what} [${xs}]*[${ws}] at ${i}: ${got[i]} vs ${want[i]}`);
        }
      }
    }
  });
});
