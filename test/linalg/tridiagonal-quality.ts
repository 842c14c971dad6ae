/** Shared checks of tridiagonal eigensolvers' tests: a seeded uniform sequence and the residual/orthogonality of eigenpairs. */

/** A seeded uniform(−½, ½) sequence (Park–Miller). */
export function uniform(count: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: count }, () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5);
}

/** max |T·z_j − w_j·z_j| and max |ZᵀZ − I| for the tridiagonal (d, e) and its computed eigenpairs. */
export function quality(d: Float64Array, e: Float64Array, w: Float64Array, z: Float64Array, n: number): [number, number] {
  let res = 0;
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const t = d[i]! * z[i * n + j]! + (i > 0 ? e[i - 1]! * z[(i - 1) * n + j]! : 0) + (i < n - 1 ? e[i]! * z[(i + 1) * n + j]! : 0);
      res = Math.max(res, Math.abs(t - w[j]! * z[i * n + j]!));
    }
  let orth = 0;
  for (let a = 0; a < n; a++)
    for (let b = a; b < n; b++) {
      let t = 0;
      for (let i = 0; i < n; i++) t += z[i * n + a]! * z[i * n + b]!;
      orth = Math.max(orth, Math.abs(t - (a === b ? 1 : 0)));
    }
  return [res, orth];
}
