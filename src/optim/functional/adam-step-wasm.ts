import { arenaCall } from "../../backend/wasm/arena-call.js";
import { unfilled } from "../../core/unfilled.js";

/**
 * Elements per chunk of `adamStepWasm`: the seven chunk arrays (4 in, 3 out; 112 KiB) stay in L2
 * between the copies and the kernel.
 * NOTE: chunks, not whole arrays: copying all of g, m, v and p into wasm memory and the three
 * results out streamed ~5.6 MB through L3 per 200,000 elements; with chunks the wasm side stays in
 * cache (paired CPU time per call at 784·256 elements: 0.6–0.7× the compiled program).
 */
const CHUNK = 4096;

/** Adam's float32 scalars, already rounded to float32 as the ops round them. */
export interface AdamF32Scalars {
  b1: number;
  c1: number;
  b2: number;
  c2: number;
  s2: number;
  eps: number;
  bc1: number;
  nlr: number;
  wd: number;
}

/**
 * Adam's float32 moments and update (`p` null: the update u; `decay` false: p + u·nlr; true:
 * p + (u + p·wd)·nlr) through the wasm kernel `adamStepF32`, over chunks of the arrays copied into
 * the wasm arena and out to three fresh arrays; the same operations in the same order as
 * `fusedAdamMoments`'s loop, so the same bits. Null when the wasm kernels are not loaded.
 */
export function adamStepWasm(g: Float32Array, m: Float32Array, v: Float32Array, p: Float32Array | null, s: AdamF32Scalars, decay: boolean): [Float32Array, Float32Array, Float32Array] | null {
  const n = g.length;
  const bytes = 7 * CHUNK * 4;
  return arenaCall(bytes, (k, arena) => {
    arena.reset();
    const at = arena.alloc(bytes);
    const buffer = k.memory.buffer;
    const views = [0, 1, 2, 3, 4, 5, 6].map((j) => new Float32Array(buffer, at + j * CHUNK * 4, CHUNK));
    const ptr = (j: number): number => at + j * CHUNK * 4;
    const ins = p === null ? [g, m, v] : [g, m, v, p];
    const outs = [unfilled(Float32Array, n), unfilled(Float32Array, n), unfilled(Float32Array, n)] as const;
    const mode = p === null ? 0 : decay ? 2 : 1;
    const step = k.exports.adamStepF32;
    for (let i = 0; i < n; i += CHUNK) {
      const len = Math.min(CHUNK, n - i);
      for (let j = 0; j < ins.length; j++) views[j]!.set(ins[j]!.subarray(i, i + len));
      // NOTE: the kernel runs whole vectors; the last chunk's lanes past `len` are scratch, never copied out.
      step((len + 3) & ~3, ptr(0), ptr(1), ptr(2), ptr(3), ptr(4), ptr(5), ptr(6), s.b1, s.c1, s.b2, s.c2, s.s2, s.eps, s.bc1, s.nlr, s.wd, mode);
      for (let j = 0; j < 3; j++) outs[j].set(len === CHUNK ? views[4 + j]! : views[4 + j]!.subarray(0, len), i);
    }
    return [outs[0], outs[1], outs[2]];
  });
}
