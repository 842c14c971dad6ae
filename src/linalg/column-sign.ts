/**
 * The sign of the entry of largest magnitude (the first one on ties) in column `col` of a
 * row-major rows×cols matrix: eigh and svd flip each vector so that this entry is positive.
 * NOTE: any sign convention is discontinuous somewhere; this one only where two entries of a vector
 * tie in magnitude, which keeps the returned vectors locally smooth functions of the input.
 */
export function columnSign(x: Float64Array, rows: number, cols: number, col: number): 1 | -1 {
  let best = 0;
  let value = 0;
  for (let r = 0; r < rows; r++) {
    const v = x[r * cols + col]!;
    if (Math.abs(v) > best) {
      best = Math.abs(v);
      value = v;
    }
  }
  return value < 0 ? -1 : 1;
}
