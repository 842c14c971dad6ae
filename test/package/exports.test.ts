import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../helpers/built-package.js";

// `npm test` builds dist/ before running the suite; the package imports itself by name through
// package.json "exports", exactly as a user's `import("wengert")` does from a built checkout.
describe("the built package", () => {
  beforeAll(ensureBuilt, 300_000);

  it("imports as 'wengert' and differentiates", async () => {
    // A variable specifier: type-checking must not need dist/ (it runs before the build).
    const specifier = "wengert";
    const wg = (await import(specifier)) as typeof import("../../src/index.js");
    const g = wg.grad((x: InstanceType<typeof wg.Tensor>) => wg.mul(x, wg.sin(x)))(2);
    expect(g.item()).toBeCloseTo(Math.sin(2) + 2 * Math.cos(2), 14);
    expect(typeof wg.tensor([1]).add).toBe("function");
  });
});
