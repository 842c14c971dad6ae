import { broadcastTo, linspace, reshape, type Tensor } from "wengert";

/** Maps the plotted box to SVG pixels (y up). */
export class PlotFrame {
  constructor(
    readonly box: readonly [readonly [number, number], readonly [number, number]],
    readonly width: number,
    readonly height: number,
  ) {}
  px(x: number): number {
    return ((x - this.box[0][0]) / (this.box[0][1] - this.box[0][0])) * this.width;
  }
  py(y: number): number {
    return ((this.box[1][1] - y) / (this.box[1][1] - this.box[1][0])) * this.height;
  }
  /** The point of the box under pixel (u, v). */
  point(u: number, v: number): [number, number] {
    return [this.box[0][0] + (u / this.width) * (this.box[0][1] - this.box[0][0]), this.box[1][1] - (v / this.height) * (this.box[1][1] - this.box[1][0])];
  }
}

/** f on an n × n grid of the box (row-major, y from the bottom), in one tensor call. */
export function gridValues(f: (x: Tensor, y: Tensor) => Tensor, frame: PlotFrame, n: number): Float64Array {
  const xs = linspace(frame.box[0][0], frame.box[0][1], n, { dtype: "float64" });
  const ys = linspace(frame.box[1][0], frame.box[1][1], n, { dtype: "float64" });
  // NOTE: a row [1, n] of x against a column [n, 1] of y broadcasts to the grid (x varies fastest).
  const z = broadcastTo(f(reshape(xs, [1, n]), reshape(ys, [n, 1])), [n, n]);
  return Float64Array.from(z.data() as ArrayLike<number>);
}

/**
 * Contour lines by marching squares: one SVG path per level, levels evenly spaced in log(f − min + 1)
 * so that valleys and rims both show.
 */
export function contourPaths(values: Float64Array, n: number, frame: PlotFrame, levels: number): { d: string; t: number }[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (!(hi > lo)) return [];
  const g = values.map((v) => Math.log1p(Math.max(0, (Number.isFinite(v) ? v : hi) - lo)));
  const top = Math.log1p(hi - lo);
  const dx = (frame.box[0][1] - frame.box[0][0]) / (n - 1);
  const dy = (frame.box[1][1] - frame.box[1][0]) / (n - 1);
  const X = (i: number) => frame.px(frame.box[0][0] + i * dx);
  const Y = (j: number) => frame.py(frame.box[1][0] + j * dy);
  const out: { d: string; t: number }[] = [];
  for (let k = 1; k <= levels; k++) {
    const level = (top * k) / (levels + 1);
    const parts: string[] = [];
    for (let j = 0; j < n - 1; j++)
      for (let i = 0; i < n - 1; i++) {
        const c = [g[j * n + i]!, g[j * n + i + 1]!, g[(j + 1) * n + i + 1]!, g[(j + 1) * n + i]!];
        const corners: [number, number][] = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
        const cuts: [number, number][] = [];
        for (let e = 0; e < 4; e++) {
          const a = c[e]!;
          const b = c[(e + 1) % 4]!;
          if ((a < level) === (b < level)) continue;
          const s = (level - a) / (b - a);
          const [ia, ja] = corners[e]!;
          const [ib, jb] = corners[(e + 1) % 4]!;
          cuts.push([X(ia + s * (ib - ia)), Y(ja + s * (jb - ja))]);
        }
        for (let q = 0; q + 1 < cuts.length; q += 2) parts.push(`M${cuts[q]![0].toFixed(1)} ${cuts[q]![1].toFixed(1)}L${cuts[q + 1]![0].toFixed(1)} ${cuts[q + 1]![1].toFixed(1)}`);
      }
    out.push({ d: parts.join(""), t: k / (levels + 1) });
  }
  return out;
}
