/** Braille dots by (row 0–3, column 0–1) within one character cell (Unicode braille patterns). */
const dotBits = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

/**
 * A Unicode spy plot of a sparsity pattern: one braille dot per entry, at most `maxWidth` characters
 * (2 columns each) by `maxHeight` lines (4 rows each); larger matrices are downsampled, a dot then
 * meaning "some nonzero in this block".
 */
export function spyPlot(shape: readonly [number, number], rows: ArrayLike<number>, cols: ArrayLike<number>, maxWidth = 60, maxHeight = 30): string {
  const [m, n] = shape;
  const dotsX = Math.max(1, Math.min(n, 2 * maxWidth));
  const dotsY = Math.max(1, Math.min(m, 4 * maxHeight));
  const width = Math.ceil(dotsX / 2);
  const height = Math.ceil(dotsY / 4);
  const cells = new Uint8Array(width * height);
  for (let k = 0; k < rows.length; k++) {
    const y = Math.floor((rows[k]! * dotsY) / m);
    const x = Math.floor((cols[k]! * dotsX) / n);
    cells[(y >> 2) * width + (x >> 1)]! |= dotBits[y & 3]![x & 1]!;
  }
  const scaled = dotsX < n || dotsY < m ? ` (downsampled to ${dotsY}×${dotsX} dots)` : "";
  const density = m * n === 0 ? 0 : (100 * rows.length) / (m * n);
  const lines = [`${m}×${n} sparsity pattern, ${rows.length} nonzeros (${density.toPrecision(3)}%)${scaled}`, `┌${"─".repeat(width)}┐`];
  for (let r = 0; r < height; r++) {
    let line = "│";
    for (let c = 0; c < width; c++) line += String.fromCharCode(0x2800 + cells[r * width + c]!);
    lines.push(line + "│");
  }
  lines.push(`└${"─".repeat(width)}┘`);
  return lines.join("\n");
}

/** A plain SVG of a pattern: one square per nonzero in a `n`×`m` view box, scaled to at most `size` pixels. */
export function spySVG(shape: readonly [number, number], rows: ArrayLike<number>, cols: ArrayLike<number>, size = 400): string {
  const [m, n] = shape;
  const scale = size / Math.max(m, n, 1);
  const w = Math.max(1, Math.round(n * scale));
  const h = Math.max(1, Math.round(m * scale));
  const rects: string[] = [];
  for (let k = 0; k < rows.length; k++) rects.push(`<rect x="${cols[k]}" y="${rows[k]}" width="1" height="1"/>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${Math.max(n, 1)} ${Math.max(m, 1)}" shape-rendering="crispEdges">`,
    `<title>${m}×${n} sparsity pattern, ${rows.length} nonzeros</title>`,
    `<rect x="0" y="0" width="${Math.max(n, 1)}" height="${Math.max(m, 1)}" fill="white" stroke="#999" stroke-width="${(1 / scale).toPrecision(3)}"/>`,
    `<g fill="#1f4e79">`,
    ...rects,
    `</g>`,
    `</svg>`,
  ].join("\n");
}
