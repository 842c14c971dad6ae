// Steepest descent under four norms on three 2-D functions, drawn on contour plots.
//
// Steepest descent is defined for *any* norm: step along the direction v with
// ‖v‖ = 1 that makes ∇fᵀv most negative. Gradient descent is the ℓ2 case. Here the same optimizer
// (optim.minimize with method "steepest", an Armijo line search, exact gradients from valueAndGrad)
// runs under ℓ2 (gradient descent), ℓ1 (greedy coordinate descent), ℓ∞ (sign descent) and a quadratic
// norm √(vᵀPv) (P = a Hessian: Newton's method on a quadratic), on an ill-conditioned quadratic, the
// same quadratic rotated by 30°, and Rosenbrock's function; L-BFGS, steepest descent under a quadratic
// norm it learns as it goes, is drawn for reference. The line search is the strong-Wolfe one
// (optim.lineSearch.strongWolfe); `lineSearch: "armijo"` gives plain backtracking. On Rosenbrock the
// quadratic norm uses the Hessian at the minimum: a fixed metric only helps near where it was taken,
// which is why Newton and L-BFGS update theirs.
//
// Run: npx tsx examples/steepest-descent-2d.ts   (writes out/steepest-descent-2d-*.svg and .json)
import { mkdirSync, writeFileSync } from "node:fs";
import * as vega from "vega";
import { add, matmul, mul, optim, slice, square, sub, sum, tensor, type Tensor } from "wengert";

type Fn = (x: Tensor) => Tensor;
const f64 = (v: number[] | number[][]) => tensor(v, { dtype: "float64" });
const quadratic = (H: number[][]): Fn => (x) => mul(0.5, sum(mul(x, matmul(f64(H), x))));
const rotate = (deg: number, d: [number, number]): number[][] => {
  const [c, s] = [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
  return [
    [c * c * d[0] + s * s * d[1], c * s * (d[0] - d[1])],
    [c * s * (d[0] - d[1]), s * s * d[0] + c * c * d[1]],
  ];
};
const rosenbrock: Fn = (x) => add(square(sub(1, slice(x, [0], [1]))), mul(100, square(sub(slice(x, [1], [1]), square(slice(x, [0], [1])))))).sum();

interface Problem {
  name: string;
  f: Fn;
  start: [number, number];
  /** The metric of the quadratic norm. */
  P: number[][];
  box: [[number, number], [number, number]];
}
const H = [[2, 0], [0, 30]];
const Hr = rotate(30, [2, 30]);
const problems: Problem[] = [
  { name: "ill-conditioned quadratic x² + 15y²", f: quadratic(H), start: [-4.5, 1.6], P: H, box: [[-5, 5], [-2.5, 2.5]] },
  { name: "the same quadratic rotated by 30°", f: quadratic(Hr), start: [-4.5, 1.6], P: Hr, box: [[-5, 5], [-2.5, 2.5]] },
  { name: "Rosenbrock (1 − x)² + 100(y − x²)²", f: rosenbrock, start: [-1.2, 1], P: [[802, -400], [-400, 200]], box: [[-2, 2], [-1, 3]] },
];
const normsToTry: [string, optim.Norm][] = [
  ["ℓ2 (gradient descent)", optim.norms.l2()],
  ["ℓ1 (coordinate descent)", optim.norms.l1()],
  ["ℓ∞ (sign descent)", optim.norms.linf()],
  ["quadratic P (Newton-like)", optim.norms.l2()], // replaced per problem below
  ["L-BFGS (reference)", optim.norms.l2()],
];

const GRID = 160;
const results: { problem: string; norm: string; iterations: number; evaluations: number; value: number; converged: boolean; path: number[][] }[] = [];
mkdirSync("out", { recursive: true });

for (const pb of problems) {
  const series: { norm: string; i: number; x: number; y: number }[] = [];
  console.log(`\n${pb.name}, from (${pb.start.join(", ")})`);
  console.log("  norm                         iterations  f-evals  final f");
  for (const [label, n] of normsToTry) {
    const norm = label.startsWith("quadratic") ? optim.norms.quadratic(pb.P) : n;
    const path: number[][] = [pb.start];
    const r = optim.minimize(pb.f, f64(pb.start), {
      method: label.startsWith("L-BFGS") ? "lbfgs" : "steepest",
      lineSearch: "strongWolfe",
      norm,
      gradTolerance: 1e-6,
      maxIterations: 5000,
      onStep: ({ x }) => void path.push(x.toArray() as number[]),
    });
    results.push({ problem: pb.name, norm: label, iterations: r.iterations, evaluations: r.evaluations, value: r.value, converged: r.converged, path });
    console.log(`  ${label.padEnd(28)} ${String(r.iterations).padStart(10)} ${String(r.evaluations).padStart(8)}  ${r.value.toExponential(2)}${r.converged ? "" : "  (not converged)"}`);
    path.slice(0, 400).forEach(([x, y], i) => series.push({ norm: label, i, x: x!, y: y! }));
  }
  // f on a grid of cell centres, top row first (pixel order), on a log scale for even contour spacing
  const [[x0, x1], [y0, y1]] = pb.box;
  const values: number[] = [];
  for (let r = 0; r < GRID; r++)
    for (let c = 0; c < GRID; c++) {
      const x = x0 + ((c + 0.5) * (x1 - x0)) / GRID;
      const y = y1 - ((r + 0.5) * (y1 - y0)) / GRID;
      values.push(Math.log10(pb.f(f64([x, y])).item() + 1e-3));
    }
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const thresholds = Array.from({ length: 16 }, (_, k) => lo + ((k + 0.5) * (hi - lo)) / 16);
  const width = 460;
  const height = Math.round((width * (y1 - y0)) / (x1 - x0)); // equal aspect: the geometry is the point
  const spec: vega.Spec = {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    width,
    height,
    padding: 8,
    title: { text: pb.name, subtitle: "steepest descent under four norms (strong-Wolfe line search), first 400 iterates" },
    data: [
      { name: "grid", values: [{ width: GRID, height: GRID, values, scale: [width / GRID, height / GRID] }] },
      { name: "contours", source: "grid", transform: [{ type: "isocontour", thresholds }] },
      { name: "paths", values: series },
    ],
    scales: [
      { name: "x", type: "linear", domain: [x0, x1], range: "width", zero: false, nice: false },
      { name: "y", type: "linear", domain: [y0, y1], range: "height", zero: false, nice: false },
      { name: "level", type: "linear", domain: [lo, hi], range: ["#f7fbff", "#6baed6"] },
      { name: "color", type: "ordinal", domain: normsToTry.map(([l]) => l), range: ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#666666"] },
    ],
    axes: [
      { orient: "bottom", scale: "x", title: "x" },
      { orient: "left", scale: "y", title: "y" },
    ],
    legends: [{ stroke: "color", title: "norm", orient: "right", direction: "vertical", symbolType: "stroke", labelLimit: 300 }],
    marks: [
      {
        type: "shape",
        from: { data: "contours" },
        clip: true,
        encode: { update: { fill: { scale: "level", field: "contour.value" }, stroke: { value: "#9ecae1" }, strokeWidth: { value: 0.5 } } },
        transform: [{ type: "geoshape", field: "datum.contour" }],
      },
      {
        type: "group",
        from: { facet: { name: "one", data: "paths", groupby: "norm" } },
        encode: { update: { width: { signal: "width" }, height: { signal: "height" }, clip: { value: true } } },
        marks: [
          {
            type: "line",
            from: { data: "one" },
            sort: { field: "datum.i" },
            encode: { update: { x: { scale: "x", field: "x" }, y: { scale: "y", field: "y" }, stroke: { scale: "color", field: "norm" }, strokeWidth: { value: 1.6 } } },
          },
          {
            type: "symbol",
            from: { data: "one" },
            encode: { update: { x: { scale: "x", field: "x" }, y: { scale: "y", field: "y" }, fill: { scale: "color", field: "norm" }, size: { value: 9 } } },
          },
        ],
      },
      {
        type: "symbol",
        from: { data: "paths" },
        encode: { update: { x: { scale: "x", value: pb.start[0] }, y: { scale: "y", value: pb.start[1] }, shape: { value: "circle" }, size: { value: 60 }, stroke: { value: "black" }, fill: { value: "white" } } },
      },
    ],
  };
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const file = `out/steepest-descent-2d-${problems.indexOf(pb) + 1}.svg`;
  writeFileSync(file, svg);
  console.log(`  → ${file}`);
}
writeFileSync("out/steepest-descent-2d.json", JSON.stringify(results));
console.log("\nTrajectories: out/steepest-descent-2d.json");
