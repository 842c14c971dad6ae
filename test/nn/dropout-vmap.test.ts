// Dropout inside vmap follows vmap's randomness option: one mask per example with "different".
import { describe, expect, it } from "vitest";
import { nn, ones, vmap, type Tensor } from "../../src/index.js";

describe("Dropout under vmap", () => {
  it('draws a different mask for every example with randomness "different"', () => {
    const drop = new nn.Dropout(0.5, { seed: 3 });
    const out = vmap((x: Tensor) => drop.forward(x), { randomness: "different" })(ones([8, 64], { dtype: "float64" }));
    const rows = out.toArray() as number[][];
    const distinct = new Set(rows.map((r) => r.join(",")));
    expect(distinct.size).toBe(8);
    for (const r of rows) for (const v of r) expect([0, 2]).toContain(v);
  });

  it('shares one mask with "same" and raises by default', () => {
    const drop = new nn.Dropout(0.5, { seed: 3 });
    const out = vmap((x: Tensor) => drop.forward(x), { randomness: "same" })(ones([4, 16], { dtype: "float64" }));
    const rows = (out.toArray() as number[][]).map((r) => r.join(","));
    expect(new Set(rows).size).toBe(1);
    expect(() => vmap((x: Tensor) => drop.forward(x))(ones([4, 16]))).toThrow(/Dropout.*randomness/s);
  });
});
