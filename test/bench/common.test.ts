import { describe, expect, it } from "vitest";
import { setRatios, timedTable, type Row } from "../../bench/cases/common.js";
import { stats } from "../../bench/harness.js";

const row = (library: string, role: Row["role"], median: number, threads?: number): Row => ({
  group: "g",
  library,
  variant: "",
  role,
  status: "ok",
  ...(threads === undefined ? {} : { threads }),
  stats: { ...stats([median]), median },
  median,
});

describe("bench statistics and tables", () => {
  it("stats reports the mean beside the median (a pause moves the mean only)", () => {
    const s = stats([1, 1, 1, 1, 11]);
    expect(s.median).toBe(1);
    expect(s.mean).toBe(3);
  });

  it("compares a 2-thread peer with wengert on 2 threads and a 1-thread peer with wengert on 1", () => {
    const rows = [row("wengert", "wengert", 10, 1), row("wengert", "wengert", 6, 2), row("torch", "peer", 5, 1), row("torch", "peer", 3, 2)];
    setRatios(rows, rows[0]);
    expect(rows[2]!.ratio).toBe(2);
    expect(rows[3]!.ratio).toBe(2);
  });

  it("gives no ratio to a peer on a thread count that wengert has no row for (never 1 thread against 4)", () => {
    const rows = [row("wengert", "wengert", 10), row("tfjs-wasm", "peer", 4, 4), row("jax-js", "peer", 5)];
    setRatios(rows, rows[0]);
    expect(rows[1]!.ratio).toBeUndefined();
    expect(rows[2]!.ratio).toBe(2);
  });

  it("every timed row names its thread count and its mean", () => {
    const r = row("wengert", "wengert", 2, 2);
    r.mean = 3;
    const t = timedTable("N", { name: "ms", of: (x) => x }, [r, row("jax-js", "peer", 4)]);
    const col = (name: string): number => t.columns.indexOf(name);
    expect(col("threads")).toBeGreaterThan(0);
    expect(t.rows.map((x) => x[col("threads")])).toEqual(["2", "1"]);
    expect(t.rows[0]![col("ms (mean)")]).toBe("3.00");
  });
});
