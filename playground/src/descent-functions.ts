import { add, mul, parseExpression, square, sub, type Tensor } from "wengert";

/** A 2-D test function: elementwise in its two arguments, so one call evaluates a whole grid. */
export interface TestFunction {
  readonly f: (x: Tensor, y: Tensor) => Tensor;
  /** The plotted box [[xmin, xmax], [ymin, ymax]]. */
  readonly box: readonly [readonly [number, number], readonly [number, number]];
  /** The metric of the quadratic norm: the Hessian at the minimum. */
  readonly metric: readonly (readonly number[])[];
  /** Where a run starts until the plot is clicked. */
  readonly start: readonly [number, number];
}

/**
 * H = R diag(1, κ) Rᵀ, R the rotation by `degrees`: the quadratic ½ wᵀHw has condition number κ
 * and its long axis turned by the angle.
 */
export function rotatedHessian(kappa: number, degrees: number): number[][] {
  const t = (degrees * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  return [
    [c * c + kappa * s * s, c * s * (1 - kappa)],
    [c * s * (1 - kappa), s * s + kappa * c * c],
  ];
}

/** ½ wᵀHw, the quadratic with Hessian H and its minimum at 0. */
export function quadratic(H: readonly (readonly number[])[]): TestFunction {
  const [[a, b], [, d]] = H as [[number, number], [number, number]];
  // ½(a x² + 2b xy + d y²)
  const f = (x: Tensor, y: Tensor) => add(add(mul(0.5 * a, square(x)), mul(b, mul(x, y))), mul(0.5 * d, square(y)));
  return { f, box: [[-5, 5], [-5, 5]], metric: H, start: [-4, 2] };
}

/** Rosenbrock's (1 − x)² + 100(y − x²)², minimum at (1, 1). */
export const rosenbrock: TestFunction = {
  f: (x, y) => add(square(sub(1, x)), mul(100, square(sub(y, square(x))))),
  box: [[-2, 2], [-1, 3]],
  metric: [[802, -400], [-400, 200]],
  start: [-1.2, 1],
};

/** A function of x and y written as text (the Trace page's parser); throws the parser's error. */
export function customFunction(source: string): TestFunction {
  const parsed = parseExpression(source);
  const unknown = parsed.variables.filter((v) => v !== "x" && v !== "y");
  if (unknown.length > 0) throw new Error(`the function may use x and y only, got ${unknown.join(", ")}`);
  const at = (x: Tensor, y: Tensor) => parsed.variables.map((v) => (v === "x" ? x : y));
  return { f: (x, y) => parsed.fn(...at(x, y)), box: [[-3, 3], [-3, 3]], metric: [[1, 0], [0, 1]], start: [-2, 2] };
}
