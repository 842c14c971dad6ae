// Inputs over the whole float32 / float64 range and ulp distances, for the ulp-bound tests of the
// vectorised transcendental functions (the wasm backend's kernels and compile's generated ones).

/** Seeded uniform integers in [0, n). */
function integers(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => Math.floor(((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * n);
}

/** Every float32 sign and exponent (0–254) with 2,048 mantissas each, then the special values. */
export function float32Sweep(): Float32Array {
  const next = integers(2026);
  const bits: number[] = [];
  for (let sign = 0; sign < 2; sign++)
    for (let e = 0; e < 255; e++)
      for (let k = 0; k < 2048; k++) {
        const m = k < 1024 ? Math.floor((k * 0x7fffff) / 1023) : next(0x800000);
        bits.push(((sign << 31) | (e << 23) | m) >>> 0);
      }
  const out = new Float32Array(new Uint32Array(bits).buffer);
  return Float32Array.from([...out, NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 88.72283, 88.72284, -103.97208, -87.33655]);
}

/** Both signs of m·2^e for every float64 exponent e from 2⁻¹⁰⁷⁴ up to 2^maxExp, 256 mantissas each, and the special values. */
export function float64Sweep(maxExp: number): Float64Array {
  const next = integers(1729);
  const out: number[] = [];
  for (let e = -1074; e <= maxExp; e++)
    for (let k = 0; k < 256; k++) {
      const x = (1 + (k < 128 ? k / 128 : next(2 ** 30) / 2 ** 30)) * 2 ** e;
      out.push(x, -x);
    }
  return Float64Array.from([...out, NaN, Infinity, -Infinity, 0, -0, 5e-324, 709.782712893384, 709.782712893385, -745.1332191019411, -745.13321910194122]);
}

/** Distance in units in the last place (between adjacent representable values, across zero): ∞ when exactly one is NaN. */
export function ulps32(a: Float32Array, b: Float32Array): Float64Array {
  const ia = new Int32Array(a.buffer, a.byteOffset, a.length);
  const ib = new Int32Array(b.buffer, b.byteOffset, b.length);
  const ord = (i: number): number => (i < 0 ? -(i & 0x7fffffff) : i);
  return Float64Array.from(a, (x, k) => (Number.isNaN(x) || Number.isNaN(b[k]!) ? (Number.isNaN(x) === Number.isNaN(b[k]!) ? 0 : Infinity) : Math.abs(ord(ia[k]!) - ord(ib[k]!))));
}

/** Distance in float64 units in the last place (as `ulps32`). */
export function ulps64(a: Float64Array, b: Float64Array): Float64Array {
  const ia = new BigInt64Array(a.buffer, a.byteOffset, a.length);
  const ib = new BigInt64Array(b.buffer, b.byteOffset, b.length);
  const mask = 0x7fffffffffffffffn;
  const ord = (i: bigint): bigint => (i < 0n ? -(i & mask) : i);
  return Float64Array.from(a, (x, k) => {
    if (Number.isNaN(x) || Number.isNaN(b[k]!)) return Number.isNaN(x) === Number.isNaN(b[k]!) ? 0 : Infinity;
    const d = ord(ia[k]!) - ord(ib[k]!);
    return Number(d < 0n ? -d : d);
  });
}

/** The index of the largest ulp distance and how many distances are nonzero. */
export function ulpStats(d: Float64Array): { worst: number; unequal: number } {
  let worst = 0;
  let unequal = 0;
  for (let k = 0; k < d.length; k++) {
    if (d[k]! > d[worst]!) worst = k;
    if (d[k]! > 0) unequal++;
  }
  return { worst, unequal };
}
