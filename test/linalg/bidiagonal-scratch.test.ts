// The dense SVD's scratch pool (dense/bidiagonal-scratch.ts): repeated SVDs reuse the pooled
// buffers (no growth from call to call), buffers handed out dirty never leak into a result, and the
// pool keeps its bound.
import { describe, expect, it } from "vitest";
import { pooledScratchBytes, releaseScratch, takeScratch } from "../../src/linalg/dense/bidiagonal-scratch.js";
import { golubKahanSvd } from "../../src/linalg/primitives/svd-golub-kahan.js";

/** A deterministic m×n test matrix with entries in (−0.5, 0.5). */
function matrix(m: number, n: number, seed: number): Float64Array {
  let x = seed;
  return Float64Array.from({ length: m * n }, () => (x = (x * 16807) % 2147483647) / 2147483647 - 0.5);
}

/** Empties the pool (its buffers left to the GC). */
function drain(): void {
  while (pooledScratchBytes() > 0) takeScratch(1);
}

/** Fills the pool with NaN-filled buffers of the given element counts. */
function poisonPool(lengths: number[]): void {
  const bufs = lengths.map((len) => takeScratch(len).fill(NaN));
  for (const b of bufs) releaseScratch(b);
}

describe("dense SVD scratch pool", () => {
  it("gives a released buffer out again, the best fitting one", () => {
    const big = takeScratch(3000);
    const small = takeScratch(1000);
    releaseScratch(big);
    releaseScratch(small);
    const again = takeScratch(900);
    expect(again.buffer).toBe(small.buffer);
    expect(again.length).toBe(900);
    releaseScratch(again);
    releaseScratch(again); // a second release of the same buffer is ignored
    expect(takeScratch(900).buffer).toBe(small.buffer);
    expect(takeScratch(900).buffer).toBe(big.buffer);
  });

  it("keeps at most 16 MiB", () => {
    const bufs = Array.from({ length: 10 }, () => takeScratch(256 * 1024)); // 2 MiB each
    for (const b of bufs) releaseScratch(b);
    expect(pooledScratchBytes()).toBe(16 * 1024 * 1024);
  });

  it("a repeated 256×256 and 300×256 SVD takes its buffers from the pool, and dirty buffers do not change the result", () => {
    for (const [m, n] of [
      [256, 256],
      [300, 256],
    ] as const) {
      const a = matrix(m, n, 7 + m);
      drain();
      const first = golubKahanSvd(a, m, n)!;
      golubKahanSvd(a, m, n); // the first call's later releases come too late for its own takes
      const held = pooledScratchBytes();
      expect(held).toBeGreaterThan(8 * 8 * n * n);
      const second = golubKahanSvd(a, m, n)!;
      expect(pooledScratchBytes()).toBe(held); // steady state: nothing new allocated for the pool, nothing lost
      // Every pooled buffer NaN-filled: any entry read before being written would poison the result.
      drain();
      poisonPool([m * n + 4 * n * 40, n * n + 10 * n, n * n, n * n, n * n, n * n, (n / 2) * n, (n / 2) * n]);
      const third = golubKahanSvd(a, m, n)!;
      for (const [x, y, z] of [0, 1, 2].map((i) => [first[i]!, second[i]!, third[i]!])) {
        expect(Array.from(y!)).toEqual(Array.from(x!));
        expect(Array.from(z!)).toEqual(Array.from(x!));
      }
    }
  });
});
