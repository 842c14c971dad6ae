import { digamma as digammaScalar } from "../backend/cpu/special-functions.js";
import { add, broadcastTo, mul, sub } from "../ops/index.js";
import { gamma } from "../random/gamma.js";
import type { PRNGKey } from "../random/key.js";
import { tensor } from "../tensor/creation.js";
import type { Tensor } from "../tensor/tensor.js";
import { customJvp } from "../transforms/custom-jvp.js";

const MAX_TERMS = 100000;

/** NR's continued fraction h(a, x) with Q(a, x) = e^{−x} x^a h / Γ(a), by Lentz's method; for x ≥ a + 1. */
function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/**
 * ∂x/∂a for x ~ Gamma(a, 1) held at a fixed quantile: −(∂P/∂a)/(∂P/∂x), P the regularised lower
 * incomplete gamma (implicit reparameterisation, Figurnov et al. 2018). Computed in float64 without
 * forming P or the density (both underflow for extreme a, x): for x < a + 1 from the series
 * P = x^a e^{−x}/Γ(a+1)·Σ cₙ, cₙ = Πₖ₌₁ⁿ x/(a+k), differentiated term by term; otherwise from the
 * continued fraction for Q = 1 − P, whose a-derivative is a Richardson-extrapolated central difference.
 * NOTE: accuracy: relative error about 1e-12 (series) and 1e-9 (continued fraction), tested against
 * finite differences of the inverse CDF.
 */
export function gammaSampleDerivative(a: number, x: number): number {
  if (!(x > 0) || !(a > 0) || !Number.isFinite(x)) return 0;
  if (x < a + 1) {
    let c = 1;
    let s = 1;
    let hsum = 0;
    let ds = 0;
    for (let n = 1; n < MAX_TERMS; n++) {
      c *= x / (a + n);
      hsum -= 1 / (a + n);
      s += c;
      ds += c * hsum;
      if (c < 1e-17 * s) break;
    }
    const dlogP = Math.log(x) - digammaScalar(a + 1) + ds / s;
    return -((x * s) / a) * dlogP;
  }
  const h = gammaContinuedFraction(a, x);
  const logh = (b: number): number => Math.log(gammaContinuedFraction(b, x));
  const step = 1e-3 * Math.max(1, a) * Math.min(1, a);
  const d1 = (logh(a + step) - logh(a - step)) / (2 * step);
  const d2 = (logh(a + step / 2) - logh(a - step / 2)) / step;
  const dlogh = (4 * d2 - d1) / 3;
  const dlogQ = Math.log(x) - digammaScalar(a) + dlogh;
  return x * h * dlogQ;
}

/** φ(a, x) = ∂x/∂a elementwise for concrete values (tracers are read through their primals), as a tensor like `x`. */
function phiValues(a: Tensor, x: Tensor, da = 0, dx = 0): Tensor {
  const av = a._concrete("gamma's implicit reparameterisation").data();
  const xv = x._concrete("gamma's implicit reparameterisation").data();
  const out = new Float64Array(xv.length);
  for (let i = 0; i < out.length; i++) out[i] = gammaSampleDerivative(av[i]! * (1 + da), xv[i]! * (1 + dx));
  return tensor(out, { shape: x.shape, dtype: x.dtype });
}

/** Relative step of the central differences of φ. */
const STEP = 1e-4;

/**
 * φ(a, x) with a forward rule from central differences of φ (relative step 1e-4), so second
 * derivatives of samples in a are right to about 1e-6 relative.
 * NOTE: the rule's partials of φ are constants: third and higher derivatives in a omit their change.
 */
const phi = customJvp(
  (a: Tensor, x: Tensor): Tensor => phiValues(a, x),
  ([a, x], [ta, tx]) => {
    const av = a!._concrete().data();
    const xv = x!._concrete().data();
    const dPda = sub(phiValues(a!, x!, STEP), phiValues(a!, x!, -STEP)).data();
    const dPdx = sub(phiValues(a!, x!, 0, STEP), phiValues(a!, x!, 0, -STEP)).data();
    const ga = new Float64Array(av.length);
    const gx = new Float64Array(av.length);
    for (let i = 0; i < ga.length; i++) {
      ga[i] = dPda[i]! / (2 * STEP * av[i]!);
      gx[i] = xv[i]! > 0 ? dPdx[i]! / (2 * STEP * xv[i]!) : 0;
    }
    const like = { shape: x!.shape, dtype: x!.dtype };
    return [phiValues(a!, x!), add(mul(tensor(ga, like), ta!), mul(tensor(gx, like), tx!))];
  },
);

/**
 * Gamma(α, 1) samples of `shape` (which ends with α's shape), differentiable in α by implicit
 * reparameterisation: the forward rule is ẋ = (∂x/∂α)·α̇ (see `gammaSampleDerivative`).
 * NOTE: the factor ∂x/∂α is computed numerically (see `gammaSampleDerivative`); second derivatives
 * use central differences of it, third and higher derivatives are approximate (see `phi`).
 */
export function standardGamma(key: PRNGKey, alpha: Tensor, shape: readonly number[]): Tensor {
  const dtype = alpha.dtype === "float64" ? "float64" : "float32";
  const draw = (a: Tensor): Tensor => gamma(key, a, a.shape, { dtype });
  // NOTE: the rule calls the sampler itself, so x stays a function of α at outer levels (second derivatives).
  const sampler: (a: Tensor) => Tensor = customJvp(draw, ([a], [ta]) => {
    const x = sampler(a!);
    return [x, mul(ta!, phi(a!, x))];
  });
  return sampler(broadcastTo(alpha, shape));
}

