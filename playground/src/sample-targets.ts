import { add, exp, logaddexp, mul, neg, reshape, slice, square, sub, tensor, valueAndGrad, type Tensor } from "wengert";
import type { infer as inference } from "wengert";

type Potential = inference.Potential;

/** A 2-D posterior: its log density elementwise in (x, y) (one call draws a whole grid), a plotted box, its exact means. */
export interface Target {
  readonly name: string;
  readonly logDensity: (x: Tensor, y: Tensor) => Tensor;
  readonly box: readonly [readonly [number, number], readonly [number, number]];
  /** E[x], E[y] in closed form. */
  readonly means: readonly [number, number];
  /** Axis names. */
  readonly axes: readonly [string, string];
}

const normalLog = (z: Tensor, mu: number | Tensor, sigma: number) => mul(-0.5 / (sigma * sigma), square(sub(z, mu)));

/** x ~ N(0, 2²), y | x ~ N(x²/4 − 1, 0.7²): a curved ridge. E[y] = E[x²]/4 − 1 = 0. */
export const banana: Target = {
  name: "banana",
  logDensity: (x, y) => add(normalLog(x, 0, 2), normalLog(y, sub(mul(0.25, square(x)), 1), 0.7)),
  box: [[-7, 7], [-2.5, 9]],
  means: [0, 0],
  axes: ["x", "y"],
};

/**
 * Neal's funnel in two dimensions: v ~ N(0, 3²), x | v ~ N(0, e^v): log p = −v²/18 − x²/(2e^v) − v/2.
 * Its neck (v ≪ 0) is too narrow for one step size, which is where NUTS diverges.
 */
export const funnel: Target = {
  name: "funnel",
  logDensity: (x, v) => sub(add(normalLog(v, 0, 3), mul(-0.5, mul(square(x), exp(neg(v))))), mul(0.5, v)),
  box: [[-12, 12], [-9, 8]],
  means: [0, 0],
  axes: ["x", "v"],
};

/** ½N((−1.5, −0.5), 0.7²I) + ½N((1.5, 0.5), 0.7²I): two modes. E = (0, 0). */
export const mixture: Target = {
  name: "mixture",
  logDensity: (x, y) => logaddexp(add(normalLog(x, -1.5, 0.7), normalLog(y, -0.5, 0.7)), add(normalLog(x, 1.5, 0.7), normalLog(y, 0.5, 0.7))),
  box: [[-4.5, 4.5], [-3.5, 3.5]],
  means: [0, 0],
  axes: ["x", "y"],
};

/** The targets by name. */
export const TARGETS: Readonly<Record<string, Target>> = { banana, funnel, mixture };

/** A target as the samplers' `Potential`: its log density and gradient by `valueAndGrad`. */
export function potential(target: Target): Potential {
  const f = (q: Tensor) => target.logDensity(reshape(slice(q, [0], [1]), []), reshape(slice(q, [1], [1]), []));
  const vg = valueAndGrad(f);
  return {
    dim: 2,
    logDensityAndGrad(q: Float64Array, grad: Float64Array): number {
      const [value, g] = vg(tensor(q, { dtype: "float64" }));
      grad.set(g.data() as Float64Array);
      return value.item();
    },
  };
}
