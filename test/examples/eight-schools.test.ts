// examples/eight-schools.ts in its --quick configuration (seeded): the centred parameterisation has
// more divergent transitions than the non-centred one, and the non-centred posterior mean of μ is
// the reference value (≈ 4.4, posteriordb's eight_schools_noncentered) within 5 MCSE plus 0.15 for
// the reference's own rounding and error.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

interface Run {
  divergences: number;
  muMean: number;
  muMcse: number;
  tauMean: number;
}

describe("examples/eight-schools.ts", () => {
  let result: Record<"centered" | "noncentered", Run>;
  let stdout: string;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), "wengert-example-"));
    const json = join(dir, "result.json");
    const run = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "examples/eight-schools.ts"), "--quick", "--json", json, "--img", dir], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    stdout = run.stdout;
    result = JSON.parse(readFileSync(json, "utf8")) as typeof result;
    expect(readFileSync(join(dir, "eight-schools-centered.svg"), "utf8")).toContain("<svg");
  }, 300_000);

  it("the centred model diverges more than the non-centred one", () => {
    expect(result.centered.divergences).toBeGreaterThan(0);
    expect(result.centered.divergences).toBeGreaterThan(result.noncentered.divergences);
    expect(stdout).toMatch(/divergences: centred \d+, non-centred \d+/);
  });

  it("the non-centred posterior mean of μ is ≈ 4.4", () => {
    const { muMean, muMcse } = result.noncentered;
    expect(Math.abs(muMean - 4.4)).toBeLessThanOrEqual(5 * muMcse + 0.15);
  });
});
