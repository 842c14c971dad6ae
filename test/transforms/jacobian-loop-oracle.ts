// The Jacobians as they were before vmap: one JVP per input element (columns) and one pullback per
// output element (rows), stacked with concat. Test-only oracle for the vmap-based jacfwd/jacrev.
import { allocArray } from "../../src/core/dtype.js";
import { concat } from "../../src/primitives/movement/concat.js";
import { reshape } from "../../src/primitives/movement/reshape.js";
import { fromData, zerosLike } from "../../src/tensor/creation.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { jvpFlat } from "../../src/transforms/jvp.js";
import { pullbackFlat, recordFlat } from "../../src/transforms/vjp.js";

/** A one-hot tensor: `like`'s shape and dtype, 1 at flat position `k`. */
function basis(like: Tensor, k: number): Tensor {
  const d = allocArray(like.dtype, like.size);
  d[k] = 1;
  return fromData(d, like.shape, like.dtype);
}

/** Blocks J[o][i] of shape [...out_o, ...in_i] of `f` (flat inputs to a flat list of outputs) by a loop of JVPs. */
export function loopJacfwd(f: (xs: Tensor[]) => Tensor[], xs: readonly Tensor[]): Tensor[][] {
  const columns: Tensor[][][] = [];
  let outs: Tensor[] = [];
  xs.forEach((x, j) => {
    const cols: Tensor[][] = [];
    for (let k = 0; k < x.size; k++) {
      const ts = xs.map((y, jj) => (jj === j ? basis(y, k) : null));
      const [, o, ot] = jvpFlat(f, xs, ts, "jacfwd");
      outs = o;
      cols.push(ot);
    }
    columns.push(cols);
  });
  if (columns.every((c) => c.length === 0)) outs = jvpFlat(f, xs, xs.map(() => null), "jacfwd")[1];
  return outs.map((o, oi) =>
    xs.map((x, j) => {
      const cols = columns[j]!.map((c) => reshape(c[oi]!, [...o.shape, 1]));
      const stacked = cols.length > 0 ? concat(cols, o.shape.length) : fromData(allocArray(o.dtype, 0), [...o.shape, 0], o.dtype);
      return reshape(stacked, [...o.shape, ...x.shape]);
    }),
  );
}

/** Blocks J[o][i] of shape [...out_o, ...in_i] of `f` by recording once and a loop of pullbacks. */
export function loopJacrev(f: (xs: Tensor[]) => Tensor[], xs: readonly Tensor[]): Tensor[][] {
  const rec = recordFlat(f, xs, "jacrev");
  return rec.outPrimals.map((o, oi) => {
    const rows: Tensor[][] = xs.map(() => []);
    for (let k = 0; k < o.size; k++) {
      const cts = rec.outPrimals.map((oo, ii) => (ii === oi ? basis(oo, k) : zerosLike(oo)));
      pullbackFlat(rec, cts, xs).forEach((g, j) => rows[j]!.push(reshape(g, [1, ...g.shape])));
    }
    return xs.map((x, j) => {
      const r = rows[j]!;
      const stacked = r.length > 0 ? concat(r, 0) : fromData(allocArray(o.dtype, 0), [0, ...x.shape], o.dtype);
      return reshape(stacked, [...o.shape, ...x.shape]);
    });
  });
}
