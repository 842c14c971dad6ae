import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ArgumentError, infer } from "../../../src/index.js";

// Worker threads import the model's module by URL. Vitest's in-process transform does not reach a
// worker, so the check runs in a child process under tsx (whose loader the workers register).
const script = fileURLToPath(new URL("./fixtures/parallel-check.ts", import.meta.url));

describe("infer.nuts / infer.hmc with chainMethod: \"parallel\" (worker threads)", () => {
  it("gives the sequential chains' draws and statistics bit for bit, forwards progress, and names errors", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 300_000 });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as {
      nutsSame: boolean; statsSame: boolean; hmcSame: boolean; stepSizes: number[][]; progressLast: unknown[]; errors: string[];
    };
    expect(out.nutsSame).toBe(true);
    expect(out.statsSame).toBe(true);
    expect(out.hmcSame).toBe(true);
    expect(out.stepSizes[1]).toEqual(out.stepSizes[0]);
    expect(out.progressLast).toEqual([[0, 250, "sampling"], [1, 250, "sampling"], [2, 250, "sampling"]]);
    expect(out.errors[0]).toMatch(/^ArgumentError: infer\.nuts: model\.export must be the name of a function exported by file:.*parallel-model\.ts, got the string "notAModel"$/);
    expect(out.errors[1]).toMatch(/^ArgumentError: infer\.nuts: model\.module must be an importable module \(importing it failed: /);
    expect(out.errors[2]).toMatch(/^ArgumentError: infer\.nuts: model must be a model as \{ module, export \} for options\.chainMethod "parallel"/);
    expect(out.errors[3]).toMatch(/^ArgumentError: infer\.nuts: options\.chainMethod must be "sequential" or "parallel" \("vectorized" is not supported/);
  }, 300_000);

  it("a { module, export } model without chainMethod \"parallel\" is an error naming the option", () => {
    const ref = { module: "file:///m.js", export: "model" };
    expect(() => infer.nuts(ref as never)).toThrow(ArgumentError);
    expect(() => infer.nuts(ref as never)).toThrow(/infer\.nuts: model must be a model function or a Potential \(a model given as \{ module, export \} is for options\.chainMethod "parallel"\)/);
    expect(() => infer.hmc(ref as never, { workers: 0 } as never)).toThrow(/infer\.hmc: model must be a model function or a Potential/);
  });
});
