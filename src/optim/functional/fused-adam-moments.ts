import { fromData } from "../../tensor/creation.js";
import type { Tensor } from "../../tensor/tensor.js";

/** Adam's constants for one step: decays, ε and the bias corrections 1 − βᵗ. */
export interface AdamStepConstants {
  b1: number;
  b2: number;
  eps: number;
  bc1: number;
  bc2: number;
}

/** A plain value: no transform tracer, no graph node, no gradient wanted (what an optimizer step sees). */
const plain = (t: Tensor): boolean => t._owner === null && t._node === null && !t.requiresGrad && t._data !== null;

/**
 * Adam's moments and update for one parameter in one pass over the arrays:
 *
 *   m = β1·m + (1−β1)·g,   v = β2·v + (1−β2)·g·g,   u = m / (√v / √bc2 + ε) / bc1
 *
 * computed as the same sequence of elementwise operations that `scaleByAdam` spells with ops, each
 * rounded to the dtype (float32: `Math.fround` after every operation, and the scalars rounded to
 * float32 as ops round numbers next to a float32 tensor), so the results are bit-identical; one
 * loop and three output arrays instead of twelve kernels and twelve arrays. Returns null (use the
 * ops) unless g, m and v are plain float tensors of one dtype and shape.
 */
export function fusedAdamMoments(g: Tensor, m: Tensor, v: Tensor, c: AdamStepConstants): [Tensor, Tensor, Tensor] | null {
  if (!plain(g) || !plain(m) || !plain(v)) return null;
  const gd = g._data!;
  const md = m._data!;
  const vd = v._data!;
  const n = gd.length;
  if (md.length !== n || vd.length !== n || g.dtype !== m.dtype || g.dtype !== v.dtype) return null;
  if (gd instanceof Float32Array && md instanceof Float32Array && vd instanceof Float32Array) {
    const f = Math.fround;
    const [b1, c1, b2, c2, s2, eps, bc1] = [f(c.b1), f(1 - c.b1), f(c.b2), f(1 - c.b2), f(Math.sqrt(c.bc2)), f(c.eps), f(c.bc1)];
    const mo = new Float32Array(n);
    const vo = new Float32Array(n);
    const uo = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const gi = gd[i]!;
      const mi = f(f(md[i]! * b1) + f(gi * c1));
      const vi = f(f(vd[i]! * b2) + f(f(gi * gi) * c2));
      mo[i] = mi;
      vo[i] = vi;
      uo[i] = f(f(mi / f(f(f(Math.sqrt(vi)) / s2) + eps)) / bc1);
    }
    return [fromData(mo, g.shape, "float32"), fromData(vo, g.shape, "float32"), fromData(uo, g.shape, "float32")];
  }
  if (gd instanceof Float64Array && md instanceof Float64Array && vd instanceof Float64Array) {
    const { b1, b2, eps, bc1 } = c;
    const [c1, c2, s2] = [1 - b1, 1 - b2, Math.sqrt(c.bc2)];
    const mo = new Float64Array(n);
    const vo = new Float64Array(n);
    const uo = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const gi = gd[i]!;
      const mi = md[i]! * b1 + gi * c1;
      const vi = vd[i]! * b2 + gi * gi * c2;
      mo[i] = mi;
      vo[i] = vi;
      uo[i] = mi / (Math.sqrt(vi) / s2 + eps) / bc1;
    }
    return [fromData(mo, g.shape, "float64"), fromData(vo, g.shape, "float64"), fromData(uo, g.shape, "float64")];
  }
  return null;
}
