// The parallel matmul's pieces: B packed once in column-panel ranges (gemmPackB) and row blocks
// computed against it (gemmPackedB), bit-compared with the one-call gemm on every transposition and
// edge shapes; the pool's caller work (what the calling thread does inside a job); and threaded
// matmuls that take the shared-packed-B path, bit-compared with one thread.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Arena } from "../../src/backend/wasm/arena.js";
import { packTasks } from "../../src/backend/wasm/matmul.js";
import { getKernels } from "../../src/backend/wasm/module.js";
import { ThreadPool } from "../../src/backend/wasm/pool.js";
import { getNumThreads, multithreadingAvailable, POOL_FUNCTIONS, setNumThreads } from "../../src/backend/wasm/threads.js";
import { wasmBackend, wasmReady } from "../../src/backend/wasm/wasm-backend.js";

const wasmAvailable = wasmReady();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let seed = 2024;
const next = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) - 0.5;

describe.runIf(wasmAvailable)("gemmPackB + gemmPackedB", () => {
  // [m, n, k]: n past one NC strip (1024 float32, 512 float64) and not a multiple of NR, k past one
  // KC block (512), m not a multiple of MR or MC, and a product smaller than one tile.
  const shapes: [number, number, number][] = [[37, 1100, 530], [130, 21, 1030], [3, 5, 2], [64, 513, 512]];

  for (const f32 of [true, false])
    it(`${f32 ? "float32" : "float64"}: packed in scattered panel ranges, computed in row blocks, equals gemm bit for bit`, () => {
      const k = getKernels()!;
      const ex = k.exports;
      const arena = new Arena(k);
      const sz = f32 ? 4 : 8;
      const nr = 32 / sz;
      const make = (len: number): Float32Array | Float64Array => (f32 ? Float32Array.from({ length: len }, next) : Float64Array.from({ length: len }, next));
      const view = (p: number, len: number): Float32Array | Float64Array => (f32 ? arena.view(Float32Array, p, len) : arena.view(Float64Array, p, len));
      for (const [m, n, kk] of shapes)
        for (const transA of [false, true])
          for (const transB of [false, true]) {
            arena.reset();
            const a = make(m * kk);
            const b = make(kk * n);
            const pa = arena.copyIn(a);
            const pb = arena.copyIn(b);
            const [rsA, csA] = transA ? [1, m] : [kk, 1];
            const [rsB, csB] = transB ? [1, kk] : [n, 1];
            const scratch = arena.alloc(ex.gemmScratchBytes(sz));
            const want = arena.alloc(m * n * sz);
            (f32 ? ex.gemmF32 : ex.gemmF64)(m, n, kk, pa, rsA, csA, pb, rsB, csB, want, n, scratch);
            const packed = arena.alloc(ex.gemmPackedBElements(kk, n, sz) * sz);
            arena.view(Uint8Array, packed, ex.gemmPackedBElements(kk, n, sz) * sz).fill(0xff); // garbage: every element must be written
            // Ranges of 3 panels, packed last to first (tasks run in any order).
            const step = 3 * nr;
            for (let j0 = Math.floor((n - 1) / step) * step; j0 >= 0; j0 -= step)
              (f32 ? ex.gemmPackBF32 : ex.gemmPackBF64)(kk, n, pb, rsB, csB, packed, j0, j0 + step, scratch);
            const got = arena.alloc(m * n * sz);
            // Row blocks of 7 (not a multiple of MR), as separate calls.
            for (let i0 = 0; i0 < m; i0 += 7)
              (f32 ? ex.gemmPackedBF32 : ex.gemmPackedBF64)(Math.min(7, m - i0), n, kk, pa + i0 * rsA * sz, rsA, csA, packed, got + i0 * n * sz, n, 0, scratch);
            const label = `[${m}, ${n}, ${kk}] transA ${transA} transB ${transB}`;
            const w = view(want, m * n);
            const g = view(got, m * n);
            for (let i = 0; i < m * n; i++) if (!Object.is(g[i], w[i])) expect.fail(`${label}: element ${i} ${g[i]} vs ${w[i]}`);
            // Accumulating (C += A·B) on a random C, in one call, as gemmUpdate mode 1.
            const c0 = make(m * n);
            view(want, m * n).set(c0);
            view(got, m * n).set(c0);
            (f32 ? ex.gemmUpdateF32 : ex.gemmUpdateF64)(m, n, kk, pa, rsA, csA, pb, rsB, csB, want, n, 1, scratch);
            (f32 ? ex.gemmPackedBF32 : ex.gemmPackedBF64)(m, n, kk, pa, rsA, csA, packed, got, n, 1, scratch);
            const w1 = view(want, m * n);
            const g1 = view(got, m * n);
            for (let i = 0; i < m * n; i++) if (!Object.is(g1[i], w1[i])) expect.fail(`${label}, accumulating: element ${i} ${g1[i]} vs ${w1[i]}`);
          }
    });
});

describe.runIf(wasmAvailable && multithreadingAvailable())("pool: the calling thread's work in a job", () => {
  let k: NonNullable<ReturnType<typeof getKernels>>;
  let pool: ThreadPool;
  let arena: Arena;
  beforeAll(async () => {
    k = getKernels()!;
    pool = new ThreadPool(k.module, k.memory, k.exports, POOL_FUNCTIONS, 2);
    arena = new Arena(k);
    for (let t = 0; t < 400 && pool.ready < pool.size; t++) await sleep(25);
  });
  afterAll(() => pool.close());

  /** Sets up `n` poolProbe tasks (out[i] = i² + 1); returns [argsPtr, out]. */
  function probe(n: number): [number, number] {
    arena.reset();
    const out = arena.alloc(n * 4);
    const argsPtr = arena.alloc(n * 3 * 4);
    const args = arena.view(Int32Array, argsPtr, n * 3);
    arena.view(Int32Array, out, n).fill(-1);
    for (let i = 0; i < n; i++) args.set([i, out, -1], 3 * i);
    return [argsPtr, out];
  }

  it("runs `before` once, then `afterTask` after each task the caller ran, seeing that task's result", () => {
    for (const workers of [0, 1, 2]) {
      const n = 500;
      const [argsPtr, out] = probe(n);
      let befores = 0;
      const mine: number[] = [];
      pool.run("poolProbe", n, argsPtr, 3, 0, 0, k.memory, workers, {
        before: () => void befores++,
        afterTask: (i) => {
          expect(arena.view(Int32Array, out, n)[i]).toBe(i * i + 1);
          mine.push(i);
        },
      });
      expect(befores).toBe(1);
      expect(new Set(mine).size).toBe(mine.length);
      if (workers === 0) expect(mine.length).toBe(n);
      const got = arena.view(Int32Array, out, n);
      for (let i = 0; i < n; i++) if (got[i] !== i * i + 1) expect.fail(`task ${i} wrote ${got[i]}`);
    }
  });

  it("`released`: workers start only released tasks until `before` releases more, and every task once it returns", () => {
    const n = 64;
    const [argsPtr, out] = probe(n);
    const seen: boolean[][] = [];
    pool.run("poolProbe", n, argsPtr, 3, 0, 0, k.memory, 2, {
      released: 8,
      before: (release) => {
        // Give the workers time to run what they may (a spin: the calling thread may not sleep in a browser).
        const spin = (until: () => boolean): void => {
          for (let i = 0; i < 2e8 && !until(); i++);
        };
        spin(() => pool.finished(7) && pool.finished(0));
        seen.push(Array.from({ length: n }, (_, i) => pool.finished(i)));
        release(20);
        spin(() => pool.finished(19));
        seen.push(Array.from({ length: n }, (_, i) => pool.finished(i)));
      },
    });
    expect(seen[0]!.slice(0, 8)).toEqual(Array(8).fill(true));
    expect(seen[0]!.slice(8)).toEqual(Array(n - 8).fill(false));
    expect(seen[1]!.slice(0, 20)).toEqual(Array(20).fill(true));
    expect(seen[1]!.slice(20)).toEqual(Array(n - 20).fill(false));
    const got = arena.view(Int32Array, out, n);
    for (let i = 0; i < n; i++) if (got[i] !== i * i + 1) expect.fail(`task ${i} wrote ${got[i]}`);
  });

  it("an error in the caller's work is thrown after every task has run, and the pool stays usable", () => {
    for (const where of ["before", "afterTask"] as const) {
      const n = 300;
      const [argsPtr, out] = probe(n);
      const boom = new Error(`boom in ${where}`);
      const work = where === "before" ? { before: () => { throw boom; } } : { afterTask: () => { throw boom; } };
      // afterTask on the caller alone (workers = 0), so that it surely runs.
      expect(() => pool.run("poolProbe", n, argsPtr, 3, 0, 0, k.memory, where === "before" ? 2 : 0, work), where).toThrow(boom);
      const got = arena.view(Int32Array, out, n);
      for (let i = 0; i < n; i++) if (got[i] !== i * i + 1) expect.fail(`${where}: task ${i} wrote ${got[i]}`);
    }
    const [argsPtr, out] = probe(40);
    pool.run("poolProbe", 40, argsPtr, 3, 0, 0, k.memory);
    expect(Array.from(arena.view(Int32Array, out, 40))).toEqual(Array.from({ length: 40 }, (_, i) => i * i + 1));
  });
});

describe.runIf(wasmAvailable)("threaded matmul over one shared packed B", () => {
  const initial = getNumThreads();
  afterAll(() => setNumThreads(initial));

  it("tall and square products, every transposition, both dtypes: the same bits on 1, 2 and 3 threads", () => {
    // m ≥ n, or m tall enough for whole row blocks per thread: the row-split path in float32 (float64
    // and the short wide [600, 1200] on 3 threads split columns: checked all the same).
    const cases: [number, number, number][] = [[520, 300, 200], [700, 700, 90], [1100, 1030, 9], [600, 1200, 40]];
    for (const Arr of [Float32Array, Float64Array])
      for (const [m, n, kk] of cases)
        for (const ta of [false, true])
          for (const tb of [false, true]) {
            const a = Arr === Float32Array ? Float32Array.from({ length: m * kk }, next) : Float64Array.from({ length: m * kk }, next);
            const b = Arr === Float32Array ? Float32Array.from({ length: kk * n }, next) : Float64Array.from({ length: kk * n }, next);
            const aShape = ta ? [kk, m] : [m, kk];
            const bShape = tb ? [n, kk] : [kk, n];
            setNumThreads(1);
            const one = wasmBackend.matmul(a, aShape, b, bShape, [m, n], ta, tb);
            for (const threads of [2, 3]) {
              setNumThreads(threads);
              const many = wasmBackend.matmul(a, aShape, b, bShape, [m, n], ta, tb);
              expect(many.length).toBe(one.length);
              for (let i = 0; i < one.length; i++)
                if (!Object.is(many[i], one[i])) expect.fail(`${Arr.name} [${m}, ${n}, ${kk}] ${ta} ${tb}, ${threads} threads: element ${i} ${many[i]} vs ${one[i]}`);
            }
          }
  });
});

describe.runIf(wasmAvailable)("packTasks: packing B by parts as it is copied in", () => {
  it("each task reads only the prefix of B that `needs` says: packing with the rest of B still NaN gives the one-call packing", () => {
    const k = getKernels()!;
    const ex = k.exports;
    const arena = new Arena(k);
    // [k, n]: one KC block, several KC blocks, past one NC strip (float32 1024, float64 512), edges not multiples of NR.
    const shapes: [number, number][] = [[300, 200], [1030, 130], [520, 1030], [9, 37]];
    for (const sz of [4, 8] as const)
      for (const [kk, n] of shapes)
        for (const trans of [false, true])
          for (const threads of [1, 3]) {
            arena.reset();
            const len = kk * n;
            const b = sz === 4 ? Float32Array.from({ length: len }, next) : Float64Array.from({ length: len }, next);
            const [rsB, csB] = trans ? [1, kk] : [n, 1];
            const pb = arena.copyIn(b);
            const elements = ex.gemmPackedBElements(kk, n, sz);
            const want = arena.alloc(elements * sz);
            const got = arena.alloc(elements * sz);
            const scratch = arena.alloc(64);
            const packB = sz === 4 ? ex.gemmPackBF32 : ex.gemmPackBF64;
            packB(kk, n, pb, rsB, csB, want, 0, n, scratch);
            const part = arena.alloc(len * sz);
            const view = (p: number, count: number): Float32Array | Float64Array => (sz === 4 ? arena.view(Float32Array, p, count) : arena.view(Float64Array, p, count));
            view(part, len).fill(NaN);
            const { args, needs } = packTasks(kk, n, rsB, csB, sz, threads, part, got);
            const label = `${sz === 4 ? "float32" : "float64"} k ${kk} n ${n} ${trans ? "transposed" : ""} ${threads} threads`;
            expect(needs.length * 8, label).toBe(args.length);
            for (let t = 0; t < needs.length; t++) {
              if (t > 0) expect(needs[t]!, label).toBeGreaterThanOrEqual(needs[t - 1]!);
              view(part, needs[t]!).set(b.subarray(0, needs[t]!));
              packB(...(args.slice(8 * t, 8 * t + 8) as [number, number, number, number, number, number, number, number]), scratch);
            }
            expect(needs.at(-1), label).toBe(len);
            const w = view(want, elements);
            const g = view(got, elements);
            for (let i = 0; i < elements; i++) if (!Object.is(g[i], w[i])) expect.fail(`${label}: element ${i} ${g[i]} vs ${w[i]}`);
          }
  });
});
