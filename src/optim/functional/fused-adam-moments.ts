import { compile } from "../../compile/compile.js";
import { add, div, mul, sqrt } from "../../ops/index.js";
import { fromData, scalar } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";
import { adamStepWasm } from "./adam-step-wasm.js";

/** Adam's constants for one step: decays, ε and the bias corrections 1 − βᵗ. */
export interface AdamStepConstants {
  b1: number;
  b2: number;
  eps: number;
  bc1: number;
  bc2: number;
}

/**
 * Where float32 moments go through the wasm kernel (`adamStepWasm`, unless `wasm` is false or the
 * kernels are not loaded; then `compile`): from `compiledFrom` elements. NOTE: measured, the
 * compiled program (one generated WebAssembly SIMD loop for the three outputs) took 0.4–0.5× the CPU
 * time of the JS loop at 200,000 elements; its per-call overhead (tracing is cached per size) makes
 * the JS loop the faster one on small tensors such as biases.
 */
export const fusedAdamTuning = { compiledFrom: 4096, wasm: true };

/**
 * The same operations as the loop below, as one compiled program over the flattened arrays: every
 * primitive rounds to float32 as the interpreter's ops, and compile's kernels (JS or wasm) give the
 * interpreter's bits for add, mul, div and sqrt, so the results equal the loop's.
 */
const adamProgram = compile(
  (g: Tensor, m: Tensor, v: Tensor, b1: Tensor, c1: Tensor, b2: Tensor, c2: Tensor, s2: Tensor, eps: Tensor, bc1: Tensor): Tensor[] => {
    const mo = add(mul(m, b1), mul(g, c1));
    const vo = add(mul(v, b2), mul(mul(g, g), c2));
    return [mo, vo, div(div(mo, add(div(sqrt(vo), s2), eps)), bc1)];
  },
  { maxSignatures: 64 },
);

/** `adamProgram` followed by the step p + (−lr)·u (as `scaleByLearningRate`'s mul and `applyUpdate`'s add): outputs m, v and the new p. */
const adamApplyProgram = compile(
  (g: Tensor, m: Tensor, v: Tensor, p: Tensor, b1: Tensor, c1: Tensor, b2: Tensor, c2: Tensor, s2: Tensor, eps: Tensor, bc1: Tensor, nlr: Tensor): Tensor[] => {
    const mo = add(mul(m, b1), mul(g, c1));
    const vo = add(mul(v, b2), mul(mul(g, g), c2));
    return [mo, vo, add(p, mul(div(div(mo, add(div(sqrt(vo), s2), eps)), bc1), nlr))];
  },
  { maxSignatures: 64 },
);

/** `adamApplyProgram` with AdamW's decoupled weight decay before the learning rate: p + (−lr)·(u + wd·p). */
const adamDecayApplyProgram = compile(
  (g: Tensor, m: Tensor, v: Tensor, p: Tensor, b1: Tensor, c1: Tensor, b2: Tensor, c2: Tensor, s2: Tensor, eps: Tensor, bc1: Tensor, nlr: Tensor, wd: Tensor): Tensor[] => {
    const mo = add(mul(m, b1), mul(g, c1));
    const vo = add(mul(v, b2), mul(mul(g, g), c2));
    return [mo, vo, add(p, mul(add(div(div(mo, add(div(sqrt(vo), s2), eps)), bc1), mul(p, wd)), nlr))];
  },
  { maxSignatures: 64 },
);

/** The step `fusedAdamMoments` may take: p ← p + (−lr)·(u + wd·p) (wd 0: no decay term, as `addDecayedWeights(0)`). */
export interface AdamApply {
  p: Tensor;
  lr: number;
  /** AdamW's decoupled weight decay (0 for Adam). */
  wd: number;
}

/** A plain value: no transform tracer, no graph node, no gradient wanted (what an optimizer step sees). */
const plain = (t: Tensor): boolean => t._owner === null && t._node === null && !t.requiresGrad && t._data !== null;

/**
 * Whether `fusedAdamMoments` takes these tensors: plain float tensors of one dtype and size (and
 * `p` too, when given).
 */
export function canFuseAdam(g: Tensor, m: Tensor, v: Tensor, p: Tensor | null = null): boolean {
  if (!plain(g) || !plain(m) || !plain(v) || (p !== null && !(p._owner === null && p._node === null && p._data !== null))) return false;
  const n = g._data!.length;
  const same = (t: Tensor): boolean => t._data!.length === n && t.dtype === g.dtype && (g._data instanceof Float32Array ? t._data instanceof Float32Array : t._data instanceof Float64Array);
  return (g._data instanceof Float32Array || g._data instanceof Float64Array) && same(m) && same(v) && (p === null || same(p));
}

/**
 * Adam's moments and update for one parameter in one pass over the arrays:
 *
 *   m = β1·m + (1−β1)·g,   v = β2·v + (1−β2)·g·g,   u = m / (√v / √bc2 + ε) / bc1
 *
 * computed as the same sequence of elementwise operations that `scaleByAdam` spells with ops, each
 * rounded to the dtype (float32: `Math.fround` after every operation, and the scalars rounded to
 * float32 as ops round numbers next to a float32 tensor), so the results are bit-identical; one
 * loop and three output arrays instead of twelve kernels and twelve arrays (float32 from
 * `fusedAdamTuning.compiledFrom` elements: the same operations compiled). With `apply`, the third
 * output is the stepped parameter p + (−lr)·u instead of u (`scaleByLearningRate`'s mul and
 * `applyUpdate`'s add, rounded as those ops round; with a decay, u + wd·p first, as
 * `addDecayedWeights`), in the same pass. Returns null (use the ops)
 * unless `canFuseAdam`.
 */
export function fusedAdamMoments(g: Tensor, m: Tensor, v: Tensor, c: AdamStepConstants, apply: AdamApply | null = null): [Tensor, Tensor, Tensor] | null {
  if (!canFuseAdam(g, m, v, apply?.p ?? null)) return null;
  const gd = g._data!;
  const md = m._data!;
  const vd = v._data!;
  const pd = apply?.p._data ?? null;
  const n = gd.length;
  if (gd instanceof Float32Array && md instanceof Float32Array && vd instanceof Float32Array) {
    const f = Math.fround;
    const [b1, c1, b2, c2, s2, eps, bc1] = [f(c.b1), f(1 - c.b1), f(c.b2), f(1 - c.b2), f(Math.sqrt(c.bc2)), f(c.eps), f(c.bc1)];
    // NOTE: the decay term is skipped exactly where addDecayedWeights skips it (wd 0, before rounding).
    const [nlr, wd, decay] = [f(-(apply?.lr ?? 0)), f(apply?.wd ?? 0), (apply?.wd ?? 0) !== 0];
    if (n >= fusedAdamTuning.compiledFrom) {
      const pf = pd instanceof Float32Array ? pd : null;
      const w = fusedAdamTuning.wasm ? adamStepWasm(gd, md, vd, pf, { b1, c1, b2, c2, s2, eps, bc1, nlr, wd }, decay) : null;
      if (w !== null) return [fromData(w[0], g.shape, "float32"), fromData(w[1], g.shape, "float32"), fromData(w[2], g.shape, "float32")];
      const flat = [n];
      const k = (x: number): Tensor => scalar(x, "float32");
      const [gt, mt, vt] = [fromData(gd, flat, "float32"), fromData(md, flat, "float32"), fromData(vd, flat, "float32")];
      const out = (
        pd === null
          ? adamProgram(gt, mt, vt, k(b1), k(c1), k(b2), k(c2), k(s2), k(eps), k(bc1))
          : !decay
            ? adamApplyProgram(gt, mt, vt, fromData(pd, flat, "float32"), k(b1), k(c1), k(b2), k(c2), k(s2), k(eps), k(bc1), k(nlr))
            : adamDecayApplyProgram(gt, mt, vt, fromData(pd, flat, "float32"), k(b1), k(c1), k(b2), k(c2), k(s2), k(eps), k(bc1), k(nlr), k(wd))
      ) as Tensor[];
      return [fromData(out[0]!._data!, g.shape, "float32"), fromData(out[1]!._data!, g.shape, "float32"), fromData(out[2]!._data!, g.shape, "float32")];
    }
    const mo = new Float32Array(n);
    const vo = new Float32Array(n);
    const uo = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const gi = gd[i]!;
      const mi = f(f(md[i]! * b1) + f(gi * c1));
      const vi = f(f(vd[i]! * b2) + f(f(gi * gi) * c2));
      mo[i] = mi;
      vo[i] = vi;
      const u = f(f(mi / f(f(f(Math.sqrt(vi)) / s2) + eps)) / bc1);
      uo[i] = pd === null ? u : f(pd[i]! + f((decay ? f(u + f(pd[i]! * wd)) : u) * nlr));
    }
    return [fromData(mo, g.shape, "float32"), fromData(vo, g.shape, "float32"), fromData(uo, g.shape, "float32")];
  }
  if (gd instanceof Float64Array && md instanceof Float64Array && vd instanceof Float64Array) {
    const { b1, b2, eps, bc1 } = c;
    const [c1, c2, s2] = [1 - b1, 1 - b2, Math.sqrt(c.bc2)];
    const [nlr, wd] = [-(apply?.lr ?? 0), apply?.wd ?? 0];
    const mo = new Float64Array(n);
    const vo = new Float64Array(n);
    const uo = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const gi = gd[i]!;
      const mi = md[i]! * b1 + gi * c1;
      const vi = vd[i]! * b2 + gi * gi * c2;
      mo[i] = mi;
      vo[i] = vi;
      const u = mi / (Math.sqrt(vi) / s2 + eps) / bc1;
      uo[i] = pd === null ? u : pd[i]! + (wd !== 0 ? u + pd[i]! * wd : u) * nlr;
    }
    return [fromData(mo, g.shape, "float64"), fromData(vo, g.shape, "float64"), fromData(uo, g.shape, "float64")];
  }
  return null;
}
