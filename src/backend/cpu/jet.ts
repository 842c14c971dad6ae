// Truncated multivariate Taylor polynomials ("jets") in float64: the arithmetic that differentiates
// the series and continued fractions of the incomplete gamma and beta functions in their parameters,
// to any order, by running the same recurrences on jets instead of numbers.

/**
 * The space of jets in `dims.length` variables truncated to the box `dims` (variable v up to power
 * dims[v] − 1). Coefficients are Taylor coefficients, row-major: c[(i, j, …)] = ∂^{i+j+…}f/(i! j! …).
 * NOTE: box truncation (not total degree) keeps every product exact inside the box, and the
 * coefficient the caller wants is always the box's last one.
 */
export class JetSpace {
  /** The number of coefficients. */
  readonly size: number;
  /** The highest total degree in the box. */
  readonly order: number;
  private readonly strides: number[];
  // (out, p, q) triples of the Cauchy product, grouped by out in increasing order.
  private readonly triples: Int32Array;

  /** A space truncated to powers < dims[v] in variable v. */
  constructor(readonly dims: readonly number[]) {
    this.size = dims.reduce((a, b) => a * b, 1);
    this.order = dims.reduce((a, b) => a + b - 1, 0);
    this.strides = dims.map((_, v) => dims.slice(v + 1).reduce((a, b) => a * b, 1));
    const t: number[] = [];
    for (let out = 0; out < this.size; out++) {
      const o = this.decode(out);
      for (let p = 0; p < this.size; p++) {
        const pi = this.decode(p);
        if (pi.every((x, v) => x <= o[v]!)) t.push(out, p, this.encode(o.map((x, v) => x - pi[v]!)));
      }
    }
    this.triples = Int32Array.from(t);
  }

  /** The constant jet v. */
  constant(v: number): Float64Array {
    const c = new Float64Array(this.size);
    c[0] = v;
    return c;
  }

  /** The jet of variable `index` at value v. */
  variable(v: number, index: number): Float64Array {
    const c = this.constant(v);
    if (this.dims[index]! > 1) c[this.strides[index]!] = 1;
    return c;
  }

  /** x + y. */
  add(x: Float64Array, y: Float64Array): Float64Array {
    const c = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) c[i] = x[i]! + y[i]!;
    return c;
  }

  /** x − y. */
  sub(x: Float64Array, y: Float64Array): Float64Array {
    const c = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) c[i] = x[i]! - y[i]!;
    return c;
  }

  /** s·x + t (numbers s, t). */
  affine(x: Float64Array, s: number, t = 0): Float64Array {
    const c = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) c[i] = s * x[i]!;
    c[0]! += t;
    return c;
  }

  /** x·y (Cauchy product). */
  mul(x: Float64Array, y: Float64Array): Float64Array {
    const c = new Float64Array(this.size);
    const t = this.triples;
    for (let k = 0; k < t.length; k += 3) c[t[k]!]! += x[t[k + 1]!]! * y[t[k + 2]!]!;
    return c;
  }

  /** 1/x, by solving x·r = 1 coefficient by coefficient. */
  recip(x: Float64Array): Float64Array {
    const r = new Float64Array(this.size);
    const t = this.triples;
    const x0 = x[0]!;
    r[0] = 1 / x0;
    let k = 3; // the triple (0, 0, 0) is first
    for (let out = 1; out < this.size; out++) {
      let s = 0;
      for (; k < t.length && t[k] === out; k += 3) if (t[k + 1] !== 0) s += x[t[k + 1]!]! * r[t[k + 2]!]!;
      r[out] = -s / x0;
    }
    return r;
  }

  /** x/y. */
  div(x: Float64Array, y: Float64Array): Float64Array {
    return this.mul(x, this.recip(y));
  }

  /**
   * f(u) for a scalar function f with derivatives `derivs[m]` = f⁽ᵐ⁾(u₀), m = 0 … order:
   * Σₘ f⁽ᵐ⁾(u₀)/m! · (u − u₀)ᵐ, exact because (u − u₀) is nilpotent in the box.
   */
  compose(u: Float64Array, derivs: readonly number[]): Float64Array {
    const n = u.slice();
    n[0] = 0;
    const out = this.constant(derivs[0]!);
    let power = this.constant(1);
    let fact = 1;
    for (let m = 1; m <= this.order; m++) {
      power = this.mul(power, n);
      fact *= m;
      const s = derivs[m]! / fact;
      if (s !== 0) for (let i = 0; i < this.size; i++) out[i]! += s * power[i]!;
    }
    return out;
  }

  /** e^u. */
  exp(u: Float64Array): Float64Array {
    return this.compose(u, new Array<number>(this.order + 1).fill(Math.exp(u[0]!)));
  }

  /** The largest |coefficient|. */
  maxAbs(x: Float64Array): number {
    let m = 0;
    for (let i = 0; i < this.size; i++) m = Math.max(m, Math.abs(x[i]!));
    return m;
  }

  /** The derivative ∂^{dims−1} (every variable to its top power): the last coefficient times the factorials. */
  topDerivative(x: Float64Array): number {
    let f = 1;
    for (const d of this.dims) for (let m = 2; m < d; m++) f *= m;
    return x[this.size - 1]! * f;
  }

  private decode(i: number): number[] {
    return this.strides.map((s, v) => Math.floor(i / s) % this.dims[v]!);
  }

  private encode(idx: readonly number[]): number {
    return idx.reduce((a, x, v) => a + x * this.strides[v]!, 0);
  }
}

const spaces = new Map<string, JetSpace>();

/** The (cached) jet space for `dims`. */
export function jetSpace(dims: readonly number[]): JetSpace {
  const k = dims.join(",");
  let s = spaces.get(k);
  if (s === undefined) spaces.set(k, (s = new JetSpace(dims)));
  return s;
}

/** f⁽ᵐ⁾(x), m = 0 … order, of ln x: ln x, then (−1)^{m−1}(m−1)!/xᵐ. */
export function logDerivatives(x: number, order: number): number[] {
  const d = [Math.log(x)];
  let f = 1;
  for (let m = 1; m <= order; m++) {
    d.push(((m % 2 === 1 ? 1 : -1) * f) / x ** m);
    f *= m;
  }
  return d;
}
