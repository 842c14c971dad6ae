import { afterEach, describe, expect, it } from "vitest";
import { wasmBackendLoaded } from "../../src/backend/wasm/wasm-backend.js";
import { batchNormBackward, batchNormForward, groupsOf, type Groups } from "../../src/ops/batch-norm-kernels.js";
import { batchNormGradRowsWasm, batchNormRowsWasm, batchNormWasmFrom } from "../../src/ops/batch-norm-wasm.js";

type F = Float32Array | Float64Array;
const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 1e-40, -3e38, 5e-324];

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Random values over many binades (so that float64 sums round, and their order shows), with a few special ones when `special`. */
function values(n: number, f32: boolean, seed: number, special: boolean): F {
  const r = lcg(seed);
  const a = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = special && r() < 0.05 ? SPECIAL[Math.floor(r() * SPECIAL.length)]! : (r() - 0.5) * 2 ** (r() * 40 - 20);
  return a;
}

/** The groups of [outer, count, inner] spelled as an explicit index array (the kernels' general path). */
function indexGroups(outer: number, count: number, inner: number): Groups {
  const group = new Int32Array(outer * count * inner);
  for (let o = 0, i = 0; o < outer; o++) for (let g = 0; g < count; g++) for (let e = 0; e < inner; e++, i++) group[i] = g;
  return { count, outer: 0, inner: 0, group };
}

/** The definitions, one element at a time in memory order with float64 sums (the kernels' documented arithmetic). */
function reference(x: F, gr: F, outer: number, count: number, inner: number, eps: number) {
  const n = x.length;
  const m = n / count;
  const at = (i: number): number => Math.floor(i / inner) % count;
  const s = new Float64Array(count);
  for (let i = 0; i < n; i++) s[at(i)] += x[i]!;
  for (let g = 0; g < count; g++) s[g] /= m;
  const q = new Float64Array(count);
  for (let i = 0; i < n; i++) q[at(i)] += (x[i]! - s[at(i)]!) ** 2;
  const make = (k: number): F => (x instanceof Float32Array ? new Float32Array(k) : new Float64Array(k));
  const [xhat, mean, variance, out] = [make(n), make(count), make(count), make(n)];
  const r = new Float64Array(count);
  for (let g = 0; g < count; g++) {
    q[g] /= m;
    mean[g] = s[g]!;
    variance[g] = q[g]!;
    r[g] = 1 / Math.sqrt(q[g]! + eps);
  }
  for (let i = 0; i < n; i++) xhat[i] = (x[i]! - s[at(i)]!) * r[at(i)]!;
  const a = new Float64Array(count);
  const b = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    a[at(i)] += gr[i]!;
    b[at(i)] += xhat[i]! * gr[i]!;
  }
  const sv = new Float64Array(count);
  for (let g = 0; g < count; g++) {
    a[g] /= m;
    b[g] /= m;
    sv[g] = 1 / Math.sqrt(variance[g]! + eps);
  }
  for (let i = 0; i < n; i++) out[i] = sv[at(i)]! * (gr[i]! - a[at(i)]! - xhat[i]! * b[at(i)]!);
  return { xhat, mean, variance, out };
}

function run(x: F, gr: F, groups: Groups, eps: number) {
  const make = (k: number): F => (x instanceof Float32Array ? new Float32Array(k) : new Float64Array(k));
  const [xhat, mean, variance, out] = [make(x.length), make(groups.count), make(groups.count), make(x.length)];
  batchNormForward(x, groups, eps, xhat, mean, variance);
  batchNormBackward(xhat, variance, gr, groups, eps, out);
  return { xhat, mean, variance, out };
}

describe("batch norm kernels", () => {
  // NOTE: the adjacent layout ([outer, count, inner], no index array) has loops of its own; both
  // layouts must give the definitions' bits (same float64 sums in the same order, rounded once).
  const shapes: [number, number, number][] = [
    [128, 256, 1],
    [7, 5, 1],
    [3, 4, 9],
    [1, 6, 13],
    [5, 1, 3],
    [4, 3, 16],
  ];
  for (const f32 of [true, false])
    for (const special of [false, true])
      for (const [outer, count, inner] of shapes)
        it(`[${outer}, ${count}, ${inner}] ${f32 ? "float32" : "float64"}${special ? " with NaN, ±∞, −0, denormals" : ""}: adjacent and index paths give the definitions' bits`, () => {
          const seed = outer * 1000 + count * 10 + inner + (special ? 7 : 0);
          const x = values(outer * count * inner, f32, seed, special);
          const gr = values(x.length, f32, seed + 1, special);
          const adjacent = groupsOf([outer, count, inner], [1]);
          expect(adjacent.group).toBeNull();
          const want = reference(x, gr, outer, count, inner, 1e-5);
          for (const groups of [adjacent, indexGroups(outer, count, inner)]) {
            const got = run(x, gr, groups, 1e-5);
            for (const k of ["xhat", "mean", "variance", "out"] as const) {
              const [g, w] = [got[k], want[k]];
              expect(g.length).toBe(w.length);
              for (let i = 0; i < w.length; i++) if (!Object.is(g[i], w[i])) expect([k, i, g[i]]).toEqual([k, i, w[i]]);
            }
          }
        });
});

describe("batch norm kernels in wasm ([rows, channels] float32)", () => {
  const from0 = batchNormWasmFrom.elements;
  afterEach(() => (batchNormWasmFrom.elements = from0));
  // NOTE: channel counts off the kernels' blocks of four (the scalar tail) and below four (tail only).
  const shapes: [number, number][] = [
    [128, 256],
    [64, 67],
    [1024, 5],
    [33, 130],
    [4096, 1],
  ];
  for (const special of [false, true])
    for (const [rows, count] of shapes)
      it(`[${rows}, ${count}]${special ? " with NaN, ±∞, −0, denormals" : ""}: the JS loops' and the definitions' bits`, async () => {
        expect(await wasmBackendLoaded).toBe(true);
        const seed = rows * 10 + count + (special ? 7 : 0);
        const x = values(rows * count, true, seed, special) as Float32Array;
        const gr = values(x.length, true, seed + 1, special) as Float32Array;
        const make = (k: number): Float32Array => new Float32Array(k);
        const [xhat, mean, variance, out] = [make(x.length), make(count), make(count), make(x.length)];
        expect(batchNormRowsWasm(x, rows, count, 1e-5, xhat, mean, variance)).toBe(true);
        expect(batchNormGradRowsWasm(xhat, variance, gr, rows, count, 1e-5, out)).toBe(true);
        const wasm = { xhat, mean, variance, out };
        batchNormWasmFrom.elements = Infinity;
        const js = run(x, gr, groupsOf([rows, count], [1]), 1e-5);
        const want = reference(x, gr, rows, count, 1, 1e-5);
        for (const k of ["xhat", "mean", "variance", "out"] as const)
          for (const got of [wasm[k], js[k]])
            for (let i = 0; i < want[k].length; i++) if (!Object.is(got[i], want[k][i])) expect([k, i, got[i]]).toEqual([k, i, want[k][i]]);
      });

  it("runs from batchNormForward and batchNormBackward on float32 [rows, channels] from the threshold", async () => {
    expect(await wasmBackendLoaded).toBe(true);
    const x = values(64 * 64, true, 5, false) as Float32Array;
    const gr = values(x.length, true, 6, false) as Float32Array;
    const groups = groupsOf([64, 64], [1]);
    const outs = (): Float32Array[] => {
      const r = run(x, gr, groups, 1e-3);
      return [r.xhat, r.mean, r.variance, r.out] as Float32Array[];
    };
    const viaWasm = outs();
    batchNormWasmFrom.elements = Infinity;
    expect(outs()).toEqual(viaWasm);
  });
});
