/**
 * Threefry-2x32 with 20 rounds (Salmon, Moraes, Dror, Shaw 2011, "Parallel random numbers: as easy as
 * 1, 2, 3", SC'11; the Random123 library): a keyed bijection of 64-bit counters, the generator
 * behind JAX's `jax.random`. Known answers: Random123's `tests/kat_vectors` (see test/random).
 */

/** Rotates a 32-bit word left by `r` bits. */
function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/**
 * Encrypts the counter (c0, c1) under the key (k0, k1) and writes the two output words, as unsigned
 * 32-bit numbers, to `out[at]` and `out[at + 1]`.
 */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number, out: Uint32Array, at = 0): void {
  const ks0 = k0 | 0;
  const ks1 = k1 | 0;
  const ks2 = 0x1bd11bda ^ ks0 ^ ks1;
  let x0 = (c0 + ks0) | 0;
  let x1 = (c1 + ks1) | 0;
  // Rounds 1–4 (rotations 13, 15, 26, 6), then the first key injection.
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 13) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 15) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 26) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 6) ^ x0;
  x0 = (x0 + ks1) | 0; x1 = (x1 + ks2 + 1) | 0;
  // Rounds 5–8 (17, 29, 16, 24).
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 17) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 29) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 16) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 24) ^ x0;
  x0 = (x0 + ks2) | 0; x1 = (x1 + ks0 + 2) | 0;
  // Rounds 9–12.
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 13) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 15) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 26) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 6) ^ x0;
  x0 = (x0 + ks0) | 0; x1 = (x1 + ks1 + 3) | 0;
  // Rounds 13–16.
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 17) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 29) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 16) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 24) ^ x0;
  x0 = (x0 + ks1) | 0; x1 = (x1 + ks2 + 4) | 0;
  // Rounds 17–20.
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 13) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 15) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 26) ^ x0;
  x0 = (x0 + x1) | 0; x1 = rotl(x1, 6) ^ x0;
  x0 = (x0 + ks2) | 0; x1 = (x1 + ks0 + 5) | 0;
  out[at] = x0;
  out[at + 1] = x1;
}
