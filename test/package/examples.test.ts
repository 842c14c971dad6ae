import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../helpers/built-package.js";

// Examples are written as users write them (import from "wengert", so they can be copied); in the
// repository, tsconfig "paths" sends "wengert" to src/ for tsc and tsx, with no dist/ needed.
const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ts"));

describe("examples", () => {
  it("import the package by name, never the repository's src/", () => {
    expect(examples.length).toBeGreaterThan(0);
    const imports = examples.flatMap((f) =>
      [...readFileSync(join(root, "examples", f), "utf8").matchAll(/^\s*(?:import|export)\b[^;]*?from\s*"([^"]+)"/gm)].map((m) => `${f}: ${m[1]}`),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => /: (\.\.\/|\/)/.test(i))).toEqual([]);
    expect(imports.filter((i) => /: wengert$/.test(i)).length).toBe(examples.length);
  });

  it("under tsx, 'wengert' is src/index.ts, one module instance with src/", () => {
    const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
    const script = 'const w = await import("wengert"); const t = await import("./src/tensor/tensor.ts"); console.log(JSON.stringify([import.meta.resolve("wengert"), w.Tensor === t.Tensor]))';
    const r = spawnSync(process.execPath, [tsx, "--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout.trim())).toEqual([`file://${join(root, "src", "index.ts")}`, true]);
  });
});
