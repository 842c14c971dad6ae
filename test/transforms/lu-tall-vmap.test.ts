// Tall LU (m > n) under vmap: the lu primitive factors m×n matrices itself (getrf's n steps), so
// the pivots come from a primitive instead of being read from values at the call, and vmap
// batches lu and luFactor of tall matrices like a loop of unbatched calls (and compile traces them).
import { describe, expect, it } from "vitest";
import { compile, grad, jvp, reshape, split, stack, sum, tensor, vmap, type Tensor } from "../../src/index.js";
import { luFactor } from "../../src/linalg/lu-factor.js";
import { lu } from "../../src/linalg/primitives/lu.js";
import { expectNear, gaussian } from "../linalg/helpers.js";

const unstack = (x: Tensor): Tensor[] => split(x, x.shape[0]!, 0).map((t) => reshape(t, x.shape.slice(1)));
const loop = (f: (x: Tensor) => Tensor, x: Tensor): Tensor => stack(unstack(x).map(f));

describe("vmap of tall LU", () => {
  it("lu of [3, 5, 3] and [2, 7, 2]: P, L, U as a loop of unbatched calls, P·L·U = A", () => {
    for (const shape of [[3, 5, 3], [2, 7, 2]]) {
      const A = gaussian(shape, 41);
      for (const k of ["P", "L", "U"] as const) expectNear(vmap((a: Tensor) => lu(a)[k])(A), loop((a) => lu(a)[k], A), 0, k);
      const { P, L, U } = vmap((a: Tensor) => lu(a))(A);
      expectNear(P.matmul(L).matmul(U), A, 1e-13);
    }
  });
  it("luFactor of tall matrices: LU and pivots as a loop", () => {
    const A = gaussian([3, 6, 4], 42);
    const got = vmap((a: Tensor) => luFactor(a).pivots)(A);
    expect(got.dtype).toBe("int32");
    expect(got.toArray()).toEqual(loop((a) => luFactor(a).pivots, A).toArray());
    expectNear(vmap((a: Tensor) => luFactor(a).LU)(A), loop((a) => luFactor(a).LU, A), 0);
  });
  it("pivots of a tall matrix are getrf's: the largest |entry| of each whole column", () => {
    // column 0: the largest entry is in row 3 (below the square top block); column 1 after the update: row 4 (−6 + 2.25)
    const A = tensor([[1, 2], [0.5, 1], [2, 1], [-4, 3], [3, -6]], { dtype: "float64" });
    expect(luFactor(A).pivots.toArray()).toEqual([4, 5]);
    const { P, L, U } = lu(A);
    expectNear(P.matmul(L).matmul(U), A, 1e-15);
    expect(L.shape).toEqual([5, 2]);
    expect(U.shape).toEqual([2, 2]);
    // compile traces it too (no values read at the call)
    const f = compile((a: Tensor) => luFactor(a).LU);
    expectNear(f(A), luFactor(A).LU, 0);
  });
  it("gradients and jvps of tall lu under vmap equal the loop's", () => {
    const A = gaussian([2, 5, 3], 43);
    const T = gaussian([2, 5, 3], 44);
    const f = (a: Tensor): Tensor => {
      const { L, U } = lu(a);
      return sum(L.mul(L)).add(sum(U.mul(3)));
    };
    expectNear(vmap(grad(f))(A), loop(grad(f), A), 1e-12);
    const tangent = (a: Tensor, t: Tensor): Tensor => jvp(f, [a], [t])[1];
    expectNear(vmap(tangent)(A, T), stack(unstack(A).map((a, i) => tangent(a, unstack(T)[i]!))), 1e-12);
  });
});
