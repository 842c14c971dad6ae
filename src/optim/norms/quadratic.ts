import { argumentError } from "../../core/validate.js";
import { ArgumentError } from "../../core/errors.js";
/**
 * A quadratic norm ‖w‖_P = √(wᵀPw) for a symmetric positive definite P (the tree read as one vector,
 * in `flattenTree` order). Dual √(gᵀP⁻¹g); dualize(g) = P⁻¹g/‖g‖_*; sharp(g) = P⁻¹g: steepest descent
 * under the Hessian's norm is Newton's method, under the Fisher's it is the natural gradient.
 * P⁻¹ is formed once, through the SVD of P.
 */
import { allocArray } from "../../core/dtype.js";
import { fromData } from "../../tensor/creation.js";
import { Tensor } from "../../tensor/tensor.js";
import { flattenTree, unflattenTree, zerosLikeTree, type ParamTree } from "../tree.js";
import type { Norm } from "./norm.js";
import { denseSVD } from "./matrix.js";

function quadForm(a: Float64Array, n: number, x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) r += a[i * n + j]! * x[j]!;
    s += x[i]! * r;
  }
  return s;
}

/**
 * The norm √(wᵀPw).
 *
 * @example
 * norms.quadratic([[2, 0], [0, 8]]).sharp!(tensor([3, -4])); // P⁻¹g = [1.5, -0.5]
 */
export function quadratic(P: Tensor | readonly (readonly number[])[]): Norm {
  if (P instanceof Tensor ? P.ndim !== 2 : !Array.isArray(P)) throw argumentError("quadratic", "P", "a square matrix (a rank-2 tensor or an array of rows)", P);
  const rows = P instanceof Tensor ? (P.toArray() as number[][]) : P;
  const n = rows.length;
  if (n === 0 || rows.some((r) => !Array.isArray(r) || r.length !== n || r.some((v) => typeof v !== "number"))) throw new ArgumentError("norms.quadratic: P must be a non-empty square matrix");
  const p = new Float64Array(n * n);
  rows.forEach((r, i) => r.forEach((v, j) => (p[i * n + j] = v)));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if (Math.abs(p[i * n + j]! - p[j * n + i]!) > 1e-12 * (Math.abs(p[i * n + j]!) + Math.abs(p[j * n + i]!)))
        throw new ArgumentError(`norms.quadratic: P must be symmetric (P[${i}][${j}] ≠ P[${j}][${i}])`);
  const d = denseSVD(p, n, n);
  const pinv = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    let dot = 0;
    for (let i = 0; i < n; i++) dot += d.u[i * n + r]! * d.v[i * n + r]!;
    if (!(d.s[r]! > n * 2 ** -52 * d.s[0]!) || dot < 0) throw new ArgumentError("norms.quadratic: P must be positive definite");
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pinv[i * n + j] += (d.v[i * n + r]! * d.u[j * n + r]!) / d.s[r]!;
  }
  const vector = (t: ParamTree): [Float64Array, Tensor[], ReturnType<typeof flattenTree>[1]] => {
    const [leaves, def] = flattenTree(t, "norms.quadratic");
    const x = new Float64Array(n);
    let k = 0;
    for (const l of leaves) {
      const data = l.data();
      if (k + data.length > n) break;
      x.set(data, k);
      k += data.length;
    }
    const total = leaves.reduce((s, l) => s + l.size, 0);
    if (total !== n) throw new ArgumentError(`norms.quadratic: P is ${n}×${n} but the tree has ${total} elements`);
    return [x, leaves, def];
  };
  const solve = (x: Float64Array): Float64Array => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i] += pinv[i * n + j]! * x[j]!;
    return y;
  };
  const direction = <T extends ParamTree>(g: T, unit: boolean): T => {
    const [x, leaves, def] = vector(g);
    const y = solve(x);
    const dual = Math.sqrt(Math.max(0, quadForm(pinv, n, x)));
    if (dual === 0) return zerosLikeTree(g);
    const scale = unit ? 1 / dual : 1;
    let k = 0;
    const out = leaves.map((l) => {
      const o = allocArray(l.dtype, l.size);
      for (let i = 0; i < l.size; i++) o[i] = y[k++]! * scale;
      return fromData(o, l.shape, l.dtype);
    });
    return unflattenTree<T>(def, out);
  };
  return {
    name: `quadratic(${n}×${n})`,
    norm: (w) => Math.sqrt(Math.max(0, quadForm(p, n, vector(w)[0]))),
    dual: (g) => Math.sqrt(Math.max(0, quadForm(pinv, n, vector(g)[0]))),
    dualize: (g) => direction(g, true),
    sharp: (g) => direction(g, false),
  };
}
