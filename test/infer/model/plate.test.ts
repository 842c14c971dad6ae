import { describe, expect, it } from "vitest";
import { distributions as D, gather, infer, ShapeError, tensor, type Tensor } from "../../../src/index.js";

const { trace, seed } = infer.handlers;
const f64 = { dtype: "float64" } as const;

describe("plate", () => {
  it("expands a scalar distribution along the plate, passing arange(size) as the indices", () => {
    let seen: number[] = [];
    const tr = trace(seed(() => infer.plate("N", 4, (idx) => {
      seen = idx.toArray() as number[];
      return infer.sample("x", new D.Normal(0, 1));
    }), 0)).getTrace();
    expect(seen).toEqual([0, 1, 2, 3]);
    const x = tr.get("x")!;
    expect(x.value.shape).toEqual([4]);
    expect(x.fn!.batchShape).toEqual([4]);
    expect(x.plates).toEqual([{ name: "N", dim: -1, size: 4, subsampleSize: 4 }]);
    expect(x.logProb.shape).toEqual([4]);
  });

  it("nested plates take axes from the right: the outer -1, the inner -2 (NumPyro)", () => {
    const tr = trace(seed(() => infer.plate("a", 3, () => infer.plate("b", 2, () => {
      infer.sample("z", new D.Normal(0, 1));
      infer.deterministic("d", tensor(1));
    })), 0)).getTrace();
    const z = tr.get("z")!;
    expect(z.value.shape).toEqual([2, 3]);
    expect(z.plates.map((p) => [p.name, p.dim])).toEqual([["b", -2], ["a", -1]]);
    expect(tr.get("d")!.plates.map((p) => p.name)).toEqual(["b", "a"]);
    // A distribution with the outer plate's batch shape broadcasts with the inner plate.
    const tr2 = trace(seed(() => infer.plate("a", 3, () => infer.plate("b", 2, () => {
      infer.sample("w", new D.Normal(tensor([0, 1, 2], f64), 1));
    })), 0)).getTrace();
    expect(tr2.get("w")!.value.shape).toEqual([2, 3]);
    // dim may be chosen.
    const tr3 = trace(seed(() => infer.plate("a", 3, () => infer.sample("u", new D.Normal(0, 1)), { dim: -2 }), 0)).getTrace();
    expect(tr3.get("u")!.value.shape).toEqual([3, 1]);
  });

  it("subsampling draws distinct indices and scales the log density by size / subsampleSize", () => {
    const y = tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], f64);
    let idx: Tensor | null = null;
    const model = (): void => {
      infer.plate("data", 10, (i) => {
        idx = i;
        infer.sample("y", new D.Normal(0, 1), { obs: gather(y, i) });
      }, { subsampleSize: 4 });
    };
    const tr = trace(seed(model, 1)).getTrace();
    const picked = idx!.toArray() as number[];
    expect(picked).toHaveLength(4);
    expect(new Set(picked).size).toBe(4);
    expect(tr.get("y")!.scale).toBe(2.5);
    const lp = (x: number): number => -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);
    expect(tr.logProbSum().item()).toBeCloseTo(2.5 * picked.reduce((s, i) => s + lp(i), 0), 10);
    expect(tr.get("data")!.type).toBe("plate");
    // The same seed picks the same subsample; replay reuses the recorded indices.
    trace(seed(model, 1)).getTrace();
    expect(idx!.toArray()).toEqual(picked);
    trace(infer.handlers.replay(seed(model, 2), tr)).getTrace();
    expect(idx!.toArray()).toEqual(picked);
  });

  it("a distribution whose batch shape does not fit the plate is a ShapeError naming the site and plate", () => {
    const bad = (): void => {
      infer.plate("N", 4, () => infer.sample("x", new D.Normal(tensor([0, 1, 2], f64), 1)));
    };
    expect(() => trace(bad).getTrace()).toThrow(ShapeError);
    expect(() => trace(bad).getTrace()).toThrow(/site "x".*plate "N"/);
  });
});
