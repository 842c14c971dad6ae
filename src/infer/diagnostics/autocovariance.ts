/**
 * The autocovariance of one chain at every lag, γ(t) = (1/N)·Σ_{i<N−t} (x_i − x̄)(x_{i+t} − x̄),
 * by FFT in O(N log N).
 * NOTE: the biased estimate (denominator N at every lag) that Geyer (1992) recommends and Stan's
 * `autocovariance` returns; zero padding to a power of two ≥ 2N makes the circular sums linear.
 */
export function autocovariance(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let size = 1;
  while (size < 2 * n) size *= 2;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let i = 0; i < n; i++) re[i] = x[i]! - mean;
  fft(re, im);
  for (let k = 0; k < size; k++) {
    re[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    im[k] = 0;
  }
  // |F|² is real and even, so its inverse transform is its forward transform divided by the size.
  fft(re, im);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = re[t]! / size / n;
  return out;
}

const twiddles = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos and sin of −2πk/n for k < n/2, computed once per size. */
function twiddleTable(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = twiddles.get(n);
  if (!t) {
    t = { cos: new Float64Array(n / 2), sin: new Float64Array(n / 2) };
    for (let k = 0; k < n / 2; k++) {
      t.cos[k] = Math.cos((-2 * Math.PI * k) / n);
      t.sin[k] = Math.sin((-2 * Math.PI * k) / n);
    }
    twiddles.set(n, t);
  }
  return t;
}

/** In-place radix-2 FFT (decimation in time) of the complex sequence (re, im), whose length is a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  const { cos, sin } = twiddleTable(n);
  for (let len = 2; len <= n; len *= 2) {
    const half = len / 2;
    const step = n / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const cr = cos[k * step]!;
        const ci = sin[k * step]!;
        const a = start + k;
        const b = a + half;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}
