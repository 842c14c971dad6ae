// A backend whose matmul is counted (calls and multiply-adds), for tests that check where a
// decomposition's work runs: through the backend's matmul, or the wasm gemm in place.
import type { Backend } from "../../src/backend/backend.js";

/** What a `countingMatmul` backend has seen so far. */
export interface MatmulCount {
  calls: number;
  macs: number;
}

/** `base` with a matmul that adds each call and its multiply-adds to the returned `count`. */
export function countingMatmul(base: Backend): { backend: Backend; count: MatmulCount } {
  const count: MatmulCount = { calls: 0, macs: 0 };
  const backend: Backend = {
    ...base,
    matmul(x, xs, y, ys, out, ta, tb) {
      count.calls++;
      count.macs += out[out.length - 2]! * out[out.length - 1]! * (ta ? xs[xs.length - 2]! : xs[xs.length - 1]!);
      return base.matmul(x, xs, y, ys, out, ta, tb);
    },
  };
  return { backend, count };
}
