// vmap of lu, luFactor and luSolve: the pivots come from primitives (lu's pivots output, the
// pivotPermutation kernel), not from reading values at the call, so each batches like a loop of
// unbatched calls.
import { describe, expect, it } from "vitest";
import { reshape, split, stack, tensor, vmap, type Tensor } from "../../src/index.js";
import { luFactor, luSolve } from "../../src/linalg/lu-factor.js";
import { lu } from "../../src/linalg/primitives/lu.js";
import { expectNear, gaussian } from "./helpers.js";

const unstack = (x: Tensor): Tensor[] => split(x, x.shape[0]!, 0).map((t) => reshape(t, x.shape.slice(1)));
const loop = (f: (...xs: Tensor[]) => Tensor, ...xs: Tensor[]): Tensor => stack(unstack(xs[0]!).map((_, i) => f(...xs.map((x) => unstack(x)[i]!))));

describe("vmap of the LU family", () => {
  it("luFactor (square and wide): LU and pivots as a loop of unbatched calls", () => {
    for (const shape of [[3, 4, 4], [2, 3, 5]]) {
      const A = gaussian(shape, 7);
      const got = vmap((a: Tensor) => luFactor(a).pivots)(A);
      expect(got.dtype).toBe("int32");
      expect(got.toArray()).toEqual(loop((a) => luFactor(a).pivots, A).toArray());
      expectNear(vmap((a: Tensor) => luFactor(a).LU)(A), loop((a) => luFactor(a).LU, A), 0);
    }
  });
  it("lu (wide) as a loop", () => {
    const A = gaussian([2, 3, 5], 8);
    for (const k of ["P", "L", "U"] as const) expectNear(vmap((a: Tensor) => lu(a)[k])(A), loop((a) => lu(a)[k], A), 0, k);
  });
  it("luSolve with batched LU, pivots and b, and with shared pivots", () => {
    const A = gaussian([3, 4, 4], 9);
    const B = gaussian([3, 4, 2], 10);
    const { LU, pivots } = luFactor(A);
    const solve = (l: Tensor, p: Tensor, b: Tensor): Tensor => luSolve(l, p, b);
    expectNear(vmap(solve)(LU, pivots, B), loop(solve, LU, pivots, B), 1e-14);
    const f = luFactor(unstack(A)[0]!);
    expectNear(vmap((b: Tensor) => luSolve(f.LU, f.pivots, b))(B), loop((b) => luSolve(f.LU, f.pivots, b), B), 1e-14);
  });
  it("pivots out of range raise inside vmap too, naming luSolve", () => {
    const { LU, pivots } = luFactor(gaussian([2, 3, 3], 11));
    const bad = pivots.mul(0).add(5).cast("int32");
    expect(() => vmap((l: Tensor, p: Tensor) => luSolve(l, p, tensor([1, 2, 3], { dtype: "float64" })))(LU, bad)).toThrow(/luSolve: pivots\[…, 0\] must be in \[1, 3\].*got 5/);
  });
});
