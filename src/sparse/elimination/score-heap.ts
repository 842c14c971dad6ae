/**
 * A min-heap of vertices keyed by (primary, secondary score, vertex id), with lazy updates: pushing
 * a vertex again supersedes its older entries, which `pop` skips.
 */
export class ScoreHeap {
  private readonly keys: number[][] = [];
  private readonly stamp: Int32Array;

  constructor(size: number) {
    this.stamp = new Int32Array(size);
  }

  /** Adds or re-scores vertex `v`. */
  push(v: number, primary: number, secondary: number): void {
    const s = ++this.stamp[v]!;
    const h = this.keys;
    h.push([primary, secondary, v, s]);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  /** Removes vertex `v` for good (its entries become stale). */
  remove(v: number): void {
    this.stamp[v]!++;
  }

  /** The vertex with the smallest current key, or −1 when none is left. */
  pop(): number {
    const h = this.keys;
    while (h.length > 0) {
      const top = h[0]!;
      const last = h.pop()!;
      if (h.length > 0) {
        h[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < h.length && less(h[l]!, h[m]!)) m = l;
          if (r < h.length && less(h[r]!, h[m]!)) m = r;
          if (m === i) break;
          [h[i], h[m]] = [h[m]!, h[i]!];
          i = m;
        }
      }
      if (top[3] === this.stamp[top[2]!]) {
        this.stamp[top[2]!]!++;
        return top[2]!;
      }
    }
    return -1;
  }
}

function less(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! !== b[0]! ? a[0]! < b[0]! : a[1]! !== b[1]! ? a[1]! < b[1]! : a[2]! < b[2]!;
}
